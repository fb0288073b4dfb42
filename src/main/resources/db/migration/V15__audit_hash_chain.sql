-- The audit log becomes a hash chain per organization: each event carries the SHA-256 of the event
-- before it in its organization, and its own hash over a canonical encoding of its fields and that
-- previous hash. Changing, removing or inserting a row anywhere breaks the chain from there on.
-- Events without an organization (a rejected webhook, the support console) form one platform chain.
--
-- Events also name the patient they concern (when they concern one), so that admins can filter the
-- log by patient without the log holding anything but ids.

alter table audit_event
    add column patient_id    uuid,
    add column previous_hash bytea,
    add column hash          bytea;

create index audit_event_chain_idx on audit_event (organization_id, id);
create index audit_event_patient_idx on audit_event (organization_id, patient_id) where patient_id is not null;

-- The last event of each chain. Its row lock serializes inserts of one organization, so two
-- concurrent events can never both follow the same predecessor (a fork). Only the trigger writes it.
create table audit_chain_head (
    chain_key     uuid primary key,
    last_event_id bigint,
    last_hash     bytea
);

-- One field of the canonical encoding: "-" for null, else "<length>:<text>" (unambiguous to decode).
create function audit_field(value text) returns text language sql immutable as $$
    select case when value is null then '-' else length(value)::text || ':' || value end
$$;

-- SHA-256 over the previous hash (empty for the first event) and the event's fields in a fixed order.
-- The time is the microseconds since the epoch, independent of the session's time zone.
create function audit_event_digest(previous bytea, id bigint, organization_id uuid, actor_user_id uuid,
                                   patient_id uuid, action text, target_type text, target_id text,
                                   outcome text, detail text, address text, occurred_at timestamptz)
    returns bytea language sql stable as $$
    select sha256(coalesce(previous, ''::bytea) || convert_to(
            audit_field(id::text) || audit_field(organization_id::text) || audit_field(actor_user_id::text)
            || audit_field(patient_id::text) || audit_field(action) || audit_field(target_type)
            || audit_field(target_id) || audit_field(outcome) || audit_field(detail) || audit_field(address)
            || audit_field(((extract(epoch from occurred_at) * 1000000)::bigint)::text), 'UTF8'))
$$;

-- Which patient the existing events concern.
alter table audit_event disable trigger audit_event_append_only;

update audit_event e set patient_id = e.target_id::uuid
where e.target_type = 'patient' and e.target_id ~ '^[0-9a-f-]{36}$';
update audit_event e set patient_id = c.patient_id
from conversation c
where e.target_type = 'conversation' and e.target_id ~ '^[0-9a-f-]{36}$' and c.id = e.target_id::uuid;
update audit_event e set patient_id = c.patient_id
from message m join conversation c on c.id = m.conversation_id
where e.target_type = 'message' and e.target_id ~ '^[0-9a-f-]{36}$' and m.id = e.target_id::uuid;

-- The existing events, chained in the order they were written.
do $$
declare
    event record;
    chain uuid;
    head  bytea;
    digest bytea;
begin
    for event in select * from audit_event order by id loop
        chain := coalesce(event.organization_id, '00000000-0000-0000-0000-000000000000'::uuid);
        select last_hash into head from audit_chain_head where chain_key = chain;
        digest := audit_event_digest(head, event.id, event.organization_id, event.actor_user_id, event.patient_id,
                event.action, event.target_type, event.target_id, event.outcome, event.detail, event.address,
                event.occurred_at);
        update audit_event set previous_hash = head, hash = digest where id = event.id;
        insert into audit_chain_head (chain_key, last_event_id, last_hash) values (chain, event.id, digest)
        on conflict (chain_key) do update set last_event_id = excluded.last_event_id, last_hash = excluded.last_hash;
    end loop;
end;
$$;

alter table audit_event enable trigger audit_event_append_only;
alter table audit_event alter column hash set not null;

-- Every new event is chained here, whoever inserts it; the values a caller gives for the hashes are
-- overwritten. Runs as the owner so that the application's role never needs to write the chain head.
create function audit_event_chain() returns trigger language plpgsql security definer
    set search_path = ${flyway:defaultSchema}, pg_temp as $$
declare
    chain uuid := coalesce(new.organization_id, '00000000-0000-0000-0000-000000000000'::uuid);
    head  bytea;
begin
    select last_hash into head from audit_chain_head where chain_key = chain for update;
    if not found then
        insert into audit_chain_head (chain_key, last_event_id, last_hash) values (chain, null, null)
        on conflict (chain_key) do nothing;
        select last_hash into head from audit_chain_head where chain_key = chain for update;
    end if;
    -- The id was drawn before this event waited for the chain: draw it again now that it holds the chain,
    -- so that ids follow the chain's order (the verification walks the chain by id).
    new.id := nextval(pg_get_serial_sequence('audit_event', 'id'));
    new.previous_hash := head;
    new.hash := audit_event_digest(head, new.id, new.organization_id, new.actor_user_id, new.patient_id,
            new.action, new.target_type, new.target_id, new.outcome, new.detail, new.address, new.occurred_at);
    update audit_chain_head set last_event_id = new.id, last_hash = new.hash where chain_key = chain;
    return new;
end;
$$;

create trigger audit_event_chain
    before insert on audit_event
    for each row execute function audit_event_chain();
