package com.bloomtext.carrier.smpp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SmsPartsTest {

    @Test
    void gsm160CharactersIsOnePartWithoutHeader() {
        SmsParts parts = SmsParts.of("a".repeat(160), 7);
        assertThat(parts.dataCoding()).isEqualTo(SmsParts.GSM7);
        assertThat(parts.udhi()).isFalse();
        assertThat(parts.shortMessages()).singleElement().satisfies(m -> assertThat(m).hasSize(160));
    }

    @Test
    void gsm161CharactersIsTwoPartsWithHeader() {
        SmsParts parts = SmsParts.of("a".repeat(161), 7);
        assertThat(parts.udhi()).isTrue();
        assertThat(parts.count()).isEqualTo(2);
        assertThat(parts.shortMessages().get(0)).hasSize(6 + 153);
        assertThat(parts.shortMessages().get(1)).hasSize(6 + 8);
        assertHeaders(parts, 7);
        assertThat(gsmText(parts)).isEqualTo("a".repeat(161));
    }

    @Test
    void extensionCharactersCountAsTwoSeptets() {
        assertThat(SmsParts.of("€".repeat(80), 1).count()).isEqualTo(1);
        SmsParts parts = SmsParts.of("[".repeat(81), 1);
        assertThat(parts.count()).isEqualTo(2);
        parts.shortMessages().forEach(m -> assertThat(m.length - 6).isLessThanOrEqualTo(153));
        // an escape sequence is never cut: 76 brackets (152 septets) in the first part
        assertThat(parts.shortMessages().get(0)).hasSize(6 + 152);
        assertThat(gsmText(parts)).isEqualTo("[".repeat(81));
        String mixed = "a" + "€".repeat(100);
        assertThat(gsmText(SmsParts.of(mixed, 1))).isEqualTo(mixed);
    }

    @Test
    void ucs2Boundaries() {
        assertThat(SmsParts.of("ç".repeat(70), 1)).satisfies(p -> {
            assertThat(p.dataCoding()).isEqualTo(SmsParts.UCS2);
            assertThat(p.udhi()).isFalse();
            assertThat(p.shortMessages()).singleElement().satisfies(m -> assertThat(m).hasSize(140));
        });
        assertThat(SmsParts.of("ç".repeat(71), 1)).satisfies(p -> {
            assertThat(p.udhi()).isTrue();
            assertThat(p.count()).isEqualTo(2);
            assertThat(p.shortMessages().get(0)).hasSize(6 + 134);
        });
        assertThat(SmsParts.of("ç".repeat(134), 1).count()).isEqualTo(2);
        SmsParts three = SmsParts.of("ç".repeat(135), 200);
        assertThat(three.count()).isEqualTo(3);
        assertHeaders(three, 200);
        assertThat(ucsText(three)).isEqualTo("ç".repeat(135));
    }

    @Test
    void surrogatePairsAreNotCut() {
        String text = "ab" + "😊".repeat(40); // 82 UTF-16 units; unit 67 would be a high surrogate
        SmsParts parts = SmsParts.of(text, 3);
        assertThat(parts.shortMessages().get(0)).hasSize(6 + 66 * 2);
        assertThat(ucsText(parts)).isEqualTo(text);
    }

    @Test
    void headerBytes() {
        SmsParts parts = SmsParts.of("x".repeat(400), 0x1AB);
        assertThat(parts.count()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(Arrays.copyOf(parts.shortMessages().get(i), 6))
                    .containsExactly(0x05, 0x00, 0x03, 0xAB, 3, i + 1);
        }
    }

    private static void assertHeaders(SmsParts parts, int reference) {
        for (int i = 0; i < parts.count(); i++) {
            byte[] m = parts.shortMessages().get(i);
            assertThat(m[0]).isEqualTo((byte) 5);
            assertThat(m[1]).isEqualTo((byte) 0);
            assertThat(m[2]).isEqualTo((byte) 3);
            assertThat(m[3]).isEqualTo((byte) reference);
            assertThat(m[4]).isEqualTo((byte) parts.count());
            assertThat(m[5]).isEqualTo((byte) (i + 1));
        }
    }

    private static String gsmText(SmsParts parts) {
        StringBuilder text = new StringBuilder();
        for (byte[] m : parts.shortMessages()) {
            int offset = parts.udhi() ? 6 : 0;
            text.append(Gsm7.decode(m, offset, m.length - offset));
        }
        return text.toString();
    }

    private static String ucsText(SmsParts parts) {
        StringBuilder text = new StringBuilder();
        for (byte[] m : parts.shortMessages()) {
            int offset = parts.udhi() ? 6 : 0;
            text.append(new String(m, offset, m.length - offset, StandardCharsets.UTF_16BE));
        }
        return text.toString();
    }
}
