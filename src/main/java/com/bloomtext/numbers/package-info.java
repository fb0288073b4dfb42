/**
 * Phone numbers, their teams and memberships, and port-in requests. {@link com.bloomtext.numbers.TeamAccess}
 * tells other modules, at the moment they ask, who is on which team.
 */
@ApplicationModule(allowedDependencies = {"carrier", "accounts", "billing", "shared", "ui", "audit"})
package com.bloomtext.numbers;

import org.springframework.modulith.ApplicationModule;
