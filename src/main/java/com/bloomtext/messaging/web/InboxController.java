package com.bloomtext.messaging.web;

import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import com.bloomtext.accounts.StaffDirectory;
import com.bloomtext.audit.AuditAction;
import com.bloomtext.audit.AuditLog;
import com.bloomtext.audit.AuditTarget;
import com.bloomtext.audit.Outcome;
import com.bloomtext.messaging.Attachment;
import com.bloomtext.messaging.SecureChatPortal;
import com.bloomtext.messaging.SendMode;
import com.bloomtext.messaging.internal.Attachments;
import com.bloomtext.messaging.internal.Conversations;
import com.bloomtext.messaging.internal.Messages;
import com.bloomtext.messaging.live.LiveEvents;
import com.bloomtext.messaging.rules.SmsAvailability;
import com.bloomtext.numbers.TeamAccess;
import com.bloomtext.numbers.TeamRef;
import com.bloomtext.patients.PatientDirectory;
import com.bloomtext.patients.PatientSummary;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.ByteSizes;
import com.bloomtext.shared.NotFoundException;
import com.bloomtext.shared.PatientId;
import com.bloomtext.shared.TeamId;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.View;
import org.springframework.util.unit.DataSize;
import org.springframework.util.function.SingletonSupplier;

/** The inbox, the new-conversation dialog, and a conversation with its composer. */
@Controller
class InboxController {

    static final String PERSONAL = "me";
    /** How many of a conversation's secure-link notices its page lists, newest first. */
    static final int NOTICES_SHOWN = 3;

    private final Conversations conversations;
    private final Messages messages;
    private final PatientDirectory patients;
    private final TeamAccess teams;
    private final StaffDirectory staff;
    private final Attachments attachments;
    private final AuditLog auditLog;
    private final DataSize maxFileSize;
    private final InboxView inboxView;
    private final ConversationLines conversationLines;
    private final LiveEvents liveEvents;
    /** The portal, if it runs: resolved once (asking the provider on every page walked the bean factory each time). */
    private final Supplier<SecureChatPortal> portal;
    private final TransactionTemplate writes;

    InboxController(Conversations conversations, Messages messages, Attachments attachments, PatientDirectory patients,
            TeamAccess teams, StaffDirectory staff, AuditLog auditLog,
            @Value("${bloomtext.files.max-size:25MB}") DataSize maxFileSize, InboxView inboxView,
            ConversationLines conversationLines, LiveEvents liveEvents,
            ObjectProvider<SecureChatPortal> portal, PlatformTransactionManager transactions) {
        this.writes = new TransactionTemplate(transactions);
        this.conversations = conversations;
        this.messages = messages;
        this.attachments = attachments;
        this.maxFileSize = maxFileSize;
        this.patients = patients;
        this.teams = teams;
        this.staff = staff;
        this.auditLog = auditLog;
        this.inboxView = inboxView;
        this.conversationLines = conversationLines;
        this.liveEvents = liveEvents;
        this.portal = SingletonSupplier.of(portal::getIfAvailable);
    }

    @GetMapping(MessagingRoutes.INBOX)
    String inbox(@AuthenticationPrincipal Actor actor, Model model) {
        long liveFrom = liveEvents.latestId();
        var page = inboxView.page(actor);
        auditLog.record(actor, AuditAction.INBOX_VIEWED, AuditTarget.NONE, Outcome.SUCCESS,
                page.conversations().size() + " conversations shown");
        model.addAttribute("page", page);
        model.addAttribute("liveUrl", MessagingRoutes.INBOX_LIVE + "?after=" + liveFrom);
        return "messaging/inbox";
    }

    @GetMapping(MessagingRoutes.NEW)
    String newConversation(@AuthenticationPrincipal Actor actor, Model model) {
        return dialog(model, actor, "", null);
    }

    /** The patient field's search is posted: a typed name or phone number must not end up in a URL. */
    @PostMapping(MessagingRoutes.FIND)
    String find(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "") String q, Model model) {
        return dialog(model, actor, q, null);
    }

    @PostMapping(MessagingRoutes.NEW)
    String create(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "") String patient,
            @RequestParam(defaultValue = "") String contact, @RequestParam(defaultValue = PERSONAL) String sendFrom,
            @RequestParam(defaultValue = "") String q, Model model) {
        PatientId chosen;
        if (!patient.isBlank()) {
            chosen = PatientId.parse(patient).flatMap(id -> patients.get(actor.orgId(), id)).map(PatientSummary::id)
                    .orElseThrow(() -> new NotFoundException("Patient"));
        } else if (!contact.isBlank()) {
            try {
                chosen = patients.findOrCreate(actor, contact).id();
            } catch (IllegalArgumentException e) {
                return dialog(model, actor, q, e.getMessage());
            }
        } else {
            return dialog(model, actor, q, "Select a patient, or type their phone number or email and select Patient.");
        }
        TeamId team = PERSONAL.equals(sendFrom) ? null
                : TeamId.parse(sendFrom).orElseThrow(() -> new NotFoundException("Team"));
        UUID conversation = conversations.start(actor, chosen, team);
        auditLog.record(actor, AuditAction.CONVERSATION_STARTED,
                AuditTarget.of("conversation", conversation).concerning(chosen), Outcome.SUCCESS, null);
        return "redirect:" + MessagingRoutes.conversation(conversation);
    }

    @GetMapping(MessagingRoutes.INBOX + "/c/{id}")
    String conversation(@AuthenticationPrincipal Actor actor, @PathVariable String id, Model model) {
        Conversations.Opened opened = conversations.open(actor, NotFoundException.idOf(id, "Conversation"));
        Conversations.Conversation conversation = opened.conversation();
        AuditTarget viewed = AuditTarget.of("conversation", conversation.id()).concerning(conversation.patient());
        if (opened.readMarkCurrent()) {
            // The user's read mark already covers the last message: writing it again would change nothing, so the
            // view is audited alone, in one statement (no transaction: no BEGIN, no COMMIT round trip).
            auditLog.record(actor, AuditAction.CONVERSATION_VIEWED, viewed, Outcome.SUCCESS, null);
        } else {
            // The view's audit event and the read mark commit together: one commit, not two. The read mark first: it
            // locks the conversation's row in share mode (V32's unread counters), and a message being added to it
            // takes that row before the organization's audit chain, so both take them in the same order (no deadlock).
            writes.executeWithoutResult(status -> {
                conversations.markRead(actor, conversation.id());
                auditLog.record(actor, AuditAction.CONVERSATION_VIEWED, viewed, Outcome.SUCCESS, null);
            });
        }
        return page(model, actor, conversation, null, "", List.of(), false);
    }

    @PostMapping(MessagingRoutes.INBOX + "/c/{id}/messages")
    ModelAndView send(@AuthenticationPrincipal Actor actor, @PathVariable String id,
            @RequestParam(defaultValue = "SECURE_CHAT") String mode, @RequestParam(defaultValue = "") String body,
            @RequestParam(defaultValue = "false") boolean phiConfirmed,
            @RequestParam(defaultValue = "false") boolean switchToSecureChat,
            @RequestParam(name = "file", required = false) MultipartFile file, Model model) throws IOException {
        Conversations.Conversation conversation = conversations.require(actor, NotFoundException.idOf(id, "Conversation"));
        // A browser sends an empty, unnamed part when no file was chosen.
        boolean attaching = file != null && file.getOriginalFilename() != null && !file.getOriginalFilename().isBlank();
        SendMode sendMode = "SMS".equals(mode) && !switchToSecureChat && !attaching ? SendMode.SMS : SendMode.SECURE_CHAT;
        try (InputStream content = attaching ? file.getInputStream() : InputStream.nullInputStream()) {
            messages.send(actor, conversation, sendMode, body, phiConfirmed,
                    attaching ? new Messages.Upload(file.getOriginalFilename(), content) : null);
        } catch (Messages.SendRefused refused) {
            return new ModelAndView(page(model, actor, conversation, sendMode, body, refused.reasons(), refused.phiWarning()));
        }
        return redirectTo(MessagingRoutes.conversation(conversation.id()));
    }

    /**
     * The same 302 as {@code "redirect:" + path}, answered without resolving a view name (content negotiation over
     * every view resolver) and without {@code RedirectView}'s URL template and flash map work: a send is answered
     * many times a second, and that render cost more CPU than a third of the send's own work.
     */
    private static ModelAndView redirectTo(String path) {
        return new ModelAndView((View) (model, request, response) ->
                response.sendRedirect(response.encodeRedirectURL(request.getContextPath() + path)));
    }

    private String page(Model model, Actor actor, Conversations.Conversation conversation, SendMode mode, String draft,
            List<String> problems, boolean phiWarning) {
        // Each record the page needs is read once here and handed on.
        PatientSummary summary = patients.get(actor.orgId(), conversation.patient()).orElse(null);
        TeamRef team = conversation.team() == null ? null : teams.team(actor.orgId(), conversation.team()).orElse(null);
        SmsAvailability.Facts facts = messages.smsFacts(actor, conversation, summary, team);
        List<SmsAvailability.Unmet> unmet = SmsAvailability.unmet(facts);
        // When in doubt, Secure Chat: SMS is a choice the sender makes for each message.
        SendMode selected = mode != null ? mode : SendMode.SECURE_CHAT;
        String patient = summary == null ? "Archived patient" : summary.displayName();
        SecureChatPortal secureChat = portal.get();
        ZoneId zone = staff.nameAndZone(actor.orgId()).timeZone();
        long liveFrom = liveEvents.latestId();
        // Messaging's own tables in one read, and the portal's (receipt and link) in another.
        Messages.Contents contents = messages.contents(actor, conversation, NOTICES_SHOWN);
        SecureChatPortal.PageState portalState = secureChat == null ? new SecureChatPortal.PageState(null, null)
                : secureChat.pageState(actor.orgId(), conversation.id());
        var lines = conversationLines.of(actor, conversation, patient, summary, zone, contents, portalState.viewed());
        model.addAttribute("liveUrl", MessagingRoutes.live(conversation.id(), liveFrom));
        List<InboxPages.ModeFacts> modes = new ArrayList<>();
        modes.add(new InboxPages.ModeFacts("SECURE_CHAT", SendMode.SECURE_CHAT.label(),
                "A BloomText link that opens the secure patient portal.",
                "The message contains lab results, records, files, or other PHI.",
                "Always available when a patient is selected.", true, selected == SendMode.SECURE_CHAT));
        modes.add(new InboxPages.ModeFacts("SMS", SendMode.SMS.label(),
                "A plain text from your organization's phone number.",
                "Reminders, directions, scheduling updates, and generic notices.",
                "Requires one patient and a sender team with a phone number.", unmet.isEmpty(),
                selected == SendMode.SMS && unmet.isEmpty()));
        model.addAttribute("page", new InboxPages.ConversationPage(conversation.id().toString(),
                patient, conversation.team() == null ? "Just me" : sentFrom(team), facts.patientOptedOut(),
                lines, modes, unmet.stream().map(SmsAvailability.Unmet::explanation).toList(), draft, problems, phiWarning,
                ByteSizes.display(maxFileSize.toBytes()),
                secureLinkPanel(actor, conversation, portalState.link(), contents.notices(), zone)));
        return "messaging/conversation";
    }

    @PostMapping(MessagingRoutes.INBOX + "/c/{id}/replies")
    String allowReplies(@AuthenticationPrincipal Actor actor, @PathVariable String id,
            @RequestParam(defaultValue = "false") boolean allowed) {
        Conversations.Conversation conversation = conversations.require(actor, NotFoundException.idOf(id, "Conversation"));
        conversations.allowReplies(actor, conversation.id(), allowed);
        auditLog.record(actor, AuditAction.CONVERSATION_REPLIES_CHANGED, AuditTarget.of("conversation", conversation.id()),
                Outcome.SUCCESS, allowed ? "replies on" : "replies off");
        return "redirect:" + MessagingRoutes.conversation(conversation.id());
    }

    private InboxPages.SecureLinkPanel secureLinkPanel(Actor actor, Conversations.Conversation conversation,
            SecureChatPortal.LinkState link, List<Conversations.Notice> shown, ZoneId zone) {
        String state = link == null ? null
                : link.locked() ? "Link locked after too many failed identity checks. Resend it to unlock."
                : link.expired() ? "Link expired " + When.format(link.expiresAt(), zone) + "."
                : "Link sent " + When.format(link.issuedAt(), zone) + ", expires " + When.format(link.expiresAt(), zone) + ".";
        var notices = shown.stream()
                .map(notice -> switch (notice.kind()) {
                    case "LINK_TEXTED" -> "Link texted to the patient ";
                    case "LINK_EMAILED" -> "Link emailed to the patient ";
                    default -> "Link not sent: no mobile number or email to reach the patient ";
                } + When.format(notice.at(), zone))
                .toList();
        return new InboxPages.SecureLinkPanel(conversation.id().toString(), state, notices,
                conversations.repliesAllowed(actor, conversation));
    }

    /** The avatar's letters: first and last initial, or "P" for a patient known only by phone or email. */

    private String dialog(Model model, Actor actor, String query, String problem) {
        String typed = query.strip();
        List<InboxPages.PatientChoice> matches = typed.isEmpty() ? List.of()
                : patients.find(actor, typed, 10, "new conversation search").stream()
                        .map(found -> new InboxPages.PatientChoice(found.id().toString(), found.displayName(),
                                found.phone() != null ? found.phone().display() : found.email()))
                        .toList();
        InboxPages.PatientChoice create = null;
        boolean contactLike = typed.contains("@") || typed.matches("[\\d\\s().+-]{7,}");
        if (contactLike && matches.isEmpty()) {
            create = new InboxPages.PatientChoice(null, "Patient", typed);
        }
        List<InboxPages.SendFrom> from = new ArrayList<>();
        from.add(new InboxPages.SendFrom(PERSONAL, "Just me"));
        for (TeamRef team : teams.teamsOf(actor.orgId(), actor.userId())) {
            from.add(new InboxPages.SendFrom(team.id().toString(), team.name()
                    + (team.hasActiveNumber() ? " · " + team.activeNumber().display() : " · no phone number")));
        }
        model.addAttribute("page", new InboxPages.NewConversationPage(typed, matches, create, from, problem));
        return "messaging/new";
    }

    private static String sentFrom(TeamRef team) {
        return InboxView.sentFrom(team);
    }
}
