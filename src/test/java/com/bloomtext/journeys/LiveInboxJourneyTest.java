package com.bloomtext.journeys;

import java.util.regex.Pattern;

import com.bloomtext.messaging.MessagingTests;
import com.bloomtext.testing.Browsers;
import com.bloomtext.testing.IntegrationTest;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;

import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * Two staff users keep their inboxes open in two browsers: what one sends appears for the other without a
 * reload (new conversation, new messages), the inbox icon switches between all conversations and the team's
 * number, and a coworker removed from the team sees their open conversation say so and empty itself.
 */
class LiveInboxJourneyTest extends IntegrationTest {

    /** Live updates cross a database notification and a stream, pages load on a shared machine: allow for a busy one. */
    private static final LocatorAssertions.IsVisibleOptions LIVE = new LocatorAssertions.IsVisibleOptions().setTimeout(20_000);
    private static final LocatorAssertions.ContainsTextOptions LIVE_TEXT = new LocatorAssertions.ContainsTextOptions().setTimeout(20_000);

    @Test
    void aMessageFromOneAppearsLiveForTheOtherAndTheInboxIconSwitchesViews() {
        Org org = newOrganization("Bayview Family Practice");
        MessagingTests.withNumber(org, "415");
        String team = jdbc.sql("select team_id from phone_number where organization_id = :org").param("org", org.id())
                .query(String.class).single();
        Member sam = org.addMember("Sam Rivera");
        org.admin().post("/directory/phone-numbers/" + team + "/members", "user", sam.id().toString());
        sam.agent().get("/inbox/new");
        sam.agent().post("/inbox/new", "q", "(415) 555-2731", "contact", "(415) 555-2731", "sendFrom", "me");

        try (BrowserContext danaBrowser = Browsers.shared().newContext();
                BrowserContext samBrowser = Browsers.shared().newContext()) {
            Page dana = signIn(danaBrowser, org.adminEmail());
            Page samPage = signIn(samBrowser, sam.email());
            assertThat(samPage.getByText("Unknown patient · (415) 555-2731")).isVisible();

            dana.getByLabel("New").click();
            dana.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Create a chat")).first().click();
            dana.getByLabel("New conversation: patient name, phone number or email").fill("(415) 555-2732");
            dana.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Find")).click();
            dana.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName(Pattern.compile("^Patient"))).check();
            dana.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create a chat")).click();
            dana.getByLabel("Message", new Page.GetByLabelOptions().setExact(true)).fill("Hello from the front desk.");
            dana.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send")).click();

            // Sam's inbox, open all along, shows the new conversation without a reload.
            Locator newChat = samPage.getByRole(AriaRole.LINK, new Page.GetByRoleOptions()
                    .setName(Pattern.compile("Unknown patient · \\(415\\) 555-2732")));
            assertThat(newChat).isVisible(LIVE);
            // Its row came in at the top of the list (once, though its start and its first message are two events),
            // and the list is still the labelled list of conversations.
            Locator rows = samPage.getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("Conversations"))
                    .getByRole(AriaRole.LISTITEM);
            assertThat(rows.first()).containsText("Unknown patient · (415) 555-2732", LIVE_TEXT);
            assertThat(newChat).hasCount(1);
            assertThat(rows).hasCount(2);
            NewOrganizationJourneyTest.screenshot(samPage, "live-inbox");
            newChat.click();
            assertThat(samPage.getByText("Hello from the front desk.")).isVisible(LIVE);

            dana.getByLabel("Message", new Page.GetByLabelOptions().setExact(true)).fill("Are you free at 3 today?");
            dana.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send")).click();
            assertThat(samPage.getByText("Are you free at 3 today?")).isVisible(LIVE);
            String conversation = samPage.url();

            // The inbox icon: the team's number alone, then everything again. The choice is kept.
            samPage.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Inbox").setExact(true)).first().click();
            samPage.getByLabel("Inbox view: All conversations").click();
            samPage.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(Pattern.compile("^\\(415\\) 555-"))).click();
            assertThat(samPage.getByText("Unknown patient · (415) 555-2732")).isVisible();
            assertThat(samPage.getByText("Unknown patient · (415) 555-2731")).hasCount(0);
            samPage.reload();
            assertThat(samPage.getByLabel(Pattern.compile("^Inbox view: \\(415\\) 555-"))).isVisible();
            assertThat(samPage.getByText("Unknown patient · (415) 555-2731")).hasCount(0);
            samPage.getByLabel(Pattern.compile("^Inbox view:")).click();
            samPage.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(Pattern.compile("^All conversations"))).click();
            assertThat(samPage.getByText("Unknown patient · (415) 555-2731")).isVisible();
            assertThat(samPage.getByText("Unknown patient · (415) 555-2732")).isVisible();

            // Removed from the team while the conversation is open: the page says so and lets go of it. The removal
            // comes once the page's live stream is open here (a page whose stream opens only after the removal is
            // told the same: LiveUpdatesTests).
            samPage.waitForResponse(response -> response.url().contains("/live") && response.status() == 200,
                    () -> samPage.navigate(conversation));
            assertThat(samPage.getByText("Are you free at 3 today?")).isVisible();
            org.admin().post("/directory/phone-numbers/" + team + "/members/" + sam.id() + "/remove");
            assertThat(samPage.getByText("Your access to this conversation was removed.")).isVisible(LIVE);
            assertThat(samPage.getByText("Are you free at 3 today?")).hasCount(0);
            assertThat(samPage.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send"))).hasCount(0);
        }
    }

    @Test
    void rowsComingInLiveKeepTheListToThePagesLimit() {
        Org org = newOrganization("Busy Day Clinic");
        int limit = com.bloomtext.messaging.web.InboxPages.ROW_LIMIT;
        // A full inbox: as many personal conversations of the admin as the page shows, the oldest "Seed 1".
        jdbc.sql("""
                        with seeded as (
                            select n, gen_random_uuid() as patient, gen_random_uuid() as conversation
                            from generate_series(1, :count) as n),
                        patients as (
                            insert into patient (id, organization_id, first_name, last_name, phone, created_at, updated_at)
                            select patient, :org, 'Seed', n::text, '+1415556' || lpad(n::text, 4, '0'), now(), now() from seeded),
                        conversations as (
                            insert into conversation (id, organization_id, patient_id, created_by, created_at, last_message_at)
                            select conversation, :org, patient, :admin, now(), now() - make_interval(mins => n) from seeded)
                        insert into conversation_participant (conversation_id, user_id) select conversation, :admin from seeded""")
                .param("count", limit).param("org", org.id()).param("admin", org.adminId()).update();

        try (BrowserContext browser = Browsers.shared().newContext()) {
            Page dana = signIn(browser, org.adminEmail());
            // The rows below come in once the inbox's live stream is open.
            dana.waitForResponse(response -> response.url().contains("/inbox/live") && response.status() == 200, dana::reload);
            Locator rows = dana.getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("Conversations"))
                    .getByRole(AriaRole.LISTITEM);
            assertThat(rows).hasCount(limit);
            assertThat(seedRow(rows, limit)).isVisible();

            // Two new conversations come in live: each takes the top, and the oldest rows leave from the bottom.
            org.admin().get("/inbox/new");
            org.admin().post("/inbox/new", "q", "(415) 555-2741", "contact", "(415) 555-2741", "sendFrom", "me");
            assertThat(rows.first()).containsText("Unknown patient · (415) 555-2741", LIVE_TEXT);
            org.admin().post("/inbox/new", "q", "(415) 555-2742", "contact", "(415) 555-2742", "sendFrom", "me");
            assertThat(rows.first()).containsText("Unknown patient · (415) 555-2742", LIVE_TEXT);
            assertThat(rows).hasCount(limit);
            assertThat(seedRow(rows, limit)).hasCount(0);
            assertThat(seedRow(rows, limit - 1)).hasCount(0);
            assertThat(seedRow(rows, limit - 2)).isVisible();
        }
    }

    /** The row of seeded patient "Seed n" (and not of "Seed n0"). */
    private static Locator seedRow(Locator rows, int n) {
        return rows.filter(new Locator.FilterOptions().setHasText(Pattern.compile("Seed " + n + "\\b")));
    }

    private Page signIn(BrowserContext browser, String email) {
        Page page = browser.newPage();
        page.navigate(baseUrl() + "/sign-in");
        page.getByLabel("Email").fill(email);
        page.getByLabel("Password").fill(PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Inbox"))).isVisible();
        return page;
    }
}
