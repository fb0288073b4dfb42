package com.bloomtext.email.smtp;

import com.bloomtext.email.EmailProperties;
import com.bloomtext.shared.mail.MailDeliveryException;
import com.bloomtext.shared.mail.Mailer;
import com.bloomtext.shared.mail.OutgoingEmail;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/** Sends email through the SMTP server of {@code spring.mail.*}. */
@Component
@ConditionalOnProperty(name = "bloomtext.email.mode", havingValue = "smtp")
class SmtpMailer implements Mailer {

    private final JavaMailSender sender;
    private final EmailProperties properties;

    SmtpMailer(JavaMailSender sender, EmailProperties properties) {
        this.sender = sender;
        this.properties = properties;
    }

    @Override
    public void send(OutgoingEmail email) {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(properties.from());
        message.setTo(email.to());
        message.setSubject(email.subject());
        message.setText(email.text());
        try {
            sender.send(message);
        } catch (MailException e) {
            throw new MailDeliveryException("The mail server did not accept the email", e);
        }
    }
}
