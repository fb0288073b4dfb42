package com.bloomtext.billing.sandbox;

import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The sandbox's card network: Stripe's well-known test cards behave as they do in Stripe's test mode,
 * and anything else is refused with a pointer to them.
 */
final class TestCards {

    static final String SUCCEEDS = "4242424242424242";
    static final String DECLINED = "4000000000000002";
    static final String INSUFFICIENT_FUNDS = "4000000000009995";

    private static final DateTimeFormatter EXPIRY = DateTimeFormatter.ofPattern("MM/yy");

    private TestCards() {
    }

    sealed interface Charge {
    }

    record Approved() implements Charge {
    }

    record Declined(String reason) implements Charge {
    }

    record Invalid(String field, String message) implements Charge {
    }

    static Charge charge(String number, String expiry, String cvc, String name, YearMonth now) {
        String digits = number == null ? "" : number.replaceAll("[\\s-]", "");
        if (!digits.matches("\\d{13,19}") || !luhn(digits)) {
            return new Invalid("cardNumber", "Enter a valid card number.");
        }
        YearMonth expires;
        try {
            expires = YearMonth.parse(expiry == null ? "" : expiry.replace(" ", ""), EXPIRY);
        } catch (DateTimeParseException e) {
            return new Invalid("expiry", "Enter the expiry date as MM/YY.");
        }
        if (expires.isBefore(now)) {
            return new Invalid("expiry", "This card has expired.");
        }
        if (cvc == null || !cvc.strip().matches("\\d{3,4}")) {
            return new Invalid("cvc", "Enter the 3 or 4 digits on the back of the card.");
        }
        if (name == null || name.isBlank()) {
            return new Invalid("nameOnCard", "Enter the name on the card.");
        }
        return switch (digits) {
            case SUCCEEDS -> new Approved();
            case DECLINED -> new Declined("Your card was declined.");
            case INSUFFICIENT_FUNDS -> new Declined("Your card has insufficient funds.");
            default -> new Invalid("cardNumber", "This is the sandbox checkout: no real card is charged. Use the "
                    + "test card 4242 4242 4242 4242, or 4000 0000 0000 0002 to see a decline.");
        };
    }

    private static boolean luhn(String digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int digit = digits.charAt(i) - '0';
            if (doubled) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }
}
