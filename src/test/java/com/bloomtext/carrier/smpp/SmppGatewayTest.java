package com.bloomtext.carrier.smpp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import com.bloomtext.carrier.CarrierException;
import com.bloomtext.carrier.DeliveryStatusReported;
import com.bloomtext.carrier.InboundTexts;
import com.bloomtext.carrier.OutboundSms;
import com.bloomtext.shared.E164;

import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.extra.ProcessRequestException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;

/** The SMPP gateway against a jSMPP SMSC on 127.0.0.1. */
class SmppGatewayTest {

    private static final E164 CLINIC = new E164("+14155550100");
    private static final E164 PATIENT = new E164("+14155550142");

    private final List<Object> published = new CopyOnWriteArrayList<>();
    private final List<Boolean> publishedInTransaction = new CopyOnWriteArrayList<>();

    private LocalSmsc smsc;
    private List<SubmitSm> submitted;
    private InboundTexts inbound;
    private SmppGateway gateway;

    @BeforeEach
    void startSmsc() {
        smsc = new LocalSmsc(false);
        submitted = smsc.submitted();
        inbound = mock(InboundTexts.class);
        ApplicationEventPublisher events = event -> {
            published.add(event);
            publishedInTransaction.add(TransactionSynchronizationManager.isActualTransactionActive());
        };
        gateway = new SmppGateway(new SmppProperties("127.0.0.1", smsc.port(), "bloomtext", "secret", "", 30_000, 200, 0),
                inbound, events, new TransactionTemplate(new NoResourceTransactionManager()));
    }

    @AfterEach
    void stopSmsc() {
        gateway.close();
        smsc.close();
    }

    @Test
    void sendsAShortGsmTextAsOneSubmitSm() {
        String id = gateway.send(new OutboundSms("k1", CLINIC, PATIENT, "Your appointment is tomorrow at 10:30.", null))
                .carrierMessageId();

        assertThat(submitted).singleElement().satisfies(sm -> {
            assertThat(sm.getRegisteredDelivery()).isEqualTo((byte) 0x01);
            assertThat(sm.getDataCoding()).isEqualTo((byte) 0x00);
            assertThat(sm.getEsmClass()).isEqualTo((byte) 0x00);
            assertThat(sm.getSourceAddr()).isEqualTo("14155550100");
            assertThat(sm.getDestAddress()).isEqualTo("14155550142");
            assertThat(sm.getSourceAddrTon()).isEqualTo(TypeOfNumber.INTERNATIONAL.value());
            assertThat(sm.getSourceAddrNpi()).isEqualTo(NumberingPlanIndicator.ISDN.value());
            assertThat(sm.getDestAddrTon()).isEqualTo(TypeOfNumber.INTERNATIONAL.value());
            assertThat(sm.getDestAddrNpi()).isEqualTo(NumberingPlanIndicator.ISDN.value());
            assertThat(Gsm7.decode(sm.getShortMessage())).isEqualTo("Your appointment is tomorrow at 10:30.");
        });
        assertThat(id).isEqualTo("a1");
        assertThat(gateway.name()).isEqualTo("smpp");
        assertThat(gateway.sandbox()).isFalse();
    }

    @Test
    void aRepeatedHandOverIsNotSentTwice() {
        String first = gateway.send(new OutboundSms("same", CLINIC, PATIENT, "Hi", null)).carrierMessageId();
        String again = gateway.send(new OutboundSms("same", CLINIC, PATIENT, "Hi", null)).carrierMessageId();
        assertThat(again).isEqualTo(first);
        assertThat(submitted).hasSize(1);
    }

    @Test
    void sendsALongTextAsConcatenatedParts() {
        String body = "0123456789".repeat(20);
        String id = gateway.send(new OutboundSms("k2", CLINIC, PATIENT, body, null)).carrierMessageId();

        assertThat(submitted).hasSize(2);
        assertThat(id).isEqualTo("a1");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2; i++) {
            SubmitSm sm = submitted.get(i);
            assertThat(GSMSpecificFeature.UDHI.containedIn(sm.getEsmClass())).isTrue();
            assertThat(sm.getRegisteredDelivery()).isEqualTo((byte) 0x01);
            byte[] message = sm.getShortMessage();
            assertThat(Arrays.copyOf(message, 6)).containsExactly(0x05, 0x00, 0x03,
                    submitted.get(0).getShortMessage()[3], 2, i + 1);
            assertThat(message.length - 6).isLessThanOrEqualTo(153);
            text.append(Gsm7.decode(message, 6, message.length - 6));
        }
        assertThat(text.toString()).isEqualTo(body);
    }

    @Test
    void sendsNonGsmTextAsUcs2() {
        gateway.send(new OutboundSms("k3", CLINIC, PATIENT, "Merci, ça va 😊", null));

        assertThat(submitted).singleElement().satisfies(sm -> {
            assertThat(sm.getDataCoding()).isEqualTo((byte) 0x08);
            assertThat(new String(sm.getShortMessage(), StandardCharsets.UTF_16BE)).isEqualTo("Merci, ça va 😊");
        });
    }

    @Test
    void throttlingIsRetryableAndOtherRefusalsAreNot() {
        smsc.refuseWith(new ProcessRequestException("throttled", 0x58));
        assertThatThrownBy(() -> gateway.send(new OutboundSms("k4", CLINIC, PATIENT, "Hi", null)))
                .isInstanceOfSatisfying(CarrierException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("0x58").doesNotContain("14155550142").doesNotContain("Hi");
                });

        smsc.refuseWith(new ProcessRequestException("queue full", 0x14));
        assertThatThrownBy(() -> gateway.send(new OutboundSms("k5", CLINIC, PATIENT, "Hi", null)))
                .isInstanceOfSatisfying(CarrierException.class, e -> assertThat(e.retryable()).isTrue());

        smsc.refuseWith(new ProcessRequestException("bad destination", 0x0B));
        assertThatThrownBy(() -> gateway.send(new OutboundSms("k6", CLINIC, PATIENT, "Hi", null)))
                .isInstanceOfSatisfying(CarrierException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage())
                            .isEqualTo("The SMS gateway refused the text (SMPP error 0x0B: invalid destination).");
                });
    }

    @Test
    void anUnreachableSmscIsRetryable() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = closed.getLocalPort();
        }
        SmppGateway down = new SmppGateway(new SmppProperties("127.0.0.1", port, "x", "y", "", 30_000, 200, 0),
                inbound, event -> { }, new TransactionTemplate(new NoResourceTransactionManager()));
        try {
            assertThatThrownBy(() -> down.send(new OutboundSms("k7", CLINIC, PATIENT, "Hi", null)))
                    .isInstanceOfSatisfying(CarrierException.class, e -> assertThat(e.retryable()).isTrue());
        } finally {
            down.close();
        }
    }

    @Test
    void publishesADeliveryReceiptInATransaction() throws Exception {
        String id = gateway.send(new OutboundSms("k8", CLINIC, PATIENT, "Hi", null)).carrierMessageId();

        smsc.receipt(id, "14155550142", "14155550100", "DELIVRD");

        await(() -> !published.isEmpty());
        assertThat(published).containsExactly(new DeliveryStatusReported("smpp", id, "delivered", null));
        assertThat(publishedInTransaction).containsExactly(true);
    }

    @Test
    void reportsAFailedReceiptWithAReason() throws Exception {
        String id = gateway.send(new OutboundSms("k9", CLINIC, PATIENT, "Hi", null)).carrierMessageId();

        smsc.receipt(id, "14155550142", "14155550100", "EXPIRED");

        await(() -> !published.isEmpty());
        assertThat(published).containsExactly(new DeliveryStatusReported("smpp", id, "undelivered",
                "The carrier could not deliver it (EXPIRED)."));
    }

    @Test
    void handsATextFromAPatientToInboundTexts() throws Exception {
        gateway.bound();
        await(() -> smsc.session() != null);

        smsc.deliver("14155550142", "14155550100", new ESMClass(), (byte) 0, Gsm7.encode("Yes, see you €10 [ok]"));
        verify(inbound, timeout(5_000)).receive(eq("smpp"), anyString(), eq(PATIENT), eq(CLINIC),
                eq("Yes, see you €10 [ok]"));

        smsc.deliver("14155550142", "14155550100", new ESMClass(), (byte) 0x08, "Merci 😊".getBytes(StandardCharsets.UTF_16BE),
                new OptionalParameter.COctetString(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID.code(), "mo42"));
        verify(inbound, timeout(5_000)).receive("smpp", "mo42", PATIENT, CLINIC, "Merci 😊");
    }

    @Test
    void bindsAgainAfterTheLinkDrops() {
        gateway.send(new OutboundSms("k10", CLINIC, PATIENT, "one", null));
        smsc.dropSession();

        await(() -> smsc.session() != null); // the background reconnect bound again
        gateway.send(new OutboundSms("k11", CLINIC, PATIENT, "two", null));
        assertThat(submitted).hasSize(2);
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** A transaction manager with nothing behind it, so TransactionTemplate really opens a transaction. */
    static final class NoResourceTransactionManager extends AbstractPlatformTransactionManager {

        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
        }

        @Override
        protected void doRollback(DefaultTransactionStatus status) {
        }
    }
}
