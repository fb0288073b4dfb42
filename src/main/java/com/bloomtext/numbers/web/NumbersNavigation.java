package com.bloomtext.numbers.web;

import com.bloomtext.ui.NavLink;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** "Select a phone number" and "Keep your existing number" on the Plan tab, and Directory → Phone numbers. */
@Configuration(proxyBeanMethods = false)
class NumbersNavigation {

    @Bean
    NavLink selectPhoneNumberAction() {
        return new NavLink(NavLink.Area.PLAN_ACTIONS, "Select a phone number", NumbersRoutes.SELECT,
                NavLink.Visibility.ADMINS, 10);
    }

    @Bean
    NavLink keepExistingNumberAction() {
        return new NavLink(NavLink.Area.PLAN_ACTIONS, "Keep your existing number", NumbersRoutes.PORT_IN,
                NavLink.Visibility.ADMINS, 20);
    }

    @Bean
    NavLink phoneNumbersSection() {
        return new NavLink(NavLink.Area.DIRECTORY, "Phone numbers", NumbersRoutes.DIRECTORY,
                NavLink.Visibility.EVERYONE, 10);
    }
}
