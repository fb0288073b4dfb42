-- A secure link's notification, queued in the transaction that issues the link and handed to the carrier
-- or mail server after commit (an event publication the registry resubmits after a crash). The text (the
-- organization's name and the link) is kept sealed (AES-256-GCM, bloomtext.portal.notification-key) only
-- until it is handed over, then erased: the link's token is otherwise kept as its hash alone.
create table link_notification (
    id              uuid primary key,
    organization_id uuid        not null references organization (id),
    conversation_id uuid        not null references conversation (id),
    link_id         uuid        not null references secure_link (id),
    channel         text        not null check (channel in ('SMS', 'EMAIL')),
    from_number     text,
    to_address      text        not null,
    sealed_text     bytea,
    state           text        not null check (state in ('QUEUED', 'SENT', 'FAILED', 'SUPERSEDED')),
    created_at      timestamptz not null,
    handed_over_at  timestamptz,
    check ((state = 'QUEUED') = (sealed_text is not null)),
    check (channel = 'EMAIL' or from_number is not null)
);
create index link_notification_queued_idx on link_notification (created_at) where state = 'QUEUED';
