package com.bloomtext.ui;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The staff shell of a request, for a controller that needs it before any page renders (Directory's first
 * section). Pages get theirs as they render, only when their template takes it (see {@code ui/web/ShellModel}).
 */
public interface Shells {

    /** The shell for this request's signed-in staff member; empty when nobody on staff is signed in. */
    Optional<Shell> current(HttpServletRequest request);
}
