-- Media that came with an inbound MMS, as the carrier described it. The files themselves are fetched
-- into the files store once that module exists; until then the carrier keeps them.
create table inbound_sms_media (
    inbound_id   uuid    not null references inbound_sms (id),
    position     int     not null,
    url          text    not null,
    content_type text    not null,
    primary key (inbound_id, position)
);
