-- One inbound SMS from a patient, as the application handles it (read from TwilioWebhookController,
-- InboundTexts.receive, InboundThreading.received, AuditLog, LiveEvents, TeamAccess.ownerOf, PatientDirectory.fromInboundText,
-- Conversations.forInbound/touched and Spring Modulith's event publication registry): the webhook's
-- transaction, then the threading listener's after commit. The patient is known (steady state).
-- Each pgbench client plays one patient phone writing to one of the numbers: bench_inbound holds them.
select our_number, patient_phone from bench_inbound where client = :client_id \gset
-- the webhook: keep the text once, register the listener's publication
begin;
insert into inbound_sms (id, carrier, carrier_message_id, from_number, to_number, body, received_at)
  values (gen_random_uuid(), 'twilio', 'SM' || md5(random()::text), :patient_phone, :our_number, 'Running ten minutes late', now())
  on conflict do nothing returning id as inbound_id \gset
insert into event_publication (id, listener_id, event_type, serialized_event, publication_date, status, completion_attempts, last_resubmission_date)
  values (gen_random_uuid(), 'com.bloomtext.messaging.internal.InboundThreading.received(com.bloomtext.carrier.InboundSmsReceived)',
          'com.bloomtext.carrier.InboundSmsReceived', '{"inboundId":"' || :inbound_id || '"}', now(), 'PUBLISHED', 0, null)
  returning id as publication_id \gset
commit;
-- the threading listener, in its own transaction
update event_publication set status = 'PROCESSING', last_resubmission_date = now() where id = :publication_id;
begin;
select * from inbound_sms where id = :inbound_id;
select organization_id, team_id from phone_number where number = :our_number and status = 'ACTIVE' \gset
select id as patient_id, first_name, last_name, phone, email, date_of_birth, mrn from patient
  where organization_id = :organization_id and phone = :patient_phone and archived_at is null order by created_at limit 1 \gset
select id as conversation_id from conversation where organization_id = :organization_id and team_id = :team_id and patient_id = :patient_id \gset
insert into message (id, organization_id, conversation_id, direction, mode, body, segments, state, from_number, to_number, created_at, updated_at)
  values (gen_random_uuid(), :organization_id, :conversation_id, 'INBOUND', 'SMS', 'Running ten minutes late', 1, 'RECEIVED', :patient_phone, :our_number, now(), now());
update conversation set last_message_at = now(), last_mode = 'SMS' where id = :conversation_id returning organization_id;
-- (the audit log's hash-chain trigger runs on this insert)
insert into audit_event (organization_id, actor_user_id, action, target_type, target_id, patient_id, outcome, detail, address, occurred_at)
  values (:organization_id, null, 'MESSAGE_RECEIVED', 'message', gen_random_uuid()::text, :patient_id, 'SUCCESS', null, null, now());
commit;
-- after commit, the live hub logs the change for open screens (LiveEvents: its writer puts a burst of waiting changes
-- into one transaction; under load several share it, here each message has its own)
begin;
select pg_advisory_xact_lock(1818850917);
-- the row and its NOTIFY in one statement (the payload built from the row as LiveEvent.parse reads it)
with appended as (
  insert into live_event (organization_id, team_id, conversation_id, kind, occurred_at)
  select c.organization_id, c.team_id, c.id, 'MESSAGE_ADDED', now() from conversation c
  where c.id = :conversation_id and c.organization_id = :organization_id
  returning id, organization_id, team_id, conversation_id, kind)
select pg_notify('bloomtext_live', id || ' ' || organization_id || ' ' || coalesce(team_id::text, '-') || ' '
                 || coalesce(conversation_id::text, '-') || ' ' || kind) from appended;
commit;
-- the listener finished: its publication is deleted (spring.modulith.events.completion-mode: delete)
delete from event_publication where id = :publication_id;
