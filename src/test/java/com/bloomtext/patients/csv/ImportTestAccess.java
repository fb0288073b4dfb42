package com.bloomtext.patients.csv;

/** Lets tests play the housekeeping the application does on its own (restart, hourly clean-up). */
public final class ImportTestAccess {

    private ImportTestAccess() {
    }

    public static void markInterruptedRuns(PatientImports imports) {
        imports.markInterruptedRuns();
    }

    public static void dropAbandonedUploads(PatientImports imports) {
        imports.dropAbandonedUploads();
    }
}
