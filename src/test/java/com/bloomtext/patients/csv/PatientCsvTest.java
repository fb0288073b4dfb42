package com.bloomtext.patients.csv;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.bloomtext.patients.internal.PatientRules;
import com.bloomtext.patients.internal.PatientRulesFactory;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PatientCsvTest {

    static final PatientRules RULES = PatientRulesFactory.rules(
            Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC));

    static List<PatientCsv.Row> read(String csv) throws IOException {
        return read(csv.getBytes(StandardCharsets.UTF_8));
    }

    static List<PatientCsv.Row> read(byte[] csv) throws IOException {
        try (PatientCsv file = PatientCsv.open(new ByteArrayInputStream(csv), RULES)) {
            List<PatientCsv.Row> rows = new ArrayList<>();
            file.forEach(rows::add);
            return rows;
        }
    }

    @Test
    void headerAliasesAnyCaseMapToTheSchema() throws IOException {
        var rows = read("Mobile,Given_Name,FAMILY_NAME,birthdate,Medical_Record_Number,E-mail,Notes\n"
                + "(415) 555-0142,Jordan,Lee,1980-02-29,A-100,Jordan@Example.org,ignored\n");
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.valid()).isTrue();
            assertThat(row.number()).isEqualTo(2);
            assertThat(row.details().phone().value()).isEqualTo("+14155550142");
            assertThat(row.details().firstName()).isEqualTo("Jordan");
            assertThat(row.details().lastName()).isEqualTo("Lee");
            assertThat(row.details().dateOfBirth()).isEqualTo(LocalDate.of(1980, 2, 29));
            assertThat(row.details().mrn()).isEqualTo("A-100");
            assertThat(row.details().email()).isEqualTo("jordan@example.org");
        });
    }

    @Test
    void aByteOrderMarkAndBothDateFormatsAreRead() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "phone,dob\n415.555.0142,03/04/1975\n+1 415 555 0143,1975-03-04\n".getBytes(StandardCharsets.UTF_8);
        byte[] file = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, file, 0, bom.length);
        System.arraycopy(body, 0, file, bom.length, body.length);
        var rows = read(file);
        assertThat(rows).extracting(row -> row.details().dateOfBirth())
                .containsExactly(LocalDate.of(1975, 3, 4), LocalDate.of(1975, 3, 4));
    }

    @Test
    void quotedFieldsKeepTheirCommasAndLineBreaks() throws IOException {
        var rows = read("phone,last_name,first_name\n\"415-555-0142\",\"O'Neil, Jr.\",\"Mary\nAnn\"\n415-555-0143,Park,Lee\n");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).details().lastName()).isEqualTo("O'Neil, Jr.");
        assertThat(rows.get(0).details().firstName()).isEqualTo("Mary\nAnn");
        assertThat(rows.get(1).number()).as("a record spanning two lines is one row").isEqualTo(3);
    }

    @Test
    void everyProblemOfARowIsReportedWithItsColumnAndNeverItsValue() throws IOException {
        var rows = read("phone,email,dob,first_name\n12,not-an-email,2031-01-01,Ann\n,,,Bo\n");
        assertThat(rows.get(0).problems()).extracting(PatientCsv.RowProblem::column)
                .containsExactlyInAnyOrder("phone", "email", "dob");
        assertThat(rows.get(0).problems()).allSatisfy(problem -> {
            assertThat(problem.row()).isEqualTo(2);
            assertThat(problem.reason()).doesNotContain("not-an-email", "2031", "12,");
        });
        assertThat(rows.get(1).problems()).singleElement().satisfies(problem -> {
            assertThat(problem.row()).isEqualTo(3);
            assertThat(problem.reason()).isEqualTo("A patient needs a phone number or an email.");
        });
    }

    @Test
    void aQuoteThatNeverClosesEndsTheFileWithARefusedRow() throws IOException {
        var rows = read("phone,last_name\n415-555-0142,Lee\n415-555-0143,\"Park\n415-555-0144,Kim\n");
        assertThat(rows.getFirst().valid()).isTrue();
        assertThat(rows.getLast().valid()).isFalse();
        assertThat(rows.getLast().problems().getFirst().column()).isEqualTo("file");
    }

    @Test
    void filesThatAreNotPatientCsvAreRefusedAsAWhole() {
        assertThatThrownBy(() -> read(new byte[] {'P', 'K', 3, 4, 0, 0, 1})).isInstanceOf(CsvFileProblem.class)
                .hasMessageContaining("isn't a CSV file");
        assertThatThrownBy(() -> read("")).isInstanceOf(CsvFileProblem.class).hasMessageContaining("empty");
        // A header the parser cannot read was an IOException past open(): the upload answered 500.
        assertThatThrownBy(() -> read("\"")).isInstanceOf(CsvFileProblem.class).hasMessageContaining("column names");
        assertThatThrownBy(() -> read("\"phone,email\nAnn,3\n")).isInstanceOf(CsvFileProblem.class)
                .hasMessageContaining("column names");
        assertThatThrownBy(() -> read(new byte[] {'p', 'h', 'o', 'n', 'e', (byte) 0xC3, '\n'}))
                .isInstanceOf(CsvFileProblem.class).hasMessageContaining("column names");
        assertThatThrownBy(() -> read("name,age\nAnn,3\n")).isInstanceOf(CsvFileProblem.class)
                .hasMessageContaining("No column holds a phone number or an email");
        assertThatThrownBy(() -> read("phone,mobile\n1,2\n")).isInstanceOf(CsvFileProblem.class)
                .hasMessageContaining("are both read as Phone");
    }

    @Property(tries = 300)
    void noInputMakesTheReaderThrowAndEveryRowIsAccountedFor(@ForAll("csvBodies") String body) throws IOException {
        if (body.indexOf('\u0000') >= 0) {
            assertThatThrownBy(() -> read("phone,email\n" + body)).isInstanceOf(CsvFileProblem.class);
            return;
        }
        List<PatientCsv.Row> rows = read("phone,first_name,last_name,dob,mrn,email\n" + body);
        for (PatientCsv.Row row : rows) {
            assertThat(row.valid() || row.blank() || !row.problems().isEmpty()).isTrue();
            row.problems().forEach(problem -> assertThat(problem.row()).isEqualTo(row.number()));
        }
    }

    @Property(tries = 200)
    void everyBadRowIsReportedAtItsRowNumber(@ForAll @Size(min = 1, max = 40) List<Boolean> good)
            throws IOException {
        StringBuilder csv = new StringBuilder("phone,last_name\n");
        for (int i = 0; i < good.size(); i++) {
            csv.append(good.get(i) ? "415-555-0" + (100 + i) : "555-" + i).append(",Name").append(i).append('\n');
        }
        List<PatientCsv.Row> rows = read(csv.toString());
        assertThat(rows).hasSize(good.size());
        for (int i = 0; i < good.size(); i++) {
            assertThat(rows.get(i).number()).isEqualTo(i + 2);
            assertThat(rows.get(i).valid()).isEqualTo(good.get(i));
            if (!good.get(i)) {
                assertThat(rows.get(i).problems()).extracting(PatientCsv.RowProblem::column).containsExactly("phone");
            }
        }
    }

    @Provide
    Arbitrary<String> csvBodies() {
        return Arbitraries.strings().withChars("abc,\"\n\r 0123456789-+/@.éß\u0000").ofMaxLength(300);
    }
}
