package com.bloomtext.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The Markdown report: one summary table (figure, ceiling, ratio, goal), then each scenario's details. */
final class Report {

    private final List<String> rows = new ArrayList<>();
    private final StringBuilder details = new StringBuilder();

    /** A row of the summary table. */
    void row(String scenario, String measure, String figure, String ceiling, String ratio, String goal, Boolean met) {
        rows.add("| " + String.join(" | ", scenario, measure, figure, ceiling, ratio, goal,
                met == null ? "—" : met ? "yes" : "**no**") + " |");
    }

    void section(String title) {
        details.append("\n## ").append(title).append("\n\n");
    }

    void line(String format, Object... args) {
        details.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    void code(String language, String text) {
        details.append("\n```").append(language).append('\n').append(text.strip()).append("\n```\n\n");
    }

    static String pct(double ratio) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * ratio);
    }

    static String num(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    Path write(Path directory, String size, String machine, double minutes) throws IOException {
        LocalDateTime now = LocalDateTime.now();
        Path file = directory.resolve("results").resolve(now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm"))
                + (size.equals("full") ? "" : "-" + size) + ".md");
        Files.createDirectories(file.getParent());
        StringBuilder out = new StringBuilder();
        out.append("# BloomText benchmark, ").append(now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")))
                .append("\n\n");
        out.append(String.format(Locale.ROOT, "Size: **%s**. Machine: %s. The whole run took %.1f minutes.%n%n", size,
                machine, minutes));
        out.append("Every figure is next to a ceiling measured in the same run on the same machine; the ratio is what "
                + "to compare between runs (absolute numbers move with whatever else the machine is doing).\n\n");
        out.append("| scenario | measure | BloomText | ceiling | ratio | goal | goal met |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        rows.forEach(row -> out.append(row).append('\n'));
        out.append(details);
        Files.writeString(file, out);
        return file;
    }
}
