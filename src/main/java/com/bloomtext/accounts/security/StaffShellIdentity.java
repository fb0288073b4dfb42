package com.bloomtext.accounts.security;

import java.util.Optional;

import com.bloomtext.ui.ShellIdentity;
import com.bloomtext.ui.ShellUser;

import org.springframework.stereotype.Component;

/** Tells the shell who is signed in, from the row {@link CurrentStaffFilter} read for this request. */
@Component
class StaffShellIdentity implements ShellIdentity {

    @Override
    public Optional<ShellUser> currentUser() {
        return CheckedStaff.ofRequest()
                .map(checked -> new ShellUser(checked.displayName(), checked.organizationName(), checked.admin()));
    }
}
