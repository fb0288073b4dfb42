package com.bloomtext.numbers.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The port-in form; the PIN is never echoed back. */
public record PortInForm(
        @NotBlank(message = "Enter the number to keep.") String number,
        @NotBlank(message = "Enter the current carrier.") @Size(max = 100, message = "Use at most 100 characters.") String currentCarrier,
        @NotBlank(message = "Enter the account number at the current carrier.") @Size(max = 64, message = "Use at most 64 characters.") String accountNumber,
        @NotBlank(message = "Enter the account PIN or passcode.") @Size(max = 32, message = "Use at most 32 characters.") String pin,
        @NotBlank(message = "Enter the name of the account holder.") @Size(max = 120, message = "Use at most 120 characters.") String authorizedName,
        @NotBlank(message = "Enter the service address on the account.") @Size(max = 300, message = "Use at most 300 characters.") String serviceAddress,
        @NotBlank(message = "Sign by typing the authorized name.") @Size(max = 120, message = "Use at most 120 characters.") String signature) {

    static PortInForm empty() {
        return new PortInForm("", "", "", "", "", "", "");
    }

    PortInForm withoutSecrets() {
        return new PortInForm(number, currentCarrier, accountNumber, "", authorizedName, serviceAddress, signature);
    }
}
