package com.bloomtext.accounts.security;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The firewall's predicates accept exactly what Spring Security's default regular expressions accept. */
class StrictFirewallTest {

    /** Spring Security 7's StrictHttpFirewall defaults, as written there. */
    static final Pattern NAMES = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
    static final Pattern HEADER_VALUES = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    @Test
    void everyCodePointAloneAndInTextIsJudgedAsTheDefaultJudgesIt() {
        List<String> samples = new ArrayList<>();
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            String alone = new String(Character.toChars(codePoint));
            samples.add(alone);
            if (codePoint % 97 == 0 || codePoint < 0x300) {
                samples.add("text/html; q=0.9" + alone + "BLOOMTEXT_SESSION=abc");
            }
        }
        samples.addAll(List.of("", "Accept", "a\tb", "\t", "a\u0000b", "a\u007fb", "\uD83D\uDE00", "x\uD83Dy", "\uDE00",
                "caf\u00e9", "\u0085", "\u200b", "\uFFFF", "\uFEFF"));
        for (String sample : samples) {
            assertThat(StrictFirewall.NAMES.test(sample)).as("name %s", sample.codePoints().boxed().toList())
                    .isEqualTo(NAMES.matcher(sample).matches());
            assertThat(StrictFirewall.HEADER_VALUES.test(sample)).as("value %s", sample.codePoints().boxed().toList())
                    .isEqualTo(HEADER_VALUES.matcher(sample).matches());
        }
    }
}
