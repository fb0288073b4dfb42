package com.bloomtext.accounts.domain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * What a staff password must be: at least 12 characters, and not a common password, however decorated
 * ("Password1234!", "P@ssw0rd2026"), nor a keyboard run or a repeated pattern, nor the user's own email.
 */
@Component
public class PasswordPolicy {

    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 128;

    static final String TOO_SHORT = "Use at least " + MIN_LENGTH + " characters.";
    static final String TOO_LONG = "Use at most " + MAX_LENGTH + " characters.";
    static final String TOO_COMMON =
            "This password is on a list of common passwords. Choose a phrase that others wouldn't guess.";
    static final String TOO_PREDICTABLE =
            "This password is a keyboard run or a repeated pattern. Choose a phrase that others wouldn't guess.";
    static final String CONTAINS_EMAIL = "Don't use your email address in your password.";

    private static final String[] RUNS = {
            "12345678901234567890", "09876543210987654321", "qwertyuiopasdfghjklzxcvbnm",
            "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz", "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
            "qazwsxedcrfvtgbyhnujmikolp"};

    private final Set<String> common;

    PasswordPolicy() {
        this.common = load("accounts/common-passwords.txt");
    }

    /** The reason this password is refused, or empty when it is acceptable. */
    public Optional<String> problemWith(String password, String email) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            return Optional.of(TOO_SHORT);
        }
        if (password.length() > MAX_LENGTH) {
            return Optional.of(TOO_LONG);
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (common.contains(lower) || common.contains(core(lower)) || common.contains(core(unLeet(lower)))) {
            return Optional.of(TOO_COMMON);
        }
        if (keyboardRun(lower) || repeatedPattern(lower)) {
            return Optional.of(TOO_PREDICTABLE);
        }
        String localPart = email == null ? "" : email.toLowerCase(Locale.ROOT).split("@")[0];
        if (localPart.length() >= 4 && lower.contains(localPart)) {
            return Optional.of(CONTAINS_EMAIL);
        }
        return Optional.empty();
    }

    /** The word inside the decoration: "!!password2026!" is "password". */
    private static String core(String password) {
        return password.replaceAll("^[^\\p{L}]+", "").replaceAll("[^\\p{L}]+$", "");
    }

    private static String unLeet(String password) {
        StringBuilder plain = new StringBuilder(password.length());
        for (char c : password.toCharArray()) {
            plain.append(switch (c) {
                case '@', '4' -> 'a';
                case '3' -> 'e';
                case '1', '!' -> 'i';
                case '0' -> 'o';
                case '$', '5' -> 's';
                case '7' -> 't';
                default -> c;
            });
        }
        // Decoration at the ends stays decoration: keep the original ends, translate only the middle.
        int start = 0;
        while (start < password.length() && !Character.isLetter(password.charAt(start))) {
            start++;
        }
        int end = password.length();
        while (end > start && !Character.isLetter(password.charAt(end - 1))) {
            end--;
        }
        return password.substring(0, start) + plain.substring(start, end) + password.substring(end);
    }

    private static boolean keyboardRun(String password) {
        String compact = password.replaceAll("[^\\p{Alnum}]", "");
        for (String run : RUNS) {
            if (compact.length() >= 8 && (run.contains(compact)
                    || new StringBuilder(run).reverse().toString().contains(compact))) {
                return true;
            }
        }
        return false;
    }

    /** "aaaaaaaaaaaa", "abcabcabcabc", "12121212121212": a short unit said again and again. */
    private static boolean repeatedPattern(String password) {
        for (int unit = 1; unit <= 4; unit++) {
            if (password.length() % unit == 0 && password.substring(0, unit).repeat(password.length() / unit).equals(password)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> load(String resource) {
        Set<String> words = new HashSet<>();
        try (var reader = new BufferedReader(new InputStreamReader(
                new ClassPathResource(resource).getInputStream(), StandardCharsets.UTF_8))) {
            reader.lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .forEach(line -> words.add(line.toLowerCase(Locale.ROOT)));
        } catch (IOException e) {
            throw new UncheckedIOException("The common-password list is missing from the build", e);
        }
        return words;
    }
}
