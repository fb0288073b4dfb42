package com.bloomtext.portal.session;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.bloomtext.portal.PortalProperties;
import com.bloomtext.portal.links.SecureLink;
import com.bloomtext.portal.links.Tokens;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.PatientId;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The portal's own short sessions, apart from staff sessions: a random id in an HttpOnly, SameSite=Strict
 * cookie scoped to the portal's paths (Secure under HTTPS), its SHA-256 in the table. A session opens only
 * its link's conversation, ends after the idle timeout, and ends at once when its link is voided, expires
 * or is locked.
 */
@Service
public class PortalSessions {

    public static final String COOKIE = "BLOOMTEXT_PORTAL";

    private final JdbcClient jdbc;
    private final PortalProperties properties;
    private final Clock clock;

    PortalSessions(JdbcClient jdbc, PortalProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /** Starts a verified session for the link; the cookie goes on the response. */
    public void start(SecureLink link, HttpServletRequest request, HttpServletResponse response) {
        String previous = cookieValue(request);
        if (previous != null) {
            end(Tokens.sha256(previous));
        }
        String id = Tokens.random256();
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("insert into portal_session (id_sha256, link_id, created_at, last_seen_at) values (:id, :link, :at, :at)")
                .param("id", Tokens.sha256(id)).param("link", link.id()).param("at", now).update();
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(id, request).toString());
    }

    /**
     * The live session the request's cookie names, its idle clock restarted; a session past its idle
     * timeout, or whose link no longer opens, is deleted.
     */
    public Optional<PortalPrincipal> resume(HttpServletRequest request) {
        String id = cookieValue(request);
        if (id == null || !Tokens.wellFormed(id)) {
            return Optional.empty();
        }
        String hash = Tokens.sha256(id);
        Instant now = clock.instant();
        Optional<PortalPrincipal> found = jdbc.sql("""
                        select s.id_sha256, l.id, l.organization_id, l.conversation_id, l.patient_id
                        from portal_session s join secure_link l on l.id = s.link_id
                        where s.id_sha256 = :hash and s.last_seen_at > :idleSince
                          and l.voided_at is null and l.locked_at is null and l.expires_at > :now""")
                .param("hash", hash).param("idleSince", Timestamp.from(now.minus(properties.idleTimeout())))
                .param("now", Timestamp.from(now))
                .query((rs, n) -> new PortalPrincipal(rs.getString("id_sha256"), rs.getObject("id", UUID.class),
                        new OrgId(rs.getObject("organization_id", UUID.class)), rs.getObject("conversation_id", UUID.class),
                        new PatientId(rs.getObject("patient_id", UUID.class))))
                .optional();
        if (found.isEmpty()) {
            end(hash);
            return Optional.empty();
        }
        jdbc.sql("update portal_session set last_seen_at = :now where id_sha256 = :hash")
                .param("now", Timestamp.from(now)).param("hash", hash).update();
        return found;
    }

    /** Whether the request carries a portal cookie at all (so an ended session can be told apart). */
    public boolean hasCookie(HttpServletRequest request) {
        return cookieValue(request) != null;
    }

    public void end(String sessionSha256) {
        jdbc.sql("delete from portal_session where id_sha256 = :hash").param("hash", sessionSha256).update();
    }

    public void clearCookie(HttpServletRequest request, HttpServletResponse response) {
        response.addHeader(HttpHeaders.SET_COOKIE, baseCookie("", request).maxAge(0).build().toString());
    }

    private static ResponseCookie cookie(String value, HttpServletRequest request) {
        return baseCookie(value, request).build();
    }

    private static ResponseCookie.ResponseCookieBuilder baseCookie(String value, HttpServletRequest request) {
        return ResponseCookie.from(COOKIE, value).httpOnly(true).secure(request.isSecure()).sameSite("Strict")
                .path("/p");
    }

    private static String cookieValue(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (COOKIE.equals(cookie.getName()) && !cookie.getValue().isBlank()) {
                return cookie.getValue();
            }
        }
        return null;
    }
}
