-- The sandbox carrier's own books: the numbers it has sold. A released number leaves the books and is
-- for sale again. A real carrier keeps these on its side.
create table sandbox_carrier_number (
    number       text primary key,
    carrier_id   text        not null unique,
    purchased_at timestamptz not null
);

-- Teams: the staff who may send from one phone number and see its conversations.
create table team (
    id              uuid primary key,
    organization_id uuid        not null references organization (id),
    name            text        not null check (length(name) between 1 and 80),
    created_at      timestamptz not null
);
create index team_organization_idx on team (organization_id);

create table team_member (
    team_id         uuid        not null references team (id) on delete cascade,
    user_id         uuid        not null references staff_user (id),
    organization_id uuid        not null references organization (id),
    added_at        timestamptz not null,
    primary key (team_id, user_id)
);
create index team_member_user_idx on team_member (organization_id, user_id);

-- Each phone number is tied to exactly one team. PROVISIONING holds the number (and a place under the
-- plan's limit) while the carrier sells it; a released number keeps its team and history.
create table phone_number (
    id              uuid primary key,
    organization_id uuid        not null references organization (id),
    team_id         uuid        not null unique references team (id) on delete cascade,
    number          text        not null,
    status          text        not null check (status in ('PROVISIONING', 'ACTIVE', 'PORTING', 'RELEASED')),
    carrier         text        not null,
    carrier_id      text,
    acquired_at     timestamptz not null,
    released_at     timestamptz
);
-- A number is on BloomText at most once, whichever organization holds it.
create unique index phone_number_held_key on phone_number (number) where status <> 'RELEASED';
create index phone_number_organization_idx on phone_number (organization_id, status);

-- Requests to port an existing number in, worked by support. Account number and PIN are the losing
-- carrier's, needed for the port; they are not shown once the request is completed or refused.
create table port_in_request (
    id              uuid primary key,
    organization_id uuid        not null references organization (id),
    number          text        not null,
    current_carrier text        not null,
    account_number  text,
    pin             text,
    authorized_name text        not null,
    service_address text        not null,
    signature       text        not null,
    status          text        not null check (status in ('SUBMITTED', 'ELIGIBLE', 'NOT_PORTABLE', 'COMPLETED')),
    status_reason   text,
    requested_by    uuid        not null references staff_user (id),
    phone_number_id uuid references phone_number (id),
    submitted_at    timestamptz not null,
    updated_at      timestamptz not null
);
create index port_in_request_organization_idx on port_in_request (organization_id, submitted_at desc);
create unique index port_in_request_open_key on port_in_request (number) where status in ('SUBMITTED', 'ELIGIBLE');

-- Platform operators who work port-in requests. They see no customer PHI.
create table support_operator (
    id            uuid primary key,
    email         text        not null unique check (email = lower(email)),
    display_name  text        not null,
    password_hash text        not null,
    created_at    timestamptz not null
);
