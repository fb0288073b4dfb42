package com.bloomtext.ui.web;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.bloomtext.ui.NavLink;
import com.bloomtext.ui.Shell;
import com.bloomtext.ui.ShellIdentity;
import com.bloomtext.ui.Shells;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Component;

/**
 * Gives every page the shell it is drawn in ({@code shell}) and the CSRF token its forms carry ({@code csrf}), as the
 * page renders ({@link BufferedPages.BufferedView}) and only into a template that declares them. Before, they were
 * {@code @ModelAttribute} methods of a {@code @ControllerAdvice}: Spring MVC looked the advice up and invoked both
 * methods reflectively before every handler, a send's 302 and a fragment included (about 6% of a signed-in send's
 * CPU samples in {@code RequestCostProbe}'s recording: the advice lookup, the invocations, their argument resolution).
 * <p>
 * The navigation links are fixed at start-up, so the lists a user sees are built once for admins and once for
 * everyone else.
 */
@Component
class ShellModel implements Shells {

    static final String SHELL = "shell";
    static final String CSRF = "csrf";

    private final ShellIdentity identity;
    private final Links forAdmins;
    private final Links forOthers;

    ShellModel(ShellIdentity identity, List<NavLink> links) {
        this.identity = identity;
        List<NavLink> sorted = links.stream().sorted(Comparator.comparingInt(NavLink::order)).toList();
        this.forAdmins = new Links(sorted, true);
        this.forOthers = new Links(sorted, false);
    }

    @Override
    public Optional<Shell> current(HttpServletRequest request) {
        return identity.currentUser().map(user -> {
            Links links = user.admin() ? forAdmins : forOthers;
            return new Shell(user, request.getRequestURI(), links.settingsTabs, links.directorySections, links.sandboxTools);
        });
    }

    /** Adds what the template declares and the model does not hold yet (a null shell when nobody is signed in). */
    void addTo(Map<String, Object> model, HttpServletRequest request, boolean shell, boolean csrf) {
        if (shell && !model.containsKey(SHELL)) {
            model.put(SHELL, current(request).orElse(null));
        }
        if (csrf && !model.containsKey(CSRF)) {
            model.put(CSRF, request.getAttribute(CsrfToken.class.getName()));
        }
    }

    private record Links(List<NavLink> settingsTabs, List<NavLink> directorySections, List<NavLink> sandboxTools) {

        Links(List<NavLink> sorted, boolean admin) {
            this(in(sorted, NavLink.Area.ORGANIZATION_SETTINGS, admin), in(sorted, NavLink.Area.DIRECTORY, admin),
                    in(sorted, NavLink.Area.SANDBOX_TOOLS, admin));
        }

        private static List<NavLink> in(List<NavLink> links, NavLink.Area area, boolean admin) {
            return links.stream().filter(link -> link.area() == area && link.visibleTo(admin)).toList();
        }
    }
}
