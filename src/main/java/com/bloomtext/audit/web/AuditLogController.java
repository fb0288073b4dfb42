package com.bloomtext.audit.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.bloomtext.audit.AuditAction;
import com.bloomtext.audit.AuditDirectory;
import com.bloomtext.audit.AuditEvent;
import com.bloomtext.audit.AuditLog;
import com.bloomtext.audit.AuditQuery;
import com.bloomtext.audit.AuditTarget;
import com.bloomtext.audit.AuditTrail;
import com.bloomtext.audit.ChainVerification;
import com.bloomtext.audit.Outcome;
import com.bloomtext.shared.Actor;
import com.bloomtext.ui.FormErrors;

import jakarta.servlet.http.HttpServletResponse;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Settings → the organization → Audit log, for administrators: filter by user, patient, action and
 * dates, page through, export as CSV (itself an audited action), verify the hash chain. The filters are
 * posted: a patient's name typed into the filter must never end up in a URL.
 */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class AuditLogController {

    static final String VIEW = "audit/audit-log";
    static final int PAGE_SIZE = 50;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.US);

    private final AuditTrail trail;
    private final AuditLog auditLog;
    private final List<AuditDirectory> directories;

    AuditLogController(AuditTrail trail, AuditLog auditLog, List<AuditDirectory> directories) {
        this.trail = trail;
        this.auditLog = auditLog;
        this.directories = directories;
    }

    @GetMapping(AuditRoutes.AUDIT_LOG)
    String auditLog(@AuthenticationPrincipal Actor admin, Model model) {
        return page(model, admin, AuditLogPage.Filter.NONE, 1, null);
    }

    @PostMapping(AuditRoutes.AUDIT_LOG)
    String search(@AuthenticationPrincipal Actor admin, @ModelAttribute AuditLogPage.Filter filter,
            @RequestParam(defaultValue = "1") int page, Model model) {
        return page(model, admin, filter, page, null);
    }

    @PostMapping(AuditRoutes.VERIFY)
    String verify(@AuthenticationPrincipal Actor admin, @ModelAttribute AuditLogPage.Filter filter, Model model) {
        ChainVerification result = trail.verify(admin.orgId());
        ZoneId zone = zone(admin);
        String message = result.intact()
                ? "Intact: all " + result.checked() + " events are unchanged and in order."
                : "Broken at event #" + result.brokenEventId()
                        + (result.brokenAt() == null ? "" : " (" + WHEN.format(result.brokenAt().atZone(zone)) + ")")
                        + ". " + result.problem();
        return page(model, admin, filter, 1, new AuditLogPage.Verification(result.intact(), result.checked(), message));
    }

    @PostMapping(AuditRoutes.EXPORT)
    String export(@AuthenticationPrincipal Actor admin, @ModelAttribute AuditLogPage.Filter filter, Model model,
            HttpServletResponse response) throws IOException {
        Parsed parsed = parse(admin, filter);
        if (parsed.errors().any()) {
            return render(model, admin, filter, parsed.errors(), List.of(), 1, 1, 0, null);
        }
        auditLog.record(admin, AuditAction.AUDIT_LOG_EXPORTED, AuditTarget.of("organization", admin.orgId()),
                Outcome.SUCCESS, parsed.query().describe());
        Map<UUID, String> names = staffNames(admin);
        ZoneId zone = zone(admin);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"audit-log.csv\"");
        response.setHeader("Cache-Control", "no-store");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        Writer writer = response.getWriter();
        try (CSVPrinter csv = new CSVPrinter(writer, CSVFormat.RFC4180.builder().setHeader("id", "time", "user_id",
                "user", "action", "target_type", "target_id", "patient_id", "outcome", "detail", "address").get())) {
            trail.forEach(admin.orgId(), parsed.query(), event -> {
                try {
                    csv.printRecord(event.id(), event.occurredAt().atZone(zone).toOffsetDateTime().toString(),
                            event.actorUserId(), event.actorUserId() == null ? "" : names.getOrDefault(event.actorUserId(), ""),
                            event.action().name(), event.targetType(), event.targetId(), event.patientId(),
                            event.outcome().name(), event.detail(), event.address());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        return null;
    }

    private String page(Model model, Actor admin, AuditLogPage.Filter filter, int requested,
            AuditLogPage.Verification verification) {
        Parsed parsed = parse(admin, filter);
        if (parsed.errors().any()) {
            return render(model, admin, filter, parsed.errors(), List.of(), 1, 1, 0, verification);
        }
        int total = trail.count(admin.orgId(), parsed.query());
        int pages = Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
        int current = Math.min(Math.max(1, requested), pages);
        Map<UUID, String> names = staffNames(admin);
        ZoneId zone = zone(admin);
        List<AuditLogPage.Row> rows = trail.page(admin.orgId(), parsed.query(), (current - 1) * PAGE_SIZE, PAGE_SIZE)
                .stream().map(event -> row(event, names, zone)).toList();
        return render(model, admin, filter, FormErrors.none(), rows, current, pages, total, verification);
    }

    private String render(Model model, Actor admin, AuditLogPage.Filter filter, FormErrors errors,
            List<AuditLogPage.Row> rows, int page, int pages, int total, AuditLogPage.Verification verification) {
        List<AuditLogPage.Choice> users = staffNames(admin).entrySet().stream()
                .map(e -> new AuditLogPage.Choice(e.getKey().toString(), e.getValue())).toList();
        List<AuditLogPage.Choice> actions = Arrays.stream(AuditAction.values())
                .map(action -> new AuditLogPage.Choice(action.name(), label(action)))
                .sorted(java.util.Comparator.comparing(AuditLogPage.Choice::label)).toList();
        model.addAttribute("page", new AuditLogPage(filter, errors, users, actions, rows, page, pages, total,
                verification));
        return VIEW;
    }

    /** The filter as a query; what cannot be read becomes an error on its field. */
    private Parsed parse(Actor admin, AuditLogPage.Filter filter) {
        FormErrors errors = FormErrors.none();
        UUID user = null;
        if (!filter.user().isEmpty()) {
            user = uuid(filter.user());
            if (user == null || !staffNames(admin).containsKey(user)) {
                errors.add("user", "Choose a user from the list.");
            }
        }
        List<UUID> patients = null;
        if (!filter.patient().isEmpty()) {
            UUID id = uuid(filter.patient());
            patients = id != null ? List.of(id) : patientsMatching(admin, filter.patient());
        }
        AuditAction action = null;
        if (!filter.action().isEmpty()) {
            action = Arrays.stream(AuditAction.values()).filter(a -> a.name().equals(filter.action())).findFirst()
                    .orElse(null);
            if (action == null) {
                errors.add("action", "Choose an action from the list.");
            }
        }
        ZoneId zone = zone(admin);
        LocalDate from = date(filter.from(), "from", errors);
        LocalDate to = date(filter.to(), "to", errors);
        if (from != null && to != null && to.isBefore(from)) {
            errors.add("to", "The end date is before the start date.");
        }
        return new Parsed(new AuditQuery(user, patients, action,
                from == null ? null : from.atStartOfDay(zone).toInstant(),
                to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant()), errors);
    }

    private static LocalDate date(String text, String field, FormErrors errors) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            errors.add(field, "Enter a date as YYYY-MM-DD.");
            return null;
        }
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private AuditLogPage.Row row(AuditEvent event, Map<UUID, String> names, ZoneId zone) {
        String who = event.actorUserId() == null ? "—" : names.getOrDefault(event.actorUserId(), "Unknown user");
        String target = event.targetType() == null ? "" : event.targetType().replace('_', ' ') + " " + shortId(event.targetId());
        return new AuditLogPage.Row(event.id(), WHEN.format(event.occurredAt().atZone(zone)), who, label(event.action()),
                target, event.patientId() == null ? "" : shortId(event.patientId().toString()),
                event.outcome().name().charAt(0) + event.outcome().name().substring(1).toLowerCase(Locale.ROOT),
                event.detail() == null ? "" : event.detail(), event.address() == null ? "" : event.address());
    }

    /** Long ids shortened for the table (the export has them whole). */
    private static String shortId(String id) {
        return id != null && id.length() == 36 ? id.substring(0, 8) : String.valueOf(id);
    }

    static String label(AuditAction action) {
        String words = action.name().replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private Map<UUID, String> staffNames(Actor admin) {
        Map<UUID, String> names = new LinkedHashMap<>();
        directories.forEach(directory -> names.putAll(directory.staffNames(admin.orgId())));
        return names;
    }

    private List<UUID> patientsMatching(Actor admin, String typed) {
        var ids = new LinkedHashSet<UUID>();
        directories.forEach(directory -> ids.addAll(directory.patientsMatching(admin.orgId(), typed)));
        return new ArrayList<>(ids);
    }

    private ZoneId zone(Actor admin) {
        return directories.stream().map(directory -> directory.timeZone(admin.orgId()))
                .flatMap(java.util.Optional::stream).findFirst().orElse(ZoneId.of("UTC"));
    }

    private record Parsed(AuditQuery query, FormErrors errors) {
    }
}
