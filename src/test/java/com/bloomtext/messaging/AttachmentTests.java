package com.bloomtext.messaging;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.bloomtext.shared.NotFoundException;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.PatientActor;
import com.bloomtext.shared.PatientId;
import com.bloomtext.testing.IntegrationTest;
import com.bloomtext.testing.StaffAgent;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static com.bloomtext.messaging.MessagingTests.chatWith;
import static com.bloomtext.messaging.MessagingTests.withNumber;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Staff attach files to Secure Chat messages and download them; nobody else can. */
class AttachmentTests extends IntegrationTest {

    private static final Pattern DOWNLOAD = Pattern.compile("href=\"(/inbox/c/[0-9a-f-]{36}/files/[0-9a-f-]{36})\"");

    @Autowired
    ConversationFiles conversationFiles;

    static byte[] pdf(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        System.arraycopy("%PDF-1.7\n".getBytes(), 0, bytes, 0, 9);
        return bytes;
    }

    static String downloadLink(String page) {
        Matcher link = DOWNLOAD.matcher(page);
        assertThat(link.find()).as("the conversation shows a download link").isTrue();
        return link.group(1);
    }

    static StaffAgent.Page attach(StaffAgent agent, String chat, String mode, String body, String fileName, byte[] content) {
        agent.get(chat);
        return agent.upload(chat + "/messages", Map.of("mode", mode, "body", body), "file", fileName, "text/plain", content);
    }

    @Test
    void staffAttachAPdfToAnSmsDraftAndItGoesAsSecureChatThenDownloadIt() {
        Org org = newOrganization("Attachments Clinic");
        withNumber(org, "415");
        String chat = chatWith(org.admin(), "(415) 555-3101");
        byte[] content = pdf(300_000);

        var sent = attach(org.admin(), chat, "SMS", "Your lab results are attached.", "Lab results – Ann Lee.pdf", content);
        assertThat(sent.location()).as("sent: %s %s", sent, sent.body()).endsWith(chat);
        assertThat(jdbc.sql("select mode from message where body = 'Your lab results are attached.'").query(String.class).single())
                .isEqualTo("SECURE_CHAT");

        String page = org.admin().get(chat).body();
        assertThat(page).contains("Lab results – Ann Lee.pdf", "293 KB");
        String link = downloadLink(page);
        assertThat(link).doesNotContain("Lab", "pdf");

        var download = org.admin().download(link);
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(content);
        assertThat(download.header("Content-Type")).isEqualTo("application/pdf");
        assertThat(download.header("Content-Disposition")).startsWith("attachment;").contains("filename=");
        assertThat(download.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(download.header("Cache-Control")).contains("no-store");

        var audit = jdbc.sql("select action, coalesce(detail, '') from audit_event where organization_id = :org "
                        + "and action in ('FILE_ATTACHED', 'FILE_DOWNLOADED') order by id")
                .param("org", org.id()).query((rs, n) -> rs.getString(1) + ":" + rs.getString(2)).list();
        assertThat(audit).containsExactly("FILE_ATTACHED:", "FILE_DOWNLOADED:");
        assertThat(jdbc.sql("select count(*) from audit_event where organization_id = :org and detail like '%Lab%'")
                .param("org", org.id()).query(Integer.class).single()).isZero();
    }

    @Test
    void aFileIsTypedByItsBytesAndHtmlIsRefusedLeavingNothingBehind() {
        Org org = newOrganization("Sniffing Clinic");
        String chat = chatWith(org.admin(), "(415) 555-3102");
        attach(org.admin(), chat, "SECURE_CHAT", "", "scan.png", pdf(2000));
        String link = downloadLink(org.admin().get(chat).body());
        assertThat(org.admin().download(link).header("Content-Type")).as("a PDF named .png").isEqualTo("application/pdf");

        var refused = attach(org.admin(), chat, "SECURE_CHAT", "See the form", "form.pdf",
                "<html><script>alert(document.cookie)</script></html>".getBytes());
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("This type of file can&#39;t be attached.".replace("&#39;", "'"))
                .contains("See the form");
        assertThat(jdbc.sql("select count(*) from message where organization_id = :org and body = 'See the form'")
                .param("org", org.id()).query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from stored_file where organization_id = :org").param("org", org.id())
                .query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void a25MegabyteFileIsAcceptedAndALargerOneRefusedClearly() {
        Org org = newOrganization("Large Files Clinic");
        String chat = chatWith(org.admin(), "(415) 555-3103");
        byte[] limit = pdf(25 * 1024 * 1024);
        assertThat(attach(org.admin(), chat, "SECURE_CHAT", "Imaging", "mri.pdf", limit).location()).endsWith(chat);
        assertThat(org.admin().download(downloadLink(org.admin().get(chat).body())).body()).isEqualTo(limit);

        var tooLarge = attach(org.admin(), chat, "SECURE_CHAT", "More imaging", "mri-2.pdf", pdf(25 * 1024 * 1024 + 1));
        assertThat(tooLarge.body()).contains("This file is larger than 25 MB. Attach a file of up to 25 MB.");
    }

    @Test
    void outsidersGetNotFound() {
        Org org = newOrganization("Private Files Clinic");
        withNumber(org, "720");
        Member sam = org.addMember("Sam Rivera");
        String chat = chatWith(org.admin(), "(720) 555-3104");
        attach(org.admin(), chat, "SECURE_CHAT", "Results", "results.pdf", pdf(1000));
        String link = downloadLink(org.admin().get(chat).body());
        String team = jdbc.sql("select team_id from conversation where id = cast(:id as uuid)")
                .param("id", chat.substring(chat.lastIndexOf('/') + 1)).query(String.class).single();

        assertThat(sam.agent().download(link).status()).as("not on the team").isEqualTo(404);
        org.admin().post("/directory/phone-numbers/" + team + "/members", "user", sam.id().toString());
        assertThat(sam.agent().download(link).status()).as("on the team").isEqualTo(200);
        org.admin().post("/directory/phone-numbers/" + team + "/members/" + sam.id() + "/remove");
        assertThat(sam.agent().download(link).status()).as("removed").isEqualTo(404);

        Org other = newOrganization("Other Files Clinic");
        other.admin().get("/inbox");
        assertThat(other.admin().download(link).status()).as("another organization").isEqualTo(404);
        String theirChat = chatWith(other.admin(), "(720) 555-3105");
        String attachmentId = link.substring(link.lastIndexOf('/') + 1);
        assertThat(other.admin().download(theirChat + "/files/" + attachmentId).status())
                .as("another organization's attachment under their own conversation").isEqualTo(404);

        String ownOtherChat = chatWith(org.admin(), "(720) 555-3106");
        assertThat(org.admin().download(ownOtherChat + "/files/" + attachmentId).status())
                .as("an attachment under another conversation of the same organization").isEqualTo(404);
        assertThat(org.admin().download(chat + "/files/not-an-id").status()).isEqualTo(404);

        var anonymous = anonymous().download(link);
        assertThat(anonymous.status()).isEqualTo(302);
        assertThat(anonymous.header("Location")).endsWith("/sign-in");
        assertThat(jdbc.sql("select count(*) from audit_event where organization_id = :org and action = 'FILE_DOWNLOADED'")
                .param("org", org.id()).query(Integer.class).single()).as("only Sam's download while on the team").isEqualTo(1);
    }

    @Test
    void thePortalApiListsOpensAndAttachesWithinTheOrganization() throws IOException {
        Org org = newOrganization("Portal Files Clinic");
        String chat = chatWith(org.admin(), "(415) 555-3107");
        UUID conversation = UUID.fromString(chat.substring(chat.lastIndexOf('/') + 1));
        attach(org.admin(), chat, "SECURE_CHAT", "Your form", "form.pdf", pdf(1000));
        OrgId ours = new OrgId(org.id());
        UUID message = jdbc.sql("select id from message where conversation_id = :c").param("c", conversation)
                .query(UUID.class).single();
        PatientId patientId = new PatientId(jdbc.sql("select patient_id from conversation where id = :c")
                .param("c", conversation).query(UUID.class).single());
        PatientActor patient = new PatientActor(ours, patientId);

        Attachment reply = conversationFiles.attach(patient, conversation, message, "C:\\Users\\ann\\photo.jpg",
                new ByteArrayInputStream(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 1, 2, 3}));
        assertThat(reply.fileName()).isEqualTo("photo.jpg");
        assertThat(reply.contentType()).isEqualTo("image/jpeg");
        assertThat(conversationFiles.list(ours, conversation)).extracting(Attachment::fileName)
                .containsExactly("form.pdf", "photo.jpg");
        try (AttachmentContent opened = conversationFiles.open(patient, conversation, reply.id())) {
            assertThat(opened.content().readAllBytes()).hasSize(7);
        }
        assertThat(jdbc.sql("select count(*) from audit_event where organization_id = :org and detail = 'patient' "
                        + "and actor_patient_id = :patient and actor_user_id is null")
                .param("org", org.id()).param("patient", patientId.value()).query(Integer.class).single()).isEqualTo(2);

        assertThatThrownBy(() -> conversationFiles.attach(patient, conversation, message, "page.pdf",
                new ByteArrayInputStream("<html></html>".getBytes()))).isInstanceOf(AttachmentRefused.class);

        OrgId theirs = new OrgId(newOrganization("Nosy Portal Clinic").id());
        PatientActor outsider = new PatientActor(theirs, patientId);
        assertThat(conversationFiles.list(theirs, conversation)).isEmpty();
        assertThatThrownBy(() -> conversationFiles.open(outsider, conversation, reply.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> conversationFiles.attach(outsider, conversation, message, "x.pdf",
                new ByteArrayInputStream(pdf(100)))).isInstanceOf(NotFoundException.class);
        assertThat(conversationFiles.list(ours, UUID.randomUUID())).isEmpty();
    }

    @Test
    void filesAreNotAttachedToSmsMessages() {
        Org org = newOrganization("Sms Files Clinic");
        withNumber(org, "303");
        String chat = chatWith(org.admin(), "(303) 555-3108");
        org.admin().post(chat + "/messages", "mode", "SMS", "body", "Reminder: visit on Monday.");
        UUID conversation = UUID.fromString(chat.substring(chat.lastIndexOf('/') + 1));
        UUID sms = jdbc.sql("select id from message where conversation_id = :c and mode = 'SMS'").param("c", conversation)
                .query(UUID.class).single();
        assertThatThrownBy(() -> conversationFiles.attach(new PatientActor(new OrgId(org.id()), new PatientId(jdbc.sql(
                "select patient_id from conversation where id = :c").param("c", conversation).query(UUID.class).single())),
                conversation, sms, "a.pdf",
                new ByteArrayInputStream(pdf(100)))).isInstanceOf(AttachmentRefused.class)
                .hasMessage("Files can only be sent with Secure Chat.");
    }
}
