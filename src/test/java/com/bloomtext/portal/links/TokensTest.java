package com.bloomtext.portal.links;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokensTest {

    @Test
    void linkTokensCarry256RandomBitsInUrlSafeCharacters() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            String token = Tokens.random256();
            assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]{43}");
            assertThat(Base64.getUrlDecoder().decode(token)).hasSize(32);
            assertThat(Tokens.wellFormed(token)).isTrue();
            seen.add(token);
        }
        assertThat(seen).as("no token twice").hasSize(20_000);
    }

    @Test
    void everyCharacterOfTheAlphabetTurnsUp() {
        Set<Character> used = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            Tokens.random256().chars().forEach(c -> used.add((char) c));
        }
        assertThat(used).as("all 64 base64url characters").hasSize(64);
    }

    @Test
    void onlyTheHashIsKeptAndItIsSha256() {
        String token = Tokens.random256();
        assertThat(Tokens.sha256(token)).hasSize(64).matches("[0-9a-f]{64}").doesNotContain(token)
                .isEqualTo(Tokens.sha256(token)).isNotEqualTo(Tokens.sha256(Tokens.random256()));
        assertThat(Tokens.sha256("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void codesAreSixDigits() {
        for (int i = 0; i < 1_000; i++) {
            assertThat(Tokens.sixDigitCode()).matches("\\d{6}");
        }
    }

    @Test
    void malformedTokensAreNotLookedUp() {
        assertThat(Tokens.wellFormed(null)).isFalse();
        assertThat(Tokens.wellFormed("short")).isFalse();
        assertThat(Tokens.wellFormed("a".repeat(42) + "/")).isFalse();
    }
}
