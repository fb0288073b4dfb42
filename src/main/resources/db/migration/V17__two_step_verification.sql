-- Two-step verification (TOTP, RFC 6238) for staff, and the organization's policy on it.

-- OFF: each user chooses; ADMINS: administrators must use it; EVERYONE: every staff user must.
alter table organization
    add column mfa_policy text not null default 'OFF' check (mfa_policy in ('OFF', 'ADMINS', 'EVERYONE'));

-- One authenticator per user. The secret is encrypted (AES-GCM, the key outside the database).
-- It counts only once confirmed with a first code; last_step keeps a code from being accepted twice.
create table staff_mfa (
    user_id         uuid primary key references staff_user (id),
    organization_id uuid        not null references organization (id),
    secret          bytea       not null,
    confirmed_at    timestamptz,
    last_step       bigint,
    created_at      timestamptz not null
);

-- Ten single-use recovery codes per user, stored as SHA-256 hashes (the codes are 80 random bits).
create table staff_recovery_code (
    user_id         uuid        not null references staff_user (id),
    organization_id uuid        not null references organization (id),
    code_hash       bytea       not null,
    used_at         timestamptz,
    primary key (user_id, code_hash)
);
