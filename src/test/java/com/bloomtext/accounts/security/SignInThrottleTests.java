package com.bloomtext.accounts.security;

import com.bloomtext.testing.IntegrationTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class SignInThrottleTests extends IntegrationTest {

    @Autowired
    SignInThrottle throttle;

    @Test
    void manyFailuresFromOneAddressPauseSignInThereForEveryAccount() {
        String address = "203.0.113.77";
        for (int i = 0; i < 20; i++) {
            throttle.recordFailure(uniqueEmail("spray"), address);
        }
        assertThat(throttle.paused(uniqueEmail("fresh"), address)).isTrue();
        assertThat(throttle.paused(uniqueEmail("fresh"), "203.0.113.78")).isFalse();
    }

    @Test
    void failuresForOneAccountPauseThatAccountFromAnyAddress() {
        String email = uniqueEmail("target");
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure(email, "198.51.100." + i);
        }
        assertThat(throttle.paused(email, "198.51.100.200")).isTrue();
        throttle.clearAccount(email);
        assertThat(throttle.paused(email, "198.51.100.200")).isFalse();
    }
}
