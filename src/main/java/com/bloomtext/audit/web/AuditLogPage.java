package com.bloomtext.audit.web;

import java.util.List;

import com.bloomtext.ui.FormErrors;

/**
 * Settings → Audit log: the filters as typed, the choices they offer, one page of events, and the last
 * verification when one was asked for.
 */
public record AuditLogPage(Filter filter, FormErrors errors, List<Choice> users, List<Choice> actions,
        List<Row> rows, int page, int pages, int total, Verification verification) {

    public boolean hasPrevious() {
        return page > 1;
    }

    public boolean hasNext() {
        return page < pages;
    }

    /** The filter form, as typed: ids and dates, and the patient search text (which is only ever posted). */
    public record Filter(String user, String patient, String action, String from, String to) {

        public static final Filter NONE = new Filter("", "", "", "", "");

        public Filter {
            user = user == null ? "" : user.strip();
            patient = patient == null ? "" : patient.strip();
            action = action == null ? "" : action.strip();
            from = from == null ? "" : from.strip();
            to = to == null ? "" : to.strip();
        }
    }

    public record Choice(String value, String label) {
    }

    public record Row(long id, String when, String who, String action, String target, String patient, String outcome,
            String detail, String address) {
    }

    public record Verification(boolean intact, long checked, String message) {
    }
}
