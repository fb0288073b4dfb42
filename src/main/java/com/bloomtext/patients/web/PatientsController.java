package com.bloomtext.patients.web;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

import com.bloomtext.patients.PatientSummary;
import com.bloomtext.patients.csv.PatientExport;
import com.bloomtext.patients.internal.PatientDetails;
import com.bloomtext.patients.internal.PatientRecords;
import com.bloomtext.patients.internal.PatientRules;
import com.bloomtext.patients.internal.Patients;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.E164;
import com.bloomtext.shared.NotFoundException;
import com.bloomtext.shared.PatientId;
import com.bloomtext.ui.FormErrors;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Directory → Patients: the searchable list, "Create new", the patient page, edit, archive, export. */
@Controller
class PatientsController {

    static final int PAGE_SIZE = 25;

    private final Patients patients;
    private final PatientRecords records;
    private final PatientRules rules;
    private final PatientExport export;

    PatientsController(Patients patients, PatientRecords records, PatientRules rules, PatientExport export) {
        this.patients = patients;
        this.records = records;
        this.rules = rules;
        this.export = export;
    }

    /**
     * The list, page by page. A search is posted, never put in the URL: names and phone numbers are PHI
     * and URLs end up in logs and browser history.
     */
    @GetMapping(PatientsRoutes.PATIENTS)
    String list(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "1") int page, Model model) {
        return list(actor, "", page, model);
    }

    @PostMapping(PatientsRoutes.PATIENTS)
    String search(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "") String q,
            @RequestParam(defaultValue = "1") int page, Model model) {
        return list(actor, q, page, model);
    }

    private String list(Actor actor, String q, int page, Model model) {
        String query = q.strip();
        E164 phone = rules.phoneInSearch(query);
        int total = patients.count(actor.orgId(), query, phone);
        int pages = Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
        int current = Math.min(Math.max(1, page), pages);
        List<PatientSummary> rows = patients.search(actor.orgId(), query, phone, (current - 1) * PAGE_SIZE, PAGE_SIZE);
        records.listed(actor, (query.isEmpty() ? "patients page " : "patient search page ") + current, rows.size());
        int from = total == 0 ? 0 : (current - 1) * PAGE_SIZE + 1;
        model.addAttribute("page", new PatientPages.ListPage(query, rows, current, pages, total, from,
                from == 0 ? 0 : from + rows.size() - 1));
        return "patients/list";
    }

    @GetMapping(PatientsRoutes.NEW)
    String createForm(Model model) {
        return form(model, PatientsRoutes.NEW, "Create new patient", PatientForm.empty(), FormErrors.none(), null);
    }

    @PostMapping(PatientsRoutes.NEW)
    String create(@AuthenticationPrincipal Actor actor, @ModelAttribute PatientForm form, Model model,
            RedirectAttributes redirect) {
        FormErrors errors = FormErrors.none();
        PatientDetails details = details(form, errors);
        if (errors.any()) {
            return form(model, PatientsRoutes.NEW, "Create new patient", form, errors, null);
        }
        try {
            PatientId id = records.create(actor, details);
            redirect.addFlashAttribute("notice", "Patient created.");
            return "redirect:" + PatientsRoutes.patient(id);
        } catch (PatientRecords.DuplicateMrnException e) {
            return form(model, PatientsRoutes.NEW, "Create new patient", form,
                    FormErrors.onField("mrn", "Another patient, " + e.holder().displayName() + ", has this MRN."), e.holder());
        }
    }

    @GetMapping(PatientsRoutes.PATIENTS + "/{id}")
    String patient(@AuthenticationPrincipal Actor actor, @PathVariable String id, Model model) {
        model.addAttribute("page", new PatientPages.PatientPage(records.view(actor, patientId(id))));
        return "patients/patient";
    }

    @GetMapping(PatientsRoutes.PATIENTS + "/{id}/edit")
    String editForm(@AuthenticationPrincipal Actor actor, @PathVariable String id, Model model) {
        PatientSummary patient = records.view(actor, patientId(id));
        return form(model, PatientsRoutes.patient(id) + "/edit", "Edit " + patient.displayName(), PatientForm.of(patient),
                FormErrors.none(), null);
    }

    @PostMapping(PatientsRoutes.PATIENTS + "/{id}/edit")
    String edit(@AuthenticationPrincipal Actor actor, @PathVariable String id, @ModelAttribute PatientForm form,
            Model model, RedirectAttributes redirect) {
        PatientId patient = patientId(id);
        patients.find(actor.orgId(), patient).orElseThrow(() -> new NotFoundException("Patient"));
        FormErrors errors = FormErrors.none();
        PatientDetails details = details(form, errors);
        String action = PatientsRoutes.patient(id) + "/edit";
        if (errors.any()) {
            return form(model, action, "Edit patient", form, errors, null);
        }
        try {
            records.update(actor, patient, details);
        } catch (PatientRecords.DuplicateMrnException e) {
            return form(model, action, "Edit patient", form,
                    FormErrors.onField("mrn", "Another patient, " + e.holder().displayName() + ", has this MRN."), e.holder());
        }
        redirect.addFlashAttribute("notice", "Saved.");
        return "redirect:" + PatientsRoutes.patient(patient);
    }

    @PostMapping(PatientsRoutes.PATIENTS + "/{id}/archive")
    String archive(@AuthenticationPrincipal Actor actor, @PathVariable String id, RedirectAttributes redirect) {
        records.archive(actor, patientId(id));
        redirect.addFlashAttribute("notice", "Patient archived. The record is kept but no longer listed or found in search.");
        return "redirect:" + PatientsRoutes.PATIENTS;
    }

    @GetMapping(PatientsRoutes.EXPORT)
    void exportCsv(@AuthenticationPrincipal Actor actor, HttpServletResponse response) throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"patients.csv\"");
        try (Writer out = response.getWriter()) {
            export.write(actor, out);
        }
    }

    private PatientDetails details(PatientForm form, FormErrors errors) {
        String first = read(errors, "firstName", () -> rules.name(form.firstName()));
        String last = read(errors, "lastName", () -> rules.name(form.lastName()));
        E164 phone = read(errors, "phone", () -> rules.phone(form.phone()));
        String email = read(errors, "email", () -> rules.email(form.email()));
        var dob = read(errors, "dateOfBirth", () -> rules.dateOfBirth(form.dateOfBirth()));
        String mrn = read(errors, "mrn", () -> rules.mrn(form.mrn()));
        if (!errors.has("phone") && !errors.has("email") && phone == null && email == null) {
            errors.add("phone", "Enter a phone number or an email: a patient needs one to be reached.");
        }
        return errors.any() ? null : new PatientDetails(first, last, phone, email, dob, mrn);
    }

    private static <T> T read(FormErrors errors, String field, java.util.function.Supplier<T> reader) {
        try {
            return reader.get();
        } catch (PatientRules.FieldProblem e) {
            errors.add(field, e.getMessage());
            return null;
        }
    }


    private static String form(Model model, String action, String title, PatientForm form, FormErrors errors,
            PatientSummary duplicateOf) {
        model.addAttribute("page", new PatientPages.FormPage(action, title, form, errors, duplicateOf));
        return "patients/form";
    }

    private static PatientId patientId(String id) {
        return PatientId.parse(id).orElseThrow(() -> new NotFoundException("Patient"));
    }
}
