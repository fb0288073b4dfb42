package com.bloomtext.portal.links;

import java.util.List;
import java.util.UUID;

import com.bloomtext.messaging.MessagingTests;
import com.bloomtext.messaging.SecureChat;
import com.bloomtext.shared.E164;
import com.bloomtext.shared.OrgId;
import com.bloomtext.testing.IntegrationTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.test.util.AopTestUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import static com.bloomtext.messaging.MessagingTests.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A secure link's notification survives the process dying between the link's commit and the hand-over
 * to the carrier. The crash is simulated: the link is issued and its notification queued in one
 * transaction whose after-commit work is dropped (as when the process dies right after the commit), so
 * the notification's event publication stays incomplete; recovery is the registry's resubmission, as on
 * restart.
 */
class LinkNotificationRecoveryTests extends IntegrationTest {

    @Autowired
    SecureLinks links;
    @Autowired
    LinkNotifications notifications;
    @Autowired
    LinkNotificationDelivery delivery;
    @Autowired
    NotificationSeal seal;
    @Autowired
    SecureChat secureChat;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    IncompleteEventPublications incomplete;

    record Queued(OrgId org, UUID conversation, String phone, UUID notification) {
    }

    /** Staff sent a Secure Chat message; the link is issued and its text queued; then the process died. */
    Queued crashedAfterTheLinkCommitted(String clinic, String areaCode, String phone) {
        Org org = newOrganization(clinic);
        MessagingTests.withNumber(org, areaCode);
        String chat = MessagingTests.chatWith(org.admin(), phone);
        UUID conversation = UUID.fromString(chat.substring(chat.lastIndexOf('/') + 1));
        OrgId orgId = new OrgId(org.id());
        transactions.executeWithoutResult(status -> {
            notifications.notifyPatient(links.issueForNewMessage(orgId, conversation).orElseThrow());
            // The process dies as the transaction commits: nothing registered to run after the commit runs.
            TransactionSynchronizationManager.clearSynchronization();
            TransactionSynchronizationManager.initSynchronization();
        });
        UUID notification = jdbc.sql("select id from link_notification where organization_id = :org and conversation_id = :c")
                .param("org", org.id()).param("c", conversation).query(UUID.class).single();
        assertThat(state(notification)).isEqualTo("QUEUED sealed");
        assertThat(jdbc.sql("select count(*) from event_publication where completion_date is null and serialized_event like :id")
                .param("id", "%" + notification + "%").query(Integer.class).single())
                .as("the notification's publication is left incomplete").isEqualTo(1);
        return new Queued(orgId, conversation, E164.parse(phone, "US").value(), notification);
    }

    String state(UUID notification) {
        return jdbc.sql("select state || case when sealed_text is null then '' else ' sealed' end from link_notification where id = :id")
                .param("id", notification).query(String.class).single();
    }

    List<String> linkTexts(String phone) {
        return jdbc.sql("select body from sandbox_sms where to_number = :phone and body like '%/p/%'")
                .param("phone", phone).query(String.class).list();
    }

    void recover(UUID notification) {
        incomplete.resubmitIncompletePublications(publication -> publication.getEvent() instanceof LinkNotificationQueued queued
                && queued.notification().equals(notification));
    }

    @Test
    void aNotificationQueuedWhenTheProcessDiedIsTextedOnRecoveryWithALinkThatOpens() {
        Queued queued = crashedAfterTheLinkCommitted("Recovery Family Clinic", "503", "(503) 555-2711");
        assertThat(linkTexts(queued.phone())).as("the carrier got nothing before the crash").isEmpty();

        recover(queued.notification());
        assertThat(eventually(() -> state(queued.notification()), "SENT"::equals)).as("sent, its sealed text erased")
                .isEqualTo("SENT");
        List<String> texts = linkTexts(queued.phone());
        assertThat(texts).hasSize(1);
        assertThat(texts.getFirst()).startsWith("Recovery Family Clinic sent you a secure message: ");
        String token = texts.getFirst().substring(texts.getFirst().indexOf("/p/") + 3);
        assertThat(links.byToken(token)).as("the texted link is the conversation's live link")
                .hasValueSatisfying(link -> assertThat(link.voidedAt()).isNull());
        assertThat(anonymous().get("/p/" + token).status()).isEqualTo(200);

        recover(queued.notification());
        assertThat(linkTexts(queued.phone())).as("a second recovery run sends nothing").hasSize(1);
    }

    @Test
    void aNotificationTheCarrierTookJustBeforeTheCrashIsNotTextedTwice() {
        Queued queued = crashedAfterTheLinkCommitted("Once Only Clinic", "971", "(971) 555-2712");
        // The dying process had handed the text over (same key, same text) but not noted it.
        String text = seal.open(jdbc.sql("select sealed_text from link_notification where id = :id")
                .param("id", queued.notification()).query(byte[].class).single());
        SecureChat.TextRoute route = secureChat.textRoute(queued.org(), queued.conversation()).orElseThrow();
        assertThat(secureChat.handOverText(queued.notification(), route, text)).isTrue();
        assertThat(linkTexts(queued.phone())).hasSize(1);

        recover(queued.notification());
        assertThat(eventually(() -> state(queued.notification()), "SENT"::equals)).isEqualTo("SENT");
        assertThat(linkTexts(queued.phone())).as("the carrier kept one text per idempotency key").containsExactly(text);
        assertThat(jdbc.sql("select count(*) from sandbox_sms where idempotency_key = :key")
                .param("key", queued.notification().toString()).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void aNotificationOfALinkStaffReplacedMeanwhileIsNotSent() {
        Queued queued = crashedAfterTheLinkCommitted("Superseded Link Clinic", "541", "(541) 555-2713");
        transactions.executeWithoutResult(status -> links.issueForNewMessage(queued.org(), queued.conversation()));

        AopTestUtils.<LinkNotificationDelivery>getTargetObject(delivery).handOver(
                new LinkNotificationQueued(queued.org(), queued.notification()));
        assertThat(state(queued.notification())).isEqualTo("SUPERSEDED");
        assertThat(linkTexts(queued.phone())).isEmpty();
    }

    @Test
    void aNotificationIsHandedOverOnlyUnderItsOwnOrganization() {
        Queued queued = crashedAfterTheLinkCommitted("Scoped Notice Clinic", "458", "(458) 555-2714");
        OrgId another = new OrgId(newOrganization("Another Clinic").id());

        AopTestUtils.<LinkNotificationDelivery>getTargetObject(delivery).handOver(
                new LinkNotificationQueued(another, queued.notification()));
        assertThat(state(queued.notification())).as("untouched under another organization").isEqualTo("QUEUED sealed");
        assertThat(linkTexts(queued.phone())).isEmpty();

        recover(queued.notification());
        assertThat(eventually(() -> state(queued.notification()), "SENT"::equals)).isEqualTo("SENT");
    }
}
