package com.bloomtext.patients.csv;

import java.time.Instant;
import java.util.UUID;

/** An import as staff follow it. Before the run, the counts are the preview's; after, the run's. */
public record ImportRecord(UUID id, String fileName, Status status, int totalRows, int processedRows, int created,
        int updated, int refused, Instant createdAt) {

    public enum Status { PREVIEWED, RUNNING, CANCELLING, COMPLETED, CANCELLED, FAILED }

    public boolean finished() {
        return status == Status.COMPLETED || status == Status.CANCELLED || status == Status.FAILED;
    }

    public int percent() {
        return totalRows == 0 ? 100 : Math.min(100, processedRows * 100 / totalRows);
    }
}
