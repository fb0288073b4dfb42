-- An organization's messaging policy. No row: the defaults (an SMS that looks like PHI is a warning).
create table messaging_policy (
    organization_id uuid primary key references organization (id),
    block_phi_sms   boolean     not null,
    updated_at      timestamptz not null
);
