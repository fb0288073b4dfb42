package com.bloomtext.messaging.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * SPEC's SMS availability rule: the plan includes SMS, the sender team has an active phone number,
 * exactly one patient is selected, that patient has a mobile number, and has not opted out (STOP) from
 * that number. Each unmet condition has its own plain-language explanation. The server applies it on
 * every send; the dialog only mirrors it.
 */
public final class SmsAvailability {

    private SmsAvailability() {
    }

    /** What the rule looks at, gathered by the caller. */
    public record Facts(boolean planIncludesSms, boolean sendingFromTeam, boolean teamHasActiveNumber,
            int patientsSelected, boolean patientHasMobile, boolean patientOptedOut) {
    }

    /** A condition that does not hold. */
    public enum Unmet {
        NO_SMS_PLAN("Your organization's plan doesn't include SMS. An administrator can upgrade under Settings → Plan."),
        NOT_FROM_A_TEAM("SMS is sent from a team's phone number: choose a team under \"Send from\"."),
        TEAM_HAS_NO_NUMBER("This team has no phone number. An administrator can select one on the Plan tab."),
        NOT_ONE_PATIENT("Select exactly one patient to send an SMS."),
        NO_MOBILE_NUMBER("This patient has no mobile number on file."),
        OPTED_OUT("This patient replied STOP to this number, so SMS to them is off until they reply START.");

        private final String explanation;

        Unmet(String explanation) {
            this.explanation = explanation;
        }

        public String explanation() {
            return explanation;
        }
    }

    /** Every unmet condition, in the order the dialog lists them; empty when SMS is available. */
    public static List<Unmet> unmet(Facts facts) {
        List<Unmet> unmet = new ArrayList<>();
        if (!facts.planIncludesSms()) {
            unmet.add(Unmet.NO_SMS_PLAN);
        }
        if (!facts.sendingFromTeam()) {
            unmet.add(Unmet.NOT_FROM_A_TEAM);
        } else if (!facts.teamHasActiveNumber()) {
            unmet.add(Unmet.TEAM_HAS_NO_NUMBER);
        }
        if (facts.patientsSelected() != 1) {
            unmet.add(Unmet.NOT_ONE_PATIENT);
        } else {
            if (!facts.patientHasMobile()) {
                unmet.add(Unmet.NO_MOBILE_NUMBER);
            }
            if (facts.patientOptedOut()) {
                unmet.add(Unmet.OPTED_OUT);
            }
        }
        return List.copyOf(unmet);
    }

    public static boolean available(Facts facts) {
        return unmet(facts).isEmpty();
    }
}
