-- Plans and checkout. An organization without a subscription row is on the default (Free) plan.
create table subscription (
    organization_id          uuid primary key references organization (id),
    plan_id                  text        not null,
    provider                 text        not null check (provider in ('sandbox', 'stripe')),
    external_customer_id     text,
    external_subscription_id text unique,
    updated_at               timestamptz not null
);

-- One attempt to pay for a plan, through the sandbox or Stripe. Fulfilment happens once: OPEN -> COMPLETED.
create table checkout_session (
    id              uuid primary key,
    organization_id uuid        not null references organization (id),
    plan_id         text        not null,
    provider        text        not null check (provider in ('sandbox', 'stripe')),
    external_id     text unique,
    status          text        not null check (status in ('OPEN', 'COMPLETED')),
    started_by      uuid        not null references staff_user (id),
    created_at      timestamptz not null,
    completed_at    timestamptz
);
create index checkout_session_organization_idx on checkout_session (organization_id, created_at desc);

-- Webhook events already applied, so that a retried or replayed delivery changes nothing twice.
create table processed_webhook_event (
    provider    text        not null,
    event_id    text        not null,
    received_at timestamptz not null,
    primary key (provider, event_id)
);

-- SMS segments sent, per organization and calendar month (UTC).
create table sms_usage (
    organization_id uuid   not null references organization (id),
    month           date   not null,
    segments        bigint not null default 0 check (segments >= 0),
    primary key (organization_id, month)
);
