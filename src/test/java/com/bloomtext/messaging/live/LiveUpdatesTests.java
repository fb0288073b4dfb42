package com.bloomtext.messaging.live;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import com.bloomtext.BloomTextApplication;
import com.bloomtext.messaging.MessagingTests;
import com.bloomtext.testing.EventStream;
import com.bloomtext.testing.IntegrationTest;
import com.bloomtext.testing.StaffAgent;
import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live updates across two application nodes on one PostgreSQL: the test's context is node A, and node B is a
 * second BloomText started here against the same database (no embedded server of its own; its Flyway finds
 * the schema current). Sessions live in PostgreSQL, so a browser signed in on A streams from B as it would
 * behind a load balancer. Streams are read over HTTP exactly as an EventSource reads them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveUpdatesTests extends IntegrationTest {

    @Autowired
    DataSource dataSource;

    ConfigurableApplicationContext nodeB;

    @BeforeAll
    void startNodeB() throws Exception {
        HikariDataSource nodeA = dataSource.unwrap(HikariDataSource.class);
        nodeB = new SpringApplicationBuilder(BloomTextApplication.class)
                .profiles("test")
                .run("--server.port=0",
                        "--spring.datasource.url=" + nodeA.getJdbcUrl(),
                        "--spring.datasource.username=" + nodeA.getUsername(),
                        // Migrations run as the owner; the application's role may not read Flyway's history.
                        "--spring.flyway.user=postgres",
                        // Node A runs the durable listeners of its own events; B must not take over A's in-flight ones.
                        "--spring.modulith.events.republish-outstanding-events-on-restart=false",
                        "--spring.datasource.hikari.maximum-pool-size=5");
    }

    @AfterAll
    void stopNodeB() {
        if (nodeB != null) {
            nodeB.close();
        }
    }

    String nodeB() {
        return "http://localhost:" + nodeB.getEnvironment().getProperty("local.server.port");
    }

    static UUID idOf(String chat) {
        return UUID.fromString(chat.substring(chat.lastIndexOf('/') + 1));
    }

    String teamOf(Org org) {
        return jdbc.sql("select team_id from phone_number where organization_id = :org").param("org", org.id())
                .query(String.class).single();
    }

    /** A conversation of the agent's own (sent from "Just me"), with a patient typed by phone. */
    static String personalChat(StaffAgent agent, String phone) {
        agent.get("/inbox/new");
        var created = agent.post("/inbox/new", "q", phone, "contact", phone, "sendFrom", "me");
        assertThat(created.location()).contains("/inbox/c/");
        return java.net.URI.create(created.location()).getPath();
    }

    static void send(StaffAgent agent, String chat, String body) {
        assertThat(agent.post(chat + "/messages", "mode", "SECURE_CHAT", "body", body).location()).contains(chat);
    }

    List<Long> eventIdsOf(UUID conversation, long after) {
        return jdbc.sql("select id from live_event where conversation_id = :c and id > :after order by id")
                .param("c", conversation).param("after", after).query(Long.class).list();
    }

    /**
     * Waits until the conversation's own creation is in the live log: a stream opened after that starts past
     * it, so the setup's event never arrives as the first frame a test reads.
     */
    String logged(String chat) {
        MessagingTests.eventually(() -> eventIdsOf(idOf(chat), 0), ids -> !ids.isEmpty());
        return chat;
    }

    long latestEventId() {
        return jdbc.sql("select coalesce(max(id), 0) from live_event").query(Long.class).single();
    }

    @Test
    void aMessageSentThroughNodeAReachesStreamsOpenOnNodeB() {
        Org org = newOrganization("Two Nodes Clinic");
        MessagingTests.withNumber(org, "415");
        Member sam = org.addMember("Sam Rivera");
        org.admin().post("/directory/phone-numbers/" + teamOf(org) + "/members", "user", sam.id().toString());
        String chat = logged(MessagingTests.chatWith(org.admin(), "(415) 555-2701"));

        try (EventStream inboxOnB = sam.agent().stream(nodeB(), "/inbox/live", null);
                EventStream chatOnB = sam.agent().stream(nodeB(), chat + "/live", null)) {
            assertThat(inboxOnB.isEventStream()).isTrue();
            assertThat(chatOnB.isEventStream()).isTrue();

            org.admin().post(chat + "/messages", "mode", "SMS", "body", "Your appointment is on Monday at 9.");

            var message = chatOnB.next("messages");
            assertThat(message.data()).contains("Your appointment is on Monday at 9.", "Dana Whitfield");
            assertThat(Long.parseLong(message.id())).isPositive();
            assertThat(inboxOnB.next("inbox").data()).contains("Unknown patient · (415) 555-2701");

            // The sandbox carrier takes the text, then reports it delivered: both states reach node B.
            String delivered = null;
            for (int i = 0; i < 5 && delivered == null; i++) {
                String data = chatOnB.next("messages").data();
                delivered = data.contains("Delivered") ? data : null;
            }
            assertThat(delivered).as("delivery state shown live on node B").isNotNull();

            // The patient answers from the sandbox phone (through node A): the reply shows on node B.
            String ours = jdbc.sql("select number from phone_number where organization_id = :org").param("org", org.id())
                    .query(String.class).single();
            org.admin().get("/sandbox/phone");
            org.admin().post("/sandbox/phone", "number", "(415) 555-2701", "to", ours, "body", "Thanks, see you Monday!");
            String reply = null;
            for (int i = 0; i < 5 && reply == null; i++) {
                String data = chatOnB.next("messages").data();
                reply = data.contains("Thanks, see you Monday!") ? data : null;
            }
            assertThat(reply).as("the patient's reply shown live on node B").isNotNull();
        }
    }

    @Test
    void aNewConversationOfTheTeamAppearsInAnOpenInbox() {
        Org org = newOrganization("New Chats Live Clinic");
        MessagingTests.withNumber(org, "303");
        Member sam = org.addMember("Sam Rivera");
        org.admin().post("/directory/phone-numbers/" + teamOf(org) + "/members", "user", sam.id().toString());

        try (EventStream inbox = sam.agent().stream(nodeB(), "/inbox/live", null)) {
            MessagingTests.chatWith(org.admin(), "(303) 555-2702");
            assertThat(inbox.next("inbox").data()).contains("Unknown patient · (303) 555-2702");
        }
    }

    /** An unread count as a live frame swaps it in. */
    static String count(String id, int unread) {
        return "<span id=\"" + id + "\" class=\"scope-count\" hx-swap-oob=\"true\">" + unread + "<span class=\"visually-hidden\"> unread</span>";
    }

    @Test
    void anInboxFrameMovesTheChangedRowToTheTopAsEachUserSeesItAndUpdatesTheCounts() {
        Org org = newOrganization("Row Frames Clinic");
        MessagingTests.withNumber(org, "503");
        String team = teamOf(org);
        Member sam = org.addMember("Sam Rivera");
        Member kim = org.addMember("Kim Lee");
        org.admin().post("/directory/phone-numbers/" + team + "/members", "user", sam.id().toString());
        org.admin().post("/directory/phone-numbers/" + team + "/members", "user", kim.id().toString());
        String teamChat = MessagingTests.chatWith(org.admin(), "(503) 555-2720");
        String otherChat = MessagingTests.chatWith(org.admin(), "(503) 555-2721");
        // Sam has read both team conversations; Kim has read neither and keeps her inbox on the team's number.
        sam.agent().get(teamChat);
        sam.agent().get(otherChat);
        kim.agent().get("/inbox");
        kim.agent().post("/inbox/scope", "scope", team);
        String kimsOwn = logged(personalChat(kim.agent(), "(503) 555-2722"));
        logged(otherChat);

        try (EventStream samsInbox = sam.agent().stream(nodeB(), "/inbox/live", null);
                EventStream kimsInbox = kim.agent().stream(nodeB(), "/inbox/live", null);
                EventStream outsiders = newOrganization("Row Frames Neighbour").admin().stream(nodeB(), "/inbox/live", null)) {
            send(org.admin(), teamChat, "A new message");
            String id = idOf(teamChat).toString();
            String sams = samsInbox.next("inbox").data();
            String kims = kimsInbox.next("inbox").data();
            for (String data : List.of(sams, kims)) {
                // Out of band only: the old row goes, the new one comes first in the list; no other conversation.
                assertThat(data).contains("<li id=\"conversation-" + id + "\" hx-swap-oob=\"delete\"></li>",
                                "<ul id=\"conversation-rows\" hx-swap-oob=\"afterbegin\"><li id=\"conversation-" + id + "\"",
                                "(503) 555-2720", "(unread)")
                        .doesNotContain("(503) 555-2721", "(503) 555-2722", "A new message");
            }
            // Unread counts, each user's own: Sam read the other conversation; Kim read nothing (her own is unread too).
            assertThat(sams).contains(count("unread-all", 1), count("unread-current", 1), count("unread-" + team, 1));
            assertThat(kims).contains(count("unread-all", 3), count("unread-current", 2), count("unread-" + team, 2));

            // Kim's own conversation changes: her inbox (on the team's number) does not list it; only her counts change.
            send(kim.agent(), kimsOwn, "A note to myself");
            var own = kimsInbox.next("inbox");
            assertThat(own.data()).doesNotContain("conversation-" + idOf(kimsOwn), "(503) 555-2722")
                    .contains(count("unread-all", 3), count("unread-current", 2));
            assertThat(samsInbox.pending()).isEmpty();
            assertThat(outsiders.pending()).isEmpty();
        }
    }

    @Test
    void aRemovedMembersOpenStreamsGetNothingMoreOfTheTeamAndThePageIsTold() {
        Org org = newOrganization("Removal Live Clinic");
        MessagingTests.withNumber(org, "720");
        String team = teamOf(org);
        Member sam = org.addMember("Sam Rivera");
        org.admin().post("/directory/phone-numbers/" + team + "/members", "user", sam.id().toString());
        String teamChat = MessagingTests.chatWith(org.admin(), "(720) 555-2703");
        logged(teamChat);
        String samsOwn = logged(personalChat(sam.agent(), "(720) 555-2704"));

        try (EventStream inbox = sam.agent().stream(nodeB(), "/inbox/live", null);
                EventStream chat = sam.agent().stream(nodeB(), teamChat + "/live", null)) {
            send(org.admin(), teamChat, "Before the removal");
            assertThat(chat.next("messages").data()).contains("Before the removal");
            assertThat(inbox.next("inbox").data()).contains("(720) 555-2703");

            long beforeRemoval = latestEventId();
            org.admin().post("/directory/phone-numbers/" + team + "/members/" + sam.id() + "/remove");
            long accessChanged = accessChangeOf(team, beforeRemoval);

            // Frames of events logged before the removal may still be on their way (each shows what Sam could see
            // when it was decided); the notice must come before anything logged from the removal on.
            var removed = nextAfterEarlierFrames(chat, "access-removed", accessChanged);
            assertThat(removed.data()).contains("Your access to this conversation was removed.")
                    .doesNotContain("Before the removal");
            assertThat(chat.endsWithin()).as("the conversation's stream ends").isTrue();
            var inboxRemoved = nextAfterEarlierFrames(inbox, "access-removed", accessChanged);
            assertThat(inboxRemoved.data()).contains("You were removed from a team").doesNotContain("(720) 555-2703")
                    .contains("(720) 555-2704");

            send(org.admin(), teamChat, "After the removal: not for Sam");
            // Sam's own conversation changes after that: its event is the very next one Sam's inbox receives,
            // so the team's message in between was dropped, not merely slow.
            send(sam.agent(), samsOwn, "Sam writes in his own conversation");
            var next = inbox.next("inbox");
            assertThat(next.data()).contains("(720) 555-2704").doesNotContain("(720) 555-2703");
            assertThat(inbox.pending()).isEmpty();
        }
        assertThat(sam.agent().stream(nodeB(), teamChat + "/live", null).status()).isEqualTo(404);
        assertThat(sam.agent().stream(teamChat + "/live").status()).isEqualTo(404);
    }

    /** The live stream a page just drawn connects to (its sse-connect), with the event the page was drawn at. */
    static String liveUrlOf(String html) {
        var found = java.util.regex.Pattern.compile("sse-connect=\"([^\"]+)\"").matcher(html);
        assertThat(found.find()).as("the page connects a live stream").isTrue();
        return org.springframework.web.util.HtmlUtils.htmlUnescape(found.group(1));
    }

    @Test
    void aPageDrawnBeforeItsUserWasRemovedIsToldWhenItsStreamConnectsAfterTheRemoval() {
        Org org = newOrganization("Late Stream Clinic");
        MessagingTests.withNumber(org, "609");
        String team = teamOf(org);
        Member sam = org.addMember("Sam Late");
        Member nora = org.addMember("Nora Never");
        org.admin().post("/directory/phone-numbers/" + team + "/members", "user", sam.id().toString());
        String teamChat = logged(MessagingTests.chatWith(org.admin(), "(609) 555-2731"));
        String samsOwn = logged(personalChat(sam.agent(), "(609) 555-2732"));
        Org other = newOrganization("Late Stream Other Clinic");
        other.admin().get("/inbox");

        // Sam's pages are drawn while Sam is on the team; Sam is removed before their streams connect.
        String chatLive = liveUrlOf(sam.agent().get(teamChat).body());
        String inboxLive = liveUrlOf(sam.agent().get("/inbox").body());
        assertThat(chatLive).contains("after=");
        org.admin().post("/directory/phone-numbers/" + team + "/members/" + sam.id() + "/remove");
        accessChangeOf(team, Long.parseLong(chatLive.substring(chatLive.indexOf("after=") + 6)));

        try (EventStream chat = sam.agent().stream(nodeB(), chatLive, null);
                EventStream inbox = sam.agent().stream(nodeB(), inboxLive, null)) {
            assertThat(chat.isEventStream()).as("not refused without a word").isTrue();
            var removed = chat.next("access-removed");
            assertThat(removed.data()).contains("Your access to this conversation was removed.")
                    .doesNotContain("(609) 555-2731");
            assertThat(chat.endsWithin()).as("the stream ends after the notice").isTrue();
            var inboxRemoved = inbox.next("access-removed");
            assertThat(inboxRemoved.data()).contains("You were removed from a team")
                    .doesNotContain("(609) 555-2731").contains("(609) 555-2732");
        }
        // Reconnecting from the notice's event (Last-Event-ID) is refused: the page was told already.
        assertThat(sam.agent().stream(nodeB(), teamChat + "/live", latestEventId() + "").status()).isEqualTo(404);
        // Without the page's event, and for anyone who was not removed from the team, the stream stays not found.
        assertThat(sam.agent().stream(teamChat + "/live").status()).isEqualTo(404);
        assertThat(nora.agent().stream(nodeB(), chatLive, null).status()).isEqualTo(404);
        assertThat(other.admin().stream(nodeB(), chatLive, null).status()).isEqualTo(404);
        assertThat(anonymous().stream(nodeB(), chatLive, null).isEventStream()).isFalse();
        // A coworker's inbox drawn at the same event is not told of Sam's removal.
        try (EventStream norasInbox = nora.agent().stream(nodeB(), inboxLive, null)) {
            personalChat(nora.agent(), "(609) 555-2733");
            assertThat(norasInbox.next("inbox").data()).contains("(609) 555-2733");
        }
    }

    /** The live log's row for a change of the team's membership logged after this id (waits for it: it is written just after commit). */
    long accessChangeOf(String team, long after) {
        return MessagingTests.eventually(() -> jdbc.sql("""
                        select coalesce(min(id), 0) from live_event
                        where team_id = cast(:team as uuid) and conversation_id is null and kind = :kind and id > :after""")
                .param("team", team).param("kind", LiveEvent.ACCESS_CHANGED).param("after", after)
                .query(Long.class).single(), id -> id > 0);
    }

    /**
     * The next event of this name, after any frames of events logged before {@code before} that are still on their
     * way (those of another name, or of an id at or past {@code before}, fail the test as {@link EventStream#next(String)} does).
     */
    static EventStream.Event nextAfterEarlierFrames(EventStream stream, String name, long before) {
        for (EventStream.Event event = stream.next(); ; event = stream.next()) {
            if (name.equals(event.name())) {
                return event;
            }
            if (event.id() == null || Long.parseLong(event.id()) >= before) {
                throw new AssertionError("Expected a \"" + name + "\" event, got " + event.name() + " (id " + event.id()
                        + ", at or past " + before + ")");
            }
        }
    }

    @Test
    void aStreamThatReconnectsWithLastEventIdLosesNothingAndRepeatsNothing() {
        Org org = newOrganization("Reconnect Live Clinic");
        String chat = logged(personalChat(org.admin(), "(212) 555-2705"));
        UUID conversation = idOf(chat);
        List<String> seen = new ArrayList<>();

        String lastId;
        try (EventStream first = org.admin().stream(nodeB(), chat + "/live", null)) {
            send(org.admin(), chat, "First message");
            var event = first.next("messages");
            assertThat(event.data()).contains("First message");
            lastId = event.id();
            seen.add(lastId);
        }
        // While the browser is away (a network blip), two more messages.
        send(org.admin(), chat, "Second message");
        send(org.admin(), chat, "Third message");
        // (The live log is written just after each send commits: wait for both rows.)
        List<Long> missed = MessagingTests.eventually(() -> eventIdsOf(conversation, Long.parseLong(lastId)),
                ids -> ids.size() >= 2);
        assertThat(missed).hasSize(2);

        // The browser reconnects to the other node with Last-Event-ID (the page's "after" is older: the header wins).
        try (EventStream again = org.admin().stream(baseUrl(), chat + "/live?after=0", lastId)) {
            var second = again.next("messages");
            var third = again.next("messages");
            assertThat(List.of(Long.parseLong(second.id()), Long.parseLong(third.id()))).isEqualTo(missed);
            assertThat(third.data()).contains("First message", "Second message", "Third message");
            seen.add(second.id());
            seen.add(third.id());

            send(org.admin(), chat, "Fourth message");
            var fourth = again.next("messages");
            assertThat(fourth.data()).contains("Fourth message");
            seen.add(fourth.id());
            assertThat(again.pending()).isEmpty();
        }
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen.stream().map(Long::parseLong).toList())
                .isEqualTo(eventIdsOf(conversation, 0).subList(eventIdsOf(conversation, 0).size() - 4,
                        eventIdsOf(conversation, 0).size()));
    }

    @Test
    void aNodeWhoseListenerConnectionDropsReconnectsAndCatchesUp() {
        Org org = newOrganization("Listener Drop Clinic");
        String chat = personalChat(org.admin(), "(617) 555-2706");
        try (EventStream onB = org.admin().stream(nodeB(), chat + "/live", null)) {
            int terminated = jdbc.sql("select count(*) from (select pg_terminate_backend(pid) from pg_stat_activity "
                            + "where application_name = :name) killed")
                    .param("name", LiveListener.APPLICATION_NAME).query(Integer.class).single();
            assertThat(terminated).as("both nodes' listener connections").isGreaterThanOrEqualTo(2);

            send(org.admin(), chat, "Sent while the listeners reconnect");
            // Node B's catch-up after the reconnect may first hand the stream an event logged before the send (one
            // the listener had not yet seen when it was killed): its frame shows the conversation as it was then, and
            // the send's frame follows. A slow host made that the first frame (sessions 7 and 8).
            onB.nextContaining("messages", "Sent while the listeners reconnect", 2);
        }
        assertThat(MessagingTests.eventually(() -> jdbc.sql("select count(*) from pg_stat_activity where application_name = :name")
                .param("name", LiveListener.APPLICATION_NAME).query(Integer.class).single(), n -> n >= 2)).isGreaterThanOrEqualTo(2);
    }

    /**
     * Streams write their frames straight to the connector: the response's head is still written through the filters,
     * with the headers every response carries.
     */
    @Test
    void aStreamAnswersAsAnEventStreamWithTheHeadersOfAnyResponse() {
        Org org = newOrganization("Headers Live Clinic");
        var answer = org.admin().peek("GET", "/inbox/live");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("text/event-stream");
        assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(answer.header("Cache-Control")).contains("no-store");
        assertThat(answer.header("X-Accel-Buffering")).isEqualTo("no");
    }

    @Test
    void outsidersGetNoStreamAndNothingOfAnotherTeamOrOrganization() {
        Org org = newOrganization("Private Live Clinic");
        MessagingTests.withNumber(org, "702");
        String teamChat = MessagingTests.chatWith(org.admin(), "(702) 555-2707");
        Member nonMember = org.addMember("Nora Outside");
        Org other = newOrganization("Other Live Clinic");
        other.admin().get("/inbox");

        // Another organization and a coworker who is not on the team: the conversation's stream is not found.
        assertThat(other.admin().stream(teamChat + "/live").status()).isEqualTo(404);
        assertThat(other.admin().stream(nodeB(), teamChat + "/live", null).status()).isEqualTo(404);
        assertThat(nonMember.agent().stream(teamChat + "/live").status()).isEqualTo(404);
        assertThat(nonMember.agent().stream(nodeB(), teamChat + "/live", null).status()).isEqualTo(404);
        assertThat(org.admin().stream("/inbox/c/not-a-uuid/live").status()).isEqualTo(404);
        // Nobody signed in: sent to sign in, no stream.
        var anonymous = anonymous().stream("/inbox/live");
        assertThat(anonymous.isEventStream()).isFalse();
        assertThat(anonymous.status()).isEqualTo(302);
        assertThat(anonymous().stream(nodeB(), teamChat + "/live", null).isEventStream()).isFalse();

        // Their inboxes' streams receive nothing of the team's conversation: the first event each gets is their own.
        // A team member's inbox is open on the same node meanwhile, so the event's shared reads, which start before
        // its audience is known, are made for the non-member's stream too: the frame still reaches the member alone.
        try (EventStream othersInbox = other.admin().stream(nodeB(), "/inbox/live", null);
                EventStream nonMembersInbox = nonMember.agent().stream(nodeB(), "/inbox/live", null);
                EventStream membersInbox = org.admin().stream(nodeB(), "/inbox/live", null)) {
            send(org.admin(), teamChat, "Only for the team");
            assertThat(membersInbox.next("inbox").data()).contains("(702) 555-2707");
            personalChat(other.admin(), "(702) 555-2708");
            personalChat(nonMember.agent(), "(702) 555-2709");
            assertThat(othersInbox.next("inbox").data()).contains("(702) 555-2708").doesNotContain("(702) 555-2707");
            assertThat(nonMembersInbox.next("inbox").data()).contains("(702) 555-2709").doesNotContain("(702) 555-2707");
            assertThat(othersInbox.pending()).isEmpty();
            assertThat(nonMembersInbox.pending()).isEmpty();
        }
        // A forged Last-Event-ID replays only what the user may see.
        try (EventStream replay = other.admin().stream(nodeB(), "/inbox/live", "0")) {
            personalChat(other.admin(), "(702) 555-2710");
            var event = replay.next("inbox");
            assertThat(event.data()).doesNotContain("(702) 555-2707");
        }
    }

    /** The newest last access Spring Session keeps for the user's sessions (milliseconds). */
    long lastAccessOf(UUID user) {
        return jdbc.sql("select max(last_access_time) from spring_session where principal_name = :user")
                .param("user", user.toString()).query(Long.class).single();
    }

    @Test
    void anOpenStreamIsNotActivityAndEndsWhenItsSessionTimesOut() {
        Org org = newOrganization("Idle Live Clinic");
        Member sam = org.addMember("Sam Idle");
        // The user's last click, a minute ago.
        jdbc.sql("update spring_session set last_access_time = last_access_time - 60000 where principal_name = :user")
                .param("user", sam.id().toString()).update();
        long lastClick = lastAccessOf(sam.id());
        try (EventStream inbox = sam.agent().stream("/inbox/live");
                EventStream onB = sam.agent().stream(nodeB(), "/inbox/live", "0")) {
            assertThat(inbox.isEventStream()).isTrue();
            assertThat(onB.isEventStream()).isTrue();
            // Opening (and so reconnecting) a stream leaves the idle clock alone...
            assertThat(lastAccessOf(sam.id())).isEqualTo(lastClick);
            // ...where any page moves it.
            sam.agent().get("/inbox");
            assertThat(lastAccessOf(sam.id())).isGreaterThan(lastClick);

            // The session times out (as 15 idle minutes leave it): its open streams end, on both nodes.
            long now = System.currentTimeMillis();
            jdbc.sql("""
                            update spring_session set last_access_time = :idle, expiry_time = :idle + max_inactive_interval * 1000
                            where principal_name = :user""")
                    .param("idle", now - 16 * 60_000).param("user", sam.id().toString()).update();
            assertThat(inbox.endsWithin()).isTrue();
            assertThat(onB.endsWithin()).isTrue();
        }
        // A reconnect is sent to sign in.
        assertThat(sam.agent().stream("/inbox/live").isEventStream()).isFalse();
    }

    @Test
    void aDeactivatedUsersOpenStreamsEndAtOnceWhileACoworkersStayOpen() {
        Org org = newOrganization("Deactivation Live Clinic");
        Member sam = org.addMember("Sam Leaving");
        Member kim = org.addMember("Kim Staying");
        String kimsChat = logged(personalChat(kim.agent(), "(702) 555-2711"));
        try (EventStream inbox = sam.agent().stream("/inbox/live");
                EventStream onB = sam.agent().stream(nodeB(), "/inbox/live", null);
                EventStream kims = kim.agent().stream(kimsChat + "/live")) {
            assertThat(inbox.isEventStream()).isTrue();
            assertThat(org.admin().post("/settings/organization/users/" + sam.id() + "/deactivate")
                    .redirectsTo("/settings/organization/users")).isTrue();
            assertThat(inbox.endsWithin()).isTrue();
            assertThat(onB.endsWithin()).isTrue();
            // Kim's stream is still open: her next message reaches it.
            send(kim.agent(), kimsChat, "Still here");
            assertThat(kims.next("messages").data()).contains("Still here");
        }
    }
}
