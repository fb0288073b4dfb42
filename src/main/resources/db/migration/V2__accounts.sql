-- Organizations (the tenants), their staff users and invitations.
create table organization (
    id          uuid primary key,
    name        text        not null check (length(name) between 1 and 120),
    time_zone   text        not null,
    street      text        not null default '',
    city        text        not null default '',
    state       text        not null default '',
    postal_code text        not null default '',
    created_at  timestamptz not null
);

create table staff_user (
    id              uuid primary key,
    organization_id uuid        not null references organization (id),
    email           text        not null check (email = lower(email)),
    display_name    text        not null check (length(display_name) between 1 and 120),
    password_hash   text        not null,
    role            text        not null check (role in ('ADMIN', 'MEMBER')),
    active          boolean     not null default true,
    created_at      timestamptz not null,
    deactivated_at  timestamptz
);
-- An email signs in to exactly one account on the platform.
create unique index staff_user_email_key on staff_user (email);
create index staff_user_organization_idx on staff_user (organization_id, display_name);

create table invitation (
    id              uuid primary key,
    organization_id uuid        not null references organization (id),
    email           text        not null check (email = lower(email)),
    token_hash      bytea       not null unique,
    invited_by      uuid        not null references staff_user (id),
    created_at      timestamptz not null,
    expires_at      timestamptz not null,
    accepted_at     timestamptz,
    accepted_user   uuid references staff_user (id),
    revoked_at      timestamptz
);
-- At most one open invitation per address in an organization.
create unique index invitation_pending_key on invitation (organization_id, email)
    where accepted_at is null and revoked_at is null;

-- Failed sign-ins, counted per account and per address to throttle guessing.
create table sign_in_failure (
    throttle_key text        not null,
    failed_at    timestamptz not null
);
create index sign_in_failure_key_idx on sign_in_failure (throttle_key, failed_at);
