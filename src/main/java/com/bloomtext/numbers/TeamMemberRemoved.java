package com.bloomtext.numbers;

import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.TeamId;
import com.bloomtext.shared.UserId;

/** A staff user left a team: from the next request on they neither send from its number nor see its conversations. */
public record TeamMemberRemoved(OrgId organization, TeamId team, UserId user) {
}
