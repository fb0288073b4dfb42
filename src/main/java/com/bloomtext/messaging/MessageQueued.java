package com.bloomtext.messaging;

import java.util.UUID;

import com.bloomtext.shared.OrgId;

/** An SMS was stored as queued and waits to be handed to the carrier (ids only). */
public record MessageQueued(OrgId organization, UUID conversation, UUID message) {
}
