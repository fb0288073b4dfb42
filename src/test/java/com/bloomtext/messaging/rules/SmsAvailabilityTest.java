package com.bloomtext.messaging.rules;

import org.junit.jupiter.api.Test;

import static com.bloomtext.messaging.rules.SmsAvailability.Unmet.NOT_FROM_A_TEAM;
import static com.bloomtext.messaging.rules.SmsAvailability.Unmet.NOT_ONE_PATIENT;
import static com.bloomtext.messaging.rules.SmsAvailability.Unmet.NO_MOBILE_NUMBER;
import static com.bloomtext.messaging.rules.SmsAvailability.Unmet.NO_SMS_PLAN;
import static com.bloomtext.messaging.rules.SmsAvailability.Unmet.OPTED_OUT;
import static com.bloomtext.messaging.rules.SmsAvailability.Unmet.TEAM_HAS_NO_NUMBER;
import static org.assertj.core.api.Assertions.assertThat;

/** Each condition of SPEC's rule alone, then together. */
class SmsAvailabilityTest {

    static final SmsAvailability.Facts ALL_MET = new SmsAvailability.Facts(true, true, true, 1, true, false);

    @Test
    void withEveryConditionMetSmsIsAvailable() {
        assertThat(SmsAvailability.available(ALL_MET)).isTrue();
        assertThat(SmsAvailability.unmet(ALL_MET)).isEmpty();
    }

    @Test
    void eachConditionAloneMakesSmsUnavailableWithItsOwnReason() {
        assertThat(SmsAvailability.unmet(new SmsAvailability.Facts(false, true, true, 1, true, false)))
                .containsExactly(NO_SMS_PLAN);
        assertThat(SmsAvailability.unmet(new SmsAvailability.Facts(true, false, false, 1, true, false)))
                .containsExactly(NOT_FROM_A_TEAM);
        assertThat(SmsAvailability.unmet(new SmsAvailability.Facts(true, true, false, 1, true, false)))
                .containsExactly(TEAM_HAS_NO_NUMBER);
        assertThat(SmsAvailability.unmet(new SmsAvailability.Facts(true, true, true, 2, true, false)))
                .containsExactly(NOT_ONE_PATIENT);
        assertThat(SmsAvailability.unmet(new SmsAvailability.Facts(true, true, true, 0, true, false)))
                .containsExactly(NOT_ONE_PATIENT);
        assertThat(SmsAvailability.unmet(new SmsAvailability.Facts(true, true, true, 1, false, false)))
                .containsExactly(NO_MOBILE_NUMBER);
        assertThat(SmsAvailability.unmet(new SmsAvailability.Facts(true, true, true, 1, true, true)))
                .containsExactly(OPTED_OUT);
    }

    @Test
    void everyMissingConditionIsSaidTogether() {
        assertThat(SmsAvailability.unmet(new SmsAvailability.Facts(false, true, false, 1, false, true)))
                .containsExactly(NO_SMS_PLAN, TEAM_HAS_NO_NUMBER, NO_MOBILE_NUMBER, OPTED_OUT);
        assertThat(NO_SMS_PLAN.explanation()).contains("plan doesn't include SMS");
        assertThat(OPTED_OUT.explanation()).contains("replied STOP");
    }
}
