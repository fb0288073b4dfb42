package com.bloomtext.bench;

import com.bloomtext.patients.PatientImportBenchmark;
import com.bloomtext.patients.csv.ImportEngine;
import com.bloomtext.patients.internal.PatientRules;

/** Scenario 4: the CSV import benchmark of the patients module (its own measurement), reported here. */
final class ImportScenario {

    private final BloomTextBenchmarks bench;

    ImportScenario(BloomTextBenchmarks bench) {
        this.bench = bench;
    }

    void run() throws Exception {
        int rows = bench.small ? 10_000 : PatientImportBenchmark.ROWS;
        var context = bench.context;
        PatientImportBenchmark.Result result = PatientImportBenchmark.measure(context.getBean(ImportEngine.class),
                context.getBean(PatientRules.class), bench.transaction, bench.dataSource,
                name -> bench.organization(name).id(), rows, false);
        double ratio = result.importRate() / result.copyRate();
        Report report = bench.report;
        report.section(BloomTextBenchmarks.f("4. CSV import: %,d rows, 10%% bad", rows));
        report.line("The import engine (parse, validate, match, batched writes, one transaction): %,d created, %,d refused "
                + "in %.1f s = **%,.0f rows/s**. PostgreSQL COPY of the %,d good rows: %.2f s = **%,.0f rows/s**. "
                + "(Measured by `PatientImportBenchmark.measure`.)", result.created(), result.refused(),
                result.importSeconds(), result.importRate(), result.copiedRows(), result.copySeconds(), result.copyRate());
        report.row(BloomTextBenchmarks.f("4. CSV import, %,d rows, 10%% bad", rows), "rows/s",
                BloomTextBenchmarks.f("%,.0f", result.importRate()), BloomTextBenchmarks.f("%,.0f (COPY)", result.copyRate()),
                Report.pct(ratio), ">= 40%", ratio >= 0.4);
    }
}
