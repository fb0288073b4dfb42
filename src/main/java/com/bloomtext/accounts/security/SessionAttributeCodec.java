package com.bloomtext.accounts.security;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.bloomtext.accounts.StaffRole;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.UserId;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.support.GenericConversionService;
import org.springframework.core.serializer.support.DeserializingConverter;
import org.springframework.core.serializer.support.SerializingConverter;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

/**
 * How the staff session's two attributes that every request reads are stored: the signed-in staff user's security
 * context and the CSRF token, in a few bytes of their own instead of Java serialization. Spring Session JDBC reads
 * the attributes a request asks for from their bytes on every request (the security context on each, the CSRF token
 * on every form post and every page with a form): Java's {@code ObjectInputStream} took about 5% of a send request's
 * CPU in the bench profile (class descriptors, reflection, a dozen objects per attribute).
 * <p>
 * Only values of exactly the known shape are written this way: a {@link SecurityContextImpl} holding an authenticated
 * {@link UsernamePasswordAuthenticationToken} of a {@link StaffPrincipal} without password hash and credentials, whose
 * authorities are roles ({@link SimpleGrantedAuthority}) and the sign-in factors Spring Security 7 adds
 * ({@link FactorGrantedAuthority}, "FACTOR_PASSWORD" with its time), in their order, and with no details or
 * {@link WebAuthenticationDetails}; and a
 * {@link DefaultCsrfToken}. Everything else (the two-step sign-in's pending context, saved requests, flash maps, a
 * support operator's context, a principal with a password hash) is Java-serialized as before, and bytes written
 * before this codec (a Java serialization stream starts with 0xACED) are read as before: sessions survive the
 * upgrade. The first byte tells the forms apart.
 */
@Configuration(proxyBeanMethods = false)
class SessionAttributeCodec {

    /** A Java serialization stream's first byte (its magic number is 0xACED). */
    static final byte JAVA = (byte) 0xAC;
    static final byte STAFF_CONTEXT = 1;
    static final byte CSRF_TOKEN = 2;

    @Bean
    SessionRepositoryCustomizer<JdbcIndexedSessionRepository> compactSessionAttributes() {
        return repository -> repository.setConversionService(conversionService(SessionAttributeCodec.class.getClassLoader()));
    }

    static GenericConversionService conversionService(ClassLoader classLoader) {
        SerializingConverter java = new SerializingConverter();
        DeserializingConverter fromJava = new DeserializingConverter(classLoader);
        GenericConversionService conversions = new GenericConversionService();
        conversions.addConverter(Object.class, byte[].class, value -> {
            byte[] compact = encode(value);
            return compact != null ? compact : java.convert(value);
        });
        conversions.addConverter(byte[].class, Object.class,
                bytes -> bytes.length > 0 && bytes[0] != JAVA ? decode(bytes) : fromJava.convert(bytes));
        return conversions;
    }

    /** The value's compact bytes, or null when it is not of a shape this codec writes. */
    static byte[] encode(Object value) {
        if (value instanceof DefaultCsrfToken token && token.getClass() == DefaultCsrfToken.class) {
            return write(out -> {
                out.writeByte(CSRF_TOKEN);
                out.writeUTF(token.getHeaderName());
                out.writeUTF(token.getParameterName());
                out.writeUTF(token.getToken());
            });
        }
        if (value instanceof SecurityContextImpl context && context.getClass() == SecurityContextImpl.class
                && isCompactStaff(context.getAuthentication())) {
            Authentication authentication = context.getAuthentication();
            StaffPrincipal principal = (StaffPrincipal) authentication.getPrincipal();
            WebAuthenticationDetails details = (WebAuthenticationDetails) authentication.getDetails();
            return write(out -> {
                out.writeByte(STAFF_CONTEXT);
                writeUuid(out, principal.userId().value());
                writeUuid(out, principal.orgId().value());
                out.writeUTF(principal.role().name());
                out.writeBoolean(principal.isEnabled());
                out.writeShort(authentication.getAuthorities().size());
                for (GrantedAuthority authority : authentication.getAuthorities()) {
                    out.writeUTF(authority.getAuthority());
                    boolean factor = authority instanceof FactorGrantedAuthority;
                    out.writeBoolean(factor);
                    if (factor) {
                        Instant issuedAt = ((FactorGrantedAuthority) authority).getIssuedAt();
                        out.writeLong(issuedAt.getEpochSecond());
                        out.writeInt(issuedAt.getNano());
                    }
                }
                out.writeBoolean(details != null);
                if (details != null) {
                    writeNullable(out, details.getRemoteAddress());
                    writeNullable(out, details.getSessionId());
                }
            });
        }
        return null;
    }

    private static boolean isCompactStaff(Authentication authentication) {
        return authentication != null && authentication.getClass() == UsernamePasswordAuthenticationToken.class
                && authentication.isAuthenticated() && authentication.getCredentials() == null
                && authentication.getPrincipal() instanceof StaffPrincipal principal && principal.getPassword() == null
                && authentication.getAuthorities().size() < 100
                && authentication.getAuthorities().stream().allMatch(SessionAttributeCodec::isCompactAuthority)
                && (authentication.getDetails() == null
                        || authentication.getDetails().getClass() == WebAuthenticationDetails.class);
    }

    /** A role (as the principal grants it) or a factor Spring Security 7 records at sign-in (its time included). */
    private static boolean isCompactAuthority(GrantedAuthority authority) {
        return authority != null && authority.getAuthority() != null
                && (authority.getClass() == SimpleGrantedAuthority.class
                        || authority.getClass() == FactorGrantedAuthority.class
                                && ((FactorGrantedAuthority) authority).getIssuedAt() != null);
    }

    static Object decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte kind = in.readByte();
            if (kind == CSRF_TOKEN) {
                return new DefaultCsrfToken(in.readUTF(), in.readUTF(), in.readUTF());
            }
            if (kind == STAFF_CONTEXT) {
                StaffPrincipal principal = new StaffPrincipal(new UserId(readUuid(in)), new OrgId(readUuid(in)),
                        StaffRole.valueOf(in.readUTF()), in.readBoolean(), null);
                int count = in.readShort();
                List<GrantedAuthority> authorities = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    String authority = in.readUTF();
                    authorities.add(in.readBoolean()
                            ? FactorGrantedAuthority.withAuthority(authority)
                                    .issuedAt(Instant.ofEpochSecond(in.readLong(), in.readInt())).build()
                            : new SimpleGrantedAuthority(authority));
                }
                UsernamePasswordAuthenticationToken authentication = UsernamePasswordAuthenticationToken
                        .authenticated(principal, null, authorities);
                if (in.readBoolean()) {
                    authentication.setDetails(new WebAuthenticationDetails(readNullable(in), readNullable(in)));
                }
                return new SecurityContextImpl(authentication);
            }
            throw new IllegalStateException("Unknown session attribute form " + kind);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface Writing {
        void to(DataOutputStream out) throws IOException;
    }

    private static byte[] write(Writing writing) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writing.to(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeUuid(DataOutputStream out, UUID id) throws IOException {
        out.writeLong(id.getMostSignificantBits());
        out.writeLong(id.getLeastSignificantBits());
    }

    private static UUID readUuid(DataInputStream in) throws IOException {
        return new UUID(in.readLong(), in.readLong());
    }

    private static void writeNullable(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
