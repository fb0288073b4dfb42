package com.bloomtext.audit;

/** The record an audit event is about, by type and id only. */
public record AuditTarget(String type, String id) {

    public static final AuditTarget NONE = new AuditTarget(null, null);

    public static AuditTarget of(String type, Object id) {
        return new AuditTarget(type, String.valueOf(id));
    }
}
