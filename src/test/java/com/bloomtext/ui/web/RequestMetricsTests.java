package com.bloomtext.ui.web;

import com.bloomtext.messaging.MessagingTests;
import com.bloomtext.testing.IntegrationTest;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** What on-call reads about requests: http.server.requests by method, route template, status and outcome (RequestMetrics). */
class RequestMetricsTests extends IntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void requestsAreTimedByTheirRouteTemplateNeverTheirPath() {
        Org org = newOrganization("Metrics Clinic");
        String conversation = MessagingTests.chatWith(org.admin(), "+16465550142");
        double before = count("GET", "/inbox/c/{id}", "200", "SUCCESS");
        org.admin().get(conversation);
        org.admin().get(conversation);
        // Recorded as the observation's filter finishes, just after the response is written.
        assertThat(MessagingTests.eventually(() -> count("GET", "/inbox/c/{id}", "200", "SUCCESS"), n -> n >= before + 2))
                .isEqualTo(before + 2);
        // No tag holds a path: every uri tag is a template or one of Spring's fixed names.
        assertThat(meters.find("http.server.requests").timers()).allSatisfy(timer ->
                assertThat(timer.getId().getTag("uri")).doesNotContain(conversation.substring(conversation.lastIndexOf('/') + 1)));
        // One timer per tag set, the one in the registry (ui/web/RequestMetrics keeps it).
        assertThat(meters.find("http.server.requests").tag("uri", "/inbox/c/{id}").tag("method", "GET").tag("status", "200")
                .timers()).hasSize(1);
        // The in-flight long task timer is not kept (application.yml, management.metrics.observations.ignored-meters).
        assertThat(meters.find("http.server.requests.active").longTaskTimers()).isEmpty();
    }

    private double count(String method, String uri, String status, String outcome) {
        Timer timer = meters.find("http.server.requests").tag("method", method).tag("uri", uri).tag("status", status)
                .tag("outcome", outcome).tag("exception", "none").tag("error", "none").timer();
        return timer == null ? 0 : timer.count();
    }
}
