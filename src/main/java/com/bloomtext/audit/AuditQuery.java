package com.bloomtext.audit;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Which events of one organization to show or export. Every part is optional (null: any).
 *
 * @param patients the patients the events must concern (already resolved from what the admin typed);
 *                 an empty list matches nothing
 * @param from     the first instant, inclusive
 * @param until    the end, exclusive
 */
public record AuditQuery(UUID user, List<UUID> patients, AuditAction action, Instant from, Instant until) {

    public static final AuditQuery EVERYTHING = new AuditQuery(null, null, null, null, null);

    /** What the query asked for, for the export's own audit event: ids and dates, never what was typed. */
    public String describe() {
        var parts = new java.util.ArrayList<String>();
        if (user != null) {
            parts.add("user " + user);
        }
        if (patients != null) {
            parts.add(patients.size() == 1 ? "patient " + patients.getFirst() : patients.size() + " patients");
        }
        if (action != null) {
            parts.add("action " + action.name());
        }
        if (from != null) {
            parts.add("from " + from);
        }
        if (until != null) {
            parts.add("until " + until);
        }
        return parts.isEmpty() ? "all events" : String.join(", ", parts);
    }
}
