package com.bloomtext.numbers.web;

import com.bloomtext.ui.FormErrors;

/** What "Keep your existing number" shows. */
public record PortInPage(PortInForm form, FormErrors errors) {
}
