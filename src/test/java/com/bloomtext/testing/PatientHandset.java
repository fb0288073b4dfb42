package com.bloomtext.testing;

import java.util.List;

import com.bloomtext.shared.E164;

/**
 * The patient's phone at the far end of a local carrier test server: what reached it, and its answers,
 * sent the way that carrier sends a mobile-originated text.
 */
public interface PatientHandset {

    /** The texts this phone received, oldest first. */
    List<String> textsTo(E164 patient);

    /** The patient answers the practice's number. */
    void reply(E164 patient, E164 practice, String text);
}
