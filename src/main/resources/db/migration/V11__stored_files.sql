-- Encrypted files (attachments). The bytes live in the file store (local disk or S3) as AES-256-GCM
-- ciphertext under a key of their own; that data key is kept here wrapped by the master key from
-- configuration. No file name: names are PHI and stay with whatever the file is attached to.
create table stored_file (
    id              uuid primary key,
    organization_id uuid        not null references organization (id),
    content_type    text        not null,
    size_bytes      bigint      not null check (size_bytes > 0),
    sha256          text        not null,
    wrapped_key     bytea       not null,
    storage_key     text        not null unique,
    created_at      timestamptz not null
);
create index stored_file_organization_idx on stored_file (organization_id, created_at);
