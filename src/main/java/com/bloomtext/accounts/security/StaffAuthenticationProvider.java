package com.bloomtext.accounts.security;

import com.bloomtext.accounts.domain.StaffUsers;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/** Email and password sign-in, refused without checking the password while sign-in is paused. */
class StaffAuthenticationProvider implements AuthenticationProvider {

    private final SignInThrottle throttle;
    private final DaoAuthenticationProvider passwords;

    StaffAuthenticationProvider(StaffUsers users, PasswordEncoder passwordEncoder, SignInThrottle throttle) {
        this.throttle = throttle;
        this.passwords = new DaoAuthenticationProvider(email -> users.findByEmail(email)
                .map(StaffPrincipal::of)
                .orElseThrow(() -> new UsernameNotFoundException("No such account")));
        this.passwords.setPasswordEncoder(passwordEncoder);
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String email = String.valueOf(authentication.getName());
        if (throttle.paused(email, addressOf(authentication))) {
            throw new SignInPausedException();
        }
        try {
            return passwords.authenticate(authentication);
        } catch (UsernameNotFoundException e) {
            throw new BadCredentialsException("Bad credentials");
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    static String addressOf(Authentication authentication) {
        return authentication.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress()
                : "unknown";
    }

    /** Too many failed sign-ins for this account or from this address. */
    static class SignInPausedException extends AuthenticationException {

        SignInPausedException() {
            super("Sign-in paused");
        }
    }
}
