package com.bloomtext.testing;

import java.util.Locale;

import com.bloomtext.carrier.smpp.LocalSmsc;
import com.bloomtext.carrier.twilio.LocalTwilio;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Which carrier adapter the test JVM's application uses, from the system property
 * {@code bloomtext.test.carrier}: {@code sandbox} (the default, the whole suite), or {@code twilio} /
 * {@code smpp}, each wired to its local test server (a Twilio-shaped HTTP server, a jSMPP SMSC) for the
 * build's extra runs of the messaging journey.
 */
public final class CarrierUnderTest {

    public static final String PROPERTY = "bloomtext.test.carrier";

    private static PatientHandset handset;

    private CarrierUnderTest() {
    }

    public static String name() {
        return System.getProperty(PROPERTY, "sandbox").strip().toLowerCase(Locale.ROOT);
    }

    public static boolean sandbox() {
        return name().equals("sandbox");
    }

    /** The far end of the local carrier server; none for the sandbox, whose phone is a page in the app. */
    public static synchronized PatientHandset handset() {
        if (handset == null) {
            throw new IllegalStateException("the sandbox carrier has no handset: use its Patient phone page");
        }
        return handset;
    }

    /** Points the application at the chosen carrier, starting its local server once per JVM. */
    static synchronized void configure(DynamicPropertyRegistry registry, String twilioAuthToken) {
        switch (name()) {
            case "sandbox" -> registry.add("bloomtext.carrier.provider", () -> "sandbox");
            case "twilio" -> {
                if (handset == null) {
                    handset = closedAtExit(new LocalTwilio(twilioAuthToken));
                }
                LocalTwilio twilio = (LocalTwilio) handset;
                registry.add("bloomtext.carrier.provider", () -> "twilio");
                registry.add("bloomtext.carrier.twilio.account-sid", () -> LocalTwilio.ACCOUNT_SID);
                registry.add("bloomtext.carrier.twilio.api-base", twilio::baseUrl);
            }
            case "smpp" -> {
                if (handset == null) {
                    handset = closedAtExit(new LocalSmsc(true));
                }
                LocalSmsc smsc = (LocalSmsc) handset;
                registry.add("bloomtext.carrier.provider", () -> "smpp");
                registry.add("bloomtext.carrier.smpp.host", () -> "127.0.0.1");
                registry.add("bloomtext.carrier.smpp.port", smsc::port);
                registry.add("bloomtext.carrier.smpp.system-id", () -> "bloomtext");
                registry.add("bloomtext.carrier.smpp.password", () -> "secret");
                registry.add("bloomtext.carrier.smpp.reconnect-delay-millis", () -> 200);
            }
            default -> throw new IllegalStateException(PROPERTY + " is sandbox, twilio or smpp, not " + name());
        }
    }

    private static <T extends AutoCloseable> T closedAtExit(T server) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                // the JVM is leaving anyway
            }
        }));
        return server;
    }
}
