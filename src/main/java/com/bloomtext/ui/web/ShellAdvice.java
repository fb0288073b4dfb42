package com.bloomtext.ui.web;

import java.util.Comparator;
import java.util.List;

import com.bloomtext.ui.NavLink;
import com.bloomtext.ui.Shell;
import com.bloomtext.ui.ShellIdentity;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Gives every page the shell it is drawn in and the CSRF token its forms carry. */
@ControllerAdvice
class ShellAdvice {

    private final ShellIdentity identity;
    private final List<NavLink> links;

    ShellAdvice(ShellIdentity identity, List<NavLink> links) {
        this.identity = identity;
        this.links = links.stream().sorted(Comparator.comparingInt(NavLink::order)).toList();
    }

    @ModelAttribute("shell")
    Shell shell(HttpServletRequest request) {
        return identity.currentUser()
                .map(user -> new Shell(user, request.getRequestURI(),
                        linksIn(NavLink.Area.ORGANIZATION_SETTINGS, user.admin()),
                        linksIn(NavLink.Area.DIRECTORY, user.admin()),
                        linksIn(NavLink.Area.SANDBOX_TOOLS, user.admin())))
                .orElse(null);
    }

    @ModelAttribute("csrf")
    CsrfToken csrf(HttpServletRequest request) {
        return (CsrfToken) request.getAttribute(CsrfToken.class.getName());
    }

    private List<NavLink> linksIn(NavLink.Area area, boolean admin) {
        return links.stream().filter(link -> link.area() == area && link.visibleTo(admin)).toList();
    }
}
