-- Files attached to Secure Chat messages (by staff, or by the patient in the portal). The bytes are in the
-- encrypted file store (stored_file); the original file name is PHI: it is shown to those who may see the
-- conversation and sent as the download's file name, never put in a URL, a log or an audit detail.
create table message_attachment (
    id              uuid primary key,
    organization_id uuid        not null references organization (id),
    conversation_id uuid        not null references conversation (id),
    message_id      uuid        not null references message (id),
    file_id         uuid        not null references stored_file (id),
    file_name       text        not null,
    size_bytes      bigint      not null,
    content_type    text        not null,
    created_at      timestamptz not null
);
create index message_attachment_conversation_idx on message_attachment (organization_id, conversation_id, created_at);
