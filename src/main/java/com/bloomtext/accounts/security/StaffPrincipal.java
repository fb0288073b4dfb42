package com.bloomtext.accounts.security;

import java.io.Serial;
import java.util.Collection;
import java.util.List;

import com.bloomtext.accounts.StaffRole;
import com.bloomtext.accounts.domain.StaffUser;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.UserId;

import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The signed-in staff user as Spring Security keeps them in the session. Its name is the user id, so
 * that every session of a user can be found and ended; its role is refreshed on every request.
 */
public final class StaffPrincipal implements UserDetails, CredentialsContainer, Actor {

    @Serial
    private static final long serialVersionUID = 1L;

    private final UserId userId;
    private final OrgId orgId;
    private final StaffRole role;
    private final boolean active;
    private String passwordHash;

    StaffPrincipal(UserId userId, OrgId orgId, StaffRole role, boolean active, String passwordHash) {
        this.userId = userId;
        this.orgId = orgId;
        this.role = role;
        this.active = active;
        this.passwordHash = passwordHash;
    }

    static StaffPrincipal of(StaffUser user) {
        return new StaffPrincipal(user.id(), user.organization(), user.role(), user.active(), user.passwordHash());
    }

    StaffPrincipal withRole(StaffRole newRole) {
        return new StaffPrincipal(userId, orgId, newRole, active, null);
    }

    @Override
    public UserId userId() {
        return userId;
    }

    @Override
    public OrgId orgId() {
        return orgId;
    }

    @Override
    public boolean admin() {
        return role == StaffRole.ADMIN;
    }

    public StaffRole role() {
        return role;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority("ROLE_" + role.name()));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return userId.toString();
    }

    @Override
    public boolean isEnabled() {
        return active;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }

    @Override
    public String toString() {
        return "StaffPrincipal[" + userId + "]";
    }
}
