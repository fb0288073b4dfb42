/**
 * The audit log: who did what to which record, when, from where, and how it ended. Append-only.
 */
@ApplicationModule(allowedDependencies = {"shared", "ui"})
package com.bloomtext.audit;

import org.springframework.modulith.ApplicationModule;
