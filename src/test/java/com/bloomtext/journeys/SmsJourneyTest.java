package com.bloomtext.journeys;

import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import com.bloomtext.messaging.MessagingTests;
import com.bloomtext.shared.E164;
import com.bloomtext.testing.Browsers;
import com.bloomtext.testing.CarrierUnderTest;
import com.bloomtext.testing.IntegrationTest;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * The help article as a person does it: create a chat to a new patient by phone number from a team with
 * a number, send an SMS, see it delivered, answer from the sandbox patient phone, see the reply, then
 * reply STOP and see SMS become unavailable with the reason. (Until live updates arrive, a person
 * reloads the page to see new states.)
 *
 * <p>The build runs it three times: with the sandbox carrier, and with the Twilio and SMPP adapters each
 * wired to its local test server ({@link CarrierUnderTest}); the staff's clicks are the same in all three.
 */
class SmsJourneyTest extends IntegrationTest {

    private static final E164 PATIENT = new E164("+14155552690");

    @Test
    void createAChatSendAnSmsReadTheReplyAndSeeStop() {
        Org org = newOrganization("Sunrise Pediatrics");
        E164 practice = new E164(MessagingTests.withNumber(org, "415"));

        try (BrowserContext context = Browsers.shared().newContext()) {
            Page dana = context.newPage();
            dana.navigate(baseUrl() + "/sign-in");
            dana.getByLabel("Email").fill(org.adminEmail());
            dana.getByLabel("Password").fill(PASSWORD);
            dana.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();

            dana.getByLabel("New").click();
            assertThat(dana.getByText("Send SMS")).hasCount(0);
            dana.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Create a chat")).first().click();
            dana.getByLabel("New conversation: patient name, phone number or email").fill("(415) 555-2690");
            dana.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Find")).click();
            dana.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName(Pattern.compile("^Patient"))).check();
            dana.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create a chat")).click();

            assertThat(dana.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Unknown patient · (415) 555-2690"))).isVisible();
            assertThat(dana.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName(Pattern.compile("^Secure Chat"))))
                    .isChecked();
            dana.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName(Pattern.compile("^SMS \\(Text Message\\)"))).check();
            dana.getByLabel("Message", new Page.GetByLabelOptions().setExact(true)).fill("See you tomorrow at 9. Parking is on level 2.");
            dana.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send")).click();
            String conversation = dana.url();
            reloadUntil(dana, () -> dana.getByText("Delivered").count() > 0);
            assertThat(dana.getByText("Delivered")).isVisible();

            patientReads(dana, "See you tomorrow at 9. Parking is on level 2.");
            patientAnswers(dana, practice, "Thanks, see you then!");

            dana.navigate(conversation);
            reloadUntil(dana, () -> dana.getByText("Thanks, see you then!").count() > 0);
            assertThat(dana.getByText("Thanks, see you then!")).isVisible();
            NewOrganizationJourneyTest.screenshot(dana, "conversation");

            patientAnswers(dana, practice, "STOP");

            dana.navigate(conversation);
            reloadUntil(dana, () -> dana.getByText("Opted out of SMS (replied STOP)").count() > 0);
            assertThat(dana.getByText("This patient replied STOP to this number")).isVisible();
            assertThat(dana.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName(Pattern.compile("^SMS \\(Text Message\\)"))))
                    .isDisabled();
            assertThat(dana.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName(Pattern.compile("^Secure Chat"))))
                    .isChecked();
        }
    }

    /**
     * The patient's phone shows the text: with the sandbox carrier, its Patient phone page; with a real
     * adapter, the local carrier server's handset.
     */
    private static void patientReads(Page page, String text) {
        if (CarrierUnderTest.sandbox()) {
            openPatientPhone(page);
            assertThat(page.getByText(text)).isVisible();
        } else {
            Assertions.assertThat(CarrierUnderTest.handset().textsTo(PATIENT)).contains(text);
        }
    }

    private static void patientAnswers(Page page, E164 practice, String text) {
        if (CarrierUnderTest.sandbox()) {
            openPatientPhone(page);
            page.getByLabel("Text", new Page.GetByLabelOptions().setExact(true)).fill(text);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send text")).click();
        } else {
            CarrierUnderTest.handset().reply(PATIENT, practice, text);
        }
    }

    private static void openPatientPhone(Page page) {
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Patient phone")).click();
        page.getByLabel("Phone number").fill("(415) 555-2690");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open")).click();
    }

    /** Reloads, a bounded number of times, until the page shows what is awaited. */
    private static void reloadUntil(Page page, BooleanSupplier shown) {
        for (int attempt = 0; attempt < 40 && !shown.getAsBoolean(); attempt++) {
            page.waitForTimeout(250);
            page.reload();
        }
    }
}
