package com.bloomtext.email.sandbox;

import com.bloomtext.shared.Actor;
import com.bloomtext.shared.NotFoundException;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** "Sandbox outbox": the emails the app sent for the signed-in user's organization, newest first. */
@Controller
@ConditionalOnProperty(name = "bloomtext.email.mode", havingValue = "sandbox", matchIfMissing = true)
class SandboxOutboxController {

    static final String OUTBOX = "/sandbox/outbox";

    private final SandboxOutbox outbox;

    SandboxOutboxController(SandboxOutbox outbox) {
        this.outbox = outbox;
    }

    @GetMapping(OUTBOX)
    String outbox(@AuthenticationPrincipal Actor actor, Model model) {
        model.addAttribute("emails", outbox.latest(actor.orgId(), 200));
        return "email/outbox";
    }

    @GetMapping(OUTBOX + "/{id}")
    String email(@AuthenticationPrincipal Actor actor, @PathVariable String id, Model model) {
        model.addAttribute("email", outbox.find(actor.orgId(), NotFoundException.idOf(id, "Email"))
                .orElseThrow(() -> new NotFoundException("Email")));
        return "email/outbox-email";
    }

}
