package com.bloomtext.email.sandbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.mail.Mailer;
import com.bloomtext.shared.mail.OutgoingEmail;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The sandbox mailer: a real {@link Mailer} that delivers into a table instead of a mail server, so
 * that a developer can read every email on the "Sandbox outbox" page. Each organization sees its own.
 */
@Component
@ConditionalOnProperty(name = "bloomtext.email.mode", havingValue = "sandbox", matchIfMissing = true)
public class SandboxOutbox implements Mailer {

    private final JdbcClient jdbc;
    private final Clock clock;

    SandboxOutbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void send(OutgoingEmail email) {
        jdbc.sql("""
                        insert into sandbox_email (id, organization_id, recipient, subject, body, sent_at)
                        values (:id, :org, :to, :subject, :body, :at)""")
                .param("id", UUID.randomUUID())
                .param("org", email.organization().value())
                .param("to", email.to())
                .param("subject", email.subject())
                .param("body", email.text())
                .param("at", Timestamp.from(clock.instant()))
                .update();
    }

    public List<SandboxEmail> latest(OrgId org, int limit) {
        return jdbc.sql("select * from sandbox_email where organization_id = :org order by sent_at desc, id limit :limit")
                .param("org", org.value())
                .param("limit", limit)
                .query(SandboxOutbox::map)
                .list();
    }

    public Optional<SandboxEmail> find(OrgId org, UUID id) {
        return jdbc.sql("select * from sandbox_email where organization_id = :org and id = :id")
                .param("org", org.value())
                .param("id", id)
                .query(SandboxOutbox::map)
                .optional();
    }

    private static SandboxEmail map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new SandboxEmail(rs.getObject("id", UUID.class), rs.getString("recipient"), rs.getString("subject"),
                rs.getString("body"), rs.getTimestamp("sent_at").toInstant());
    }
}
