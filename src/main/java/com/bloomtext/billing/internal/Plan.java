package com.bloomtext.billing.internal;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Locale;

/** A plan of the catalog, as configured. */
public record Plan(String id, String name, boolean sms, int phoneNumbers, long monthlySegments,
        BigDecimal monthlyPrice, String stripePriceId) {

    public boolean free() {
        return monthlyPrice.signum() == 0;
    }

    /** "$49" or "$49.50" a month; "Free". */
    public String price() {
        if (free()) {
            return "Free";
        }
        NumberFormat format = NumberFormat.getCurrencyInstance(Locale.US);
        format.setMinimumFractionDigits(monthlyPrice.stripTrailingZeros().scale() > 0 ? 2 : 0);
        return format.format(monthlyPrice);
    }

    public String segments() {
        return NumberFormat.getIntegerInstance(Locale.US).format(monthlySegments);
    }
}
