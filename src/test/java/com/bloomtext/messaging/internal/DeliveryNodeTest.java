package com.bloomtext.messaging.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveryNodeTest {

    @Test
    void aNodeStartedAgainOnTheSamePortKeepsItsIdSoItResumesItsOwnTexts() {
        assertThat(DeliveryNode.idOf("", 8080)).isEqualTo(DeliveryNode.idOf("", 8080));
        assertThat(DeliveryNode.idOf("", 8080)).isNotEqualTo(DeliveryNode.idOf("", 8081));
    }

    @Test
    void aConfiguredIdWinsOverHostAndPort() {
        assertThat(DeliveryNode.idOf("node-a", 8080)).isEqualTo(DeliveryNode.idOf(" node-a ", 9090));
        assertThat(DeliveryNode.idOf("node-a", 8080)).isNotEqualTo(DeliveryNode.idOf("node-b", 8080));
        assertThat(DeliveryNode.idOf("node-a", 8080)).isNotEqualTo(DeliveryNode.idOf("", 8080));
    }

    @Test
    void aRandomPortGivesANewIdAtEveryStart() {
        assertThat(DeliveryNode.idOf(null, 0)).isNotEqualTo(DeliveryNode.idOf(null, 0));
    }
}
