package com.bloomtext.messaging.web;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.bloomtext.accounts.StaffDirectory;
import com.bloomtext.messaging.SendMode;
import com.bloomtext.messaging.internal.Conversations;
import com.bloomtext.messaging.internal.InboxScopes;
import com.bloomtext.numbers.TeamAccess;
import com.bloomtext.numbers.TeamRef;
import com.bloomtext.patients.PatientDirectory;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.E164;
import com.bloomtext.shared.OrgId;
import com.bloomtext.shared.PatientId;
import com.bloomtext.shared.TeamId;

import org.springframework.stereotype.Component;

/**
 * The inbox as one user sees it now, in the scope they chose: the page, its live re-renders and the search
 * results all draw their rows here, so a row reads the same wherever it appears.
 */
@Component
class InboxView {

    static final String ALL_CONVERSATIONS = "All conversations";
    /** Compiled once: String.split compiles a pattern of more than one character on every call. */
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /**
     * The organizations' own numbers as people read them, each formatted once: {@link E164#display()} parses the
     * number again with libphonenumber on every call, and every inbox page labels each of the user's teams twice
     * (its rows and its scope menu), 3% of the page's CPU in the benchmark's profile. Only team numbers pass here,
     * never a patient's.
     */
    private static final Map<E164, String> SHOWN_NUMBERS = new ConcurrentHashMap<>();

    /** {@link SendMode#SMS}'s name, as a conversation's last mode is stored. */
    private static final String SMS = SendMode.SMS.name();

    private final Conversations conversations;
    private final InboxScopes scopes;
    private final PatientDirectory patients;
    private final TeamAccess teams;
    private final StaffDirectory staff;

    InboxView(Conversations conversations, InboxScopes scopes, PatientDirectory patients, TeamAccess teams,
            StaffDirectory staff) {
        this.conversations = conversations;
        this.scopes = scopes;
        this.patients = patients;
        this.teams = teams;
        this.staff = staff;
    }

    InboxPages.InboxPage page(Actor actor) {
        Optional<TeamId> scope = scopes.chosen(actor);
        StaffDirectory.NameAndZone organization = staff.nameAndZone(actor.orgId());
        List<Conversations.InboxRow> inbox = conversations.inbox(actor, scope.orElse(null));
        // The user's teams label both the scope menu and the rows: a team's row is in their inbox only while they are
        // a member, so the organization's other teams are not read (one statement fewer than labelling from them all).
        List<TeamRef> mine = teams.teamsOf(actor.orgId(), actor.userId());
        List<InboxPages.InboxRow> rows = rows(actor.orgId(), inbox, organization.timeZone(), labels(mine));
        Conversations.UnreadCounts unread = conversations.unreadCounts(actor);
        List<InboxPages.ScopeChoice> choices = new ArrayList<>(mine.size() + 1);
        choices.add(new InboxPages.ScopeChoice(InboxPages.ScopeChoice.ALL, ALL_CONVERSATIONS, unread.all(), scope.isEmpty()));
        for (TeamRef team : mine) {
            choices.add(new InboxPages.ScopeChoice(team.id().toString(), sentFrom(team), unread.of(team.id()),
                    scope.filter(team.id()::equals).isPresent()));
        }
        String first = staff.displayName(actor.orgId(), actor.userId())
                .map(name -> WHITESPACE.split(name)[0]).orElse("");
        return new InboxPages.InboxPage(first, actor.admin(), organization.name(), rows, choices);
    }

    /** Inbox rows for these conversations, with names looked up in two queries for the lot, not two per row. */
    List<InboxPages.InboxRow> rows(Actor actor, List<Conversations.InboxRow> inbox) {
        return rows(actor.orgId(), inbox);
    }

    /** The same for lines as everyone who may see them reads them (live updates, which add each user's unread mark). */
    List<InboxPages.InboxRow> rows(OrgId org, List<Conversations.InboxRow> inbox) {
        return rows(org, inbox, staff.profile(org).timeZone(), labels(teams.all(org)));
    }

    /** Each team's label once per page, not once per row: formatting its number parses it again each time. */
    private static Map<TeamId, String> labels(List<TeamRef> teams) {
        Map<TeamId, String> labels = new HashMap<>(teams.size() * 2);
        for (TeamRef team : teams) {
            labels.put(team.id(), sentFrom(team));
        }
        return labels;
    }

    private List<InboxPages.InboxRow> rows(OrgId org, List<Conversations.InboxRow> inbox, ZoneId zone,
            Map<TeamId, String> sentFrom) {
        List<PatientId> ids = new ArrayList<>(inbox.size());
        for (Conversations.InboxRow row : inbox) {
            ids.add(row.patient());
        }
        Map<PatientId, String> names = patients.displayNames(org, ids);
        List<InboxPages.InboxRow> rows = new ArrayList<>(inbox.size());
        for (Conversations.InboxRow row : inbox) {
            rows.add(new InboxPages.InboxRow(row.id().toString(),
                    names.getOrDefault(row.patient(), "Archived patient"),
                    row.team() == null ? "Just me" : sentFrom.getOrDefault(row.team(), sentFrom(null)),
                    When.format(row.lastMessageAt(), zone),
                    row.lastMode() == null ? "" : SMS.equals(row.lastMode()) ? "SMS" : "Secure Chat",
                    row.unread()));
        }
        return rows;
    }

    /** A team as "Front desk · (415) 555-0142", or its name alone when that is its number or it has none. */
    static String sentFrom(TeamRef team) {
        if (team == null) {
            return "Team";
        }
        if (!team.hasActiveNumber()) {
            return team.name();
        }
        String number = shown(team.activeNumber());
        return team.name().equals(number) ? team.name() : team.name() + " · " + number;
    }

    private static String shown(E164 number) {
        String shown = SHOWN_NUMBERS.get(number);
        if (shown == null) {
            if (SHOWN_NUMBERS.size() >= 10_000) {
                SHOWN_NUMBERS.clear();
            }
            shown = number.display();
            SHOWN_NUMBERS.put(number, shown);
        }
        return shown;
    }
}
