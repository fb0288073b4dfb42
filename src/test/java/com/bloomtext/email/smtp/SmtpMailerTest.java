package com.bloomtext.email.smtp;

import com.bloomtext.email.EmailProperties;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.mail.MailDeliveryException;
import com.bloomtext.shared.mail.OutgoingEmail;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SMTP adapter against a real SMTP server on loopback (GreenMail). */
class SmtpMailerTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Test
    void sendsThePlainTextEmailFromTheConfiguredSender() throws Exception {
        SmtpMailer mailer = new SmtpMailer(sender(smtp.getSmtp().getPort()),
                new EmailProperties(EmailProperties.Mode.SMTP, "BloomText <no-reply@bloomtext.test>"));

        mailer.send(new OutgoingEmail(OrgId.random(), "sam@example.org", "Join Harbor Clinic on BloomText",
                "Accept the invitation: https://app.example/invitations/abc"));

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getSubject()).isEqualTo("Join Harbor Clinic on BloomText");
        assertThat(received[0].getFrom()[0].toString()).contains("no-reply@bloomtext.test");
        assertThat(received[0].getAllRecipients()[0].toString()).isEqualTo("sam@example.org");
        assertThat(GreenMailUtil.getBody(received[0])).contains("https://app.example/invitations/abc");
    }

    @Test
    void aMailServerThatIsNotThereIsAClearFailure() {
        SmtpMailer mailer = new SmtpMailer(sender(1),
                new EmailProperties(EmailProperties.Mode.SMTP, "no-reply@bloomtext.test"));
        assertThatThrownBy(() -> mailer.send(new OutgoingEmail(OrgId.random(), "sam@example.org", "Subject", "Body")))
                .isInstanceOf(MailDeliveryException.class)
                .hasMessage("The mail server did not accept the email");
    }

    private static JavaMailSenderImpl sender(int port) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(port);
        return sender;
    }
}
