package com.bloomtext.numbers;

import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.TeamId;
import com.bloomtext.shared.UserId;

/** A staff user joined a team (ids only). */
public record TeamMemberAdded(OrgId organization, TeamId team, UserId user) {
}
