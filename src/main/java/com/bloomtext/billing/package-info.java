/**
 * Plans, checkout (sandbox or Stripe), subscriptions, entitlements and SMS usage. Other modules ask
 * {@link com.bloomtext.billing.Entitlements} what an organization may do and feed {@link com.bloomtext.billing.SmsUsage}.
 */
@ApplicationModule(allowedDependencies = {"accounts", "shared", "ui", "audit"})
package com.bloomtext.billing;

import org.springframework.modulith.ApplicationModule;
