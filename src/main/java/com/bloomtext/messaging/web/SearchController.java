package com.bloomtext.messaging.web;

import java.util.List;

import com.bloomtext.audit.AuditAction;
import com.bloomtext.audit.AuditLog;
import com.bloomtext.audit.AuditTarget;
import com.bloomtext.audit.Outcome;
import com.bloomtext.messaging.internal.ConversationSearch;
import com.bloomtext.shared.Actor;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Search across the conversations the user may see. The form is posted, so what was typed (a name, a phone
 * number, words of a message) stays out of URLs, browser history and access logs; the audit event counts the
 * results and never quotes the query.
 */
@Controller
class SearchController {

    private static final int EXCERPT = 160;

    private final ConversationSearch search;
    private final InboxView inboxView;
    private final AuditLog auditLog;

    SearchController(ConversationSearch search, InboxView inboxView, AuditLog auditLog) {
        this.search = search;
        this.inboxView = inboxView;
        this.auditLog = auditLog;
    }

    /** A bookmarked or reloaded search page: the empty form, nothing carried in the URL. */
    @GetMapping(MessagingRoutes.SEARCH)
    String form(Model model) {
        model.addAttribute("page", new InboxPages.SearchPage("", List.of(), null));
        return "messaging/search";
    }

    @PostMapping(MessagingRoutes.SEARCH)
    String search(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "") String q, Model model) {
        String typed = q.strip();
        List<ConversationSearch.Match> matches;
        try {
            matches = search.find(actor, typed);
        } catch (ConversationSearch.UnusableQuery unusable) {
            model.addAttribute("page", new InboxPages.SearchPage(typed, List.of(), unusable.getMessage()));
            return "messaging/search";
        }
        var rows = inboxView.rows(actor, matches.stream().map(ConversationSearch.Match::conversation).toList());
        List<InboxPages.SearchResult> results = new java.util.ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            results.add(new InboxPages.SearchResult(rows.get(i), excerpt(matches.get(i).matchedText())));
        }
        auditLog.record(actor, AuditAction.CONVERSATIONS_SEARCHED, AuditTarget.NONE, Outcome.SUCCESS,
                results.size() + (results.size() == 1 ? " conversation" : " conversations") + " found");
        model.addAttribute("page", new InboxPages.SearchPage(typed, results, null));
        return "messaging/search";
    }

    private static String excerpt(String text) {
        if (text == null || text.length() <= EXCERPT) {
            return text;
        }
        return text.substring(0, EXCERPT).stripTrailing() + "…";
    }
}
