package com.bloomtext.accounts.security;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.MapSession;
import org.springframework.session.Session;

import static org.assertj.core.api.Assertions.assertThat;

/** The session repository's wrapper, against an in-memory repository that counts its lookups. */
class QuietStreamSessionsTest {

    /** Sessions in a map, each lookup counted. */
    static final class CountingRepository implements FindByIndexNameSessionRepository<MapSession> {

        final Map<String, MapSession> sessions = new HashMap<>();
        final AtomicInteger lookups = new AtomicInteger();

        @Override
        public MapSession createSession() {
            return new MapSession();
        }

        @Override
        public void save(MapSession session) {
            sessions.put(session.getId(), new MapSession(session));
        }

        @Override
        public MapSession findById(String id) {
            lookups.incrementAndGet();
            MapSession session = sessions.get(id);
            return session == null ? null : new MapSession(session);
        }

        @Override
        public void deleteById(String id) {
            sessions.remove(id);
        }

        @Override
        public Map<String, MapSession> findByIndexNameAndIndexValue(String indexName, String indexValue) {
            return Map.of();
        }
    }

    /** Runs the work as one request through the filter that marks requests. */
    static void request(MockHttpServletRequest request, Runnable work) throws Exception {
        new QuietStreamSessions.QuietFilter().doFilter(request, new MockHttpServletResponse(), (req, res) -> work.run());
    }

    @Test
    void aRequestLooksItsSessionUpOnceHoweverOftenSpringSessionAsks() throws Exception {
        CountingRepository store = new CountingRepository();
        MapSession stored = store.createSession();
        store.save(stored);
        var sessions = new QuietStreamSessions.QuietRepository(store);

        request(new MockHttpServletRequest("GET", "/inbox"), () -> {
            Session first = sessions.findById(stored.getId());
            first.setAttribute("seen", "yes");
            sessions.save(first);
            Session again = sessions.findById(stored.getId());
            assertThat(again.getId()).isEqualTo(stored.getId());
            assertThat((String) again.getAttribute("seen")).isEqualTo("yes");
        });
        assertThat(store.lookups).hasValue(1);

        // The next request reads it again; a deleted session is not handed out from the request's memory.
        request(new MockHttpServletRequest("GET", "/inbox"), () -> {
            assertThat(sessions.findById(stored.getId())).isNotNull();
            sessions.deleteById(stored.getId());
            assertThat(sessions.findById(stored.getId())).isNull();
        });
        assertThat(store.lookups).hasValue(3);

        // Outside a request (no filter) every lookup goes to the store.
        store.save(stored);
        sessions.findById(stored.getId());
        sessions.findById(stored.getId());
        assertThat(store.lookups).hasValue(5);
    }

    @Test
    void aSessionWhoseIdChangedIsNotFoundUnderItsOldId() throws Exception {
        CountingRepository store = new CountingRepository();
        MapSession stored = store.createSession();
        store.save(stored);
        var sessions = new QuietStreamSessions.QuietRepository(store);
        String old = stored.getId();
        request(new MockHttpServletRequest("GET", "/inbox"), () -> {
            Session session = sessions.findById(old);
            session.changeSessionId();
            store.deleteById(old);
            sessions.save(session);
            assertThat(sessions.findById(old)).isNull();
        });
    }

    @Test
    void theLastAccessMovesOnlyByThirtySecondsOrWithAnotherChangeAndNeverForAStream() throws Exception {
        CountingRepository store = new CountingRepository();
        MapSession stored = store.createSession();
        Instant last = Instant.now().minusSeconds(10);
        stored.setLastAccessedTime(last);
        store.save(stored);
        var sessions = new QuietStreamSessions.QuietRepository(store);

        request(new MockHttpServletRequest("GET", "/inbox"), () -> {
            Session session = sessions.findById(stored.getId());
            session.setLastAccessedTime(Instant.now());
            sessions.save(session);
        });
        assertThat(store.sessions.get(stored.getId()).getLastAccessedTime()).as("10 s: not moved").isEqualTo(last);

        request(new MockHttpServletRequest("GET", "/inbox"), () -> {
            Session session = sessions.findById(stored.getId());
            Instant now = Instant.now();
            session.setLastAccessedTime(now);
            session.setAttribute("changed", "yes");
            sessions.save(session);
            assertThat(store.sessions.get(stored.getId()).getLastAccessedTime()).as("with a change").isEqualTo(now);
        });

        Instant before = store.sessions.get(stored.getId()).getLastAccessedTime();
        MockHttpServletRequest stream = new MockHttpServletRequest("GET", "/inbox/live");
        stream.addHeader("Accept", "text/event-stream");
        request(stream, () -> {
            Session session = sessions.findById(stored.getId());
            session.setLastAccessedTime(before.plus(Duration.ofMinutes(5)));
            sessions.save(session);
        });
        assertThat(store.sessions.get(stored.getId()).getLastAccessedTime()).as("a stream").isEqualTo(before);

        request(new MockHttpServletRequest("GET", "/inbox"), () -> {
            Session session = sessions.findById(stored.getId());
            session.setLastAccessedTime(before.plus(QuietStreamSessions.TOUCH_STEP));
            sessions.save(session);
        });
        assertThat(store.sessions.get(stored.getId()).getLastAccessedTime()).as("30 s later")
                .isEqualTo(before.plus(QuietStreamSessions.TOUCH_STEP));
    }
}
