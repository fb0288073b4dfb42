package com.bloomtext.audit;

import java.time.Instant;

/**
 * What checking an organization's hash chain found: intact, or the first event where it breaks.
 *
 * @param checked how many events were checked
 * @param brokenEventId the first event whose hash or link does not hold (null when intact)
 * @param brokenAt when that event says it happened (null when intact or when the event is missing)
 * @param problem what is wrong there, in words (null when intact)
 */
public record ChainVerification(long checked, Long brokenEventId, Instant brokenAt, String problem) {

    public boolean intact() {
        return brokenEventId == null;
    }
}
