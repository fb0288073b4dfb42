/**
 * The email edge: the {@code Mailer} of the shared kernel, sent through SMTP in production, or kept in
 * the sandbox outbox (the default) where developers read what the app sent.
 */
@ApplicationModule(allowedDependencies = {"shared", "ui"})
package com.bloomtext.email;

import org.springframework.modulith.ApplicationModule;
