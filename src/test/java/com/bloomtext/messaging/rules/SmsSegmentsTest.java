package com.bloomtext.messaging.rules;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SmsSegmentsTest {

    @Test
    void gsm7FitsOneHundredSixtyInOneSegmentAndOneHundredFiftyThreePerPart() {
        assertThat(SmsSegments.of("a".repeat(160))).isEqualTo(new SmsSegments.Count(SmsSegments.Encoding.GSM_7, 160, 1));
        assertThat(SmsSegments.of("a".repeat(161)).segments()).isEqualTo(2);
        assertThat(SmsSegments.of("a".repeat(306)).segments()).isEqualTo(2);
        assertThat(SmsSegments.of("a".repeat(307)).segments()).isEqualTo(3);
    }

    @Test
    void extensionCharactersCountTwice() {
        assertThat(SmsSegments.of("€".repeat(80))).isEqualTo(new SmsSegments.Count(SmsSegments.Encoding.GSM_7, 160, 1));
        assertThat(SmsSegments.of("€".repeat(81)).segments()).isEqualTo(2);
    }

    @Test
    void anythingOutsideGsm7IsUcs2WithSeventyAndSixtySeven() {
        assertThat(SmsSegments.of("Hi 😊").encoding()).isEqualTo(SmsSegments.Encoding.UCS_2);
        assertThat(SmsSegments.of("ç".repeat(70)).segments()).as("ç is not in GSM-7 (Ç is)").isEqualTo(1);
        assertThat(SmsSegments.of("ç".repeat(71)).segments()).isEqualTo(2);
        assertThat(SmsSegments.of("ç".repeat(134)).segments()).isEqualTo(2);
        assertThat(SmsSegments.of("ç".repeat(135)).segments()).isEqualTo(3);
    }

    @Test
    void labelsAndTheBodyLimit() {
        assertThat(SmsSegments.of("Hello").label()).isEqualTo("1 segment");
        assertThat(SmsSegments.of("a".repeat(200)).label()).isEqualTo("2 segments");
        assertThat(SmsSegments.of("").segments()).isZero();
        assertThat(SmsSegments.tooLong("a".repeat(1600))).isFalse();
        assertThat(SmsSegments.tooLong("a".repeat(1601))).isTrue();
    }
}
