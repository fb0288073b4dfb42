package com.bloomtext.security.input;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.bloomtext.messaging.MessagingTests;
import com.bloomtext.reliability.ReliabilitySummary;
import com.bloomtext.testing.IntegrationTest;
import com.bloomtext.testing.StaffAgent;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQL meta-characters ({@code % _ \ ' " ; -- /*}, NUL, unicode) in every search and filter field: the patient
 * list's search, the inbox's search, the new-chat dialog's find, the audit log's filters, the number search's
 * area code (there is no support console search): a normal page every time, and the text matched literally,
 * never as a pattern.
 */
class SearchMetaCharactersTests extends IntegrationTest {

    @Test
    void metaCharactersInEverySearchFieldAreMatchedLiterally() {
        Org org = newOrganization("Meta Clinic");
        MessagingTests.withNumber(org, "415");
        StaffAgent admin = org.admin();
        admin.get("/directory/patients/new");
        addPatient(admin, "(415) 555-3101", "Per%Cent");
        addPatient(admin, "(415) 555-3102", "Under_Score");
        addPatient(admin, "(415) 555-3103", "Plainname");
        List<String> wrong = new ArrayList<>();
        int tried = 0;
        for (String query : HostileInput.SQL_META) {
            List<String[]> answers = new ArrayList<>();
            answers.add(new String[] {"patient search", body(admin.post("/directory/patients", "q", query), wrong, "patients", query)});
            answers.add(new String[] {"inbox search", body(admin.post("/inbox/search", "q", query), wrong, "inbox search", query)});
            admin.get("/inbox/new");
            answers.add(new String[] {"new chat find", body(admin.post("/inbox/new/find", "q", query), wrong, "find", query)});
            admin.get("/settings/organization/audit-log");
            for (String field : List.of("user", "patient", "action", "from", "to")) {
                body(admin.post("/settings/organization/audit-log", field, query), wrong, "audit log " + field, query);
                tried++;
            }
            body(admin.get("/settings/organization/plan/phone-number?areaCode=" + URLEncoder.encode(query, StandardCharsets.UTF_8)),
                    wrong, "number search", query);
            tried += 4;
            // Literal: "%" finds the one name holding a percent sign, "_" the one holding an underscore, and
            // neither finds the plain name (as a LIKE pattern, both would match everything).
            String patients = answers.getFirst()[1];
            String find = answers.get(2)[1];
            for (String page : List.of(patients, find)) {
                if (query.equals("%")) {
                    expect(wrong, query, page, "Per%Cent", true);
                    expect(wrong, query, page, "Under_Score", false);
                    expect(wrong, query, page, "Plainname", false);
                }
                if (query.equals("_")) {
                    expect(wrong, query, page, "Under_Score", true);
                    expect(wrong, query, page, "Per%Cent", false);
                    expect(wrong, query, page, "Plainname", false);
                }
                if (query.equals("%_%") || query.equals("a%b") || query.equals("x_y") || query.equals("\\%")) {
                    expect(wrong, query, page, "Plainname", false);
                    expect(wrong, query, page, "Per%Cent", false);
                    expect(wrong, query, page, "Under_Score", false);
                }
            }
        }
        ReliabilitySummary.add(ReliabilitySummary.INPUTS_TRIED, tried);
        FormInputPropertiesTests.report("search", wrong);
        assertThat(wrong).isEmpty();
    }

    private static void addPatient(StaffAgent admin, String phone, String lastName) {
        var added = admin.post("/directory/patients/new", "phone", phone, "firstName", "Meta", "lastName", lastName,
                "dateOfBirth", "1980-01-02", "mrn", "", "email", "");
        assertThat(added.status()).as("patient %s added: %s", lastName, added).isEqualTo(302);
    }

    private static String body(StaffAgent.Page page, List<String> wrong, String field, String query) {
        if (page.status() >= 500) {
            ReliabilitySummary.add(ReliabilitySummary.SERVER_ERRORS, 1);
        }
        if (page.status() != 200) {
            wrong.add(field + " with " + escaped(query) + ": answered " + page);
        }
        return page.body();
    }

    private static void expect(List<String> wrong, String query, String page, String name, boolean shown) {
        if (page.contains(name) != shown) {
            wrong.add("searching " + escaped(query) + (shown ? " does not show " : " shows ") + name);
        }
    }

    private static String escaped(String query) {
        return '"' + query.replace("\u0000", "\\u0000") + '"';
    }
}
