package com.bloomtext.accounts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Whether staff sessions are still signed in, for what outlives a request: an open live stream asks now and
 * then, so that a session that timed out, was signed out, or whose user was deactivated ends its streams too.
 */
@Service
public class SignedInSessions {

    private static final int CHUNK = 1000;

    private final JdbcClient jdbc;

    SignedInSessions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Of these session ids, the ones that are still signed in now: not expired, not ended, and their user
     * still active. (A session's principal name is its user's id; sessions are in PostgreSQL, so this holds
     * for sessions opened on any node.)
     */
    public Set<String> stillSignedIn(Collection<String> sessionIds) {
        Set<String> open = new HashSet<>();
        List<String> ids = new ArrayList<>(new HashSet<>(sessionIds));
        for (int from = 0; from < ids.size(); from += CHUNK) {
            open.addAll(jdbc.sql("""
                            select s.session_id from spring_session s
                            join staff_user u on u.id::text = s.principal_name and u.active
                            where s.session_id in (:ids) and s.expiry_time > :now""")
                    .param("ids", ids.subList(from, Math.min(ids.size(), from + CHUNK)))
                    .param("now", System.currentTimeMillis())
                    .query(String.class).list());
        }
        return open;
    }
}
