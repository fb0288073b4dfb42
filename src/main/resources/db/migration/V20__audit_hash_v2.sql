-- Hash format 2: the hash of an audit event also covers actor_patient_id (the patient who acted in the
-- portal, V13), which format 1 (V15) left out. Events written before keep their format-1 hash and are
-- verified as such; every new event is format 2. Each event says its format, and format 2 puts the
-- format itself into the hash, so that relabelling an event as format 1 does not verify. The verifier
-- also refuses a format-1 event after a format-2 one in a chain (a downgrade).

alter table audit_event add column hash_version smallint not null default 1;
alter table audit_event alter column hash_version set default 2;

-- As audit_event_digest (V15), with the format and the acting patient.
create function audit_event_digest_v2(previous bytea, id bigint, organization_id uuid, actor_user_id uuid,
                                      actor_patient_id uuid, patient_id uuid, action text, target_type text,
                                      target_id text, outcome text, detail text, address text, occurred_at timestamptz)
    returns bytea language sql stable as $$
    select sha256(coalesce(previous, ''::bytea) || convert_to(
            audit_field('2') || audit_field(id::text) || audit_field(organization_id::text)
            || audit_field(actor_user_id::text) || audit_field(actor_patient_id::text) || audit_field(patient_id::text)
            || audit_field(action) || audit_field(target_type) || audit_field(target_id) || audit_field(outcome)
            || audit_field(detail) || audit_field(address)
            || audit_field(((extract(epoch from occurred_at) * 1000000)::bigint)::text), 'UTF8'))
$$;

-- An event's hash as its format computes it: what the verifier compares with the stored hash.
create function audit_event_recomputed(e audit_event) returns bytea language sql stable as $$
    select case e.hash_version
        when 1 then audit_event_digest(e.previous_hash, e.id, e.organization_id, e.actor_user_id, e.patient_id,
                e.action, e.target_type, e.target_id, e.outcome, e.detail, e.address, e.occurred_at)
        when 2 then audit_event_digest_v2(e.previous_hash, e.id, e.organization_id, e.actor_user_id,
                e.actor_patient_id, e.patient_id, e.action, e.target_type, e.target_id, e.outcome, e.detail,
                e.address, e.occurred_at)
        end
$$;

-- The chain trigger of V15, writing format 2 (whatever format the caller asked for).
create or replace function audit_event_chain() returns trigger language plpgsql security definer
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
    new.hash_version := 2;
    new.hash := audit_event_digest_v2(head, new.id, new.organization_id, new.actor_user_id, new.actor_patient_id,
            new.patient_id, new.action, new.target_type, new.target_id, new.outcome, new.detail, new.address,
            new.occurred_at);
    update audit_chain_head set last_event_id = new.id, last_hash = new.hash where chain_key = chain;
    return new;
end;
$$;
