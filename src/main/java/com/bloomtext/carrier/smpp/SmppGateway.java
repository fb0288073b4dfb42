package com.bloomtext.carrier.smpp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.bloomtext.carrier.CarrierException;
import com.bloomtext.carrier.DeliveryStatusReported;
import com.bloomtext.carrier.InboundTexts;
import com.bloomtext.carrier.OutboundSms;
import com.bloomtext.carrier.SentSms;
import com.bloomtext.carrier.SmsGateway;
import com.bloomtext.shared.E164;
import com.bloomtext.shared.Failures;

import jakarta.annotation.PreDestroy;

import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;
import org.jsmpp.session.SessionStateListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The SMS desk over SMPP 3.4 (jSMPP): one transceiver session to the carrier's SMSC, bound lazily on the
 * first send (the app starts while the SMSC is down), kept alive with enquire_link, bound again after it
 * drops (a few attempts in the background, then on the next send).
 *
 * <p>A text goes out as one submit_sm, or as concatenated parts (see {@link SmsParts}); the
 * carrier message id returned is the SMSC's id of the <em>first</em> part. The ids of later parts are
 * remembered in memory (bounded, lost on restart) so a failure receipt for any part is reported as a
 * failure of the text; a "delivered" receipt for a later part is not reported (the first part's is).
 *
 * <p>Receipts (deliver_sm with esm_class "SMSC delivery receipt") become {@link DeliveryStatusReported}
 * events, published inside a transaction. Other deliver_sm are texts from patients, handed to
 * {@link InboundTexts}; a concatenated text from a patient arrives as one text per part (no reassembly).
 *
 * <p>Nothing here logs or puts in an exception a text's body or a phone number.
 */
@Component
@ConditionalOnProperty(name = "bloomtext.carrier.provider", havingValue = "smpp")
public class SmppGateway implements SmsGateway {

    private static final Logger log = LoggerFactory.getLogger(SmppGateway.class);

    static final String CARRIER = "smpp";
    static final int ESME_RMSGQFUL = 0x14;
    static final int ESME_RTHROTTLED = 0x58;
    private static final int ESME_RSYSERR = 0x08;
    private static final int MAX_RECONNECT_ATTEMPTS = 5;
    private static final int REMEMBERED = 10_000;

    private static final Pattern RECEIPT_ID = Pattern.compile("(?i)\\bid:(\\S+)");
    private static final Pattern RECEIPT_STAT = Pattern.compile("(?i)\\bstat:(\\S+)");
    private static final Pattern RECEIPT_ERR = Pattern.compile("(?i)\\berr:(\\S+)");

    private static final Map<Integer, String> ERRORS = Map.ofEntries(
            Map.entry(0x01, "invalid message length"),
            Map.entry(0x02, "invalid command length"),
            Map.entry(0x03, "invalid command"),
            Map.entry(0x04, "incorrect bind status"),
            Map.entry(0x08, "system error"),
            Map.entry(0x0A, "invalid source address"),
            Map.entry(0x0B, "invalid destination"),
            Map.entry(0x0D, "bind failed"),
            Map.entry(0x0E, "invalid password"),
            Map.entry(0x0F, "invalid system id"),
            Map.entry(ESME_RMSGQFUL, "message queue full"),
            Map.entry(0x33, "invalid number of destinations"),
            Map.entry(0x40, "invalid esm_class"),
            Map.entry(0x45, "submit failed"),
            Map.entry(0x48, "invalid source address type"),
            Map.entry(0x49, "invalid source address numbering plan"),
            Map.entry(0x50, "invalid destination address type"),
            Map.entry(0x51, "invalid destination address numbering plan"),
            Map.entry(ESME_RTHROTTLED, "throttled"),
            Map.entry(0x61, "invalid scheduled delivery time"),
            Map.entry(0x62, "invalid validity period"),
            Map.entry(0x63, "predefined message not found"),
            Map.entry(0x66, "invalid message id"),
            Map.entry(0xC0, "invalid optional parameter stream"),
            Map.entry(0xC1, "optional parameter not allowed"),
            Map.entry(0xC2, "invalid optional parameter length"),
            Map.entry(0xC3, "missing optional parameter"),
            Map.entry(0xC4, "invalid optional parameter value"),
            Map.entry(0xFE, "delivery failure"),
            Map.entry(0xFF, "unknown error"));

    private final SmppProperties properties;
    private final InboundTexts inbound;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;

    private final ReentrantLock binding = new ReentrantLock();
    private final AtomicBoolean reconnectPending = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger references = new AtomicInteger(new java.util.Random().nextInt(256));
    private final ScheduledExecutorService reconnects = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("smpp-reconnect").factory());
    /** SMSC id of a later part → SMSC id of its text's first part. */
    private final Map<String, String> laterParts = bounded();
    /** Idempotency key → what was returned, so a repeated hand-over does not send the text twice. */
    private final Map<String, SentSms> sent = bounded();

    private volatile SMPPSession session;
    private volatile long throttledUntilNanos = System.nanoTime();

    SmppGateway(SmppProperties properties, InboundTexts inbound, ApplicationEventPublisher events,
            TransactionTemplate transaction) {
        this.properties = properties;
        this.inbound = inbound;
        this.events = events;
        this.transaction = transaction;
    }

    @Override
    public String name() {
        return CARRIER;
    }

    @Override
    public boolean sandbox() {
        return false;
    }

    @Override
    public SentSms send(OutboundSms sms) {
        if (sms.idempotencyKey() != null) {
            SentSms before;
            synchronized (sent) {
                before = sent.get(sms.idempotencyKey());
            }
            if (before != null) {
                return before;
            }
        }
        if (System.nanoTime() - throttledUntilNanos < 0) {
            throw new CarrierException("The SMS gateway asked us to slow down; the text will be tried again shortly.",
                    null, true);
        }
        SMPPSession bound = bound();
        SmsParts parts = SmsParts.of(sms.body(), references.getAndIncrement());
        ESMClass esmClass = parts.udhi()
                ? new ESMClass(MessageMode.DEFAULT, MessageType.DEFAULT, GSMSpecificFeature.UDHI)
                : new ESMClass();
        String from = digits(sms.from());
        String to = digits(sms.to());
        String first = null;
        for (int i = 0; i < parts.count(); i++) {
            String id = submit(bound, from, to, esmClass, parts, i);
            if (first == null) {
                first = id;
            } else {
                synchronized (laterParts) {
                    laterParts.put(id, first);
                }
            }
        }
        SentSms result = new SentSms(first);
        if (sms.idempotencyKey() != null) {
            synchronized (sent) {
                sent.put(sms.idempotencyKey(), result);
            }
        }
        log.debug("SMPP text submitted in {} part(s) as {}", parts.count(), first);
        return result;
    }

    private String submit(SMPPSession bound, String from, String to, ESMClass esmClass, SmsParts parts, int index) {
        try {
            return bound.submitShortMessage("",
                    TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, from,
                    TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, to,
                    esmClass, (byte) 0, (byte) 1, null, null,
                    new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE), (byte) 0,
                    DataCodings.newInstance(parts.dataCoding()), (byte) 0,
                    parts.shortMessages().get(index)).getMessageId();
        } catch (NegativeResponseException e) {
            int status = e.getCommandStatus();
            if (status == ESME_RTHROTTLED || status == ESME_RMSGQFUL) {
                throttledUntilNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(properties.throttleBackoffMillis());
                log.warn("SMPP gateway busy ({})", code(status));
                throw new CarrierException("The SMS gateway is busy (SMPP error " + code(status)
                        + "); the text will be tried again shortly.", e, true);
            }
            log.warn("SMPP gateway refused a text ({})", code(status));
            throw new CarrierException("The SMS gateway refused the text (SMPP error " + code(status) + ").", e, false);
        } catch (ResponseTimeoutException e) {
            log.warn("SMPP gateway did not answer a submit_sm in time");
            throw new CarrierException("The SMS gateway did not answer in time; the text will be tried again.", e, true);
        } catch (IOException e) {
            log.warn("SMPP link failed while submitting: {}", e.getClass().getSimpleName());
            throw new CarrierException("The SMS gateway could not be reached; the text will be tried again.", e, true);
        } catch (InvalidResponseException e) {
            log.warn("SMPP gateway answered a submit_sm with an invalid response");
            throw new CarrierException("The SMS gateway gave an answer we could not read.", e, false);
        } catch (PDUException e) {
            log.warn("SMPP submit_sm could not be built: {}", e.getClass().getSimpleName());
            throw new CarrierException("The text could not be prepared for the SMS gateway.", e, false);
        }
    }

    /** Binds now if not bound (tests and a warm-up may call it; send does). */
    SMPPSession bound() {
        SMPPSession current = session;
        if (current != null && current.getSessionState().isBound()) {
            return current;
        }
        binding.lock();
        try {
            current = session;
            if (current != null && current.getSessionState().isBound()) {
                return current;
            }
            if (closed.get()) {
                throw new CarrierException("The SMS gateway link is shut down.", null, true);
            }
            if (current != null) {
                current.close();
            }
            SMPPSession fresh = new SMPPSession();
            fresh.setEnquireLinkTimer((int) Math.min(Integer.MAX_VALUE, properties.enquireLinkMillis()));
            fresh.setMessageReceiverListener(new Receiver());
            fresh.addSessionStateListener(new Reconnector());
            try {
                fresh.connectAndBind(properties.host(), properties.port(), new BindParameter(BindType.BIND_TRX,
                        properties.systemId(), properties.password(), properties.systemType(),
                        TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null));
            } catch (IOException e) {
                fresh.close();
                log.warn("SMPP bind to {}:{} failed: {}", properties.host(), properties.port(), e.getMessage());
                throw new CarrierException("The SMS gateway could not be reached; the text will be tried again.", e, true);
            }
            session = fresh;
            log.info("SMPP transceiver bound to {}:{}", properties.host(), properties.port());
            return fresh;
        } finally {
            binding.unlock();
        }
    }

    /** On a bound session closing, binds again in the background after the reconnect delay, a few times. */
    private final class Reconnector implements SessionStateListener {

        @Override
        public void onStateChange(SessionState newState, SessionState oldState, Session source) {
            if (newState == SessionState.CLOSED && oldState != null && oldState.isBound() && source == session
                    && !closed.get()) {
                log.warn("SMPP link closed; binding again in {} ms", properties.reconnectDelayMillis());
                scheduleReconnect(1);
            }
        }
    }

    private void scheduleReconnect(int attempt) {
        if (closed.get() || attempt > MAX_RECONNECT_ATTEMPTS || !reconnectPending.compareAndSet(false, true)) {
            return;
        }
        try {
            reconnects.schedule(() -> {
                reconnectPending.set(false);
                if (closed.get()) {
                    return;
                }
                try {
                    bound();
                } catch (CarrierException e) {
                    scheduleReconnect(attempt + 1);
                }
            }, properties.reconnectDelayMillis() * attempt, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            reconnectPending.set(false);
        }
    }

    private final class Receiver implements MessageReceiverListener {

        @Override
        public void onAcceptDeliverSm(DeliverSm deliverSm) throws ProcessRequestException {
            if (MessageType.SMSC_DEL_RECEIPT.containedIn(deliverSm.getEsmClass())) {
                receipt(deliverSm);
            } else {
                mobileOriginated(deliverSm);
            }
        }

        @Override
        public void onAcceptAlertNotification(AlertNotification alertNotification) {
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw new ProcessRequestException("data_sm is not supported", 0x03);
        }
    }

    private void receipt(DeliverSm deliverSm) throws ProcessRequestException {
        String text = new String(shortMessage(deliverSm), StandardCharsets.ISO_8859_1);
        String id = optionalString(deliverSm, OptionalParameter.Tag.RECEIPTED_MESSAGE_ID);
        if (id == null) {
            id = group(RECEIPT_ID, text);
        }
        String stat = group(RECEIPT_STAT, text);
        if (id == null || stat == null) {
            log.warn("SMPP delivery receipt without id or stat ignored");
            return;
        }
        // Some SMSCs pad with NUL or other control characters; they are no part of the state.
        stat = stat.replaceAll("\\p{Cntrl}", "").toUpperCase(java.util.Locale.ROOT);
        String err = group(RECEIPT_ERR, text);
        DeliveryStatusReported report = switch (stat) {
            case "DELIVRD" -> new DeliveryStatusReported(CARRIER, id, "delivered", null);
            case "UNDELIV", "EXPIRED", "DELETED", "REJECTD" -> new DeliveryStatusReported(CARRIER, id, "undelivered",
                    "The carrier could not deliver it (" + stat + (err == null || err.matches("0+") ? "" : ", error " + err)
                            + ").");
            case "ACCEPTD", "ENROUTE" -> new DeliveryStatusReported(CARRIER, id, "sent", null);
            default -> null;
        };
        if (report == null) {
            log.info("SMPP delivery receipt with state {} ignored", stat.matches("[A-Z]{1,8}") ? stat : "(unreadable)");
            return;
        }
        String first;
        synchronized (laterParts) {
            first = laterParts.get(id);
        }
        if (first != null) {
            if (!"undelivered".equals(report.status())) {
                return;
            }
            report = new DeliveryStatusReported(CARRIER, first, report.status(), report.reason());
        }
        DeliveryStatusReported event = report;
        try {
            transaction.executeWithoutResult(status -> events.publishEvent(event));
        } catch (RuntimeException e) {
            log.error("SMPP delivery receipt for {} could not be recorded; the SMSC will send it again: {}", id,
                    Failures.describe(e));
            throw new ProcessRequestException("receipt not recorded", ESME_RSYSERR, e);
        }
    }

    private void mobileOriginated(DeliverSm deliverSm) throws ProcessRequestException {
        E164 from = e164(deliverSm.getSourceAddr());
        E164 to = e164(deliverSm.getDestAddress());
        if (from == null || to == null) {
            log.warn("SMPP text from a patient with an address that is not an E.164 number ignored");
            return;
        }
        String body;
        try {
            body = decode(deliverSm.getDataCoding(), shortMessage(deliverSm),
                    GSMSpecificFeature.UDHI.containedIn(deliverSm.getEsmClass()));
        } catch (RuntimeException e) {
            log.warn("SMPP text from a patient could not be decoded (data_coding 0x{})",
                    HexFormat.of().toHexDigits(deliverSm.getDataCoding()));
            return;
        }
        String id = optionalString(deliverSm, OptionalParameter.Tag.RECEIPTED_MESSAGE_ID);
        if (id == null) {
            id = "mo-" + sha256(deliverSm.getSourceAddr() + "|" + deliverSm.getDestAddress() + "|"
                    + deliverSm.getSequenceNumber() + "|" + body);
        }
        try {
            inbound.receive(CARRIER, id, from, to, body);
        } catch (RuntimeException e) {
            log.error("SMPP text from a patient ({}) could not be kept; the SMSC will send it again: {}", id,
                    Failures.describe(e));
            throw new ProcessRequestException("text not kept", ESME_RSYSERR, e);
        }
    }

    /** Text of a short message by its data_coding; a leading user data header is skipped when {@code udhi}. */
    static String decode(byte dataCoding, byte[] message, boolean udhi) {
        int offset = 0;
        if (udhi && message.length > 0) {
            offset = Math.min(message.length, 1 + (message[0] & 0xFF));
        }
        int length = message.length - offset;
        int coding = dataCoding & 0xFF;
        int alphabet;
        if ((coding & 0xC0) == 0x00) { // general data coding group
            alphabet = coding == 0x01 ? 'A' : coding == 0x03 ? 'L' : coding == 0x08 ? 'U'
                    : (coding & 0x0C) == 0x08 ? 'U' : (coding & 0x0C) == 0x04 ? 'L' : coding == 0x00 ? 'G'
                    : (coding & 0x0F) == 0x02 || (coding & 0x0F) == 0x04 ? 'L' : 'G';
        } else if ((coding & 0xF0) == 0xF0) { // data coding / message class group
            alphabet = (coding & 0x04) != 0 ? 'L' : 'G';
        } else if ((coding & 0xF0) == 0xE0) { // message waiting, UCS-2
            alphabet = 'U';
        } else {
            alphabet = 'G';
        }
        return switch (alphabet) {
            case 'U' -> new String(message, offset, length & ~1, StandardCharsets.UTF_16BE);
            case 'A' -> new String(message, offset, length, StandardCharsets.US_ASCII);
            case 'L' -> new String(message, offset, length, StandardCharsets.ISO_8859_1);
            default -> Gsm7.decode(message, offset, length);
        };
    }

    private static byte[] shortMessage(DeliverSm deliverSm) {
        byte[] message = deliverSm.getShortMessage();
        if (message != null && message.length > 0) {
            return message;
        }
        OptionalParameter payload = deliverSm.getOptionalParameter(OptionalParameter.Tag.MESSAGE_PAYLOAD);
        if (payload instanceof OptionalParameter.OctetString octets) {
            return octets.getValue();
        }
        return new byte[0];
    }

    private static String optionalString(DeliverSm deliverSm, OptionalParameter.Tag tag) {
        OptionalParameter parameter = deliverSm.getOptionalParameter(tag);
        if (parameter instanceof OptionalParameter.COctetString string) {
            String value = string.getValueAsString();
            return value == null || value.isBlank() ? null : value.trim();
        }
        if (parameter instanceof OptionalParameter.OctetString octets) {
            String value = new String(octets.getValue(), StandardCharsets.ISO_8859_1).replace("\0", "").trim();
            return value.isEmpty() ? null : value;
        }
        return null;
    }

    private static String group(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static E164 e164(String address) {
        if (address == null) {
            return null;
        }
        String digits = address.startsWith("+") ? address.substring(1) : address;
        try {
            return new E164("+" + digits);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String digits(E164 number) {
        return number.value().substring(1);
    }

    static String code(int status) {
        return String.format("0x%02X: %s", status, ERRORS.getOrDefault(status, "error"));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <V> Map<String, V> bounded() {
        return new LinkedHashMap<>(256, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > REMEMBERED;
            }
        };
    }

    @PreDestroy
    void close() {
        closed.set(true);
        reconnects.shutdownNow();
        SMPPSession current = session;
        if (current != null) {
            current.unbindAndClose();
        }
    }
}
