package com.bloomtext.ui;

import java.util.List;
import java.util.regex.Pattern;

import com.bloomtext.testing.IntegrationTest;
import com.bloomtext.testing.StaffAgent;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What every page promises: strict headers, no inline script, a calm error page, a health check. */
class PagesTests extends IntegrationTest {

    static final Pattern INLINE_SCRIPT = Pattern.compile("<script(?![^>]*\\ssrc=)[^>]*>", Pattern.CASE_INSENSITIVE);
    static final Pattern EVENT_HANDLER = Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);

    @Test
    void everyPageCarriesStrictHeadersAndNoInlineScript() {
        Org org = newOrganization("Headers Clinic");
        org.addMember("Sam Rivera");
        StaffAgent admin = org.admin();
        List<StaffAgent.Page> pages = List.of(anonymous().get("/welcome"), anonymous().get("/sign-in"),
                admin.get("/inbox"), admin.get("/directory/coworkers"), admin.get("/settings"),
                admin.get("/settings/organization/general"), admin.get("/settings/organization/users"),
                admin.get("/sandbox/outbox"));
        for (StaffAgent.Page page : pages) {
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'", "frame-ancestors 'none'");
            assertThat(page.header("Cache-Control")).contains("no-store");
            assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(INLINE_SCRIPT.matcher(page.body()).find()).as("inline script").isFalse();
            assertThat(EVENT_HANDLER.matcher(page.body()).find()).as("inline event handler").isFalse();
            assertThat(page.body()).contains("<html lang=\"en\">", "<main id=\"main\"");
            // Rendered whole, then written at once (ui/web/BufferedPages), in UTF-8.
            assertThat(page.header("Content-Length")).isEqualTo(
                    String.valueOf(page.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
            assertThat(page.header("Content-Type")).isEqualToIgnoringCase("text/html;charset=UTF-8");
        }
    }

    @Test
    void theShellLeadsToInboxDirectoryAndSettings() {
        Org org = newOrganization("Shell Clinic");
        String inbox = org.admin().get("/inbox").body();
        assertThat(inbox).contains("aria-label=\"Main\"", ">Inbox<", ">Directory<", ">Settings<", "Sign out");
        assertThat(org.admin().get("/directory").redirectsTo("/directory/phone-numbers")).isTrue();
        assertThat(org.admin().get("/settings").body()).contains("href=\"/settings/organization/general\"",
                "Shell Clinic");
        assertThat(org.admin().get("/settings/organization/general").body())
                .contains(">General<", ">Users<");
    }

    /**
     * The shell and the CSRF token are added as a page renders, only into templates that declare them
     * (ui/web/ShellModel): each user's own names, the links their role may see, the current section, a working token.
     */
    @Test
    void theShellIsDrawnForTheSignedInUserAsThePageRenders() {
        Org org = newOrganization("Shell Parts Clinic");
        var member = org.addMember("Sam Rivera");
        String admin = org.admin().get("/settings/organization/general").body();
        assertThat(admin).contains("<span class=\"avatar\" aria-hidden=\"true\">DW</span>",
                "aria-label=\"Your account: Dana Whitfield\"", "<strong>Dana Whitfield</strong><br>Shell Parts Clinic",
                "href=\"/settings\" aria-current=\"page\"", "href=\"/settings/organization/users\"",
                "href=\"/settings/organization/security\"", "aria-label=\"Sandbox tools\"");
        assertThat(admin).doesNotContain("href=\"/inbox\" aria-current");
        String mine = member.agent().get("/inbox").body();
        assertThat(mine).contains("<span class=\"avatar\" aria-hidden=\"true\">SR</span>",
                "<strong>Sam Rivera</strong><br>Shell Parts Clinic", "href=\"/inbox\" aria-current=\"page\"");
        assertThat(member.agent().get("/settings/organization/general").body())
                .doesNotContain("href=\"/settings/organization/users\"", "href=\"/settings/organization/security\"");
        // Directory's first section (ui/Shells, before any page renders).
        assertThat(member.agent().get("/directory").redirectsTo("/directory/phone-numbers")).isTrue();
        // The page's own token signs its forms.
        assertThat(member.agent().post("/sign-out").redirectsTo("/sign-in")).isTrue();
        // A signed-in user's error page takes no shell: the calm public frame, as before.
        var missing = org.admin().get("/no-such-page");
        assertThat(missing.body()).contains("Page not found").doesNotContain("class=\"sidebar\"");
    }

    @Test
    void userInputIsShownAsTextNeverAsMarkup() {
        Org org = newOrganization("<script>alert(1)</script> Clinic");
        String page = org.admin().get("/settings/organization/general").body();
        assertThat(page).contains("&lt;script&gt;alert(1)&lt;/script&gt; Clinic").doesNotContain("<script>alert(1)");
    }

    @Test
    void unknownPagesGetTheCalmNotFoundPage() {
        Org org = newOrganization("Not Found Clinic");
        var missing = org.admin().get("/no-such-page");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).contains("Page not found");
    }

    @Test
    void healthIsUp() {
        var health = anonymous().get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void stylesAndScriptsAreServedFromTheAppItself() {
        assertThat(anonymous().get("/css/bloomtext.css").status()).isEqualTo(200);
        assertThat(anonymous().get("/webjars/htmx.org/dist/htmx.min.js").status()).isEqualTo(200);
    }
}
