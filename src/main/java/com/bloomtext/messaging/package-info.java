/**
 * Conversations, messages, the send-mode policy, delivery state, the inbox and the PHI check. So far it
 * holds the rules the rest of the module will stand on: SMS availability, the PHI check, segment
 * counting and the delivery state machine.
 */
@ApplicationModule(allowedDependencies = {"numbers", "patients", "carrier", "accounts", "billing", "files", "shared", "ui", "audit"})
package com.bloomtext.messaging;

import org.springframework.modulith.ApplicationModule;
