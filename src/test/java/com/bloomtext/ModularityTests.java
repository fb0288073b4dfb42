package com.bloomtext;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

/** The module boundaries of ARCHITECTURE.md, kept honest; and the module docs, written from the code. */
class ModularityTests {

    static final ApplicationModules MODULES = ApplicationModules.of(BloomTextApplication.class);

    @Test
    void modulesKeepTheirBoundaries() {
        MODULES.verify();
    }

    @Test
    void theFoundationModulesExist() {
        assertThat(MODULES.stream().map(module -> module.getIdentifier().toString()))
                .contains("shared", "ui", "audit", "accounts", "email");
    }

    @Test
    void writesModuleDocumentation() {
        new Documenter(MODULES).writeDocumentation();
    }
}
