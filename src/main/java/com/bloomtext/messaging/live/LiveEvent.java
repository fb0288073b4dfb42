package com.bloomtext.messaging.live;

import java.util.UUID;

import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.TeamId;

/**
 * One row of the live-update log, as every node is told of it: ids and kind only.
 *
 * @param team         null for a personal conversation
 * @param conversation null for a change of the team's membership ({@link #ACCESS_CHANGED})
 */
public record LiveEvent(long id, OrgId organization, TeamId team, UUID conversation, String kind) {

    /** Someone joined or left a team: its members' open screens check what they may still see. */
    public static final String ACCESS_CHANGED = "ACCESS_CHANGED";

    /**
     * Reads a NOTIFY payload: ids separated by spaces, "-" for none. The log's writer builds it in SQL, in the
     * statement that appends the row ({@code LiveEvents.NOTIFY_APPENDED}).
     */
    static LiveEvent parse(String payload) {
        String[] parts = payload.split(" ");
        if (parts.length != 5) {
            throw new IllegalArgumentException("Not a live event payload");
        }
        return new LiveEvent(Long.parseLong(parts[0]), new OrgId(UUID.fromString(parts[1])),
                "-".equals(parts[2]) ? null : new TeamId(UUID.fromString(parts[2])),
                "-".equals(parts[3]) ? null : UUID.fromString(parts[3]), parts[4]);
    }
}
