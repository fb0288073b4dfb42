package com.bloomtext.messaging.rules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

class PhiCheckTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 27);

    static Stream<String> truePositives() throws IOException {
        return fixture("phi-true-positives.txt");
    }

    static Stream<String> trueNegatives() throws IOException {
        return fixture("phi-true-negatives.txt");
    }

    @ParameterizedTest
    @MethodSource("truePositives")
    void bodiesWithPhiAreFlagged(String body) {
        assertThat(PhiCheck.findings(body, TODAY)).as(body).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("trueNegatives")
    void plainNoticesAreNotFlagged(String body) {
        assertThat(PhiCheck.findings(body, TODAY)).as(body).isEmpty();
    }

    @Test
    void theExplanationNamesTheKindsAndNeverQuotesTheBody() {
        List<PhiCheck.Finding> findings = PhiCheck.findings("Glucose 180 mg/dL, start metformin 500 mg", TODAY);
        assertThat(findings).containsExactly(PhiCheck.Finding.LAB_VALUE, PhiCheck.Finding.MEDICATION);
        assertThat(PhiCheck.explain(findings))
                .isEqualTo("This text seems to contain a lab result or value and a medication or dose. "
                        + "SMS must not carry PHI: send it as Secure Chat.")
                .doesNotContain("180", "metformin");
        assertThat(PhiCheck.explain(List.of())).isNull();
    }

    private static Stream<String> fixture(String name) throws IOException {
        try (InputStream in = PhiCheckTest.class.getResourceAsStream("/messaging/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .toList().stream();
        }
    }
}
