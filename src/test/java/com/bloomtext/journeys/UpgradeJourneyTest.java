package com.bloomtext.journeys;

import com.bloomtext.testing.Browsers;
import com.bloomtext.testing.IntegrationTest;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** An admin upgrades to SMS Starter through the sandbox checkout, after one declined card. */
class UpgradeJourneyTest extends IntegrationTest {

    @Test
    void upgradeThroughTheSandboxCheckoutAndSeeTheAllowance() {
        try (BrowserContext context = Browsers.shared().newContext()) {
            Page dana = context.newPage();
            dana.navigate(baseUrl() + "/welcome");
            dana.getByLabel("Organization name").fill("Bayview Family Practice");
            dana.getByLabel("Your name").fill("Dana Whitfield");
            dana.getByLabel("Email").fill(uniqueEmail("dana"));
            dana.getByLabel("Password").fill(PASSWORD);
            dana.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create an organization")).click();

            dana.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Settings")).click();
            dana.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Bayview Family Practice")).click();
            dana.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Plan").setExact(true)).click();
            assertThat(dana.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Current plan")))
                    .isVisible();
            dana.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Choose SMS Starter")).click();

            assertThat(dana.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Sandbox checkout")))
                    .isVisible();
            dana.getByLabel("Card number").fill("4000 0000 0000 0002");
            dana.getByLabel("Expiry (MM/YY)").fill("12/39");
            dana.getByLabel("CVC").fill("123");
            dana.getByLabel("Name on card").fill("Dana Whitfield");
            dana.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Pay $49")).click();
            assertThat(dana.getByRole(AriaRole.ALERT)).containsText("Your card was declined.");

            dana.getByLabel("Card number").fill("4242 4242 4242 4242");
            dana.getByLabel("CVC").fill("123");
            dana.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Pay $49")).click();

            assertThat(dana.getByRole(AriaRole.STATUS))
                    .hasText("Payment received. Your organization is on SMS Starter.");
            assertThat(dana.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Current plan")))
                    .containsText("SMS Starter");
            assertThat(dana.getByText("0 of 1,000 segments")).isVisible();
            assertThat(dana.getByLabel("SMS this month")).isVisible();
            NewOrganizationJourneyTest.screenshot(dana, "plan-upgraded");
        }
    }
}
