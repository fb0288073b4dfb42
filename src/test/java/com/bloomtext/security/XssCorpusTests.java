package com.bloomtext.security;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.bloomtext.messaging.MessagingTests;
import com.bloomtext.reliability.ReliabilitySummary;
import com.bloomtext.shared.E164;
import com.bloomtext.testing.Browsers;
import com.bloomtext.testing.IntegrationTest;
import com.bloomtext.testing.StaffAgent;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Script in every place a person can type text that others read: the organization's name, a patient's
 * name, a message, a file's name. Chromium renders the staff pages, the sandbox outbox and the patient
 * portal: the text shows literally, no element the payloads would create exists (so escaping holds on its
 * own, not only because the CSP would block inline script), and no script ran.
 */
class XssCorpusTests extends IntegrationTest {

    static final List<String> CORPUS = List.of(
            "<script>window.__xss=1</script>",
            "<img src=x onerror=\"window.__xss=2\">",
            "<svg onload=\"window.__xss=3\"></svg>",
            "\"><script>window.__xss=4</script>",
            "<a href=\"javascript:window.__xss=5\">call</a>",
            "&lt;script&gt;window.__xss=6&lt;/script&gt;",
            "<iframe src=\"javascript:window.__xss=7\"></iframe>",
            "'-alert(8)-'",
            "<details open ontoggle=\"window.__xss=9\">");

    /** Elements or attributes the corpus would create if it were ever written as markup. */
    private static final String INJECTED = "script:not([src]), img[src='x'], svg[onload], iframe, details[ontoggle], "
            + "a[href^='javascript:'], [onerror], [onload], [ontoggle]";

    @Test
    void typedTextShowsLiterallyAndNeverRuns() {
        String orgName = "Clinic " + CORPUS.get(0);
        Org org = newOrganization(orgName);
        MessagingTests.withNumber(org, "415");
        StaffAgent admin = org.admin();
        admin.get("/directory/patients/new");
        admin.post("/directory/patients/new", "phone", "(415) 555-2671", "firstName", CORPUS.get(1), "lastName", CORPUS.get(2),
                "dateOfBirth", "1985-04-23", "mrn", CORPUS.get(3), "email", "");
        String chat = MessagingTests.chatWith(admin, "(415) 555-2671");
        for (String payload : CORPUS) {
            admin.post(chat + "/messages", "mode", "SECURE_CHAT", "body", "Note " + payload);
        }
        admin.upload(chat + "/messages", Map.of("mode", "SECURE_CHAT", "body", "A file"), "file",
                CORPUS.get(1) + ".pdf", "application/pdf", "%PDF-1.4\n%xss\n".getBytes());
        admin.post("/settings/organization/users/invitations", "email", uniqueEmail("xss"));
        ReliabilitySummary.add(ReliabilitySummary.INPUTS_TRIED, CORPUS.size() + 5);

        try (BrowserContext staff = Browsers.shared().newContext(); BrowserContext patient = Browsers.shared().newContext()) {
            Page dana = staff.newPage();
            dana.onDialog(dialog -> {
                throw new AssertionError("a script opened a dialog: " + dialog.message());
            });
            dana.navigate(baseUrl() + "/sign-in");
            dana.getByLabel("Email").fill(org.adminEmail());
            dana.getByLabel("Password").fill(PASSWORD);
            dana.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();

            for (String path : List.of("/inbox", chat, "/directory/patients", "/sandbox/outbox", "/settings/organization/general",
                    "/settings/organization/audit-log")) {
                dana.navigate(baseUrl() + path);
                assertInert(dana, path);
            }
            dana.navigate(baseUrl() + chat);
            assertThat(dana.getByText("Note " + CORPUS.get(0)).count()).as("the message shows literally").isPositive();
            assertThat(dana.getByText(CORPUS.get(1) + ".pdf").count()).as("the file name shows literally").isPositive();
            dana.navigate(baseUrl() + "/sandbox/outbox");
            if (dana.locator("a[href*='/sandbox/outbox/']").count() > 0) {
                dana.locator("a[href*='/sandbox/outbox/']").first().click();
                assertInert(dana, "an outbox email");
            }

            // The patient's side: the newest link texted to them, the identity step, the conversation.
            String text = jdbc.sql("select body from sandbox_sms where to_number = :to and body like '%/p/%' "
                            + "order by created_at desc, id desc limit 1")
                    .param("to", E164.parse("(415) 555-2671", "US").value()).query(String.class).single();
            Matcher link = Pattern.compile("(/p/[A-Za-z0-9_-]{43})").matcher(text);
            assertThat(link.find()).isTrue();
            Page jordan = patient.newPage();
            jordan.onDialog(dialog -> {
                throw new AssertionError("a script opened a dialog: " + dialog.message());
            });
            jordan.navigate(baseUrl() + link.group(1));
            assertInert(jordan, "the identity step");
            jordan.getByLabel("Date of birth").fill("1985-04-23");
            jordan.locator("form button[type=submit]").first().click();
            assertInert(jordan, "the portal conversation");
            assertThat(jordan.getByText("Note " + CORPUS.get(3)).count()).as("the portal shows the message literally").isPositive();
        }
    }

    private static void assertInert(Page page, String where) {
        Object ran = page.evaluate("() => window.__xss");
        assertThat(ran).as("a payload ran on %s", where).isNull();
        assertThat(page.locator(INJECTED).count()).as("injected markup on %s", where).isZero();
    }
}
