-- Secure Chat and the patient portal.

-- Settings → General: how long a secure link stays usable (days).
alter table organization add column secure_link_days int not null default 7
    check (secure_link_days between 1 and 90);

-- Whether the patient may reply in the portal; staff switch it per conversation.
alter table conversation add column replies_allowed boolean not null default true;

-- The patient acts in the portal: their audit events name them (never a staff user).
alter table audit_event add column actor_patient_id uuid;

-- What staff see of a secure link's notification: how and when it went, never the link.
create table conversation_notice (
    id              uuid primary key,
    organization_id uuid        not null references organization (id),
    conversation_id uuid        not null references conversation (id),
    kind            text        not null check (kind in ('LINK_TEXTED', 'LINK_EMAILED', 'LINK_NOT_SENT')),
    created_at      timestamptz not null
);
create index conversation_notice_idx on conversation_notice (conversation_id, created_at);

-- A secure link: a 256-bit random token, kept only as its SHA-256 (hex). One live link per
-- conversation: issuing a new one voids the old.
create table secure_link (
    id              uuid primary key,
    organization_id uuid        not null references organization (id),
    conversation_id uuid        not null references conversation (id),
    patient_id      uuid        not null references patient (id),
    token_sha256    text        not null unique check (token_sha256 ~ '^[0-9a-f]{64}$'),
    issued_at       timestamptz not null,
    expires_at      timestamptz not null,
    voided_at       timestamptz,
    failed_attempts int         not null default 0,
    locked_at       timestamptz,
    -- the one-time code of a patient without a DOB on file: its hash, until when it works, how many were sent
    code_sha256     text,
    code_expires_at timestamptz,
    codes_sent      int         not null default 0
);
create unique index secure_link_live_key on secure_link (conversation_id) where voided_at is null;

-- A verified portal session: bound to one link (so to one patient and one conversation). The cookie
-- holds a random id; the table holds its SHA-256 only.
create table portal_session (
    id_sha256    text primary key,
    link_id      uuid        not null references secure_link (id),
    created_at   timestamptz not null,
    last_seen_at timestamptz not null
);
create index portal_session_link_idx on portal_session (link_id);

-- Identity failures per client address, across links: the portal's throttle.
create table portal_failure (
    throttle_key text        not null,
    failed_at    timestamptz not null
);
create index portal_failure_idx on portal_failure (throttle_key, failed_at);

-- Read receipts: which Secure Chat message the patient saw, first seen when.
create table read_receipt (
    message_id      uuid primary key references message (id),
    organization_id uuid        not null references organization (id),
    conversation_id uuid        not null references conversation (id),
    patient_id      uuid        not null references patient (id),
    viewed_at       timestamptz not null
);
create index read_receipt_conversation_idx on read_receipt (conversation_id, viewed_at);
