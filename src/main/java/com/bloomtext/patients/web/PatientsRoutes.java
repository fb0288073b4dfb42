package com.bloomtext.patients.web;

/** The patients module's paths, shared by controllers and templates. */
public final class PatientsRoutes {

    public static final String PATIENTS = "/directory/patients";
    public static final String NEW = PATIENTS + "/new";
    public static final String EXPORT = PATIENTS + "/export.csv";
    public static final String IMPORT = PATIENTS + "/import";

    private PatientsRoutes() {
    }

    public static String patient(Object id) {
        return PATIENTS + "/" + id;
    }

    public static String importOf(Object id) {
        return IMPORT + "/" + id;
    }

}
