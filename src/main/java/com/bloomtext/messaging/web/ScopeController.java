package com.bloomtext.messaging.web;

import com.bloomtext.messaging.internal.InboxScopes;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.NotFoundException;
import com.bloomtext.shared.TeamId;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The inbox icon's switch (help article step 7): all conversations, or one phone number's team. */
@Controller
class ScopeController {

    private final InboxScopes scopes;

    ScopeController(InboxScopes scopes) {
        this.scopes = scopes;
    }

    @PostMapping(MessagingRoutes.SCOPE)
    String choose(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = InboxPages.ScopeChoice.ALL) String scope) {
        TeamId team = InboxPages.ScopeChoice.ALL.equals(scope) ? null
                : TeamId.parse(scope).orElseThrow(() -> new NotFoundException("Team"));
        scopes.choose(actor, team);
        return "redirect:" + MessagingRoutes.INBOX;
    }
}
