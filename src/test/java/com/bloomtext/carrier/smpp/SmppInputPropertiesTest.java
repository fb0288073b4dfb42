package com.bloomtext.carrier.smpp;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.bloomtext.carrier.DeliveryStatusReported;
import com.bloomtext.carrier.InboundTexts;
import com.bloomtext.reliability.ReliabilitySummary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Whatever an SMSC sends in a deliver_sm, the gateway decodes it without failing, acknowledges what it ignores,
 * and reports only the three delivery states with a reason that does not repeat the carrier's text.
 */
class SmppInputPropertiesTest {

    private static final String[] STATES = {"DELIVRD", "UNDELIV", "EXPIRED", "DELETED", "REJECTD", "ACCEPTD", "ENROUTE",
            "UNKNOWN", "delivrd", "", "STAT", "DELIVRD\u0000", "ÄÖÜ"};

    @Property(tries = 500)
    void anyShortMessageInAnyDataCodingDecodesWithoutFailing(@ForAll byte dataCoding, @ForAll byte[] message,
            @ForAll boolean udhi) {
        String text = SmppGateway.decode(dataCoding, message, udhi);
        assertThat(text).isNotNull();
        ReliabilitySummary.add(ReliabilitySummary.INPUTS_TRIED, 1);
    }

    @Test
    void hostileReceiptsAndTextsAreAcknowledgedAndOnlyRealStatesReported() throws Exception {
        long seed = Long.getLong("bloomtext.input.seed", System.nanoTime());
        Random random = new Random(seed);
        List<Object> published = new CopyOnWriteArrayList<>();
        LocalSmsc smsc = new LocalSmsc(false);
        SmppGateway gateway = new SmppGateway(new SmppProperties("127.0.0.1", smsc.port(), "bloomtext", "secret", "", 30_000,
                200, 0), mock(InboundTexts.class), published::add,
                new TransactionTemplate(new SmppGatewayTest.NoResourceTransactionManager()));
        try {
            gateway.bound();
            awaitSession(smsc);
            ESMClass receipt = new ESMClass(MessageMode.DEFAULT, MessageType.SMSC_DEL_RECEIPT, GSMSpecificFeature.DEFAULT);
            int tries = 120;
            for (int i = 0; i < tries; i++) {
                String stat = STATES[random.nextInt(STATES.length)];
                String text = switch (random.nextInt(4)) {
                    case 0 -> "id:r" + i + " sub:001 dlvrd:001 stat:" + stat + " err:" + random.nextInt(1000) + " text:";
                    case 1 -> "stat:" + stat;                       // no id
                    case 2 -> "id:r" + i + " " + garbage(random);   // no stat
                    default -> garbage(random) + " id:r" + i + " stat:" + stat + " " + garbage(random);
                };
                byte[] bytes = random.nextInt(5) == 0 ? randomBytes(random) : text.getBytes(StandardCharsets.ISO_8859_1);
                // An error answer from the gateway would throw here: everything must be acknowledged.
                smsc.deliver("14155550142", "14155550100", receipt, (byte) 0, bytes);
                String source = random.nextBoolean() ? "14155550142" : address(random);
                smsc.deliver(source, "14155550100", new ESMClass(), (byte) random.nextInt(256), randomBytes(random));
            }
            ReliabilitySummary.add(ReliabilitySummary.INPUTS_TRIED, 2L * tries);
            Set<String> states = Set.of("delivered", "undelivered", "sent");
            assertThat(published).as("seed %d", seed).allSatisfy(event -> {
                DeliveryStatusReported report = (DeliveryStatusReported) event;
                assertThat(report.status()).isIn(states);
                assertThat(report.carrierMessageId()).startsWith("r");
                if (report.reason() != null) {
                    assertThat(report.reason()).matches("The carrier could not deliver it \\([A-Z]+(, error \\d+)?\\)\\.");
                }
            });
        } finally {
            gateway.close();
            smsc.close();
        }
    }

    private static String garbage(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            text.append((char) (0x20 + random.nextInt(0xDF)));
        }
        return text.toString();
    }

    /** What fits a source_addr (at most 20 characters) but is rarely a number. */
    private static String address(Random random) {
        String alphabet = "+0123456789abcXYZ#* -";
        StringBuilder address = new StringBuilder();
        int length = random.nextInt(21);
        for (int i = 0; i < length; i++) {
            address.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return address.toString();
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(160)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static void awaitSession(LocalSmsc smsc) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (smsc.session() == null && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(smsc.session()).as("the gateway bound").isNotNull();
    }
}
