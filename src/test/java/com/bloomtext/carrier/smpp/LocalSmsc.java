package com.bloomtext.carrier.smpp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.bloomtext.shared.E164;
import com.bloomtext.testing.PatientHandset;

import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.session.connection.ServerConnection;
import org.jsmpp.session.connection.ServerConnectionFactory;
import org.jsmpp.session.connection.socket.ServerSocketConnection;
import org.jsmpp.util.MessageId;

/**
 * An SMSC on a loopback port, built on jSMPP's server session: it accepts one bind at a time, records
 * every submit_sm and answers message ids a1, a2, ... (or refuses, when told to). With receipts on, it
 * sends each accepted text's delivery receipt (deliver_sm, esm_class 0x04, stat:DELIVRD) a moment later,
 * and the patient's answers arrive as mobile-originated deliver_sm, as a carrier's SMSC sends them.
 */
public final class LocalSmsc implements PatientHandset, AutoCloseable {

    private final boolean receipts;
    private final ServerSocket socket;
    private final SMPPServerSessionListener listener;
    private final Thread acceptor;
    private final ExecutorService deliveries = Executors.newSingleThreadExecutor(Thread.ofVirtual().factory());
    private final List<SubmitSm> submitted = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger moIds = new AtomicInteger();
    private final AtomicReference<ProcessRequestException> refuseWith = new AtomicReference<>();
    private final AtomicReference<SMPPServerSession> session = new AtomicReference<>();

    /** @param receipts whether accepted texts get their delivery receipt by themselves */
    public LocalSmsc(boolean receipts) {
        this.receipts = receipts;
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ServerConnectionFactory onLoopback = new ServerConnectionFactory() {
            @Override
            public ServerConnection listen(int port) {
                return new ServerSocketConnection(socket);
            }

            @Override
            public ServerConnection listen(int port, int timeout) {
                return new ServerSocketConnection(socket);
            }

            @Override
            public ServerConnection listen(int port, int timeout, int backlog) {
                return new ServerSocketConnection(socket);
            }
        };
        try {
            listener = new SMPPServerSessionListener(socket.getLocalPort(), onLoopback);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        listener.setMessageReceiverListener(new Receiver());
        acceptor = Thread.ofVirtual().name("local-smsc").start(() -> {
            while (!socket.isClosed()) {
                try {
                    SMPPServerSession accepted = listener.accept();
                    BindRequest bind = accepted.waitForBind(5_000);
                    bind.accept("local-smsc");
                    session.set(accepted);
                } catch (Exception e) {
                    return;
                }
            }
        });
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Every submit_sm received, in order. */
    public List<SubmitSm> submitted() {
        return submitted;
    }

    /** The bound session, or null before the first bind or after {@link #dropSession()}. */
    public SMPPServerSession session() {
        return session.get();
    }

    /** The link drops, as when the SMSC restarts; the client has to bind again. */
    public void dropSession() {
        SMPPServerSession bound = session.getAndSet(null);
        if (bound != null) {
            bound.close();
        }
    }

    /** From now on submit_sm is refused with this error (null: accepted again). */
    public void refuseWith(ProcessRequestException refusal) {
        refuseWith.set(refusal);
    }

    /** Sends a deliver_sm to the bound client. */
    public void deliver(String source, String destination, ESMClass esm, byte dataCoding, byte[] message,
            OptionalParameter... parameters) throws Exception {
        session.get().deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, source,
                TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, destination, esm, (byte) 0, (byte) 0,
                new RegisteredDelivery(0), DataCodings.newInstance(dataCoding), message, parameters);
    }

    /** A delivery receipt for a submitted text: stat DELIVRD, EXPIRED, UNDELIV... */
    public void receipt(String messageId, String patient, String practice, String stat) throws Exception {
        deliver(patient, practice, new ESMClass(MessageMode.DEFAULT, MessageType.SMSC_DEL_RECEIPT, GSMSpecificFeature.DEFAULT),
                (byte) 0, ("id:" + messageId + " sub:001 dlvrd:" + ("DELIVRD".equals(stat) ? "001" : "000")
                        + " submit date:2611271000 done date:2611271001 stat:" + stat + " err:000 text:")
                        .getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public List<String> textsTo(E164 patient) {
        List<String> texts = new ArrayList<>();
        for (SubmitSm sm : submitted) {
            if (sm.getDestAddress().equals(patient.value().substring(1))) {
                texts.add(text(sm));
            }
        }
        return texts;
    }

    @Override
    public void reply(E164 patient, E164 practice, String text) {
        try {
            deliver(patient.value().substring(1), practice.value().substring(1), new ESMClass(), (byte) 0, Gsm7.encode(text),
                    new OptionalParameter.COctetString(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID.code(),
                            "mo" + moIds.incrementAndGet()));
        } catch (Exception e) {
            throw new IllegalStateException("the SMSC could not deliver the patient's text", e);
        }
    }

    /** The text of one part (its concatenation header left out). */
    private static String text(SubmitSm sm) {
        byte[] message = sm.getShortMessage();
        int offset = GSMSpecificFeature.UDHI.containedIn(sm.getEsmClass()) ? (message[0] & 0xFF) + 1 : 0;
        return sm.getDataCoding() == 0x08
                ? new String(message, offset, message.length - offset, StandardCharsets.UTF_16BE)
                : Gsm7.decode(message, offset, message.length - offset);
    }

    @Override
    public void close() {
        deliveries.shutdownNow();
        dropSession();
        try {
            listener.close();
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        acceptor.interrupt();
    }

    private final class Receiver implements ServerMessageReceiverListener {

        @Override
        public SubmitSmResult onAcceptSubmitSm(SubmitSm submitSm, SMPPServerSession source) throws ProcessRequestException {
            ProcessRequestException refusal = refuseWith.get();
            if (refusal != null) {
                throw refusal;
            }
            submitted.add(submitSm);
            String id = "a" + ids.incrementAndGet();
            if (receipts && submitSm.getRegisteredDelivery() != 0) {
                deliveries.submit(() -> {
                    Thread.sleep(100);
                    receipt(id, submitSm.getDestAddress(), submitSm.getSourceAddr(), "DELIVRD");
                    return null;
                });
            }
            try {
                return new SubmitSmResult(new MessageId(id), new OptionalParameter[0]);
            } catch (Exception e) {
                throw new ProcessRequestException("bad id", 0x08, e);
            }
        }

        @Override
        public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("unsupported", 0x03);
        }

        @Override
        public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("unsupported", 0x03);
        }

        @Override
        public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("unsupported", 0x03);
        }

        @Override
        public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("unsupported", 0x03);
        }

        @Override
        public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcastSm, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("unsupported", 0x03);
        }

        @Override
        public void onAcceptCancelBroadcastSm(CancelBroadcastSm cancelBroadcastSm, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("unsupported", 0x03);
        }

        @Override
        public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm queryBroadcastSm,
                SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("unsupported", 0x03);
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw new ProcessRequestException("unsupported", 0x03);
        }
    }
}
