package com.bloomtext.audit.web;

/** The audit log's paths, shared by the controller and its template. */
public final class AuditRoutes {

    public static final String AUDIT_LOG = "/settings/organization/audit-log";
    public static final String EXPORT = AUDIT_LOG + "/export";
    public static final String VERIFY = AUDIT_LOG + "/verify";

    private AuditRoutes() {
    }
}
