package com.bloomtext.carrier.smpp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Gsm7Test {

    @Test
    void basicCharactersRoundTripAsOneSeptetEach() {
        String text = "Hello @£$¥ èéùìò Ç\nØø\rÅå Δ_ΦΓΛΩΠΨΣΘΞ ÆæßÉ !\"#¤%&'()*+,-./09:;<=>? ¡AZÄÖÑÜ§ ¿azäöñüà";
        byte[] septets = Gsm7.encode(text);
        assertThat(septets).hasSize(text.length());
        assertThat(Gsm7.decode(septets)).isEqualTo(text);
    }

    @Test
    void knownCodes() {
        assertThat(Gsm7.encode("@A a")).containsExactly(0x00, 0x41, 0x20, 0x61);
        assertThat(Gsm7.encode("£")).containsExactly(0x01);
        assertThat(Gsm7.encode("à")).containsExactly(0x7F);
    }

    @Test
    void extensionCharactersAreEscapedAndRoundTrip() {
        String text = "€[]{}\\^~|\f";
        byte[] septets = Gsm7.encode(text);
        assertThat(septets).hasSize(2 * text.length());
        assertThat(Gsm7.encode("€")).containsExactly(0x1B, 0x65);
        assertThat(Gsm7.encode("[")).containsExactly(0x1B, 0x3C);
        assertThat(Gsm7.decode(septets)).isEqualTo(text);
        assertThat(Gsm7.length("a€[")).isEqualTo(5);
    }

    @Test
    void detectsCharactersOutsideTheAlphabet() {
        assertThat(Gsm7.canEncode("Your appointment is at 10:30 (Dr. Smith) €5")).isTrue();
        assertThat(Gsm7.canEncode("ça va")).isFalse();
        assertThat(Gsm7.canEncode("Thanks 😊")).isFalse();
        assertThat(Gsm7.canEncode("‘curly’")).isFalse();
        assertThat(Gsm7.canEncode("`")).isFalse();
        assertThatThrownBy(() -> Gsm7.encode("ç")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownExtensionReadsAsSpace() {
        assertThat(Gsm7.decode(new byte[] {0x41, 0x1B, 0x01, 0x42})).isEqualTo("A B");
    }
}
