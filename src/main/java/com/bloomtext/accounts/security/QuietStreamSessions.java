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
 * A server-sent event stream is not activity. An open inbox keeps a stream open and reconnects it every few
 * minutes; if each reconnect counted as a request of the user's, an unattended open page would never reach
 * the 15-minute idle sign-out. So a request that asks for {@code text/event-stream} reads the staff session
 * as every request does (it must be signed in, and is checked like any other) but leaves its last-access time,
 * and so its expiry, where the user's last real request put it. The live streams end on their own when the
 * session expires (they check it now and then).
 * <p>
 * How: a filter just outside Spring Session's marks such a request on its thread, and the session repository
 * is wrapped so that the sessions it loads for a marked request ignore the touch. Nothing else of the session
 * changes on a stream request, so Spring Session has nothing to write back.
 */
@Configuration(proxyBeanMethods = false)
class QuietStreamSessions {

    private static final ThreadLocal<Boolean> QUIET = new ThreadLocal<>();

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
            if (!isEventStream(request)) {
                chain.doFilter(request, response);
                return;
            }
            QUIET.set(Boolean.TRUE);
            try {
                chain.doFilter(request, response);
            } finally {
                QUIET.remove();
            }
        }
    }

    /** The application's session repository, handing out untouchable sessions to marked requests. */
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
            delegate.save(session instanceof Untouched untouched ? untouched.session : session);
        }

        @Override
        public Session findById(String id) {
            Session session = delegate.findById(id);
            return session != null && Boolean.TRUE.equals(QUIET.get()) ? new Untouched(session) : session;
        }

        @Override
        public void deleteById(String id) {
            delegate.deleteById(id);
        }

        @Override
        public Map<String, Session> findByIndexNameAndIndexValue(String indexName, String indexValue) {
            return delegate.findByIndexNameAndIndexValue(indexName, indexValue);
        }
    }

    /** A session whose last access does not move. */
    record Untouched(Session session) implements Session {

        @Override
        public String getId() {
            return session.getId();
        }

        @Override
        public String changeSessionId() {
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
            session.setAttribute(attributeName, attributeValue);
        }

        @Override
        public void removeAttribute(String attributeName) {
            session.removeAttribute(attributeName);
        }

        @Override
        public Instant getCreationTime() {
            return session.getCreationTime();
        }

        @Override
        public void setLastAccessedTime(Instant lastAccessedTime) {
            // An event stream is not activity.
        }

        @Override
        public Instant getLastAccessedTime() {
            return session.getLastAccessedTime();
        }

        @Override
        public void setMaxInactiveInterval(Duration interval) {
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
