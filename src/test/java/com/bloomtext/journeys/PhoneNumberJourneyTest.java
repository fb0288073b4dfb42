package com.bloomtext.journeys;

import java.util.regex.Pattern;

import com.bloomtext.testing.Browsers;
import com.bloomtext.testing.IntegrationTest;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** An upgraded admin picks a (415) 555-01XX number and adds a coworker to its team. */
class PhoneNumberJourneyTest extends IntegrationTest {

    @Test
    void pickA415NumberAndAddACoworkerToItsTeam() {
        Org org = newOrganization("Golden Gate Pediatrics");
        org.upgradeTo("sms-starter");
        org.addMember("Sam Rivera");

        try (BrowserContext context = Browsers.shared().newContext()) {
            Page dana = context.newPage();
            dana.navigate(baseUrl() + "/sign-in");
            dana.getByLabel("Email").fill(org.adminEmail());
            dana.getByLabel("Password").fill(PASSWORD);
            dana.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();

            dana.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Settings")).click();
            dana.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Golden Gate Pediatrics")).click();
            dana.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Plan").setExact(true)).click();
            dana.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Select a phone number")).click();

            assertThat(dana.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(Pattern.compile("Pick your phone number"))))
                    .isVisible();
            assertThat(dana.getByText("A local area code helps patients recognize your number. Enter yours or browse the suggestions."))
                    .isVisible();
            dana.getByLabel("Area code", new Page.GetByLabelOptions().setExact(true)).fill("415");
            dana.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search")).click();

            Locator select = dana.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(Pattern.compile("^Select \\(415\\) 555-01\\d\\d$")));
            String label = select.first().getAttribute("aria-label");
            String number = label.substring("Select ".length());
            assertThat(dana.getByText("San Francisco, CA").first()).isVisible();
            select.first().click();
            assertThat(dana.getByText("Selected")).isVisible();
            dana.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm " + number)).click();

            assertThat(dana.getByRole(AriaRole.STATUS)).containsText(number + " is yours.");
            assertThat(dana.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(number))).isVisible();
            dana.getByLabel("Add a member").selectOption(new com.microsoft.playwright.options.SelectOption().setLabel(
                    dana.getByLabel("Add a member").locator("option").first().textContent()));
            dana.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add to team")).click();

            assertThat(dana.getByRole(AriaRole.STATUS)).containsText("Sam Rivera can now send from this number");
            assertThat(dana.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Remove Sam Rivera from " + number)))
                    .isVisible();
            NewOrganizationJourneyTest.screenshot(dana, "phone-number-team");
        }
    }
}
