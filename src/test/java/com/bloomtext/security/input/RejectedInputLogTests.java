package com.bloomtext.security.input;

import com.bloomtext.testing.IntegrationTest;
import com.bloomtext.testing.StaffAgent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A value that does not fit its field is refused without being written to the log: whatever staff type in
 * the wrong field may be PHI (Spring MVC's resolver logs the rejected value at WARN unless told not to).
 */
@ExtendWith(OutputCaptureExtension.class)
class RejectedInputLogTests extends IntegrationTest {

    @Test
    void aValueOfTheWrongTypeIsRefusedAndNotLogged(CapturedOutput output) {
        Org org = newOrganization("Quiet Log Clinic");
        StaffAgent admin = org.admin();
        admin.get("/directory/patients");
        String typedInTheWrongField = "JordanLee-1985-04-23-" + System.nanoTime();

        StaffAgent.Page answer = admin.post("/directory/patients", "q", "", "page", typedInTheWrongField);

        assertThat(answer.status()).as("refused as bad input").isBetween(400, 499);
        assertThat(output.getAll()).doesNotContain(typedInTheWrongField);
    }
}
