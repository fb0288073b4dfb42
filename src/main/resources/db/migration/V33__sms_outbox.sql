-- The QUEUED message row is the SMS outbox (SmsDelivery): no event publication per text any more.
-- delivered_by: the application node that hands the queued text to the carrier, set by the insert that queues it
-- (or by a node that claims the text because its node stopped) and cleared when the text leaves QUEUED (SENT,
-- FAILED). delivery_node: each node's heartbeat; a node whose heartbeat is older than
-- bloomtext.messaging.sms.node-timeout is taken for stopped and its queued texts are claimed by another.
alter table message add column delivered_by uuid;

create table delivery_node (
    id      uuid primary key,
    seen_at timestamptz not null
);

-- Only queued texts have a node, so the sweep's index holds only them, whatever the size of the message table.
-- Its predicate reads delivered_by alone (not state): a delivery report's update of the state, which changes no
-- indexed column, stays a heap-only (HOT) update.
create index message_delivered_by_idx on message (delivered_by) where delivered_by is not null;

-- Texts queued before this migration belong to a node that never beats: the first sweep claims them. Their
-- publications for the old tracked listener (SmsDelivery.deliver) would name a listener that no longer exists.
update message set delivered_by = '00000000-0000-0000-0000-000000000000'
where state = 'QUEUED' and mode = 'SMS' and direction = 'OUTBOUND';
delete from event_publication where listener_id like 'com.bloomtext.messaging.internal.SmsDelivery.%';
