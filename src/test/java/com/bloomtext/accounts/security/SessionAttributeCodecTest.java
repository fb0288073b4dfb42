package com.bloomtext.accounts.security;

import java.util.List;
import java.util.UUID;

import com.bloomtext.accounts.StaffRole;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.UserId;

import org.junit.jupiter.api.Test;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.support.GenericConversionService;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.csrf.DefaultCsrfToken;

import static org.assertj.core.api.Assertions.assertThat;

/** The session attributes' storage: compact for the two every request reads, Java serialization for the rest. */
public class SessionAttributeCodecTest {

    static final GenericConversionService CODEC = SessionAttributeCodec.conversionService(
            SessionAttributeCodecTest.class.getClassLoader());

    static byte[] encode(Object value) {
        return (byte[]) CODEC.convert(value, TypeDescriptor.valueOf(Object.class), TypeDescriptor.valueOf(byte[].class));
    }

    /** Reads stored attribute bytes as the session repository does. */
    public static Object decode(byte[] bytes) {
        return CODEC.convert(bytes, TypeDescriptor.valueOf(byte[].class), TypeDescriptor.valueOf(Object.class));
    }

    static StaffPrincipal staff(StaffRole role, String passwordHash) {
        return new StaffPrincipal(new UserId(UUID.randomUUID()), new OrgId(UUID.randomUUID()), role, true, passwordHash);
    }

    static SecurityContext contextOf(Object principal, List<? extends org.springframework.security.core.GrantedAuthority> authorities, Object details) {
        var authentication = UsernamePasswordAuthenticationToken.authenticated(principal, null, authorities);
        authentication.setDetails(details);
        return new SecurityContextImpl(authentication);
    }

    @Test
    void aSignedInStaffContextRoundTripsInItsCompactForm() {
        StaffPrincipal principal = staff(StaffRole.MEMBER, null);
        for (Object details : new Object[] {null, new WebAuthenticationDetails("203.0.113.9", "abc"),
                new WebAuthenticationDetails(null, null)}) {
            SecurityContext context = contextOf(principal, List.of(new SimpleGrantedAuthority("ROLE_MEMBER")), details);
            byte[] bytes = encode(context);
            assertThat(bytes[0]).isEqualTo(SessionAttributeCodec.STAFF_CONTEXT);
            assertThat(bytes.length).isLessThan(120);
            SecurityContext read = (SecurityContext) decode(bytes);
            assertThat(read).usingRecursiveComparison().isEqualTo(context);
            StaffPrincipal readPrincipal = (StaffPrincipal) read.getAuthentication().getPrincipal();
            assertThat(readPrincipal.userId()).isEqualTo(principal.userId());
            assertThat(readPrincipal.orgId()).isEqualTo(principal.orgId());
            assertThat(readPrincipal.role()).isEqualTo(StaffRole.MEMBER);
            assertThat(readPrincipal.isEnabled()).isTrue();
            assertThat(readPrincipal.getPassword()).isNull();
            assertThat(read.getAuthentication().isAuthenticated()).isTrue();
            assertThat(List.copyOf(read.getAuthentication().getAuthorities())).isEqualTo(List.of(new SimpleGrantedAuthority("ROLE_MEMBER")));
            assertThat(read.getAuthentication().getDetails()).isEqualTo(details);
        }
    }

    @Test
    void aFormSignInsContextWithItsPasswordFactorRoundTripsInItsCompactForm() {
        StaffPrincipal principal = staff(StaffRole.ADMIN, null);
        var factor = org.springframework.security.core.authority.FactorGrantedAuthority
                .withAuthority("FACTOR_PASSWORD").issuedAt(java.time.Instant.parse("2026-11-28T01:02:03.456789Z")).build();
        SecurityContext context = contextOf(principal, List.<org.springframework.security.core.GrantedAuthority>of(new SimpleGrantedAuthority("ROLE_ADMIN"), factor),
                new WebAuthenticationDetails("127.0.0.1", null));
        byte[] bytes = encode(context);
        assertThat(bytes[0]).isEqualTo(SessionAttributeCodec.STAFF_CONTEXT);
        SecurityContext read = (SecurityContext) decode(bytes);
        assertThat(read).usingRecursiveComparison().isEqualTo(context);
        assertThat(List.copyOf(read.getAuthentication().getAuthorities()))
                .isEqualTo(List.<Object>of(new SimpleGrantedAuthority("ROLE_ADMIN"), factor));
    }

    @Test
    void theCsrfTokenRoundTripsInItsCompactForm() {
        DefaultCsrfToken token = new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", UUID.randomUUID().toString());
        byte[] bytes = encode(token);
        assertThat(bytes[0]).isEqualTo(SessionAttributeCodec.CSRF_TOKEN);
        DefaultCsrfToken read = (DefaultCsrfToken) decode(bytes);
        assertThat(read.getHeaderName()).isEqualTo("X-CSRF-TOKEN");
        assertThat(read.getParameterName()).isEqualTo("_csrf");
        assertThat(read.getToken()).isEqualTo(token.getToken());
    }

    @Test
    void anythingElseIsJavaSerializedAsBeforeAndReadBack() {
        List<Object> others = List.of(
                // the two-step sign-in's pending context
                contextOf(new PendingSignIn(new UserId(UUID.randomUUID()), new OrgId(UUID.randomUUID())),
                        List.of(new SimpleGrantedAuthority("ROLE_" + PendingSignIn.ROLE)), null),
                // a principal still holding its password hash: never written in a form of ours
                contextOf(staff(StaffRole.ADMIN, "$argon2id$hash"), List.of(new SimpleGrantedAuthority("ROLE_ADMIN")), null),
                // an authority of a kind this codec does not write
                contextOf(staff(StaffRole.ADMIN, null), List.<org.springframework.security.core.GrantedAuthority>of(new SimpleGrantedAuthority("ROLE_ADMIN"),
                        (org.springframework.security.core.GrantedAuthority) () -> "CUSTOM"), null),
                new SecurityContextImpl(),
                "a flash notice",
                new java.util.ArrayList<>(List.of(1, 2, 3)));
        for (Object value : others) {
            byte[] bytes = encode(value);
            assertThat(bytes[0]).as("a Java serialization stream: %s", value).isEqualTo(SessionAttributeCodec.JAVA);
            assertThat(decode(bytes)).usingRecursiveComparison().isEqualTo(value);
        }
    }
}
