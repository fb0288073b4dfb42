package com.bloomtext.shared;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The safety net under durable listeners: a publication still incomplete well after it was made (its
 * listener failed, or lost the database at the moment it finished) runs again, without waiting for a
 * restart. Listeners are idempotent (an SMS is sent only while QUEUED, with its id as idempotency key),
 * so running one twice is harmless; the wait ({@code bloomtext.events.resubmit-after}) is long enough that
 * a listener still at work is not doubled in practice.
 */
@Component
class UnfinishedEvents {

    private static final Logger log = LoggerFactory.getLogger(UnfinishedEvents.class);

    private final IncompleteEventPublications publications;
    private final Duration after;

    UnfinishedEvents(IncompleteEventPublications publications,
            @Value("${bloomtext.events.resubmit-after:10m}") Duration after) {
        this.publications = publications;
        this.after = after;
    }

    @Scheduled(fixedDelayString = "${bloomtext.events.resubmit-every:1m}", initialDelayString = "${bloomtext.events.resubmit-every:1m}")
    void resubmit() {
        try {
            publications.resubmitIncompletePublicationsOlderThan(after);
        } catch (RuntimeException e) {
            log.warn("Could not resubmit unfinished event publications: {}", Failures.describe(e));
        }
    }
}
