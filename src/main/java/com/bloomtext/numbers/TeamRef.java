package com.bloomtext.numbers;

import com.bloomtext.shared.E164;
import com.bloomtext.shared.TeamId;

/**
 * A team as other modules see it.
 *
 * @param activeNumber the number the team sends from, or null when it has none now (released, porting)
 */
public record TeamRef(TeamId id, String name, E164 activeNumber) {

    public boolean hasActiveNumber() {
        return activeNumber != null;
    }
}
