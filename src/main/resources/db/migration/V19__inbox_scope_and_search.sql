-- The inbox view each staff user chose last: every conversation they may see (no row, or team_id null)
-- or one phone number's team. A team that goes away takes the choice with it.
create table inbox_scope (
    user_id         uuid        primary key references staff_user (id),
    organization_id uuid        not null references organization (id),
    team_id         uuid references team (id) on delete cascade,
    chosen_at       timestamptz not null
);

-- Inbox search reads "contains" (ILIKE '%...%') over message text and the patient's name, MRN and phone:
-- trigram indexes serve those from three typed characters on. pg_trgm ships with PostgreSQL (contrib) and is
-- a trusted extension: a database owner may create it.
create extension if not exists pg_trgm;
create index message_body_trgm_idx on message using gin (body gin_trgm_ops);
create index patient_search_trgm_idx on patient using gin (
    (coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(mrn, '') || ' ' || coalesce(phone, ''))
    gin_trgm_ops);
