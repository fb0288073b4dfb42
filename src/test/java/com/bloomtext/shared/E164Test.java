package com.bloomtext.shared;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class E164Test {

    @ParameterizedTest
    @ValueSource(strings = {"(415) 555-0142", "415.555.0142", "+1 415 555 0142", "1-415-555-0142", " 4155550142 "})
    void commonWaysOfWritingANumberAreOneNumber(String typed) {
        assertThat(E164.parse(typed, "US")).isEqualTo(new E164("+14155550142"));
        assertThat(E164.parse(typed, "US").display()).isEqualTo("(415) 555-0142");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|Enter a phone number.",
            "hello|That doesn't look like a phone number.",
            "415 555|That phone number has the wrong number of digits.",
            "(999) 555-0142|That phone number isn't in use anywhere: check the area code."})
    void badNumbersAreRefusedWithTheReason(String typed, String reason) {
        assertThatThrownBy(() -> E164.parse(typed, "US"))
                .isInstanceOf(E164.InvalidPhoneNumberException.class)
                .hasMessage(reason);
    }

    @Test
    void internationalNumbersKeepTheirCountry() {
        E164 london = E164.parse("+44 20 7946 0958", "US");
        assertThat(london.value()).isEqualTo("+442079460958");
        assertThat(london.display()).isEqualTo("+44 20 7946 0958");
    }

    @Test
    void theHandWrittenCheckAcceptsExactlyWhatThePatternAccepted() {
        java.util.regex.Pattern form = java.util.regex.Pattern.compile("\\+[1-9]\\d{6,14}");
        java.util.Random random = new java.util.Random(3);
        String alphabet = "+0123456789 -a\u0660";
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder();
            if (random.nextInt(4) > 0) {
                text.append('+');
            }
            for (int n = random.nextInt(18); n > 0; n--) {
                text.append(random.nextInt(10) > 0 ? (char) ('0' + random.nextInt(10))
                        : alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String value = text.toString();
            assertThat(E164.isE164(value)).as(value).isEqualTo(form.matcher(value).matches());
        }
    }
}
