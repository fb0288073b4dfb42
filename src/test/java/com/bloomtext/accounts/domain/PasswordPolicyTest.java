package com.bloomtext.accounts.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordPolicyTest {

    final PasswordPolicy policy = new PasswordPolicy();

    @ParameterizedTest
    @ValueSource(strings = {"", "short", "elevenchars"})
    void passwordsUnderTwelveCharactersAreRefused(String password) {
        assertThat(policy.problemWith(password, "dana@example.org")).contains(PasswordPolicy.TOO_SHORT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"password1234", "Password1234!", "P@ssw0rd2026!", "iloveyou1234", "123456789012",
            "qwertyuiop12", "!!Welcome2026", "sunshine12345", "1234567890123"})
    void commonPasswordsAreRefusedHoweverTheyAreDecorated(String password) {
        assertThat(policy.problemWith(password, "dana@example.org")).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"aaaaaaaaaaaa", "abcabcabcabc", "qwertyuiopas", "asdfghjklzxc", "abcdefghijklm"})
    void keyboardRunsAndRepeatsAreRefused(String password) {
        assertThat(policy.problemWith(password, "dana@example.org")).contains(PasswordPolicy.TOO_PREDICTABLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"violet-harbor-lantern-42", "correct horse battery staple", "Tr4vel-by-tr4in!"})
    void uncommonPhrasesAreAccepted(String password) {
        assertThat(policy.problemWith(password, "dana@example.org")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dana.whitfield2026", "DANA.WHITFIELD!!!"})
    void theEmailAddressIsNotAPassword(String password) {
        assertThat(policy.problemWith(password, "dana.whitfield@example.org")).contains(PasswordPolicy.CONTAINS_EMAIL);
    }

    @ParameterizedTest
    @ValueSource(ints = {129, 500})
    void overlongPasswordsAreRefused(int length) {
        assertThat(policy.problemWith("x1-".repeat(length), "dana@example.org")).contains(PasswordPolicy.TOO_LONG);
    }
}
