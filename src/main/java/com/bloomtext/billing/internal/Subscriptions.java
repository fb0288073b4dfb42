package com.bloomtext.billing.internal;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

import com.bloomtext.shared.OrgId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The organizations' subscriptions: one row per organization that has paid; none means the default plan. */
@Repository
public class Subscriptions {

    private final JdbcClient jdbc;

    Subscriptions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Subscription> find(OrgId org) {
        return jdbc.sql("select * from subscription where organization_id = :org")
                .param("org", org.value())
                .query((rs, n) -> new Subscription(new OrgId(rs.getObject("organization_id", UUID.class)),
                        rs.getString("plan_id"), rs.getString("provider"), rs.getString("external_customer_id"),
                        rs.getString("external_subscription_id")))
                .optional();
    }

    /** An organization's plan id (null: no subscription, the default plan) and the segments it sent in a month. */
    public record PlanAndSegments(String planId, long segments) {
    }

    /**
     * The organization's plan id and its segments sent in this month (sms_usage), in one read: what an entitlement
     * is made of, once per send.
     */
    public PlanAndSegments planAndSegments(OrgId org, LocalDate month) {
        return jdbc.sql("""
                        select (select plan_id from subscription where organization_id = :org) as plan_id,
                               coalesce((select segments from sms_usage where organization_id = :org and month = :month), 0)
                                   as segments""")
                .param("org", org.value())
                .param("month", Date.valueOf(month))
                .query((rs, n) -> new PlanAndSegments(rs.getString("plan_id"), rs.getLong("segments")))
                .single();
    }

    /** The organization whose subscription this is at the provider; a webhook's only way in. */
    Optional<OrgId> organizationOf(String provider, String externalSubscriptionId) {
        return jdbc.sql("""
                        select organization_id from subscription
                        where provider = :provider and external_subscription_id = :id""")
                .param("provider", provider)
                .param("id", externalSubscriptionId)
                .query((rs, n) -> new OrgId(rs.getObject("organization_id", UUID.class)))
                .optional();
    }

    /** Locks the organization's subscription row (if any) until the transaction ends. */
    Optional<String> lockPlan(OrgId org) {
        return jdbc.sql("select plan_id from subscription where organization_id = :org for update")
                .param("org", org.value())
                .query(String.class)
                .optional();
    }

    void save(Subscription subscription, Instant at) {
        jdbc.sql("""
                        insert into subscription (organization_id, plan_id, provider, external_customer_id,
                                                  external_subscription_id, updated_at)
                        values (:org, :plan, :provider, :customer, :subscription, :at)
                        on conflict (organization_id) do update set plan_id = excluded.plan_id,
                            provider = excluded.provider, external_customer_id = excluded.external_customer_id,
                            external_subscription_id = excluded.external_subscription_id,
                            updated_at = excluded.updated_at""")
                .param("org", subscription.organization().value())
                .param("plan", subscription.planId())
                .param("provider", subscription.provider())
                .param("customer", subscription.externalCustomerId())
                .param("subscription", subscription.externalSubscriptionId())
                .param("at", Timestamp.from(at))
                .update();
    }

    void remove(OrgId org) {
        jdbc.sql("delete from subscription where organization_id = :org").param("org", org.value()).update();
    }
}
