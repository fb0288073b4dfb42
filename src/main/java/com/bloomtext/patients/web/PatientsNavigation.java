package com.bloomtext.patients.web;

import com.bloomtext.ui.NavLink;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Directory → Patients. */
@Configuration(proxyBeanMethods = false)
class PatientsNavigation {

    @Bean
    NavLink patientsSection() {
        return new NavLink(NavLink.Area.DIRECTORY, "Patients", PatientsRoutes.PATIENTS, NavLink.Visibility.EVERYONE, 20);
    }
}
