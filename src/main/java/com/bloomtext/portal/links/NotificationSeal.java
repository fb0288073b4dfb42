package com.bloomtext.portal.links;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import com.bloomtext.shared.crypto.SealedBox;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Seals a queued link notification's text (it holds the link's token) for the short while it waits for
 * the carrier or mail server. The key is {@code bloomtext.portal.notification-key} (Base64 of 32 bytes),
 * or one generated into {@code bloomtext.portal.notification-key-file}.
 */
@Component
class NotificationSeal {

    private final SealedBox box;

    NotificationSeal(@Value("${bloomtext.portal.notification-key:}") String configuredKey,
            @Value("${bloomtext.portal.notification-key-file:./data/portal-notification.key}") String keyFile) {
        this.box = new SealedBox(configuredKey, Path.of(keyFile), "bloomtext.portal.notification-key");
    }

    byte[] seal(String text) {
        return box.seal(text.getBytes(StandardCharsets.UTF_8));
    }

    String open(byte[] sealed) {
        return new String(box.open(sealed), StandardCharsets.UTF_8);
    }
}
