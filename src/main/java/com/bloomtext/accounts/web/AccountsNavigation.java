package com.bloomtext.accounts.web;

import com.bloomtext.ui.NavLink;
import com.bloomtext.ui.NavLink.Area;
import com.bloomtext.ui.NavLink.Visibility;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The places accounts takes in the shell: the General and Users tabs, the Coworkers directory. */
@Configuration(proxyBeanMethods = false)
class AccountsNavigation {

    @Bean
    NavLink generalTab() {
        return new NavLink(Area.ORGANIZATION_SETTINGS, "General", AccountsRoutes.GENERAL, Visibility.EVERYONE, 10);
    }

    @Bean
    NavLink usersTab() {
        return new NavLink(Area.ORGANIZATION_SETTINGS, "Users", AccountsRoutes.USERS, Visibility.ADMINS, 20);
    }

    @Bean
    NavLink securityTab() {
        return new NavLink(Area.ORGANIZATION_SETTINGS, "Security", AccountsRoutes.SECURITY, Visibility.ADMINS, 80);
    }

    @Bean
    NavLink coworkersSection() {
        return new NavLink(Area.DIRECTORY, "Coworkers", AccountsRoutes.COWORKERS, Visibility.EVERYONE, 90);
    }
}
