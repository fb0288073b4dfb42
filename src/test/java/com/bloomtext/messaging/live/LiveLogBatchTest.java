package com.bloomtext.messaging.live;

import java.util.List;
import java.util.UUID;

import com.bloomtext.messaging.ConversationChanged;
import com.bloomtext.messaging.ConversationChanged.Kind;
import com.bloomtext.shared.OrgId;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which waiting changes the live log's writer leaves out of a batch because another row stands for them. */
class LiveLogBatchTest {

    static final OrgId ORG = new OrgId(UUID.randomUUID());
    static final UUID ONE = UUID.randomUUID();
    static final UUID TWO = UUID.randomUUID();

    static LiveEvents.Waiting change(UUID conversation, Kind kind) {
        return new LiveEvents.Waiting(new ConversationChanged(ORG, conversation, kind), () -> { });
    }

    static List<String> written(List<LiveEvents.Waiting> batch) {
        return LiveEvents.withoutRepeats(batch).stream()
                .map(waiting -> waiting.change() == null ? "access" : (waiting.change().conversation() == ONE ? "one " : "two ")
                        + waiting.change().kind())
                .toList();
    }

    @Test
    void aSentTextsSentAndDeliveredWaitingTogetherAreOneRow() {
        assertThat(written(List.of(change(ONE, Kind.DELIVERY_CHANGED), change(ONE, Kind.DELIVERY_CHANGED))))
                .containsExactly("one DELIVERY_CHANGED");
    }

    @Test
    void aDeliveryStateOrReadReceiptBesideAnotherChangeOfTheConversationIsShownByThatChangesRow() {
        assertThat(written(List.of(change(ONE, Kind.MESSAGE_ADDED), change(ONE, Kind.DELIVERY_CHANGED),
                change(ONE, Kind.READ_RECEIPT), change(ONE, Kind.MESSAGE_ADDED))))
                .containsExactly("one MESSAGE_ADDED");
    }

    @Test
    void changesThatAnInboxTreatsDifferentlyKeepTheirOwnRowsInOrder() {
        assertThat(written(List.of(change(ONE, Kind.DELIVERY_CHANGED), change(ONE, Kind.MESSAGE_ADDED),
                change(ONE, Kind.UPDATED), change(ONE, Kind.STARTED))))
                .as("a new message after a delivery state still moves the row up; an update still changes it")
                .containsExactly("one DELIVERY_CHANGED", "one MESSAGE_ADDED", "one UPDATED", "one STARTED");
    }

    @Test
    void otherConversationsAndMembershipChangesAreNeverLeftOut() {
        LiveEvents.Waiting access = new LiveEvents.Waiting(null, () -> { });
        assertThat(written(List.of(change(ONE, Kind.DELIVERY_CHANGED), access, change(TWO, Kind.DELIVERY_CHANGED),
                access, change(TWO, Kind.MESSAGE_ADDED))))
                .containsExactly("one DELIVERY_CHANGED", "access", "two DELIVERY_CHANGED", "access", "two MESSAGE_ADDED");
    }
}
