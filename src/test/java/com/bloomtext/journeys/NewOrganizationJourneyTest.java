package com.bloomtext.journeys;

import java.nio.file.Path;
import java.util.regex.Pattern;

import com.bloomtext.testing.Browsers;
import com.bloomtext.testing.IntegrationTest;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * A new practice, as a person clicks it: create the organization, sign out, sign in, invite a coworker,
 * read the invitation in the sandbox outbox, accept it as the coworker, and see them in Users.
 */
class NewOrganizationJourneyTest extends IntegrationTest {

    @Test
    void createSignOutSignInInviteAndSeeTheCoworkerJoin() {
        String adminEmail = uniqueEmail("dana");
        String coworkerEmail = uniqueEmail("sam");

        try (BrowserContext danaContext = Browsers.shared().newContext();
                BrowserContext samContext = Browsers.shared().newContext()) {
            Page dana = danaContext.newPage();
            dana.navigate(baseUrl() + "/");
            assertThat(dana.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Create an organization")))
                    .isVisible();
            dana.getByLabel("Organization name").fill("Acme Family Clinic");
            dana.getByLabel("Your name").fill("Dana Whitfield");
            dana.getByLabel("Email").fill(adminEmail);
            dana.getByLabel("Password").fill(PASSWORD);
            dana.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create an organization")).click();
            assertThat(dana.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Welcome, Dana")))
                    .isVisible();
            screenshot(dana, "inbox");

            dana.getByLabel("Your account: Dana Whitfield").click();
            dana.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
            assertThat(dana.getByText("You are signed out.")).isVisible();

            dana.getByLabel("Email").fill(adminEmail);
            dana.getByLabel("Password").fill(PASSWORD);
            dana.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
            assertThat(dana.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Welcome, Dana")))
                    .isVisible();

            dana.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Settings")).click();
            dana.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Acme Family Clinic")).click();
            assertThat(dana.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("General"))).isVisible();
            dana.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Users").setExact(true)).click();
            dana.getByLabel("Coworker's email").fill(coworkerEmail);
            dana.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send invitation")).click();
            assertThat(dana.getByRole(AriaRole.STATUS)).hasText("Invitation sent to " + coworkerEmail + ".");
            screenshot(dana, "users");

            dana.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sandbox outbox")).click();
            dana.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Join Acme Family Clinic on BloomText"))
                    .first().click();
            assertThat(dana.getByText(coworkerEmail)).isVisible();
            String invitationLink = dana.getByRole(AriaRole.LINK,
                    new Page.GetByRoleOptions().setName(Pattern.compile("invitations"))).getAttribute("href");

            Page sam = samContext.newPage();
            sam.navigate(invitationLink);
            assertThat(sam.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Join Acme Family Clinic")))
                    .isVisible();
            sam.getByLabel("Your name").fill("Sam Rivera");
            sam.getByLabel("Password").fill("amber-meadow-compass-17");
            sam.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Join Acme Family Clinic")).click();
            assertThat(sam.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Welcome, Sam")))
                    .isVisible();

            dana.navigate(baseUrl() + "/settings/organization/users");
            assertThat(dana.getByRole(AriaRole.CELL, new Page.GetByRoleOptions().setName("Sam Rivera").setExact(true)))
                    .isVisible();
            assertThat(dana.getByRole(AriaRole.CELL, new Page.GetByRoleOptions().setName(coworkerEmail).setExact(true)))
                    .isVisible();
            screenshot(dana, "users-after");
        }
    }

    static void screenshot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
                .setPath(Path.of("target", "screenshots", name + ".png")));
    }
}
