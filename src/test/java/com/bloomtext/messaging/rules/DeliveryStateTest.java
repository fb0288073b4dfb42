package com.bloomtext.messaging.rules;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryStateTest {

    @Test
    void statesOnlyMoveForward() {
        assertThat(DeliveryState.QUEUED.canMoveTo(DeliveryState.SENT)).isTrue();
        assertThat(DeliveryState.SENT.canMoveTo(DeliveryState.DELIVERED)).isTrue();
        assertThat(DeliveryState.QUEUED.canMoveTo(DeliveryState.FAILED)).isTrue();
        assertThat(DeliveryState.DELIVERED.canMoveTo(DeliveryState.SENT)).as("a late 'sent'").isFalse();
        assertThat(DeliveryState.SENT.canMoveTo(DeliveryState.QUEUED)).isFalse();
        assertThat(DeliveryState.DELIVERED.canMoveTo(DeliveryState.FAILED)).as("final states stay").isFalse();
        assertThat(DeliveryState.FAILED.canMoveTo(DeliveryState.DELIVERED)).isFalse();
    }

    @Test
    void theStatesAReportMovesForwardAreThoseBelowIt() {
        assertThat(DeliveryState.before(DeliveryState.QUEUED)).isEmpty();
        assertThat(DeliveryState.before(DeliveryState.SENT)).containsExactly(DeliveryState.QUEUED);
        assertThat(DeliveryState.before(DeliveryState.DELIVERED)).containsExactly(DeliveryState.QUEUED, DeliveryState.SENT);
        assertThat(DeliveryState.before(DeliveryState.FAILED)).containsExactly(DeliveryState.QUEUED, DeliveryState.SENT);
    }

    @Test
    void carrierStatusesMapToStates() {
        assertThat(DeliveryState.ofCarrierStatus("delivered")).contains(DeliveryState.DELIVERED);
        assertThat(DeliveryState.ofCarrierStatus("SENT")).contains(DeliveryState.SENT);
        assertThat(DeliveryState.ofCarrierStatus("undelivered")).contains(DeliveryState.UNDELIVERED);
        assertThat(DeliveryState.ofCarrierStatus("failed")).contains(DeliveryState.FAILED);
        assertThat(DeliveryState.ofCarrierStatus("receiving")).isEmpty();
        assertThat(DeliveryState.ofCarrierStatus(null)).isEmpty();
    }
}
