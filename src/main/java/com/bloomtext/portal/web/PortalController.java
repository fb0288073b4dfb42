package com.bloomtext.portal.web;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import com.bloomtext.audit.AuditAction;
import com.bloomtext.audit.AuditLog;
import com.bloomtext.audit.AuditTarget;
import com.bloomtext.audit.Outcome;
import com.bloomtext.messaging.Attachment;
import com.bloomtext.messaging.AttachmentContent;
import com.bloomtext.messaging.AttachmentRefused;
import com.bloomtext.messaging.ConversationFiles;
import com.bloomtext.messaging.SecureChat;
import com.bloomtext.portal.identity.IdentityCheck;
import com.bloomtext.portal.links.SecureLink;
import com.bloomtext.portal.links.SecureLinks;
import com.bloomtext.portal.receipts.ReadReceipts;
import com.bloomtext.portal.session.PortalPrincipal;
import com.bloomtext.portal.session.PortalSessions;
import com.bloomtext.shared.ByteSizes;
import com.bloomtext.shared.NotFoundException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * The patient's pages: a link opens the identity step, then the conversation with its Secure Chat
 * messages and the reply form. A link that no longer opens (expired, voided, locked) and one that never
 * existed answer alike: one page, one status, the same bytes, after the same work.
 */
@Controller
class PortalController {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MMM d, h:mm a", Locale.US);

    private final SecureLinks links;
    private final IdentityCheck identity;
    private final PortalSessions sessions;
    private final SecureChat secureChat;
    private final ReadReceipts receipts;
    private final PatientReplies replies;
    private final ConversationFiles files;
    private final AuditLog auditLog;
    private final Clock clock;
    private final String maxFileSize;

    PortalController(SecureLinks links, IdentityCheck identity, PortalSessions sessions, SecureChat secureChat,
            ReadReceipts receipts, PatientReplies replies, ConversationFiles files, AuditLog auditLog, Clock clock,
            @Value("${bloomtext.files.max-size:25MB}") DataSize maxFileSize) {
        this.links = links;
        this.identity = identity;
        this.sessions = sessions;
        this.secureChat = secureChat;
        this.receipts = receipts;
        this.replies = replies;
        this.files = files;
        this.auditLog = auditLog;
        this.clock = clock;
        this.maxFileSize = ByteSizes.display(maxFileSize.toBytes());
    }

    @GetMapping(PortalRoutes.LINK)
    String open(@PathVariable String token, @AuthenticationPrincipal PortalPrincipal patient, Model model,
            HttpServletResponse response) {
        Optional<SecureLink> known = links.byToken(token);
        Optional<SecureLink> link = usable(known);
        if (link.isEmpty()) {
            return unavailable(known, model, response);
        }
        if (patient != null && patient.link().equals(link.get().id())) {
            return "redirect:" + PortalRoutes.CONVERSATION;
        }
        return identityPage(model, token, link.get(), null, null);
    }

    @PostMapping(PortalRoutes.LINK + "/verify")
    String verify(@PathVariable String token, @RequestParam(required = false) String dateOfBirth,
            @RequestParam(required = false) String code, Model model, HttpServletRequest request,
            HttpServletResponse response) {
        Optional<SecureLink> known = links.byToken(token);
        Optional<SecureLink> found = usable(known);
        if (found.isEmpty()) {
            return unavailable(known, model, response);
        }
        SecureLink link = found.get();
        IdentityCheck.Method method = identity.method(link);
        IdentityCheck.Check check = method.dateOfBirth()
                ? identity.checkDateOfBirth(link, dateOfBirth, request.getRemoteAddr())
                : identity.checkCode(link, code, request.getRemoteAddr());
        return switch (check.result()) {
            case VERIFIED -> {
                sessions.start(link, request, response);
                yield "redirect:" + PortalRoutes.CONVERSATION;
            }
            case LOCKED -> unavailable(links.byId(link.id()), model, response);
            case THROTTLED -> tooManyTries(model, response);
            case BAD_FORMAT -> identityPage(model, token, link, null, method.dateOfBirth()
                    ? "Enter your date of birth, like 04/23/1985."
                    : "Enter the 6-digit code we sent you.");
            case WRONG -> identityPage(model, token, link, null, (method.dateOfBirth()
                    ? "That date of birth doesn't match our records."
                    : "That code doesn't match, or it has expired.")
                    + (check.triesLeft() == 1 ? " 1 try left." : " " + check.triesLeft() + " tries left."));
        };
    }

    @PostMapping(PortalRoutes.LINK + "/code")
    String sendCode(@PathVariable String token, @RequestParam(defaultValue = "SMS") String channel, Model model,
            HttpServletRequest request, HttpServletResponse response) {
        Optional<SecureLink> known = links.byToken(token);
        Optional<SecureLink> found = usable(known);
        if (found.isEmpty()) {
            return unavailable(known, model, response);
        }
        if (identity.throttled(request.getRemoteAddr())) {
            return tooManyTries(model, response);
        }
        IdentityCheck.Channel by = "EMAIL".equals(channel) ? IdentityCheck.Channel.EMAIL : IdentityCheck.Channel.SMS;
        if (!identity.sendCode(found.get(), by)) {
            return identityPage(model, token, found.get(), null,
                    "We couldn't send a code that way. Ask the practice to resend your link.");
        }
        SecureLink link = links.byId(found.get().id()).orElseThrow();
        return identityPage(model, token, link, by == IdentityCheck.Channel.SMS
                ? "We texted you a 6-digit code. It works for 10 minutes."
                : "We emailed you a 6-digit code. It works for 10 minutes.", null);
    }

    @GetMapping(PortalRoutes.CONVERSATION)
    String conversation(@AuthenticationPrincipal PortalPrincipal patient, Model model) {
        return conversationPage(model, patient, "", null, true);
    }

    @PostMapping(PortalRoutes.REPLIES)
    String reply(@AuthenticationPrincipal PortalPrincipal patient, @RequestParam(defaultValue = "") String body,
            @RequestParam(name = "file", required = false) MultipartFile file, Model model) throws IOException {
        // A browser sends an empty, unnamed part when no file was chosen.
        boolean attaching = file != null && file.getOriginalFilename() != null && !file.getOriginalFilename().isBlank();
        try (InputStream content = attaching ? file.getInputStream() : InputStream.nullInputStream()) {
            replies.reply(patient, body, attaching ? new PatientReplies.Upload(file.getOriginalFilename(), content) : null);
        } catch (SecureChat.ReplyRefused | AttachmentRefused refused) {
            return conversationPage(model, patient, body, refused.getMessage(), false);
        }
        return "redirect:" + PortalRoutes.CONVERSATION;
    }

    /** A file of the patient's conversation, as a download; audited by the messaging API. */
    @GetMapping(PortalRoutes.FILE)
    void download(@AuthenticationPrincipal PortalPrincipal patient, @PathVariable String id,
            HttpServletResponse response) throws IOException {
        try (AttachmentContent file = files.open(patient.actor(), patient.conversation(),
                NotFoundException.idOf(id, "Attachment"))) {
            file.sendAsDownload(response);
        }
    }

    @PostMapping(PortalRoutes.SIGN_OUT)
    String signOut(@AuthenticationPrincipal PortalPrincipal patient, Model model, HttpServletRequest request,
            HttpServletResponse response) {
        if (patient != null) {
            sessions.end(patient.sessionSha256());
        }
        sessions.clearCookie(request, response);
        model.addAttribute("page", new PortalPages.NoticePage("You're signed out",
                "To read your messages again, open the link from your text or email."));
        return "portal/notice";
    }

    @GetMapping(PortalRoutes.ENDED)
    String ended(Model model, HttpServletRequest request, HttpServletResponse response) {
        sessions.clearCookie(request, response);
        model.addAttribute("page", new PortalPages.NoticePage("Your secure session ended",
                "For your privacy, a session ends after 30 minutes without activity. Open the link from your text or email again."));
        return "portal/notice";
    }

    private String conversationPage(Model model, PortalPrincipal patient, String draft, String problem, boolean view) {
        SecureChat.ConversationRef conversation = secureChat.find(patient.organization(), patient.conversation())
                .filter(found -> found.patient().equals(patient.patient()))
                .orElseThrow(() -> new NotFoundException("Conversation"));
        var messages = secureChat.secureMessages(patient.organization(), patient.conversation());
        if (view) {
            receipts.viewed(patient, messages.stream().filter(message -> !message.fromPatient())
                    .map(SecureChat.ChatMessage::id).toList());
            auditLog.record(patient.actor(), AuditAction.PORTAL_CONVERSATION_VIEWED,
                    AuditTarget.of("conversation", conversation.id()), Outcome.SUCCESS, null);
        }
        List<String> staff = messages.stream().filter(message -> !message.fromPatient())
                .map(SecureChat.ChatMessage::author).distinct().toList();
        Map<UUID, List<PortalPages.FileLine>> attachments = files.list(patient.organization(), patient.conversation()).stream()
                .collect(Collectors.groupingBy(Attachment::messageId, Collectors.mapping(
                        file -> new PortalPages.FileLine(file.fileName(), file.displaySize(), PortalRoutes.file(file.id())),
                        Collectors.toList())));
        var lines = messages.stream()
                .map(message -> new PortalPages.Line(message.author(), message.fromPatient(),
                        WHEN.format(message.at().atZone(conversation.timeZone())), message.body(),
                        attachments.getOrDefault(message.id(), List.of())))
                .toList();
        model.addAttribute("page", new PortalPages.ConversationPage(conversation.organizationName(), staff, lines,
                conversation.repliesAllowed(), draft, problem, maxFileSize));
        return "portal/conversation";
    }

    private String identityPage(Model model, String token, SecureLink link, String notice, String problem) {
        IdentityCheck.Method method = identity.method(link);
        String organization = secureChat.find(link.organization(), link.conversation())
                .map(SecureChat.ConversationRef::organizationName).orElse("");
        model.addAttribute("page", new PortalPages.IdentityPage(token, organization, method.dateOfBirth(),
                method.phone(), method.email(), link.codePending(clock.instant()), notice, problem));
        return "portal/identity";
    }

    /**
     * Every link that does not open (unknown, expired, voided, locked) gets this same answer, byte for byte,
     * after the same work: the one lookup by the token's hash already made, one audit row, one page that
     * names nobody. Naming the practice for a known link would tell a guesser that the token exists.
     */
    private String unavailable(Optional<SecureLink> known, Model model, HttpServletResponse response) {
        SecureLink link = known.orElse(null);
        auditLog.recordAnonymous(link == null ? null : link.organization(), AuditAction.SECURE_LINK_REFUSED,
                link == null ? AuditTarget.NONE : AuditTarget.of("secure_link", link.id()), Outcome.DENIED,
                link == null ? "unknown link" : link.locked() ? "locked"
                        : link.voidedAt() != null ? "replaced by a newer link" : "expired");
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        model.addAttribute("page", new PortalPages.UnavailablePage());
        return "portal/unavailable";
    }

    private String tooManyTries(Model model, HttpServletResponse response) {
        response.setStatus(429);
        model.addAttribute("page", new PortalPages.NoticePage("Too many tries",
                "For your security, wait 15 minutes before trying again."));
        return "portal/notice";
    }

    private Optional<SecureLink> usable(Optional<SecureLink> known) {
        return known.filter(link -> link.usable(clock.instant()));
    }
}
