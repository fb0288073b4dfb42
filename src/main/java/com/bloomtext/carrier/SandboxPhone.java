package com.bloomtext.carrier;

import java.time.Instant;
import java.util.List;

import com.bloomtext.shared.E164;

/**
 * The sandbox carrier's stand-in for a patient's phone: read what it was sent, answer. Present only
 * when the sandbox carrier is.
 */
public interface SandboxPhone {

    /** A text on the phone. */
    record PhoneText(boolean fromPatient, E164 from, E164 to, String body, Instant at) {
    }

    /** The texts between the phone and these numbers, oldest first. */
    List<PhoneText> conversation(E164 phone, List<E164> ourNumbers);

    /** The phone answers one of these numbers; the text enters as a carrier webhook's would. */
    void reply(E164 from, E164 to, String body);
}
