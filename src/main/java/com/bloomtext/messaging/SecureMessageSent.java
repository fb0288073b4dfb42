package com.bloomtext.messaging;

import java.util.UUID;

import com.bloomtext.shared.OrgId;

/** Staff sent a Secure Chat message: the patient is to be told, with a link (ids only, never the text). */
public record SecureMessageSent(OrgId organization, UUID conversation, UUID message) {
}
