package com.bloomtext.files.internal;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The type is what the bytes prove, whatever the file is called. */
class ContentSnifferTest {

    static final byte[] PDF = "%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<<>>\nendobj\n".getBytes(StandardCharsets.ISO_8859_1);
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0};
    static final byte[] HEIC = {0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0};

    static Optional<String> sniff(byte[] bytes) {
        return ContentSniffer.sniff(bytes, bytes.length);
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void recognizesTheAttachmentTypesByTheirSignatures() {
        assertThat(sniff(PDF)).contains("application/pdf");
        assertThat(sniff(PNG)).contains("image/png");
        assertThat(sniff(JPEG)).contains("image/jpeg");
        assertThat(sniff(ascii("GIF89a\u0001\u0000\u0001\u0000"))).contains("image/gif");
        assertThat(sniff(ascii("GIF87a\u0001\u0000"))).contains("image/gif");
        assertThat(sniff(ascii("RIFF\u0024\u0000\u0000\u0000WEBPVP8 "))).contains("image/webp");
        assertThat(sniff(HEIC)).contains("image/heic");
    }

    @Test
    void anythingElseIsUnknown() {
        assertThat(sniff(ascii("<!DOCTYPE html><html><script>alert(1)</script>"))).isEmpty();
        assertThat(sniff(ascii("<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>"))).isEmpty();
        assertThat(sniff(ascii("PK\u0003\u0004 a zip or a docx"))).isEmpty();
        assertThat(sniff(ascii("RIFF\u0024\u0000\u0000\u0000WAVEfmt "))).as("a WAV is RIFF but not WEBP").isEmpty();
        assertThat(sniff(ascii("  %PDF-1.7"))).as("the signature must open the file").isEmpty();
        assertThat(sniff(ascii("%PD"))).isEmpty();
        assertThat(sniff(new byte[0])).isEmpty();
        assertThat(sniff(new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'})).as("an MP4").isEmpty();
    }
}
