package com.bloomtext.patients.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.util.List;
import java.util.UUID;

import com.bloomtext.patients.csv.Column;
import com.bloomtext.patients.csv.CsvFileProblem;
import com.bloomtext.patients.csv.PatientImports;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.ByteSizes;
import com.bloomtext.shared.NotFoundException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/** CSV import from the patients directory: upload, preview, run with progress, report. */
@Controller
class ImportController {

    static final String UPLOAD_VIEW = "patients/import-upload";
    static final String IMPORT_VIEW = "patients/import";

    private final PatientImports imports;
    private final String maxSize;
    private final long maxBytes;

    ImportController(PatientImports imports, @Value("${bloomtext.patients.import.max-size:20MB}") DataSize maxSize) {
        this.imports = imports;
        this.maxSize = ByteSizes.display(maxSize.toBytes()).replace(" ", "");
        this.maxBytes = maxSize.toBytes();
    }

    @GetMapping(PatientsRoutes.IMPORT)
    String uploadForm(Model model) {
        return upload(model, null);
    }

    @PostMapping(PatientsRoutes.IMPORT)
    String upload(@AuthenticationPrincipal Actor actor, @RequestParam(name = "file", required = false) MultipartFile file,
            Model model, HttpServletResponse response) throws IOException {
        if (file == null || file.isEmpty()) {
            return upload(model, "Choose a CSV file to import.");
        }
        if (file.getSize() > maxBytes) {
            // Uploads in general may be larger (attachments): CSV imports keep their own limit.
            response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            return upload(model, "That file is too large. Files can be up to " + maxSize
                    + ". Split it into smaller files and import each.");
        }
        String name = file.getOriginalFilename() == null ? "" : file.getOriginalFilename();
        if (!name.toLowerCase(java.util.Locale.ROOT).endsWith(".csv") && !"text/csv".equals(file.getContentType())) {
            return upload(model, "This file isn't a CSV file. Save it from your spreadsheet as CSV (comma-separated) "
                    + "and try again.");
        }
        try (InputStream content = file.getInputStream()) {
            UUID id = imports.upload(actor, name, content);
            return "redirect:" + PatientsRoutes.importOf(id);
        } catch (CsvFileProblem e) {
            return upload(model, e.getMessage());
        }
    }

    @GetMapping(PatientsRoutes.IMPORT + "/{id}")
    String importPage(@AuthenticationPrincipal Actor actor, @PathVariable String id, Model model) {
        var preview = imports.preview(actor, importId(id));
        var problems = preview.record().finished() ? imports.problems(actor, importId(id), 200) : preview.problems();
        model.addAttribute("page", new PatientPages.ImportPage(preview.record(), preview.mapping(), preview.firstRows(),
                problems, List.of(Column.FIRST_NAME, Column.LAST_NAME, Column.PHONE, Column.EMAIL, Column.DOB, Column.MRN)));
        return IMPORT_VIEW;
    }

    /** The progress bar alone, for the page to refresh while the import runs. */
    @GetMapping(PatientsRoutes.IMPORT + "/{id}/progress")
    String progress(@AuthenticationPrincipal Actor actor, @PathVariable String id, Model model,
            HttpServletResponse response) {
        var record = imports.find(actor, importId(id));
        if (record.finished()) {
            response.setHeader("HX-Redirect", PatientsRoutes.importOf(id));
        }
        model.addAttribute("record", record);
        return "patients/import-progress";
    }

    @PostMapping(PatientsRoutes.IMPORT + "/{id}/start")
    String start(@AuthenticationPrincipal Actor actor, @PathVariable String id) {
        imports.start(actor, importId(id));
        return "redirect:" + PatientsRoutes.importOf(id);
    }

    @PostMapping(PatientsRoutes.IMPORT + "/{id}/cancel")
    String cancel(@AuthenticationPrincipal Actor actor, @PathVariable String id) {
        imports.cancel(actor, importId(id));
        return "redirect:" + PatientsRoutes.importOf(id);
    }

    @GetMapping(PatientsRoutes.IMPORT + "/{id}/refused.csv")
    void refusedRows(@AuthenticationPrincipal Actor actor, @PathVariable String id, HttpServletResponse response)
            throws IOException {
        UUID importId = importId(id);
        imports.find(actor, importId);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"refused-rows.csv\"");
        try (Writer out = response.getWriter()) {
            imports.writeProblems(actor, importId, out);
        }
    }

    private String upload(Model model, String problem) {
        model.addAttribute("page", new PatientPages.UploadPage(problem, maxSize));
        return UPLOAD_VIEW;
    }

    private static UUID importId(String id) {
        return NotFoundException.idOf(id, "Import");
    }
}
