package com.bloomtext.shared;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailuresTest {

    @Test
    void namesTheTypesAndSqlStateButNeverTheMessages() {
        var failure = new IllegalStateException("wrapping Jordan Lee",
                new SQLException("Key (organization_id, mrn)=(x, MRN-7) already exists", "23505"));
        assertThat(Failures.describe(failure))
                .isEqualTo("IllegalStateException <- SQLException (SQL state 23505)")
                .doesNotContain("MRN-7", "Jordan");
    }
}
