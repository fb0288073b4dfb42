-- The patient directory. Any combination of fields, but at least a phone or an email.
create table patient (
    id              uuid primary key,
    organization_id uuid        not null references organization (id),
    first_name      text,
    last_name       text,
    phone           text check (phone ~ '^\+[1-9][0-9]{6,14}$'),
    email           text check (email = lower(email)),
    date_of_birth   date,
    mrn             text,
    archived_at     timestamptz,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    check (phone is not null or email is not null)
);
-- An MRN names one patient in an organization, archived ones included (they are kept for the record).
create unique index patient_mrn_key on patient (organization_id, mrn) where mrn is not null;
create index patient_phone_idx on patient (organization_id, phone);
create index patient_email_idx on patient (organization_id, email);
create index patient_name_idx on patient (organization_id, lower(last_name), lower(first_name));

-- CSV imports: the upload, its dry-run counts, then the run's progress and result.
create table patient_import (
    id              uuid primary key,
    organization_id uuid        not null references organization (id),
    started_by      uuid        not null references staff_user (id),
    file_name       text        not null,
    status          text        not null check (status in ('PREVIEWED', 'RUNNING', 'CANCELLING', 'COMPLETED',
                                                           'CANCELLED', 'FAILED')),
    total_rows      integer     not null default 0,
    processed_rows  integer     not null default 0,
    created_count   integer     not null default 0,
    updated_count   integer     not null default 0,
    refused_count   integer     not null default 0,
    created_at      timestamptz not null,
    finished_at     timestamptz
);
create index patient_import_organization_idx on patient_import (organization_id, created_at desc);

-- Refused rows: where and why, never the cell's value.
create table patient_import_error (
    import_id   uuid    not null references patient_import (id) on delete cascade,
    row_number  integer not null,
    column_name text    not null,
    reason      text    not null
);
create index patient_import_error_idx on patient_import_error (import_id, row_number);
