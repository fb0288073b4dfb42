package com.bloomtext.patients.web;

import java.util.List;
import java.util.Map;

import com.bloomtext.patients.PatientSummary;
import com.bloomtext.patients.csv.Column;
import com.bloomtext.patients.csv.ImportRecord;
import com.bloomtext.patients.csv.PatientCsv;
import com.bloomtext.ui.FormErrors;

/** One record per patients template. */
public final class PatientPages {

    private PatientPages() {
    }

    public record ListPage(String query, List<PatientSummary> patients, int page, int pages, int total, int from,
            int to) {

        public boolean hasPrevious() {
            return page > 1;
        }

        public boolean hasNext() {
            return page < pages;
        }
    }

    /**
     * @param duplicateOf the patient who already has the MRN, linked from the error, or null
     */
    public record FormPage(String action, String title, PatientForm form, FormErrors errors, PatientSummary duplicateOf) {
    }

    public record PatientPage(PatientSummary patient) {
    }

    public record UploadPage(String problem, String maxSize) {
    }

    public record ImportPage(ImportRecord record, Map<String, Column> mapping, List<Map<Column, String>> firstRows,
            List<PatientCsv.RowProblem> problems, List<Column> columns) {
    }
}
