package com.bloomtext.shared.mail;

/** The email could not be handed to the mail server. The message never contains the email's content. */
public class MailDeliveryException extends RuntimeException {

    public MailDeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
