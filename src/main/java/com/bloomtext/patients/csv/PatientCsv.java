package com.bloomtext.patients.csv;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import com.bloomtext.patients.internal.PatientDetails;
import com.bloomtext.patients.internal.PatientRules;

import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a patients CSV one row at a time (never the whole file): UTF-8 with or without a BOM, a header
 * row whose names map to {@link Column}s by alias, quoted fields with commas and line breaks. Each row
 * comes out valid, as {@link PatientDetails}, or refused with every problem found (row number, column,
 * reason). Nothing it reads makes it throw past {@link #open}: a malformed file ends with a refused row.
 */
public final class PatientCsv implements Closeable, Iterable<PatientCsv.Row> {

    /** The header is row 1, so the first patient is row 2, as a spreadsheet numbers them. */
    static final int FIRST_DATA_ROW = 2;

    private final CSVParser parser;
    private final Map<String, Column> mapping;
    private final PatientRules rules;

    private PatientCsv(CSVParser parser, Map<String, Column> mapping, PatientRules rules) {
        this.parser = parser;
        this.mapping = mapping;
        this.rules = rules;
    }

    /**
     * @throws CsvFileProblem when the file is not a CSV this import can read
     */
    public static PatientCsv open(InputStream input, PatientRules rules) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(input);
        skipByteOrderMark(buffered);
        refuseBinary(buffered);
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CSVParser parser;
        try {
            parser = CSVFormat.RFC4180.builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .setIgnoreEmptyLines(true)
                    .setAllowMissingColumnNames(true)
                    .setDuplicateHeaderMode(org.apache.commons.csv.DuplicateHeaderMode.ALLOW_ALL)
                    .setTrim(true)
                    .get()
                    .parse(new InputStreamReader(buffered, decoder));
        } catch (CSVException | CharacterCodingException | UncheckedIOException | IllegalArgumentException
                | IllegalStateException e) {
            // A header the parser cannot read (a quote that never closes, bytes that are not UTF-8) is the
            // file's problem, not an outage.
            throw new CsvFileProblem("The first row could not be read as column names. Save the file as CSV "
                    + "with a header row (phone, first_name, last_name, dob, mrn, email).");
        }
        List<String> headers = parser.getHeaderNames();
        if (headers.isEmpty()) {
            parser.close();
            throw new CsvFileProblem("The file is empty. The first row must name the columns.");
        }
        Map<String, Column> mapping = new LinkedHashMap<>();
        Map<Column, String> seen = new EnumMap<>(Column.class);
        for (String header : headers) {
            Column column = Column.named(header).orElse(null);
            if (column != null && seen.containsKey(column)) {
                parser.close();
                throw new CsvFileProblem("Two columns, \"" + seen.get(column) + "\" and \"" + header
                        + "\", are both read as " + column.label() + ". Keep one.");
            }
            if (column != null) {
                seen.put(column, header);
            }
            mapping.put(header, column);
        }
        if (!seen.containsKey(Column.PHONE) && !seen.containsKey(Column.EMAIL)) {
            parser.close();
            throw new CsvFileProblem("No column holds a phone number or an email. Name one \"phone\" or \"email\" "
                    + "in the first row.");
        }
        return new PatientCsv(parser, mapping, rules);
    }

    /** Each header of the file and the column it is read as (null: ignored). */
    public Map<String, Column> mapping() {
        return mapping;
    }

    @Override
    public Iterator<Row> iterator() {
        Iterator<CSVRecord> records = parser.iterator();
        return new Iterator<>() {
            private RuntimeException failure;
            private boolean broken;

            @Override
            public boolean hasNext() {
                if (broken) {
                    return false;
                }
                if (failure != null) {
                    return true;
                }
                try {
                    return records.hasNext();
                } catch (UncheckedIOException | IllegalStateException e) {
                    failure = e;
                    return true;
                }
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                long row = parser.getRecordNumber() + FIRST_DATA_ROW;
                if (failure == null) {
                    try {
                        return read(records.next());
                    } catch (UncheckedIOException | IllegalStateException e) {
                        failure = e;
                    }
                }
                broken = true;
                String reason = failure.getCause() instanceof CharacterCodingException
                        ? "The file is not UTF-8 text from here on. Save it as CSV UTF-8 and import it again."
                        : "The file can't be read from here on (a quote that never closes?). Rows after it were not read.";
                return Row.refused(row, Map.of(), List.of(new RowProblem(row, "file", reason)));
            }
        };
    }

    private Row read(CSVRecord record) {
        long row = record.getRecordNumber() + FIRST_DATA_ROW - 1;
        Map<Column, String> cells = new EnumMap<>(Column.class);
        int index = 0;
        for (Map.Entry<String, Column> header : mapping.entrySet()) {
            if (header.getValue() != null && index < record.size()) {
                cells.put(header.getValue(), record.get(index));
            }
            index++;
        }
        if (cells.values().stream().allMatch(value -> value == null || value.isBlank())) {
            return Row.blank(row);
        }
        List<RowProblem> problems = new ArrayList<>();
        var first = field(row, Column.FIRST_NAME, cells, rules::name, problems);
        var last = field(row, Column.LAST_NAME, cells, rules::name, problems);
        var phone = field(row, Column.PHONE, cells, rules::phone, problems);
        var email = field(row, Column.EMAIL, cells, rules::email, problems);
        var dob = field(row, Column.DOB, cells, rules::dateOfBirth, problems);
        var mrn = field(row, Column.MRN, cells, rules::mrn, problems);
        boolean phoneOrEmailGiven = !blank(cells.get(Column.PHONE)) || !blank(cells.get(Column.EMAIL));
        if (!phoneOrEmailGiven) {
            problems.add(new RowProblem(row, Column.PHONE.key(), "A patient needs a phone number or an email."));
        }
        if (!problems.isEmpty()) {
            return Row.refused(row, cells, problems);
        }
        return Row.valid(row, cells, new PatientDetails(first, last, phone, email, dob, mrn));
    }

    private static <T> T field(long row, Column column, Map<Column, String> cells,
            java.util.function.Function<String, T> reader, List<RowProblem> problems) {
        try {
            return reader.apply(cells.get(column));
        } catch (PatientRules.FieldProblem e) {
            problems.add(new RowProblem(row, column.key(), e.getMessage()));
            return null;
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static void skipByteOrderMark(BufferedInputStream in) throws IOException {
        in.mark(3);
        byte[] head = in.readNBytes(3);
        if (!(head.length == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF)) {
            in.reset();
        }
    }

    private static void refuseBinary(BufferedInputStream in) throws IOException {
        in.mark(4096);
        byte[] head = in.readNBytes(4096);
        in.reset();
        for (byte b : head) {
            if (b == 0) {
                throw new CsvFileProblem("This file isn't a CSV file. Save it from your spreadsheet as CSV "
                        + "(comma-separated) and try again.");
            }
        }
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    /** A problem with one cell (or the row as a whole), where and why, never the value. */
    public record RowProblem(long row, String column, String reason) {
    }

    /** A data row as typed ({@code cells}): valid details, refused with its problems, or blank (skipped). */
    public record Row(long number, Map<Column, String> cells, PatientDetails details, List<RowProblem> problems,
            boolean blank) {

        static Row valid(long number, Map<Column, String> cells, PatientDetails details) {
            return new Row(number, cells, details, List.of(), false);
        }

        static Row refused(long number, Map<Column, String> cells, List<RowProblem> problems) {
            return new Row(number, cells, null, List.copyOf(problems), false);
        }

        static Row blank(long number) {
            return new Row(number, Map.of(), null, List.of(), true);
        }

        public boolean valid() {
            return details != null;
        }
    }
}
