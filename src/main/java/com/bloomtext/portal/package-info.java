/**
 * The patient portal: secure links (issued when staff send a Secure Chat message, texted or emailed to
 * the patient), the identity step, the patient's pages with their read receipts and replies, and the
 * portal's own short session and filter chain.
 */
@ApplicationModule(allowedDependencies = {"messaging", "patients", "shared", "ui", "audit"})
package com.bloomtext.portal;

import org.springframework.modulith.ApplicationModule;
