package com.bloomtext.shared.mail;

/**
 * Sends email. The {@code email} module provides it: a sandbox outbox by default, SMTP in production.
 * Call it outside database transactions: a slow mail server must not hold a connection.
 */
public interface Mailer {

    /** @throws MailDeliveryException when the message could not be handed over */
    void send(OutgoingEmail email);
}
