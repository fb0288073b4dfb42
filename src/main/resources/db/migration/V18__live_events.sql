-- The live-update hub's log: one row per change a staff screen shows, ids and kind only (never PHI).
-- Every node LISTENs on channel bloomtext_live and is told each new row's id; a stream that reconnects
-- replays the rows after its Last-Event-ID. Ids come from the identity sequence and are handed out in
-- commit order (inserts take one advisory lock), so "after id N" never skips a late commit.
-- Rows are pruned after the retention window (bloomtext.messaging.live.retention).
create table live_event (
    id              bigint generated always as identity primary key,
    organization_id uuid        not null references organization (id),
    -- null for a personal conversation (seen by its participants)
    team_id         uuid,
    -- null for a change of a team's membership
    conversation_id uuid,
    kind            text        not null check (kind in ('STARTED', 'MESSAGE_ADDED', 'DELIVERY_CHANGED', 'READ_RECEIPT',
                                                          'UPDATED', 'ACCESS_CHANGED')),
    occurred_at     timestamptz not null default now(),
    check (team_id is not null or conversation_id is not null)
);
create index live_event_replay_idx on live_event (organization_id, id);
create index live_event_occurred_idx on live_event (occurred_at);
