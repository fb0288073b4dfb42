package com.bloomtext.security.input;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Tuple;

/**
 * What a hostile or careless client types into a field: nothing, blanks, control characters and NUL,
 * any unicode (lone surrogates, right-to-left marks, emoji), values far too long, numbers and dates of the
 * wrong shape, SQL and HTML meta-characters. Drawn from jqwik's arbitraries with a seeded {@link Random},
 * so a failure names the seed that reproduces it.
 */
final class HostileInput {

    /** SQL meta-characters, as the search fields must match them literally. */
    static final String[] SQL_META = {"%", "_", "\\", "'", "\"", ";", "--", "/*", "*/", "%_%", "\\%", "'%'", "a%b", "x_y",
            "' or '1'='1", "'; drop table patient; --", "\" or 1=1 --", "\u0000", "%\u0000_", "Zoë 😀", "ℌ\u202Eevil"};

    private static final Arbitrary<String> VALUE = Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.of("", " ", "\u0000", "a\u0000b", "\t\r\n", "null", "undefined", "-1", "0", "2147483648",
                    "-9223372036854775809", "99999999999999999999", "1e309", "NaN", "[]", "{}", "%00", "%25", "../../etc/passwd",
                    "<script>alert(1)</script>", "javascript:alert(1)", "\uD83D\uDE00", "\uD800", "\u202E", "\uFEFF",
                    "0000-00-00", "2026-02-30", "9999-12-31", "-0001-01-01", "12/31/1999", "+", "+1", "+1415555", "not-a-uuid",
                    "00000000-0000-0000-0000-000000000000", "ADMIN ", "sms", "SECURE_CHAT\u0000", "@", "a@", "@b.c",
                    "a@b", "x@" + "y".repeat(300) + ".org")),
            Tuple.of(2, Arbitraries.of(SQL_META)),
            Tuple.of(4, Arbitraries.strings().all().ofMaxLength(40)),
            Tuple.of(1, Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMinLength(1).ofMaxLength(20)),
            Tuple.of(1, Arbitraries.strings().withChars("aZ9 é😀<>'\"%_\\;\u0000").ofMinLength(200).ofMaxLength(70_000)));

    private static final Arbitrary<String> NAME = Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12)),
            Tuple.of(1, Arbitraries.strings().all().ofMaxLength(20)));

    private final Random random;
    private final RandomGenerator<String> values = VALUE.generator(1000);
    private final RandomGenerator<String> names = NAME.generator(100);

    HostileInput(long seed) {
        this.random = new Random(seed);
    }

    String value() {
        return values.next(random).value();
    }

    /** A field name the form does not have. */
    String unknownName() {
        return names.next(random).value();
    }

    /** A path segment where an id belongs: hostile, percent-encoded as a browser's address bar would. */
    String pathSegment() {
        String value = value();
        if (value.length() > 2000) {
            value = value.substring(0, 2000);
        }
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    <T> T oneOf(java.util.List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
