package com.bloomtext.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

import com.bloomtext.testing.CarrierUnderTest;
import com.bloomtext.testing.IntegrationTest;
import com.bloomtext.testing.StaffAgent;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The help article's steps 5 and 7 over HTTP: create a chat, send, deliver, receive replies, STOP. */
public class MessagingTests extends IntegrationTest {

    static final String SELECT = "/settings/organization/plan/phone-number";

    /** An upgraded organization whose admin holds a number in this area code; returns the number. */
    public static String withNumber(Org org, String areaCode) {
        org.upgradeTo("sms-starter");
        return buyNumber(org, areaCode);
    }

    /** Buys a number in this area code for an organization whose plan has room for one more; returns it. */
    public static String buyNumber(Org org, String areaCode) {
        if (CarrierUnderTest.name().equals("smpp")) {
            String number = "+1" + areaCode + "555" + (2000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(8000));
            org.portInCompleted(number);
            return number;
        }
        String page = org.admin().get(SELECT + "?areaCode=" + areaCode).body();
        var row = java.util.regex.Pattern.compile("<span class=\"number\">\\((\\d{3})\\) (\\d{3})-(\\d{4})</span>").matcher(page);
        assertThat(row.find()).isTrue();
        String number = "+1" + row.group(1) + row.group(2) + row.group(3);
        org.admin().post(SELECT, "areaCode", areaCode, "number", number);
        return number;
    }

    /** Creates a chat with a patient typed by phone, from the admin's first team; returns its path. */
    public static String chatWith(StaffAgent agent, String phone) {
        agent.get("/inbox/new");
        String dialog = agent.post("/inbox/new/find", "q", phone).body();
        String sendFrom = team(dialog);
        var created = phone.matches(".*[A-Za-z].*") ? null : agent.post("/inbox/new", "q", phone, "contact", phone, "sendFrom", sendFrom);
        assertThat(created.location()).contains("/inbox/c/");
        return java.net.URI.create(created.location()).getPath();
    }

    static String team(String dialog) {
        var option = java.util.regex.Pattern.compile("<option value=\"([0-9a-f-]{36})\"").matcher(dialog);
        return option.find() ? option.group(1) : "me";
    }

    String stateOf(String body) {
        return jdbc.sql("select state from message where body = :body order by created_at desc limit 1").param("body", body)
                .query(String.class).single();
    }

    public static <T> T eventually(Supplier<T> value, java.util.function.Predicate<T> done) {
        return eventually(value, done, Duration.ofSeconds(20));
    }

    /** The value once it is done, or the last one seen when the time is up. */
    public static <T> T eventually(Supplier<T> value, java.util.function.Predicate<T> done, Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        T current = value.get();
        while (!done.test(current) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            current = value.get();
        }
        return current;
    }

    @Test
    void createAChatByPhoneSendAnSmsAndSeeItDelivered() {
        Org org = newOrganization("Messaging Clinic");
        withNumber(org, "415");
        var popover = org.admin().get("/inbox").body();
        assertThat(popover).contains("Create a chat").doesNotContain("Send SMS");

        org.admin().get("/inbox/new");
        var dialog = org.admin().post("/inbox/new/find", "q", "(415) 555-2671").body();
        assertThat(dialog).contains(">Patient <small>", "Just me", "Send from");
        String chat = chatWith(org.admin(), "(415) 555-2671");
        var page = org.admin().get(chat).body();
        assertThat(page).contains("Secure Chat", "SMS (Text Message)", "Patient sees", "Use when", "Availability",
                "A plain text from your organization&#39;s phone number.".replace("&#39;", "'"))
                .doesNotContain("SMS is unavailable");

        String body = "Reminder: your appointment is tomorrow at 3:30 PM. Ref " + UUID.randomUUID().toString().replaceAll("[0-9-]", "");
        assertThat(org.admin().post(chat + "/messages", "mode", "SMS", "body", body).location()).contains(chat);
        assertThat(eventually(() -> stateOf(body), "DELIVERED"::equals)).isEqualTo("DELIVERED");
        assertThat(org.admin().get(chat).body()).contains(body, "Delivered", "SMS");
        assertThat(jdbc.sql("select segments from sms_usage where organization_id = :org").param("org", org.id())
                .query(Long.class).single()).isEqualTo(1L);
    }

    @Test
    void repliesFromThePatientPhoneLandInTheTeamsConversationAndStopTurnsSmsOff() {
        Org org = newOrganization("Replies Clinic");
        String ours = withNumber(org, "212");
        String chat = chatWith(org.admin(), "(212) 555-2671");
        org.admin().post(chat + "/messages", "mode", "SMS", "body", "Your visit is confirmed for Monday.");

        org.admin().get("/sandbox/phone");
        org.admin().post("/sandbox/phone", "number", "(212) 555-2671", "to", ours, "body", "Thanks, see you then!");
        assertThat(eventually(() -> org.admin().get(chat).body(), b -> b.contains("Thanks, see you then!")))
                .contains("Thanks, see you then!");
        // The staff text reaches the sandbox phone when its delivery (in the background, after the send) has run.
        assertThat(eventually(() -> org.admin().post("/sandbox/phone/open", "number", "(212) 555-2671").body(),
                b -> b.contains("Your visit is confirmed for Monday."))).contains("Your visit is confirmed for Monday.");

        org.admin().post("/sandbox/phone", "number", "(212) 555-2671", "to", ours, "body", "STOP");
        var stopped = eventually(() -> org.admin().get(chat).body(), b -> b.contains("replied STOP"));
        assertThat(stopped).contains("Opted out of SMS (replied STOP)", "SMS is unavailable");
        var refused = org.admin().post(chat + "/messages", "mode", "SMS", "body", "Are you there?");
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("This patient replied STOP to this number");

        org.admin().post("/sandbox/phone", "number", "(212) 555-2671", "to", ours, "body", "START");
        assertThat(eventually(() -> org.admin().get(chat).body(), b -> !b.contains("replied STOP")))
                .doesNotContain("Opted out of SMS");
    }

    @Test
    void helpIsAnsweredAndAnUnknownPhoneBecomesAPatient() {
        Org org = newOrganization("Help Clinic");
        String ours = withNumber(org, "303");
        org.admin().get("/sandbox/phone");
        org.admin().post("/sandbox/phone", "number", "(303) 555-2672", "to", ours, "body", "HELP");
        String inbox = eventually(() -> org.admin().get("/inbox").body(), b -> b.contains("(303) 555-2672"));
        assertThat(inbox).contains("Unknown patient · (303) 555-2672");
        assertThat(eventually(() -> org.admin().post("/sandbox/phone/open", "number", "(303) 555-2672").body(),
                b -> b.contains("Help Clinic: reply STOP"))).contains("Help Clinic: reply STOP");
    }

    @Test
    void smsIsOfferedOnlyWhenTheRuleHoldsAndTheServerEnforcesIt() {
        Org free = newOrganization("Free Messaging Clinic");
        String chat = chatWith(free.admin(), "(415) 555-2673");
        var page = free.admin().get(chat).body();
        assertThat(page).contains("SMS is unavailable", "plan doesn&#39;t include SMS".replace("&#39;", "'"),
                "SMS is sent from a team");
        var forced = free.admin().post(chat + "/messages", "mode", "SMS", "body", "Hello");
        assertThat(forced.status()).isEqualTo(200);
        assertThat(forced.body()).contains("plan doesn't include SMS");
        assertThat(free.admin().post(chat + "/messages", "mode", "SECURE_CHAT", "body", "Your results are in.").location())
                .contains(chat);
        assertThat(free.admin().get(chat).body()).contains("Your results are in.", "Secure Chat");
    }

    @Test
    void anSmsThatLooksLikePhiIsHeldUntilTheSenderConfirms() {
        Org org = newOrganization("PHI Clinic");
        withNumber(org, "617");
        String chat = chatWith(org.admin(), "(617) 555-2674");
        var warned = org.admin().post(chat + "/messages", "mode", "SMS", "body", "Your A1C is 7.2%");
        assertThat(warned.body()).contains("seems to contain a lab result", "send as SMS anyway", "Switch to Secure Chat");
        var switched = org.admin().post(chat + "/messages", "mode", "SMS", "body", "Your A1C is 7.2% (secure)",
                "switchToSecureChat", "true");
        assertThat(switched.location()).contains(chat);
        assertThat(jdbc.sql("select mode from message where body = 'Your A1C is 7.2% (secure)'").query(String.class).single())
                .isEqualTo("SECURE_CHAT");
        assertThat(jdbc.sql("select count(*) from message where body = 'Your A1C is 7.2%'").query(Integer.class).single()).isZero();
        assertThat(org.admin().post(chat + "/messages", "mode", "SMS", "body", "x".repeat(1601), "phiConfirmed", "true")
                .body()).contains("at most 1600 characters");
    }

    @Test
    void anOrganizationCanBlockSmsThatLooksLikePhi() {
        Org org = newOrganization("Strict PHI Clinic");
        withNumber(org, "702");
        Member sam = org.addMember("Sam Rivera");
        assertThat(sam.agent().get("/settings/organization/messaging").status()).isEqualTo(403);
        org.admin().get("/settings/organization/messaging");
        org.admin().post("/settings/organization/messaging", "blockPhi", "true");
        String chat = chatWith(org.admin(), "(702) 555-2676");
        var blocked = org.admin().post(chat + "/messages", "mode", "SMS", "body", "Take metformin 500 mg", "phiConfirmed", "true");
        assertThat(blocked.body()).contains("does not allow SMS that looks like PHI").doesNotContain("send as SMS anyway");
        assertThat(jdbc.sql("select count(*) from message where body = 'Take metformin 500 mg'").query(Integer.class).single())
                .isZero();
    }

    @Test
    void outsidersGetNotFoundAndRemovedMembersLoseTheConversationAtOnce() {
        Org org = newOrganization("Private Chats Clinic");
        withNumber(org, "720");
        Member sam = org.addMember("Sam Rivera");
        String chat = chatWith(org.admin(), "(720) 555-2675");
        String team = jdbc.sql("select team_id from conversation where id = cast(:id as uuid)")
                .param("id", chat.substring(chat.lastIndexOf('/') + 1)).query(String.class).single();

        assertThat(sam.agent().get(chat).status()).as("not on the team").isEqualTo(404);
        assertThat(sam.agent().post(chat + "/messages", "mode", "SECURE_CHAT", "body", "hi").status()).isEqualTo(404);
        assertThat(sam.agent().get("/inbox").body()).doesNotContain("(720) 555-2675");

        org.admin().post("/directory/phone-numbers/" + team + "/members", "user", sam.id().toString());
        assertThat(sam.agent().get(chat).status()).isEqualTo(200);
        org.admin().post("/directory/phone-numbers/" + team + "/members/" + sam.id() + "/remove");
        assertThat(sam.agent().get(chat).status()).as("removed: gone on the next request").isEqualTo(404);

        Org other = newOrganization("Other Chats Clinic");
        other.admin().get("/inbox");
        assertThat(other.admin().get(chat).status()).isEqualTo(404);
        assertThat(other.admin().post(chat + "/messages", "mode", "SECURE_CHAT", "body", "hi").status()).isEqualTo(404);
        other.admin().get("/sandbox/phone");
        assertThat(other.admin().post("/sandbox/phone/open", "number", "(720) 555-2675").body())
                .contains("No texts yet.");
        assertThat(anonymous().get(chat).redirectsTo("/sign-in")).isTrue();
        assertThat(anonymous().get("/inbox/new").redirectsTo("/sign-in")).isTrue();
    }
}
