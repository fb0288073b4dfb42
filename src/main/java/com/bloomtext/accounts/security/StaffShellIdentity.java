package com.bloomtext.accounts.security;

import java.util.Optional;

import com.bloomtext.ui.ShellIdentity;
import com.bloomtext.ui.ShellUser;

import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** Tells the shell who is signed in, from the row {@link CurrentStaffFilter} read for this request. */
@Component
class StaffShellIdentity implements ShellIdentity {

    @Override
    public Optional<ShellUser> currentUser() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            return Optional.ofNullable((ShellUser) attributes.getRequest().getAttribute(CurrentStaffFilter.ATTRIBUTE));
        }
        return Optional.empty();
    }
}
