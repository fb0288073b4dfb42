package com.bloomtext.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

class PageBytesTest {

    @Test
    void encodesEachPieceAsStringDoesIncludingSurrogatePairsAndLoneSurrogates() throws Exception {
        String[] pieces = {"<li class=\"row\">", "Zoë Ñúñez", "→ 😀 ok", "\uD83D", "x\uDE00y", "", "日本語のテキスト",
                "\uD83D\uDE00\uD83D", "plain ascii"};
        PageBytes page = new PageBytes(1);
        // Each piece on its own, as jte's Utf8ByteOutput encoded them: a lone surrogate at a piece's end is '?'.
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int round = 0; round < 50; round++) {
            for (String piece : pieces) {
                page.writeContent(piece);
                expected.writeBytes(piece.getBytes(StandardCharsets.UTF_8));
                page.writeContent(piece, Math.min(1, piece.length()), piece.length());
                expected.writeBytes(piece.substring(Math.min(1, piece.length())).getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] want = expected.toByteArray();
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        page.writeTo(written);
        assertThat(written.toByteArray()).isEqualTo(want);
        assertThat(page.length()).isEqualTo(want.length);
    }

    @Test
    void randomTextIsEncodedAsStringEncodesIt() throws Exception {
        Random random = new Random(11);
        PageBytes page = new PageBytes(16);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < 2_000; i++) {
            char[] chars = new char[random.nextInt(40)];
            for (int j = 0; j < chars.length; j++) {
                chars[j] = random.nextInt(4) == 0 ? (char) random.nextInt(0x10000) : (char) (' ' + random.nextInt(95));
            }
            String piece = new String(chars);
            page.writeContent(piece);
            expected.writeBytes(piece.getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        page.writeTo(written);
        assertThat(written.toByteArray()).isEqualTo(expected.toByteArray());
        assertThat(page.length()).isEqualTo(expected.size());
    }

    @Test
    void binaryPartsAreCopiedInOrder() {
        PageBytes page = new PageBytes(4);
        page.writeBinaryContent("<p>".getBytes(StandardCharsets.UTF_8));
        page.writeContent("Zoë");
        page.writeBinaryContent("</p>\n".getBytes(StandardCharsets.UTF_8));
        assertThat(page.toString()).isEqualTo("<p>Zoë</p>\n");
        assertThat(page.length()).isEqualTo(12);
    }
}
