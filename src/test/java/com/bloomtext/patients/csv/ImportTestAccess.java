package com.bloomtext.patients.csv;

/** Lets tests play the application restart that marks interrupted runs. */
public final class ImportTestAccess {

    private ImportTestAccess() {
    }

    public static void markInterruptedRuns(PatientImports imports) {
        imports.markInterruptedRuns();
    }
}
