-- The inbox's reads at scale (issue 10, scenario 3: 10,000 conversations in one organization).
--
-- "All conversations" lists an organization's conversations newest first and stops at 200: read in that order
-- from an index, it touches 200 entries instead of sorting every conversation of the organization. The
-- columns the row shows are included, so the list is read from the index alone once the table is vacuumed.
create index conversation_inbox_idx on conversation (organization_id, last_message_at desc)
    include (id, team_id, patient_id, last_mode);

-- One team's view (same order) and the unread counts per team (every conversation the user may see, with its
-- last message time): the team index gains the columns they read, so both are index-only scans too.
create index conversation_team_inbox_idx on conversation (organization_id, team_id, last_message_at desc)
    include (id, patient_id, last_mode);
drop index conversation_team_idx;

-- The unread counts join one user's read marks: this reads them in one range instead of one probe of the
-- primary key (conversation, user) per conversation.
create index conversation_read_user_idx on conversation_read (user_id) include (conversation_id, read_at);
