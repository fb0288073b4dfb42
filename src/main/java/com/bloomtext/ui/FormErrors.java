package com.bloomtext.ui;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.validation.BindingResult;

/** What was wrong with a submitted form: a message per field, and one for the form as a whole. */
public final class FormErrors {

    private static final String FORM = "";

    private final Map<String, String> messages = new LinkedHashMap<>();

    public static FormErrors none() {
        return new FormErrors();
    }

    public static FormErrors of(BindingResult result) {
        FormErrors errors = new FormErrors();
        result.getFieldErrors().forEach(error -> errors.messages.putIfAbsent(error.getField(), error.getDefaultMessage()));
        result.getGlobalErrors().forEach(error -> errors.messages.putIfAbsent(FORM, error.getDefaultMessage()));
        return errors;
    }

    public static FormErrors onField(String field, String message) {
        return new FormErrors().add(field, message);
    }

    public static FormErrors onForm(String message) {
        return new FormErrors().add(FORM, message);
    }

    public FormErrors add(String field, String message) {
        messages.putIfAbsent(field, message);
        return this;
    }

    public boolean any() {
        return !messages.isEmpty();
    }

    public boolean has(String field) {
        return messages.containsKey(field);
    }

    public String get(String field) {
        return messages.get(field);
    }

    public String form() {
        return messages.get(FORM);
    }
}
