package com.bloomtext.billing.sandbox;

import com.bloomtext.ui.FormErrors;

/** What the sandbox checkout page shows. */
public record SandboxCheckoutPage(String action, String planName, String price, CardForm form, FormErrors errors) {

    /** The card form as typed, minus the CVC, which is never echoed back. */
    public record CardForm(String cardNumber, String expiry, String cvc, String nameOnCard) {
    }
}
