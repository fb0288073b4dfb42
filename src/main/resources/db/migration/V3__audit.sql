-- The audit log: append-only. Rows are only ever inserted; the trigger refuses updates and deletes,
-- whoever asks.
create table audit_event (
    id              bigint generated always as identity primary key,
    organization_id uuid,
    actor_user_id   uuid,
    action          text        not null,
    target_type     text,
    target_id       text,
    outcome         text        not null check (outcome in ('SUCCESS', 'FAILURE', 'DENIED')),
    detail          text,
    address         text,
    occurred_at     timestamptz not null
);
create index audit_event_organization_idx on audit_event (organization_id, occurred_at);

create function audit_event_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_event is append-only';
end;
$$;

create trigger audit_event_append_only
    before update or delete or truncate on audit_event
    for each statement execute function audit_event_is_append_only();
