package com.bloomtext.journeys;

import java.util.regex.Pattern;

import com.bloomtext.messaging.MessagingTests;
import com.bloomtext.testing.Browsers;
import com.bloomtext.testing.IntegrationTest;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;

import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The help article's Secure Chat with two people: staff send a Secure Chat message with a PDF; the patient
 * (a phone-sized browser without JavaScript) opens the link the sandbox phone received, confirms their date
 * of birth, reads, downloads the PDF and replies with a PDF of their own; staff reload and see the reply,
 * its file, and the patient's avatar with "Viewed" below the message. (Until live updates arrive, staff reload.)
 */
class SecureChatJourneyTest extends IntegrationTest {

    private static final byte[] PDF = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".getBytes();

    @Test
    void staffSendSecurelyThePatientVerifiesReadsAndRepliesAndStaffSeeTheReceipt() {
        Org org = newOrganization("Lakeside Internal Medicine");
        MessagingTests.withNumber(org, "415");
        org.admin().get("/directory/patients/new");
        org.admin().post("/directory/patients/new", "phone", "(415) 555-2820", "firstName", "Jordan", "lastName", "Lee",
                "dateOfBirth", "1985-04-23", "mrn", "", "email", "");
        String chat = MessagingTests.chatWith(org.admin(), "(415) 555-2820");
        String secret = "Your A1C is 6.1. Let's talk about it at your next visit.";

        try (BrowserContext staff = Browsers.shared().newContext();
                BrowserContext phone = Browsers.shared().newContext(new Browser.NewContextOptions()
                        .setViewportSize(360, 740).setJavaScriptEnabled(false))) {
            Page dana = staff.newPage();
            dana.navigate(baseUrl() + "/sign-in");
            dana.getByLabel("Email").fill(org.adminEmail());
            dana.getByLabel("Password").fill(PASSWORD);
            dana.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();

            dana.navigate(baseUrl() + chat);
            assertThat(dana.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName(Pattern.compile("^Secure Chat"))))
                    .isChecked();
            dana.getByLabel("Message", new Page.GetByLabelOptions().setExact(true)).fill(secret);
            dana.getByLabel("Attach a file").setInputFiles(new FilePayload("lab-results.pdf", "application/pdf", PDF));
            dana.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send")).click();
            assertThat(dana.getByText(secret)).isVisible();

            dana.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Patient phone")).click();
            dana.getByLabel("Phone number").fill("(415) 555-2820");
            dana.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open")).click();
            Locator link = dana.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(Pattern.compile("localhost:\\d+.p.[\\w-]{43}$")));
            for (int attempt = 0; attempt < 40 && link.count() == 0; attempt++) {
                dana.waitForTimeout(250);
                dana.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open")).click();
            }
            assertThat(dana.getByText("Lakeside Internal Medicine sent you a secure message:")).isVisible();
            assertThat(dana.getByText(secret)).hasCount(0);
            String href = link.first().getAttribute("href");

            // Staff keep the conversation open: what the patient does shows up there live, without a reload.
            Page open = staff.newPage();
            open.navigate(baseUrl() + chat);

            Page patient = phone.newPage();
            patient.navigate(href);
            assertThat(patient.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Confirm it's you"))).isVisible();
            assertThat(patient.getByText(secret)).hasCount(0);
            patient.getByLabel("Date of birth").fill("1985-04-23");
            patient.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue")).click();

            assertThat(patient.getByRole(AriaRole.HEADING,
                    new Page.GetByRoleOptions().setName("Secure messages from Lakeside Internal Medicine"))).isVisible();
            assertThat(patient.getByText(secret)).isVisible();
            assertThat(patient.getByText("With Dana Whitfield")).isVisible();
            Download download = patient.waitForDownload(() -> patient.getByRole(AriaRole.LINK,
                    new Page.GetByRoleOptions().setName(Pattern.compile("^lab-results\\.pdf"))).click());
            assertThat(download.failure()).isNull();
            assertThat(download.suggestedFilename()).isEqualTo("lab-results.pdf");
            patient.getByLabel("Your reply").fill("Thanks! I'll bring my questions.");
            patient.getByLabel("Attach a photo or PDF (optional)").setInputFiles(new FilePayload("my-questions.pdf",
                    "application/pdf", PDF));
            patient.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send reply")).click();
            assertThat(patient.getByText("Thanks! I'll bring my questions.")).isVisible();
            assertThat(patient.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(Pattern.compile("^my-questions\\.pdf"))))
                    .isVisible();
            assertThat((Boolean) patient.evaluate("document.documentElement.scrollWidth <= 360"))
                    .as("no sideways scrolling at 360 px").isTrue();
            NewOrganizationJourneyTest.screenshot(patient, "portal-conversation");

            assertThat(open.getByText("Thanks! I'll bring my questions.")).isVisible();
            Locator seenLive = open.getByRole(AriaRole.LISTITEM).filter(new Locator.FilterOptions().setHasText(secret));
            assertThat(seenLive.getByText(Pattern.compile("Viewed \\w{3} \\d{1,2}, \\d{1,2}:\\d{2} [AP]M"))).isVisible();
            NewOrganizationJourneyTest.screenshot(open, "conversation-live-receipt");

            dana.navigate(baseUrl() + chat);
            assertThat(dana.getByText("Thanks! I'll bring my questions.")).isVisible();
            assertThat(dana.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(Pattern.compile("^my-questions\\.pdf"))))
                    .isVisible();
            Locator viewedMessage = dana.getByRole(AriaRole.LISTITEM).filter(new Locator.FilterOptions().setHasText(secret));
            assertThat(viewedMessage.getByText(Pattern.compile("Viewed \\w{3} \\d{1,2}, \\d{1,2}:\\d{2} [AP]M"))).isVisible();
            assertThat(viewedMessage.getByText("JL", new Locator.GetByTextOptions().setExact(true))).isVisible();
            assertThat(dana.getByText("Link texted to the patient")).isVisible();
            dana.getByText("Link and reply options").click();
            assertThat(dana.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Resend link"))).isVisible();
            NewOrganizationJourneyTest.screenshot(dana, "conversation-viewed");
        }
    }
}
