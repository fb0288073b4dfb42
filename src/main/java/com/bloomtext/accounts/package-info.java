/**
 * Organizations, staff users, roles, invitations, sign-in, sessions. Its top package is what other
 * modules may call.
 */
@ApplicationModule(allowedDependencies = {"shared", "ui", "audit"})
package com.bloomtext.accounts;

import org.springframework.modulith.ApplicationModule;
