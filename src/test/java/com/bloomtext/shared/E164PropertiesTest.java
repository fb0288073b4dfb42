package com.bloomtext.shared;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Phone parsing, for anything a person (or a hostile client) may type. */
class E164PropertiesTest {

    /** Any text: a valid E.164 number that parses back to itself, or the one refusal with a reason; nothing else. */
    @Property(tries = 300)
    void anyTextIsANumberOrARefusalWithAReason(@ForAll("typed") String typed) {
        Throwable failure = catchThrowable(() -> {
            E164 number = E164.parse(typed, "US");
            assertThat(number.value()).matches("\\+[1-9]\\d{6,14}");
            assertThat(E164.parse(number.value(), "US")).isEqualTo(number);
            assertThat(E164.parse(number.display(), "US")).isEqualTo(number);
        });
        if (failure != null) {
            assertThat(failure).isInstanceOf(E164.InvalidPhoneNumberException.class);
            assertThat(failure.getMessage()).isNotBlank();
            if (typed.strip().length() > 3) {
                assertThat(failure.getMessage()).as("the reason never echoes the input").doesNotContain(typed.strip());
            }
        }
    }

    /** A US number however it is written is one number. */
    @Property(tries = 200)
    void aUsNumberIsTheSameNumberHoweverItIsWritten(@ForAll @IntRange(min = 0, max = 9999) int line,
            @ForAll("formats") String format) {
        String digits = String.format("%04d", line);
        E164 number = E164.parse(String.format(format, digits), "US");
        assertThat(number).isEqualTo(new E164("+1415555" + digits));
    }

    @Provide
    Arbitrary<String> typed() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(30),
                Arbitraries.strings().withChars("0123456789+-(). xX#*\u00A0\uFF11\u0660").ofMaxLength(25),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(20),
                Arbitraries.of("+", "+1", "+0", "00", "+1 (415) 555-0142 ext. 7", "tel:+14155550142", "\u0000",
                        "4155550142\u0000", "%", "_", "'", "--"));
    }

    @Provide
    Arbitrary<String> formats() {
        return Arbitraries.of("(415) 555-%s", "415.555.%s", "+1 415 555 %s", "1-415-555-%s", " 415555%s ", "+14155 55%s");
    }
}
