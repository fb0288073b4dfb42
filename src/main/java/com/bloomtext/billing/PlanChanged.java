package com.bloomtext.billing;

import com.bloomtext.shared.OrgId;

/** An organization moved from one plan to another (plan ids only). */
public record PlanChanged(OrgId organization, String fromPlan, String toPlan) {
}
