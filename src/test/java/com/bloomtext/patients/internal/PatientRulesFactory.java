package com.bloomtext.patients.internal;

import java.time.Clock;

/** Builds the patient rules outside Spring, for unit tests. */
public final class PatientRulesFactory {

    private PatientRulesFactory() {
    }

    public static PatientRules rules(Clock clock) {
        return new PatientRules("US", clock);
    }
}
