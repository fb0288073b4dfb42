/**
 * The look and the frame: the staff shell (navigation, settings tabs, directory sections), shared JTE
 * components, form errors, error pages and security headers' companions (no inline script).
 */
@ApplicationModule(allowedDependencies = "shared")
package com.bloomtext.ui;

import org.springframework.modulith.ApplicationModule;
