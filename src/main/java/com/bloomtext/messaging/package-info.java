/**
 * Conversations, messages, the send-mode policy, delivery state, the inbox (its scope, search and live
 * updates) and the PHI check. Other modules push live updates by publishing {@link
 * com.bloomtext.messaging.ConversationChanged}.
 */
@ApplicationModule(allowedDependencies = {"numbers", "patients", "carrier", "accounts", "billing", "files", "shared", "ui", "audit"})
package com.bloomtext.messaging;

import org.springframework.modulith.ApplicationModule;
