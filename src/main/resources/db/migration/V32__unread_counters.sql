-- The inbox's unread counts from counters the database keeps (issue 10, scenario 3). The rule stays: a team
-- conversation is unread for a member when they have no read mark on it, or their mark is older than its last
-- message. Counting that per request walked every conversation of the team (10,000 index entries) and every read
-- mark of the user (about 1,000, each against its conversation's last message). Instead, in the same transaction
-- as each change:
--   team_conversation_count  how many conversations each team of an organization holds; only a conversation's
--                            insert, delete or move to another team writes it (never a message);
--   team_read_count          per user and team, how many of the user's read marks are current (read_at >= the
--                            conversation's last_message_at); a message writes only the rows of the users whose
--                            mark it makes old (a mark already old is not touched again), a read mark only its
--                            user's row, and only when the mark turns current or old.
-- A member's unread count of a team is then conversations - current marks (Conversations.UNREAD_COUNTS); both are
-- kept whoever the user is and whatever their membership: the statement joins today's membership, as the rule does.
-- Only the triggers below write the counters (as the owner): the application's role may read them only.

create table team_conversation_count (
    organization_id uuid not null references organization (id),
    team_id         uuid not null references team (id) on delete cascade,
    conversations   int  not null,
    primary key (organization_id, team_id)
);

create table team_read_count (
    user_id         uuid not null references staff_user (id) on delete cascade,
    organization_id uuid not null references organization (id),
    team_id         uuid not null references team (id) on delete cascade,
    current_marks   int  not null,
    primary key (user_id, organization_id, team_id)
);

revoke insert, update, delete, truncate on team_conversation_count from ${app_role};
revoke insert, update, delete, truncate on team_read_count from ${app_role};

create function team_conversation_count_add(org uuid, team uuid, delta int) returns void language sql as $$
    insert into team_conversation_count (organization_id, team_id, conversations) values (org, team, delta)
    on conflict (organization_id, team_id)
        do update set conversations = team_conversation_count.conversations + excluded.conversations
$$;

create function team_read_count_add(reader uuid, org uuid, team uuid, delta int) returns void language sql as $$
    insert into team_read_count (user_id, organization_id, team_id, current_marks) values (reader, org, team, delta)
    on conflict (user_id, organization_id, team_id)
        do update set current_marks = team_read_count.current_marks + excluded.current_marks
$$;

-- A conversation is added, removed, moved (team or organization) or gets a message (last_message_at moves).
create function conversation_unread_counters() returns trigger language plpgsql security definer
    set search_path = ${flyway:defaultSchema}, pg_temp as $$
declare
    mark       record;
    was        int;
    is_current int;
    moved      boolean;
begin
    if tg_op = 'INSERT' then
        -- a new conversation has no read marks yet
        perform team_conversation_count_add(new.organization_id, new.team_id, 1);
        return null;
    elsif tg_op = 'DELETE' then
        -- its read marks were deleted before it (they reference it), and their trigger took them off
        perform team_conversation_count_add(old.organization_id, old.team_id, -1);
        return null;
    end if;
    moved := (old.organization_id, old.team_id) is distinct from (new.organization_id, new.team_id);
    if moved then
        if old.team_id is not null then
            perform team_conversation_count_add(old.organization_id, old.team_id, -1);
        end if;
        if new.team_id is not null then
            perform team_conversation_count_add(new.organization_id, new.team_id, 1);
        end if;
    end if;
    -- Only marks current before or after can change a counter: those read at or after the earlier of the two
    -- last messages. Users in id order, so two messages of one team lock the same users' rows in the same order.
    for mark in select r.user_id, r.read_at from conversation_read r
                where r.conversation_id = new.id and r.read_at >= least(old.last_message_at, new.last_message_at)
                order by r.user_id loop
        was := case when old.team_id is not null and mark.read_at >= old.last_message_at then 1 else 0 end;
        is_current := case when new.team_id is not null and mark.read_at >= new.last_message_at then 1 else 0 end;
        if moved then
            if was = 1 then
                perform team_read_count_add(mark.user_id, old.organization_id, old.team_id, -1);
            end if;
            if is_current = 1 then
                perform team_read_count_add(mark.user_id, new.organization_id, new.team_id, 1);
            end if;
        elsif was <> is_current then
            perform team_read_count_add(mark.user_id, new.organization_id, new.team_id, is_current - was);
        end if;
    end loop;
    return null;
end;
$$;

create trigger conversation_unread_counters_insert after insert on conversation
    for each row when (new.team_id is not null) execute function conversation_unread_counters();
create trigger conversation_unread_counters_delete after delete on conversation
    for each row when (old.team_id is not null) execute function conversation_unread_counters();
create trigger conversation_unread_counters_update after update of organization_id, team_id, last_message_at on conversation
    for each row when (old.organization_id is distinct from new.organization_id or old.team_id is distinct from new.team_id
                       or old.last_message_at is distinct from new.last_message_at)
    execute function conversation_unread_counters();

-- Whether one read mark is current, counted for its user (+1 or -1 as sign says). The conversation's row is
-- locked in share mode first: a message added at the same time (which updates that row) is then either
-- committed and seen here, or waits for this transaction and sees the mark (its trigger reads marks afresh).
create function conversation_read_count(marked uuid, reader uuid, marked_at timestamptz, sign int) returns void
    language plpgsql as $$
declare
    c record;
begin
    select organization_id, team_id, last_message_at into c from conversation where id = marked for share;
    if found and c.team_id is not null and marked_at >= c.last_message_at then
        perform team_read_count_add(reader, c.organization_id, c.team_id, sign);
    end if;
end;
$$;

-- A read mark is made, moved or removed.
create function conversation_read_unread_counters() returns trigger language plpgsql security definer
    set search_path = ${flyway:defaultSchema}, pg_temp as $$
declare
    c          record;
    was        int;
    is_current int;
begin
    if tg_op = 'UPDATE' and old.conversation_id = new.conversation_id and old.user_id = new.user_id then
        -- the usual change: the user read the conversation again
        select organization_id, team_id, last_message_at into c from conversation where id = new.conversation_id for share;
        if c.team_id is not null then
            was := case when old.read_at >= c.last_message_at then 1 else 0 end;
            is_current := case when new.read_at >= c.last_message_at then 1 else 0 end;
            if was <> is_current then
                perform team_read_count_add(new.user_id, c.organization_id, c.team_id, is_current - was);
            end if;
        end if;
        return null;
    end if;
    if tg_op in ('UPDATE', 'DELETE') then
        perform conversation_read_count(old.conversation_id, old.user_id, old.read_at, -1);
    end if;
    if tg_op in ('UPDATE', 'INSERT') then
        perform conversation_read_count(new.conversation_id, new.user_id, new.read_at, 1);
    end if;
    return null;
end;
$$;

create trigger conversation_read_unread_counters after insert or delete or update of conversation_id, user_id, read_at
    on conversation_read for each row execute function conversation_read_unread_counters();

-- The counters from the rows as they are: the backfill of this migration, and a rebuild after a bulk load that
-- bypassed the triggers (the benchmark's COPY). The tables are locked so that no change slips between the
-- counting and the triggers.
create function unread_counters_rebuild() returns void language plpgsql security definer
    set search_path = ${flyway:defaultSchema}, pg_temp as $$
begin
    lock table conversation, conversation_read in share row exclusive mode;
    delete from team_conversation_count;
    delete from team_read_count;
    insert into team_conversation_count (organization_id, team_id, conversations)
        select organization_id, team_id, count(*) from conversation where team_id is not null
        group by organization_id, team_id;
    insert into team_read_count (user_id, organization_id, team_id, current_marks)
        select r.user_id, c.organization_id, c.team_id, count(*)
        from conversation_read r join conversation c on c.id = r.conversation_id
        where c.team_id is not null and r.read_at >= c.last_message_at
        group by r.user_id, c.organization_id, c.team_id;
end;
$$;
-- Only the owner's triggers (and the owner) call these.
revoke execute on function unread_counters_rebuild() from public;
revoke execute on function team_conversation_count_add(uuid, uuid, int) from public;
revoke execute on function team_read_count_add(uuid, uuid, uuid, int) from public;
revoke execute on function conversation_read_count(uuid, uuid, timestamptz, int) from public;

select unread_counters_rebuild();
