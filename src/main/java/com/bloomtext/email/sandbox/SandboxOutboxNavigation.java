package com.bloomtext.email.sandbox;

import com.bloomtext.ui.NavLink;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** In sandbox mode the shell links to the outbox, labelled as a sandbox tool. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "bloomtext.email.mode", havingValue = "sandbox", matchIfMissing = true)
class SandboxOutboxNavigation {

    @Bean
    NavLink sandboxOutboxLink() {
        return new NavLink(NavLink.Area.SANDBOX_TOOLS, "Sandbox outbox", SandboxOutboxController.OUTBOX,
                NavLink.Visibility.EVERYONE, 10);
    }
}
