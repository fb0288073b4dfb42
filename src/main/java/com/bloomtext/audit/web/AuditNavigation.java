package com.bloomtext.audit.web;

import com.bloomtext.ui.NavLink;
import com.bloomtext.ui.NavLink.Area;
import com.bloomtext.ui.NavLink.Visibility;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Settings → the organization → Audit log, for administrators. */
@Configuration(proxyBeanMethods = false)
class AuditNavigation {

    @Bean
    NavLink auditLogTab() {
        return new NavLink(Area.ORGANIZATION_SETTINGS, "Audit log", AuditRoutes.AUDIT_LOG, Visibility.ADMINS, 90);
    }
}
