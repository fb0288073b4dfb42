package com.bloomtext.portal.identity;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;

import com.bloomtext.audit.AuditAction;
import com.bloomtext.audit.AuditLog;
import com.bloomtext.audit.AuditTarget;
import com.bloomtext.audit.Outcome;
import com.bloomtext.messaging.SecureChat;
import com.bloomtext.patients.PatientDirectory;
import com.bloomtext.patients.PatientSummary;
import com.bloomtext.portal.PortalProperties;
import com.bloomtext.portal.links.LinkNotifications;
import com.bloomtext.portal.links.SecureLink;
import com.bloomtext.portal.links.SecureLinks;
import com.bloomtext.portal.links.Tokens;
import com.bloomtext.shared.mail.MailDeliveryException;
import com.bloomtext.shared.mail.Mailer;
import com.bloomtext.shared.mail.OutgoingEmail;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The identity step, before anything of the conversation is shown: the date of birth when the record has
 * one, otherwise a six-digit code texted or emailed to the patient. Failed checks count against the link
 * (the limit locks it until staff resend) and against the client's address.
 */
@Service
public class IdentityCheck {

    private static final DateTimeFormatter US_DATE = DateTimeFormatter.ofPattern("M/d/uuuu")
            .withResolverStyle(ResolverStyle.STRICT);

    private final SecureLinks links;
    private final PatientDirectory patients;
    private final SecureChat secureChat;
    private final Mailer mailer;
    private final AddressThrottle throttle;
    private final AuditLog auditLog;
    private final PortalProperties properties;

    IdentityCheck(SecureLinks links, PatientDirectory patients, SecureChat secureChat, Mailer mailer,
            AddressThrottle throttle, AuditLog auditLog, PortalProperties properties) {
        this.links = links;
        this.patients = patients;
        this.secureChat = secureChat;
        this.mailer = mailer;
        this.throttle = throttle;
        this.auditLog = auditLog;
        this.properties = properties;
    }

    /** How this patient proves who they are: what the record holds decides. */
    public record Method(boolean dateOfBirth, boolean phone, boolean email) {
    }

    public enum Channel { SMS, EMAIL }

    /** How a check ended. */
    public enum Result { VERIFIED, WRONG, BAD_FORMAT, LOCKED, THROTTLED }

    /** A check's result, and how many tries the link has left. */
    public record Check(Result result, int triesLeft) {
    }

    public Method method(SecureLink link) {
        PatientSummary patient = patient(link);
        return new Method(patient != null && patient.dateOfBirth() != null,
                patient != null && patient.phone() != null, patient != null && patient.email() != null);
    }

    public boolean throttled(String address) {
        return throttle.paused(address);
    }

    /** Checks a typed date of birth (YYYY-MM-DD from a date field, or MM/DD/YYYY typed). */
    @Transactional
    public Check checkDateOfBirth(SecureLink link, String typed, String address) {
        if (throttle.paused(address)) {
            return new Check(Result.THROTTLED, 0);
        }
        Optional<LocalDate> date = parseDate(typed);
        if (date.isEmpty()) {
            return new Check(Result.BAD_FORMAT, properties.maxFailures() - link.failedAttempts());
        }
        PatientSummary patient = patient(link);
        boolean matches = patient != null && date.get().equals(patient.dateOfBirth());
        return settle(link, matches, address);
    }

    @Transactional
    public Check checkCode(SecureLink link, String typed, String address) {
        if (throttle.paused(address)) {
            return new Check(Result.THROTTLED, 0);
        }
        if (typed == null || !typed.strip().matches("\\d{6}")) {
            return new Check(Result.BAD_FORMAT, properties.maxFailures() - link.failedAttempts());
        }
        return settle(link, links.codeMatches(link, typed), address);
    }

    /**
     * Sends a new one-time code (it replaces any earlier one). False when no more codes may be sent for
     * this link or the channel cannot reach the patient.
     */
    @Transactional
    public boolean sendCode(SecureLink link, Channel channel) {
        Method method = method(link);
        if (method.dateOfBirth() || link.codesSent() >= properties.maxCodes()) {
            return false;
        }
        SecureChat.ConversationRef conversation = secureChat.find(link.organization(), link.conversation()).orElse(null);
        if (conversation == null) {
            return false;
        }
        String code = Tokens.sixDigitCode();
        String text = conversation.organizationName() + " code: " + code + ". It expires in "
                + properties.codeValidity().toMinutes() + " minutes.";
        boolean sent;
        if (channel == Channel.SMS && method.phone()) {
            sent = secureChat.textPatient(link.organization(), link.conversation(), text);
        } else if (channel == Channel.EMAIL && method.email()) {
            OutgoingEmail email = new OutgoingEmail(link.organization(), patient(link).email(),
                    "Your code for " + conversation.organizationName(), text);
            LinkNotifications.afterCommit(() -> {
                try {
                    mailer.send(email);
                } catch (MailDeliveryException e) {
                    // The patient asks for another code; nothing of the email is logged.
                }
            });
            sent = true;
        } else {
            sent = false;
        }
        if (sent) {
            links.rememberCode(link, code);
            auditLog.recordAnonymous(link.organization(), AuditAction.PORTAL_CODE_SENT,
                    AuditTarget.of("secure_link", link.id()), Outcome.SUCCESS, channel.name());
        }
        return sent;
    }

    private Check settle(SecureLink link, boolean matches, String address) {
        if (matches) {
            links.recordSuccess(link);
            auditLog.record(link.patientActor(), AuditAction.PORTAL_IDENTITY_VERIFIED,
                    AuditTarget.of("secure_link", link.id()), Outcome.SUCCESS, null);
            return new Check(Result.VERIFIED, properties.maxFailures());
        }
        throttle.recordFailure(address);
        SecureLink now = links.recordFailure(link);
        return now.locked() ? new Check(Result.LOCKED, 0)
                : new Check(Result.WRONG, Math.max(0, properties.maxFailures() - now.failedAttempts()));
    }

    private PatientSummary patient(SecureLink link) {
        return patients.get(link.organization(), link.patient()).orElse(null);
    }

    static Optional<LocalDate> parseDate(String typed) {
        if (typed == null || typed.isBlank()) {
            return Optional.empty();
        }
        String text = typed.strip();
        try {
            return Optional.of(text.contains("/") ? LocalDate.parse(text, US_DATE) : LocalDate.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
