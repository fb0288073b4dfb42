-- Two database users: the owner, who runs these migrations and owns every table, and the application's
-- role (${app_role}), which reads and writes rows and nothing else. The application's role cannot
-- change the schema, and it can only read and add audit events: UPDATE, DELETE and TRUNCATE on the
-- audit log are refused to it by PostgreSQL itself (the append-only trigger stays, for everyone else).
--
-- On an external PostgreSQL the role may be created beforehand by an administrator (with a password);
-- when it does not exist, the owner creates it here (which needs CREATEROLE).
do $$
begin
    if not exists (select from pg_roles where rolname = '${app_role}') then
        create role ${app_role} login;
    end if;
end;
$$;

grant usage on schema ${flyway:defaultSchema} to ${app_role};

grant select, insert, update, delete on all tables in schema ${flyway:defaultSchema} to ${app_role};
grant usage, select on all sequences in schema ${flyway:defaultSchema} to ${app_role};

-- Tables and sequences that later migrations create get the same rights.
alter default privileges in schema ${flyway:defaultSchema}
    grant select, insert, update, delete on tables to ${app_role};
alter default privileges in schema ${flyway:defaultSchema}
    grant usage, select on sequences to ${app_role};

-- The audit log: read and append only. The chain head is written by the chain trigger (as the owner).
revoke update, delete, truncate on audit_event from ${app_role};
revoke insert, update, delete, truncate on audit_chain_head from ${app_role};

-- Flyway's own bookkeeping is the owner's business.
revoke all on ${flyway:table} from ${app_role};
