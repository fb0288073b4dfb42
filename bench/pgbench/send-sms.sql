-- One staff "send SMS" request (POST /inbox/c/{id}/messages), statement for statement as the application
-- runs it (read from Messages.send/queueSms, Conversations, TeamAccess, Entitlements, SmsUsage, Consent,
-- MessagingPolicy, PatientDirectory, AuditLog, CurrentStaffFilter and Spring Session JDBC). The delivery to the carrier
-- that follows after commit is not included. Since 2026-11-27 (V33) the QUEUED message row is the SMS outbox: the send
-- no longer inserts a Spring Modulith event publication (its insert was removed here in the same commit).
-- Each pgbench client plays one sender: its ids come from bench_sender, filled by the benchmark.
select organization_id, user_id, conversation_id, team_id, patient_id, session_id, primary_id, our_number, patient_phone, node
  from bench_sender where client = :client_id \gset
-- the request: Spring Session loads the session, CurrentStaffFilter the signed-in user
select s.primary_id, s.session_id, s.creation_time, s.last_access_time, s.max_inactive_interval, sa.attribute_name, sa.attribute_bytes
  from spring_session s left join spring_session_attributes sa on s.primary_id = sa.session_primary_id where s.session_id = :session_id;
select u.role, u.active, u.display_name, o.name as organization_name
  from staff_user u join organization o on o.id = u.organization_id where u.id = :user_id and u.organization_id = :organization_id;
-- the controller finds the conversation (Conversations.VISIBLE)
select c.id, c.organization_id, c.patient_id, c.team_id, c.replies_allowed from conversation c where c.id = :conversation_id and c.organization_id = :organization_id and (
    (c.team_id is not null and exists (select 1 from team_member m where m.team_id = c.team_id and m.user_id = :user_id and m.organization_id = :organization_id))
    or (c.team_id is null and exists (select 1 from conversation_participant p where p.conversation_id = c.id and p.user_id = :user_id)));
begin;
-- Messages.send, with the conversation the controller found (the visibility check runs once per send)
-- Messages.sending, read once per send: patient, our number, plan with usage (one read), consent (the allowance check,
-- from and to use these; the PHI policy is read only when the PHI check finds something, and this text has none)
select id, first_name, last_name, phone, email, date_of_birth, mrn from patient where organization_id = :organization_id and id = :patient_id and archived_at is null;
select t.id, t.name, p.number from team t left join phone_number p on p.team_id = t.id and p.status = 'ACTIVE' where t.organization_id = :organization_id and t.id = :team_id;
select (select plan_id from subscription where organization_id = :organization_id) as plan_id,
       coalesce((select segments from sms_usage where organization_id = :organization_id and month = date_trunc('month', now())::date), 0) as segments;
select opted_out from sms_consent where our_number = :our_number and patient_phone = :patient_phone;
-- the writes a send commits
-- the node that delivers it (delivered_by): the application's own id, so that its outbox sweep leaves these rows alone
insert into message (id, organization_id, conversation_id, direction, mode, author_user_id, body, segments, state, from_number, to_number, created_at, updated_at, delivered_by)
  values (gen_random_uuid(), :organization_id, :conversation_id, 'OUTBOUND', 'SMS', :user_id, 'Please call the front desk to choose a new time.', 1, 'QUEUED', :our_number, :patient_phone, now(), now(), :node);
update conversation set last_message_at = now(), last_mode = 'SMS' where id = :conversation_id;
-- last: the audit log's hash-chain trigger runs on this insert and holds the organization's chain lock until commit
insert into audit_event (organization_id, actor_user_id, action, target_type, target_id, patient_id, outcome, detail, address, occurred_at)
  values (:organization_id, :user_id, 'MESSAGE_SENT', 'message', gen_random_uuid()::text, :patient_id, 'SUCCESS', 'sms', '127.0.0.1', now());
commit;
-- after commit, the live hub logs the change for open screens (LiveEvents: its writer puts a burst of waiting changes
-- into one transaction; under load several sends share it, here each send has its own)
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
-- end of the request: Spring Session writes the access time back only once it is 30 s past the stored one
-- (QuietStreamSessions), i.e. about once per sender in a run: left out here, as it is left out of nearly every request.
