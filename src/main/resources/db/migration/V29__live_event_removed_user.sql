-- Who left the team, on a membership change that removed someone (an id, never PHI): a page drawn before its
-- user was removed, whose stream connects only afterwards, is told of the removal (its replay from the page's
-- event shows the notice) instead of being refused without a word.
alter table live_event add column removed_user_id uuid;
