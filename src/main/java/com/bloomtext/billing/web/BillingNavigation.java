package com.bloomtext.billing.web;

import com.bloomtext.ui.NavLink;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Plan tab of Settings → the organization, for administrators only. */
@Configuration(proxyBeanMethods = false)
class BillingNavigation {

    @Bean
    NavLink planTab() {
        return new NavLink(NavLink.Area.ORGANIZATION_SETTINGS, "Plan", BillingRoutes.PLAN, NavLink.Visibility.ADMINS, 30);
    }
}
