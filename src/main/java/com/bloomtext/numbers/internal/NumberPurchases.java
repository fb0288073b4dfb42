package com.bloomtext.numbers.internal;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.bloomtext.accounts.OrganizationProfile;
import com.bloomtext.accounts.StaffDirectory;
import com.bloomtext.audit.AuditAction;
import com.bloomtext.audit.AuditLog;
import com.bloomtext.audit.AuditTarget;
import com.bloomtext.audit.Outcome;
import com.bloomtext.billing.Entitlement;
import com.bloomtext.billing.Entitlements;
import com.bloomtext.carrier.AreaCode;
import com.bloomtext.carrier.AvailableNumber;
import com.bloomtext.carrier.NumberProvisioning;
import com.bloomtext.carrier.NumberUnavailableException;
import com.bloomtext.carrier.PurchasedNumber;
import com.bloomtext.carrier.UsAreaCodes;
import com.bloomtext.carrier.WebhookUrls;
import com.bloomtext.shared.Actor;
import com.bloomtext.shared.E164;
import com.bloomtext.shared.NotFoundException;
import com.bloomtext.shared.TeamId;
import com.bloomtext.shared.web.PublicBaseUrl;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Picking and buying a phone number: search an area code, suggestions from the organization's address
 * or time zone, buy within the plan's limit (the number and its team are held before the carrier is
 * asked, so two admins can neither buy one number twice nor pass the limit), and release.
 */
@Service
public class NumberPurchases {

    public static final int RESULTS = 10;
    static final int SUGGESTIONS = 6;

    private final NumberProvisioning carrier;
    private final UsAreaCodes areaCodes;
    private final PhoneNumbers numbers;
    private final Teams teams;
    private final Entitlements entitlements;
    private final StaffDirectory staff;
    private final AuditLog auditLog;
    private final PublicBaseUrl publicBaseUrl;
    private final TransactionTemplate transaction;
    private final Clock clock;

    NumberPurchases(NumberProvisioning carrier, UsAreaCodes areaCodes, PhoneNumbers numbers, Teams teams,
            Entitlements entitlements, StaffDirectory staff, AuditLog auditLog, PublicBaseUrl publicBaseUrl,
            TransactionTemplate transaction, Clock clock) {
        this.carrier = carrier;
        this.areaCodes = areaCodes;
        this.numbers = numbers;
        this.teams = teams;
        this.entitlements = entitlements;
        this.staff = staff;
        this.auditLog = auditLog;
        this.publicBaseUrl = publicBaseUrl;
        this.transaction = transaction;
        this.clock = clock;
    }

    public boolean sandboxCarrier() {
        return carrier.sandbox();
    }

    /** Why this organization cannot take another number now, if it cannot. */
    public Optional<String> limitProblem(Actor admin) {
        Entitlement entitlement = entitlements.of(admin.orgId());
        if (!entitlement.smsEnabled()) {
            return Optional.of("Phone numbers come with an SMS plan. Choose one on the Plan tab first.");
        }
        int held = numbers.countHeld(admin.orgId());
        if (held >= entitlement.phoneNumbersAllowed()) {
            return Optional.of("Your plan, " + entitlement.planName() + ", includes "
                    + plural(entitlement.phoneNumbersAllowed(), "phone number") + ", and your organization has "
                    + held + ". Choose a larger plan on the Plan tab, or release a number under Directory → Phone numbers.");
        }
        return Optional.empty();
    }

    /**
     * A typed area code, checked: three digits, and in service in the US.
     *
     * @throws IllegalArgumentException with a message for the admin
     */
    public AreaCode areaCode(String typed) {
        String digits = typed == null ? "" : typed.replaceAll("[\\s()]", "");
        AreaCode areaCode;
        try {
            areaCode = new AreaCode(digits);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Enter a three-digit US area code, like 415.");
        }
        if (!areaCodes.inService(areaCode)) {
            throw new IllegalArgumentException(digits + " isn't a US area code in service. Try another one.");
        }
        return areaCode;
    }

    public List<AvailableNumber> available(AreaCode areaCode) {
        return carrier.searchLocal(areaCode, RESULTS);
    }

    /** Area codes near the practice: its city's first, then the rest of its state, else its time zone's. */
    public List<Suggestion> suggestions(Actor admin) {
        OrganizationProfile profile = staff.profile(admin.orgId());
        Set<AreaCode> found = new LinkedHashSet<>(areaCodes.inCity(profile.city(), profile.state()));
        found.addAll(areaCodes.inState(profile.state()));
        if (found.isEmpty()) {
            found.addAll(areaCodes.inTimeZone(profile.timeZone()));
        }
        return found.stream().limit(SUGGESTIONS).map(this::suggestion).toList();
    }

    /** Other area codes of the same state, for when this one is sold out. */
    public List<Suggestion> neighbours(AreaCode areaCode) {
        return areaCodes.neighbours(areaCode).stream().limit(SUGGESTIONS).map(this::suggestion).toList();
    }

    /**
     * Buys the number for the organization and makes its team, named after the number, with the admin
     * as its first member.
     *
     * @throws NumberLimitException       when the plan allows no other number
     * @throws NumberUnavailableException when someone else took it first
     */
    public TeamId buy(Actor admin, E164 number) {
        Teams.requireAdmin(admin);
        TeamId team = TeamId.random();
        UUID held = UUID.randomUUID();
        transaction.executeWithoutResult(status -> {
            numbers.lockOrganization(admin.orgId());
            limitProblem(admin).ifPresent(problem -> {
                throw new NumberLimitException(problem);
            });
            if (numbers.heldAnywhere(number)) {
                throw new NumberUnavailableException();
            }
            teams.create(admin.orgId(), team, number.display());
            try {
                numbers.add(new HeldNumber(held, admin.orgId(), team, number, HeldNumber.Status.PROVISIONING,
                        carrier.name(), null, clock.instant()));
            } catch (DuplicateKeyException e) {
                throw new NumberUnavailableException();
            }
        });
        PurchasedNumber purchased;
        try {
            purchased = carrier.purchase(number, webhooks());
        } catch (RuntimeException e) {
            transaction.executeWithoutResult(status -> numbers.forget(admin.orgId(), held, team));
            throw e;
        }
        transaction.executeWithoutResult(status -> {
            numbers.activate(admin.orgId(), held, purchased.carrierId());
            auditLog.record(admin, AuditAction.NUMBER_PURCHASED, AuditTarget.of("phone_number", held), Outcome.SUCCESS,
                    carrier.name());
            teams.join(admin.orgId(), admin, team, admin.userId());
        });
        return team;
    }

    /** Gives the team's number back to the carrier; the team, its members and its history stay. */
    public void release(Actor admin, TeamId team) {
        Teams.requireAdmin(admin);
        HeldNumber number = numbers.ofTeam(admin.orgId(), team).filter(HeldNumber::active)
                .orElseThrow(() -> new NotFoundException("Phone number"));
        if (number.carrierId() != null) {
            carrier.release(new PurchasedNumber(number.number(), number.carrierId()));
        }
        transaction.executeWithoutResult(status -> {
            numbers.release(admin.orgId(), number.id(), clock.instant());
            auditLog.record(admin, AuditAction.NUMBER_RELEASED, AuditTarget.of("phone_number", number.id()),
                    Outcome.SUCCESS, null);
        });
    }

    private WebhookUrls webhooks() {
        return new WebhookUrls(publicBaseUrl.link("/webhooks/" + carrier.name() + "/inbound"),
                publicBaseUrl.link("/webhooks/" + carrier.name() + "/status"));
    }

    private Suggestion suggestion(AreaCode areaCode) {
        return new Suggestion(areaCode.value(), areaCodes.locality(areaCode));
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    /** An area code offered as a suggestion, with where it is. */
    public record Suggestion(String areaCode, String locality) {
    }
}
