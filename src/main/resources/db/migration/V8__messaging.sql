-- Spring Modulith's event publication registry (its v2 layout): an event a durable listener has not
-- finished with survives a crash and is delivered again on restart. Events carry ids only, never PHI.
create table event_publication (
    id                     uuid                     not null primary key,
    listener_id            text                     not null,
    event_type             text                     not null,
    serialized_event       text                     not null,
    publication_date       timestamp with time zone not null,
    completion_date        timestamp with time zone,
    status                 text,
    completion_attempts    int,
    last_resubmission_date timestamp with time zone
);
create index event_publication_serialized_event_hash_idx on event_publication using hash (serialized_event);
create index event_publication_by_completion_date_idx on event_publication (completion_date);

-- The carrier edge's record of texts that arrived (from a webhook or the sandbox phone), deduplicated by
-- the carrier's message id. Messaging threads them into conversations.
create table inbound_sms (
    id                 uuid primary key,
    carrier            text        not null,
    carrier_message_id text        not null,
    from_number        text        not null,
    to_number          text        not null,
    body               text        not null,
    received_at        timestamptz not null,
    unique (carrier, carrier_message_id)
);

-- The sandbox carrier's texts: what it was asked to send (idempotent by key) and what the sandbox
-- patient phone answered.
create table sandbox_sms (
    id              uuid primary key,
    carrier_id      text        not null unique,
    idempotency_key text unique,
    direction       text        not null check (direction in ('TO_PATIENT', 'FROM_PATIENT')),
    from_number     text        not null,
    to_number       text        not null,
    body            text        not null,
    created_at      timestamptz not null
);
create index sandbox_sms_phone_idx on sandbox_sms (to_number, created_at);

-- Conversations: one patient and the staff who may see it, owned by a team (its number) or personal.
create table conversation (
    id              uuid primary key,
    organization_id uuid        not null references organization (id),
    patient_id      uuid        not null references patient (id),
    team_id         uuid references team (id),
    -- null when the patient wrote first
    created_by      uuid references staff_user (id),
    created_at      timestamptz not null,
    last_message_at timestamptz not null,
    last_mode       text
);
create index conversation_team_idx on conversation (organization_id, team_id, last_message_at desc);
create index conversation_patient_idx on conversation (organization_id, patient_id);

create table conversation_participant (
    conversation_id uuid not null references conversation (id),
    user_id         uuid not null references staff_user (id),
    primary key (conversation_id, user_id)
);

create table message (
    id                 uuid primary key,
    organization_id    uuid        not null references organization (id),
    conversation_id    uuid        not null references conversation (id),
    direction          text        not null check (direction in ('OUTBOUND', 'INBOUND')),
    mode               text        not null check (mode in ('SECURE_CHAT', 'SMS')),
    author_user_id     uuid references staff_user (id),
    body               text        not null,
    segments           int         not null default 0,
    state              text        not null check (state in ('STORED', 'QUEUED', 'SENT', 'DELIVERED', 'UNDELIVERED',
                                                              'FAILED', 'RECEIVED')),
    failure_reason     text,
    from_number        text,
    to_number          text,
    carrier_message_id text unique,
    created_at         timestamptz not null,
    updated_at         timestamptz not null
);
create index message_conversation_idx on message (conversation_id, created_at);

-- Who read a conversation up to when: the inbox's unread marks.
create table conversation_read (
    conversation_id uuid        not null references conversation (id),
    user_id         uuid        not null references staff_user (id),
    read_at         timestamptz not null,
    primary key (conversation_id, user_id)
);

-- STOP and START per (our number, patient phone).
create table sms_consent (
    organization_id uuid        not null references organization (id),
    our_number      text        not null,
    patient_phone   text        not null,
    opted_out       boolean     not null,
    updated_at      timestamptz not null,
    primary key (our_number, patient_phone)
);
