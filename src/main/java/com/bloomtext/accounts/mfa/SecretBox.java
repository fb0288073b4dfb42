package com.bloomtext.accounts.mfa;

import java.nio.file.Path;

import com.bloomtext.shared.crypto.SealedBox;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Encrypts TOTP secrets at rest with AES-256-GCM, so that a copy of the database alone yields no working
 * authenticator. The key comes from {@code bloomtext.security.mfa.encryption-key} (Base64 of 32 bytes);
 * without one, BloomText keeps a generated key in {@code bloomtext.security.mfa.key-file}.
 */
@Component
class SecretBox {

    private final SealedBox box;

    SecretBox(@Value("${bloomtext.security.mfa.encryption-key:}") String configuredKey,
            @Value("${bloomtext.security.mfa.key-file:./data/mfa-secret.key}") String keyFile) {
        this.box = new SealedBox(configuredKey, Path.of(keyFile), "bloomtext.security.mfa.encryption-key");
    }

    byte[] seal(byte[] plain) {
        return box.seal(plain);
    }

    byte[] open(byte[] sealed) {
        return box.open(sealed);
    }
}
