package com.bloomtext.journeys;

import java.util.regex.Pattern;

import com.bloomtext.messaging.MessagingTests;
import com.bloomtext.testing.Browsers;
import com.bloomtext.testing.IntegrationTest;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * Staff pick SMS, then attach a PDF: the composer switches to Secure Chat, the message goes with its file, and
 * the file downloads from the conversation.
 */
class AttachmentJourneyTest extends IntegrationTest {

    @Test
    void attachingAFileSwitchesToSecureChatAndTheFileDownloads() {
        Org org = newOrganization("Lakeside Dermatology");
        MessagingTests.withNumber(org, "415");
        String chat = MessagingTests.chatWith(org.admin(), "(415) 555-2691");

        try (BrowserContext context = Browsers.shared().newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                .setAcceptDownloads(true))) {
            Page dana = context.newPage();
            dana.navigate(baseUrl() + "/sign-in");
            dana.getByLabel("Email").fill(org.adminEmail());
            dana.getByLabel("Password").fill(PASSWORD);
            dana.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
            dana.navigate(baseUrl() + chat);

            var sms = dana.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName(Pattern.compile("^SMS \\(Text Message\\)")));
            var secureChat = dana.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName(Pattern.compile("^Secure Chat")));
            sms.check();
            dana.getByLabel("Attach a file").setInputFiles(new FilePayload("visit-summary.pdf", "application/pdf",
                    "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".getBytes()));
            assertThat(secureChat).isChecked();
            dana.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send")).click();

            var file = dana.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(Pattern.compile("^visit-summary\\.pdf")));
            assertThat(file).isVisible();
            assertThat(file).containsText("bytes");
            Download download = dana.waitForDownload(file::click);
            Assertions.assertThat(download.suggestedFilename()).isEqualTo("visit-summary.pdf");
            Assertions.assertThat(download.failure()).isNull();
        }
    }
}
