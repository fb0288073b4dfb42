package com.bloomtext.numbers.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import com.bloomtext.accounts.StaffDirectory;
import com.bloomtext.accounts.StaffMember;
import com.bloomtext.audit.AuditAction;
import com.bloomtext.audit.AuditLog;
import com.bloomtext.audit.AuditTarget;
import com.bloomtext.audit.Outcome;
import com.bloomtext.carrier.NumberProvisioning;
import com.bloomtext.carrier.Portability;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.E164;
import com.bloomtext.shared.NotFoundException;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.TeamId;
import com.bloomtext.shared.UserId;
import com.bloomtext.shared.mail.MailDeliveryException;
import com.bloomtext.shared.mail.Mailer;
import com.bloomtext.shared.mail.OutgoingEmail;
import com.bloomtext.shared.web.PublicBaseUrl;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Port-in requests: an admin submits one (portability checked first), support marks it eligible, not
 * portable (with the reason) or completed, and completion activates the number with its team. The
 * requesting admin is emailed at each step; the support address when one arrives.
 */
@Service
public class PortIns {

    private static final Logger log = LoggerFactory.getLogger(PortIns.class);

    private final JdbcClient jdbc;
    private final NumberProvisioning carrier;
    private final PhoneNumbers numbers;
    private final NumberPurchases purchases;
    private final Teams teams;
    private final StaffDirectory staff;
    private final AuditLog auditLog;
    private final Mailer mailer;
    private final PublicBaseUrl publicBaseUrl;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final String supportAddress;

    PortIns(JdbcClient jdbc, NumberProvisioning carrier, PhoneNumbers numbers, NumberPurchases purchases, Teams teams,
            StaffDirectory staff, AuditLog auditLog, Mailer mailer, PublicBaseUrl publicBaseUrl,
            TransactionTemplate transaction, Clock clock,
            @Value("${bloomtext.support.email:support@bloomtext.com}") String supportAddress) {
        this.jdbc = jdbc;
        this.carrier = carrier;
        this.numbers = numbers;
        this.purchases = purchases;
        this.teams = teams;
        this.staff = staff;
        this.auditLog = auditLog;
        this.mailer = mailer;
        this.publicBaseUrl = publicBaseUrl;
        this.transaction = transaction;
        this.clock = clock;
        this.supportAddress = supportAddress;
    }

    /** What the admin typed on "Keep your existing number". */
    public record Submission(E164 number, String currentCarrier, String accountNumber, String pin,
            String authorizedName, String serviceAddress, String signature) {
    }

    /**
     * Submits a port-in after checking that the plan has room, the number is not already on BloomText,
     * and the carrier says it is portable.
     *
     * @throws PortInRefusedException with the reason, when it cannot be ported
     */
    public UUID submit(Actor admin, Submission submission) {
        Teams.requireAdmin(admin);
        purchases.limitProblem(admin).ifPresent(problem -> {
            throw new NumberLimitException(problem);
        });
        if (numbers.heldAnywhere(submission.number())) {
            throw refused(admin, "This number is already on BloomText.");
        }
        Portability portability = carrier.checkPortability(submission.number());
        if (!portability.portable()) {
            throw refused(admin, portability.reason());
        }
        UUID id = UUID.randomUUID();
        try {
            transaction.executeWithoutResult(status -> {
                jdbc.sql("""
                                insert into port_in_request (id, organization_id, number, current_carrier, account_number, pin,
                                    authorized_name, service_address, signature, status, requested_by, submitted_at, updated_at)
                                values (:id, :org, :number, :carrier, :account, :pin, :name, :address, :signature,
                                    'SUBMITTED', :by, :at, :at)""")
                        .param("id", id)
                        .param("org", admin.orgId().value())
                        .param("number", submission.number().value())
                        .param("carrier", submission.currentCarrier())
                        .param("account", submission.accountNumber())
                        .param("pin", submission.pin())
                        .param("name", submission.authorizedName())
                        .param("address", submission.serviceAddress())
                        .param("signature", submission.signature())
                        .param("by", admin.userId().value())
                        .param("at", Timestamp.from(clock.instant()))
                        .update();
                auditLog.record(admin, AuditAction.PORT_IN_SUBMITTED, AuditTarget.of("port_in", id), Outcome.SUCCESS,
                        null);
            });
        } catch (DuplicateKeyException e) {
            throw new PortInRefusedException("A port-in request for this number is already open.");
        }
        String organization = staff.profile(admin.orgId()).name();
        send(new OutgoingEmail(admin.orgId(), supportAddress, "Port-in request: " + submission.number().display(),
                organization + " asks to port " + submission.number().display() + " to BloomText.\n\n"
                        + "Work it in the support console: " + publicBaseUrl.link("/support/port-ins/" + id) + "\n"));
        return id;
    }

    /** The organization's requests, newest first, as the admin sees them. */
    public List<PortInRequest> of(Actor admin) {
        return jdbc.sql("select * from port_in_request where organization_id = :org order by submitted_at desc")
                .param("org", admin.orgId().value())
                .query(PortIns::map)
                .list();
    }

    // Support's side: every organization's requests, and nothing else of theirs.

    public List<PortInRequest> all() {
        return jdbc.sql("select * from port_in_request order by (status in ('SUBMITTED', 'ELIGIBLE')) desc, submitted_at desc")
                .query(PortIns::map)
                .list();
    }

    public Optional<PortInRequest> find(UUID id) {
        return jdbc.sql("select * from port_in_request where id = :id").param("id", id).query(PortIns::map).optional();
    }

    public String organizationName(PortInRequest request) {
        return staff.profile(request.organization()).name();
    }

    public void markEligible(String operator, UUID id) {
        change(operator, id, PortInRequest.Status.ELIGIBLE, null);
    }

    public void markNotPortable(String operator, UUID id, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("Say why the number is not portable: the practice will read it.");
        }
        change(operator, id, PortInRequest.Status.NOT_PORTABLE, reason.strip());
    }

    /** The port is done: the number becomes active with its own team, the requesting admin its first member. */
    public void complete(String operator, UUID id) {
        change(operator, id, PortInRequest.Status.COMPLETED, null);
    }

    private void change(String operator, UUID id, PortInRequest.Status next, String reason) {
        PortInRequest request = transaction.execute(status -> {
            PortInRequest current = jdbc.sql("select * from port_in_request where id = :id for update")
                    .param("id", id).query(PortIns::map).optional()
                    .filter(PortInRequest::open)
                    .orElseThrow(() -> new NotFoundException("Open port-in request"));
            UUID phoneNumber = null;
            if (next == PortInRequest.Status.COMPLETED) {
                phoneNumber = activate(current);
            }
            boolean closes = next == PortInRequest.Status.COMPLETED || next == PortInRequest.Status.NOT_PORTABLE;
            jdbc.sql("""
                            update port_in_request set status = :status, status_reason = :reason, updated_at = :at,
                                phone_number_id = coalesce(:phone, phone_number_id),
                                account_number = case when :closes then null else account_number end,
                                pin = case when :closes then null else pin end
                            where id = :id""")
                    .param("status", next.name())
                    .param("reason", reason)
                    .param("at", Timestamp.from(clock.instant()))
                    .param("phone", phoneNumber)
                    .param("closes", closes)
                    .param("id", id)
                    .update();
            auditLog.recordAnonymous(current.organization(), AuditAction.PORT_IN_STATUS_CHANGED,
                    AuditTarget.of("port_in", id), Outcome.SUCCESS, next.name() + " by support " + operator);
            return current;
        });
        staff.find(request.organization(), request.requestedBy()).filter(StaffMember::active).ifPresent(admin -> send(
                new OutgoingEmail(request.organization(), admin.email(),
                        "Port-in " + request.number().display() + ": " + next.label().toLowerCase(Locale.ROOT),
                        statusText(request, next, reason))));
    }

    private UUID activate(PortInRequest request) {
        numbers.lockOrganization(request.organization());
        TeamId team = TeamId.random();
        UUID held = UUID.randomUUID();
        teams.create(request.organization(), team, request.number().display());
        numbers.add(new HeldNumber(held, request.organization(), team, request.number(), HeldNumber.Status.ACTIVE,
                carrier.name(), null, clock.instant()));
        teams.join(request.organization(), null, team, request.requestedBy());
        return held;
    }

    private String statusText(PortInRequest request, PortInRequest.Status next, String reason) {
        String number = request.number().display();
        return switch (next) {
            case ELIGIBLE -> "Good news: " + number + " can be ported to BloomText. Support is working on the port.\n";
            case NOT_PORTABLE -> number + " can't be ported to BloomText: " + reason + "\n\n"
                    + "You can pick a new number instead: " + publicBaseUrl.link("/settings/organization/plan/phone-number") + "\n";
            case COMPLETED -> number + " now works on BloomText. Its team is set up; add coworkers under "
                    + "Directory → Phone numbers.\n";
            case SUBMITTED -> "";
        };
    }

    private PortInRefusedException refused(Actor admin, String reason) {
        auditLog.record(admin, AuditAction.PORT_IN_REFUSED, AuditTarget.NONE, Outcome.DENIED, null);
        return new PortInRefusedException(reason);
    }

    private void send(OutgoingEmail email) {
        try {
            mailer.send(email);
        } catch (MailDeliveryException e) {
            log.warn("A port-in email could not be sent; the request itself is saved");
        }
    }

    private static PortInRequest map(ResultSet rs, int row) throws SQLException {
        return new PortInRequest(rs.getObject("id", UUID.class), new OrgId(rs.getObject("organization_id", UUID.class)),
                new E164(rs.getString("number")), rs.getString("current_carrier"), rs.getString("account_number"),
                rs.getString("pin"), rs.getString("authorized_name"), rs.getString("service_address"),
                PortInRequest.Status.valueOf(rs.getString("status")), rs.getString("status_reason"),
                new UserId(rs.getObject("requested_by", UUID.class)), rs.getTimestamp("submitted_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    /** The number cannot be ported in; the message says why. */
    public static class PortInRefusedException extends RuntimeException {

        public PortInRefusedException(String message) {
            super(message);
        }
    }
}
