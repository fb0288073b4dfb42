package com.bloomtext.messaging.rules;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Does an SMS body look like it holds protected health information? Heuristics for the composer's
 * warning: lab values and units, diagnoses, medication names and doses, dates of birth, record numbers.
 * It says which kinds it saw, never quoting the body. "When in doubt, use Secure Chat."
 */
public final class PhiCheck {

    /** A kind of PHI the body seems to contain, and how the composer says it. */
    public enum Finding {
        LAB_VALUE("a lab result or value"),
        DIAGNOSIS("a diagnosis or condition"),
        MEDICATION("a medication or dose"),
        DATE_OF_BIRTH("a date of birth"),
        RECORD_NUMBER("a medical record or ID number");

        private final String description;

        Finding(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    // The patterns are written in lower case and matched against the body in lower case (findings), so they need no
    // case-insensitive matching, which compares every character both ways.
    private static final Pattern LAB = Pattern.compile(
            "\\b(a1c|hba1c|glucose|cholesterol|ldl|hdl|triglycerides|tsh|psa|creatinine|egfr|hemoglobin|hgb|wbc|"
                    + "platelets?|potassium|sodium|inr|vitamin d|ferritin|bilirubin|alt|ast)\\b[^.\\n]{0,20}?\\d"
                    + "|\\d+(\\.\\d+)?\\s?(mg/dl|mmol/l|g/dl|meq/l|iu/l|u/l|ng/ml|pg/ml|cells/mcl|x10\\^?\\d+/l)\\b"
                    + "|\\b(lab|test|biopsy|pathology|blood work|bloodwork|scan|mri|x-ray|ct) results?\\b"
                    + "|\\b(tested|came back|is|was) (positive|negative|abnormal)\\b");
    private static final Pattern DIAGNOSIS = Pattern.compile(
            "\\b(diagnos(is|ed)|diabetes|diabetic|hypertension|cancer|tumou?r|carcinoma|lymphoma|leukemia|hiv|aids|"
                    + "hepatitis|depression|anxiety disorder|bipolar|schizophrenia|pregnan(t|cy)|miscarriage|"
                    + "chlamydia|gonorrh(o)?ea|syphilis|herpes|std|sti|hpv|asthma|copd|dementia|alzheimer'?s|"
                    + "stroke|heart failure|fracture|infection|covid(-19)? positive|opioid use|substance use)\\b");
    private static final Pattern MEDICATION = Pattern.compile(
            "\\b(metformin|insulin|lisinopril|atorvastatin|simvastatin|amlodipine|losartan|levothyroxine|"
                    + "omeprazole|amoxicillin|azithromycin|prednisone|sertraline|fluoxetine|escitalopram|bupropion|"
                    + "alprazolam|xanax|lorazepam|oxycodone|hydrocodone|morphine|fentanyl|tramadol|adderall|"
                    + "methadone|buprenorphine|suboxone|warfarin|eliquis|apixaban|gabapentin|ozempic|semaglutide|"
                    + "prep|truvada|ibuprofen|acetaminophen)\\b"
                    + "|\\b\\d+(\\.\\d+)?\\s?(mg|mcg|µg|ml|units?)\\b");
    private static final Pattern DOB_WORDS = Pattern.compile("\\b(dob|d\\.o\\.b\\.?|date of birth|birth ?date|born on)\\b");
    private static final Pattern FULL_DATE = Pattern.compile("\\b(\\d{1,2})/(\\d{1,2})/(\\d{4})\\b|\\b(\\d{4})-(\\d{2})-(\\d{2})\\b");
    private static final Pattern RECORD_WORDS = Pattern.compile(
            "\\b(mrn|medical record|record (no|number|#)|patient (id|number|#)|chart (no|number|#)|member id|"
                    + "policy (no|number|#)|ssn|social security)\\b");
    /** Runs of 6 to 12 digits that are not written as a phone number. */
    private static final Pattern LONG_NUMBER = Pattern.compile("(?<![\\d(+-])\\d{6,12}(?![\\d)-])");
    private static final DateTimeFormatter US = DateTimeFormatter.ofPattern("M/d/uuuu").withResolverStyle(ResolverStyle.STRICT);

    private PhiCheck() {
    }

    /** The kinds of PHI the body seems to hold, in a fixed order; empty when it looks like a plain notice. */
    public static List<Finding> findings(String body, LocalDate today) {
        List<Finding> found = new ArrayList<>();
        if (body == null || body.isBlank()) {
            return found;
        }
        String text = body.toLowerCase(Locale.ROOT);
        if (LAB.matcher(text).find()) {
            found.add(Finding.LAB_VALUE);
        }
        if (DIAGNOSIS.matcher(text).find()) {
            found.add(Finding.DIAGNOSIS);
        }
        if (MEDICATION.matcher(text).find()) {
            found.add(Finding.MEDICATION);
        }
        if (DOB_WORDS.matcher(text).find() || hasBirthLikeDate(text, today)) {
            found.add(Finding.DATE_OF_BIRTH);
        }
        if (RECORD_WORDS.matcher(text).find() || LONG_NUMBER.matcher(text).find()) {
            found.add(Finding.RECORD_NUMBER);
        }
        return found;
    }

    /** "This text seems to contain a lab result or value and a medication or dose." */
    public static String explain(List<Finding> findings) {
        if (findings.isEmpty()) {
            return null;
        }
        List<String> kinds = findings.stream().map(Finding::description).toList();
        String joined = kinds.size() == 1 ? kinds.getFirst()
                : String.join(", ", kinds.subList(0, kinds.size() - 1)) + " and " + kinds.getLast();
        return "This text seems to contain " + joined + ". SMS must not carry PHI: send it as Secure Chat.";
    }

    /** A full date at least two years back reads as a birth date; appointments are days or months ahead. */
    private static boolean hasBirthLikeDate(String text, LocalDate today) {
        Matcher date = FULL_DATE.matcher(text);
        while (date.find()) {
            try {
                LocalDate parsed = date.group(3) != null
                        ? LocalDate.parse(date.group(1) + "/" + date.group(2) + "/" + date.group(3), US)
                        : LocalDate.parse(date.group(4) + "-" + date.group(5) + "-" + date.group(6));
                if (parsed.isBefore(today.minusYears(2))) {
                    return true;
                }
            } catch (DateTimeParseException e) {
                // not a date after all
            }
        }
        return false;
    }
}
