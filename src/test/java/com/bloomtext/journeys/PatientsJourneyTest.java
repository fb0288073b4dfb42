package com.bloomtext.journeys;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.bloomtext.testing.Browsers;
import com.bloomtext.testing.IntegrationTest;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** Create a patient with the form, then import a CSV with a bad row and read the error report. */
class PatientsJourneyTest extends IntegrationTest {

    @Test
    void createAPatientThenImportACsvWithABadRow() throws Exception {
        Org org = newOrganization("Willow Creek Family Medicine");
        Path csv = Files.createTempFile("patients", ".csv");
        Files.writeString(csv, """
                phone,first_name,last_name,dob,mrn,email
                (415) 555-0150,Avery,Stone,1985-06-01,W-100,avery@example.org
                415.555.0151,Blake,Rivers,07/02/1990,W-101,
                12345,Casey,Broken,1970-01-01,W-102,
                """, StandardCharsets.UTF_8);

        try (BrowserContext context = Browsers.shared().newContext()) {
            Page page = context.newPage();
            page.navigate(baseUrl() + "/sign-in");
            page.getByLabel("Email").fill(org.adminEmail());
            page.getByLabel("Password").fill(PASSWORD);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Directory")).click();
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Patients").setExact(true)).click();
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Create new")).click();
            page.getByLabel("Phone number").fill("(415) 555-0142");
            page.getByLabel("First name").fill("Jordan");
            page.getByLabel("Last name").fill("Lee");
            page.getByLabel("Date of birth (DOB)").fill("03/04/1975");
            page.getByLabel("Medical record number (MRN)").fill("W-1");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save patient")).click();
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Jordan Lee"))).isVisible();
            assertThat(page.getByText("(415) 555-0142")).isVisible();

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Patients")).first().click();
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Import CSV")).click();
            page.getByLabel("CSV file").setInputFiles(csv);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Preview import")).click();
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Preview"))).isVisible();
            assertThat(page.getByText("will be refused")).isVisible();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Import 2 patients")).click();

            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Import finished")))
                    .isVisible(new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Refused rows"))).isVisible();
            assertThat(page.getByRole(AriaRole.CELL, new Page.GetByRoleOptions().setName(
                    java.util.regex.Pattern.compile("^That phone number")))).isVisible();
            assertThat(page.getByRole(AriaRole.CELL, new Page.GetByRoleOptions().setName("4").setExact(true))).isVisible();
            assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Download refused rows (CSV)")))
                    .isVisible();
            NewOrganizationJourneyTest.screenshot(page, "patients-import");

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("See the patients")).click();
            assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Avery Stone"))).isVisible();
            assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Jordan Lee"))).isVisible();
        } finally {
            Files.deleteIfExists(csv);
        }
    }
}
