/**
 * Attachment storage: files encrypted with a key of their own, kept on local disk (an S3 store can serve the
 * same {@link com.bloomtext.files.FileStore}), their content type sniffed from the bytes, every query scoped by
 * organization.
 */
@ApplicationModule(allowedDependencies = "shared")
package com.bloomtext.files;

import org.springframework.modulith.ApplicationModule;
