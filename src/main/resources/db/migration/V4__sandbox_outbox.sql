-- The sandbox outbox: every email the app sent while in sandbox mode, for developers to read,
-- kept per organization so that nobody reads another organization's mail.
create table sandbox_email (
    id              uuid primary key,
    organization_id uuid        not null references organization (id),
    recipient  text        not null,
    subject    text        not null,
    body       text        not null,
    sent_at    timestamptz not null
);
create index sandbox_email_organization_idx on sandbox_email (organization_id, sent_at desc);
