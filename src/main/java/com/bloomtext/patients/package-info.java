/**
 * The patient directory: patients of an organization, their search, the create-on-the-fly of the
 * new-conversation dialog ({@link com.bloomtext.patients.PatientDirectory}), and CSV import and export.
 */
@ApplicationModule(allowedDependencies = {"accounts", "shared", "ui", "audit"})
package com.bloomtext.patients;

import org.springframework.modulith.ApplicationModule;
