package com.bloomtext.accounts.security;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Spring Session writes a session back only when it changed, and a request's last-access time is not worth a
 * write of its own every time. Two rules, both applied where the session is loaded:
 * <ul>
 * <li>A request moves the stored last-access time only when it has moved by at least {@link #TOUCH_STEP} (30 s)
 * since the stored one: a user clicking through pages writes the session row at most twice a minute instead of
 * on every request. So the stored time lags the real last request by less than 30 s, and the 15-minute idle
 * sign-out happens at most 30 s early, never late. A request that changes anything else of the session (an
 * attribute: sign-in, the two-step state, a CSRF token; a new session id) writes its current last-access time
 * with that change, at once.</li>
 * <li>A server-sent event stream is not activity at all (below).</li>
 * <li>Spring Session's second lookup of the requested session in a request (as it commits) gets the session the
 * request already loaded ({@link #LOADED}) instead of reading it again.</li>
 * </ul>
 * <p>
 * A server-sent event stream is not activity. An open inbox keeps a stream open and reconnects it every few
 * minutes; if each reconnect counted as a request of the user's, an unattended open page would never reach
 * the 15-minute idle sign-out. So a request that asks for {@code text/event-stream} reads the staff session
 * as every request does (it must be signed in, and is checked like any other) but leaves its last-access time,
 * and so its expiry, where the user's last real request put it. The live streams end on their own when the
 * session expires (they check it now and then).
 * <p>
 * How: a filter just outside Spring Session's marks such a request on its thread, and the session repository
 * is wrapped so that the sessions it loads for a marked request ignore the touch. Nothing else of the session
 * changes on a stream request, so Spring Session has nothing to write back. The same wrapper holds back a
 * page request's touch while it is younger than {@link #TOUCH_STEP}.
 */
@Configuration(proxyBeanMethods = false)
class QuietStreamSessions {

    private static final ThreadLocal<Boolean> QUIET = new ThreadLocal<>();

    /**
     * The sessions this request has loaded, by the id asked for. Spring Session commits a session twice per
     * request (when the response is committed, and again as its filter ends) and the second time looks the
     * requested session up again, one more query of the session and its attributes (deserialized) on every
     * request. That lookup gets the session this request already holds, as long as it still has that id.
     */
    private static final ThreadLocal<Map<String, Session>> LOADED = new ThreadLocal<>();

    /** How far a request's last access must be past the stored one before it is written back on its own. */
    static final Duration TOUCH_STEP = Duration.ofSeconds(30);

    /** Whether a request only opens an event stream (as EventSource asks for one). */
    static boolean isEventStream(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return "GET".equals(request.getMethod()) && accept != null && accept.contains("text/event-stream");
    }

    @Bean
    static BeanPostProcessor quietSessionRepository() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof FindByIndexNameSessionRepository<?> repository && !(bean instanceof QuietRepository)) {
                    return new QuietRepository(repository);
                }
                return bean;
            }
        };
    }

    @Bean
    static QuietFilter quietStreamFilter() {
        return new QuietFilter();
    }

    /** Just outside Spring Session's filter, which loads the session. */
    static final class QuietFilter extends OncePerRequestFilter implements Ordered {

        @Override
        public int getOrder() {
            return SessionRepositoryFilter.DEFAULT_ORDER - 1;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (isEventStream(request)) {
                QUIET.set(Boolean.TRUE);
            }
            LOADED.set(new java.util.HashMap<>(2));
            try {
                chain.doFilter(request, response);
            } finally {
                QUIET.remove();
                LOADED.remove();
            }
        }
    }

    /**
     * The application's session repository, handing out sessions whose touch is held back: never written for
     * marked (event stream) requests, written for others once it has moved by {@link #TOUCH_STEP}.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static final class QuietRepository implements FindByIndexNameSessionRepository<Session> {

        private final FindByIndexNameSessionRepository delegate;

        QuietRepository(FindByIndexNameSessionRepository<?> delegate) {
            this.delegate = delegate;
        }

        @Override
        public Session createSession() {
            return delegate.createSession();
        }

        @Override
        public void save(Session session) {
            delegate.save(session instanceof LazyTouch lazy ? lazy.session : session);
        }

        @Override
        public Session findById(String id) {
            Map<String, Session> loaded = LOADED.get();
            Session held = loaded == null ? null : loaded.get(id);
            Session session = held != null && id.equals(held.getId()) && !held.isExpired() ? held : delegate.findById(id);
            if (session == null) {
                return null;
            }
            if (loaded != null) {
                loaded.put(id, session);
            }
            return new LazyTouch(session, Boolean.TRUE.equals(QUIET.get()) ? null : TOUCH_STEP);
        }

        @Override
        public void deleteById(String id) {
            Map<String, Session> loaded = LOADED.get();
            if (loaded != null) {
                loaded.values().removeIf(session -> id.equals(session.getId()));
            }
            delegate.deleteById(id);
        }

        @Override
        public Map<String, Session> findByIndexNameAndIndexValue(String indexName, String indexValue) {
            return delegate.findByIndexNameAndIndexValue(indexName, indexValue);
        }
    }

    /**
     * A session whose last access moves only by {@code step} or more (never, when step is null: an event stream),
     * or together with any other change of the session.
     */
    static final class LazyTouch implements Session {

        private final Session session;
        private final Duration step;
        private Instant pending;

        LazyTouch(Session session, Duration step) {
            this.session = session;
            this.step = step;
        }

        /** Something besides the last access changes: the session is written anyway, with the request's touch. */
        private void changing() {
            if (pending != null) {
                session.setLastAccessedTime(pending);
                pending = null;
            }
        }

        @Override
        public void setLastAccessedTime(Instant lastAccessedTime) {
            if (step == null) {
                return;
            }
            if (Duration.between(session.getLastAccessedTime(), lastAccessedTime).compareTo(step) >= 0) {
                session.setLastAccessedTime(lastAccessedTime);
                pending = null;
            } else {
                pending = lastAccessedTime;
            }
        }

        @Override
        public Instant getLastAccessedTime() {
            return pending != null ? pending : session.getLastAccessedTime();
        }

        @Override
        public String getId() {
            return session.getId();
        }

        @Override
        public String changeSessionId() {
            changing();
            return session.changeSessionId();
        }

        @Override
        public <T> T getAttribute(String attributeName) {
            return session.getAttribute(attributeName);
        }

        @Override
        public Set<String> getAttributeNames() {
            return session.getAttributeNames();
        }

        @Override
        public void setAttribute(String attributeName, Object attributeValue) {
            changing();
            session.setAttribute(attributeName, attributeValue);
        }

        @Override
        public void removeAttribute(String attributeName) {
            changing();
            session.removeAttribute(attributeName);
        }

        @Override
        public Instant getCreationTime() {
            return session.getCreationTime();
        }

        @Override
        public void setMaxInactiveInterval(Duration interval) {
            changing();
            session.setMaxInactiveInterval(interval);
        }

        @Override
        public Duration getMaxInactiveInterval() {
            return session.getMaxInactiveInterval();
        }

        @Override
        public boolean isExpired() {
            return session.isExpired();
        }
    }
}
