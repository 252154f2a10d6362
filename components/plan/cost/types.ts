/** What the estimate reads of a plan, and what it returns. */
import type { UsageAssumptions } from "../../stack/usage";

/**
 * What the estimate reads of a recorded resource; `PlanResource` from `components/testing`
 * and the resources of a preview's plan JSON both fit.
 */
export interface CostResource {
    urn: string;
    /** Type token, e.g. `aws:ecs/service:Service`. */
    type: string;
    /** Logical name. */
    name: string;
    /** Region the resource is created in. */
    region: string;
    /** Inputs as the provider receives them. */
    inputs: Record<string, any>;
    /**
     * Set on resources derived from a remote component's inputs (`"awsx"`), not registered: the
     * estimate and the quota count skip them, as they price and count those from the component.
     */
    derived?: string;
}

/** What the estimate reads of a plan. */
export interface CostPlan {
    resources: readonly CostResource[];
}

/** One priced quantity of one resource. */
export interface CostLine {
    /** What is billed, e.g. `Fargate x86 vCPU (Spot)`. */
    item: string;
    /** URN of the resource the cost belongs to. */
    resource: string;
    /** Region it is priced in. */
    region: string;
    /** Units billed in the month. */
    quantity: number;
    /** The billing unit, e.g. `vCPU-hour`, `GB-month`, `1,000 requests`. */
    unit: string;
    /** Price of one unit (from `prices.json`). */
    unitUsd: number;
    /** `quantity × unitUsd`, rounded to cents. */
    monthlyUsd: number;
    /** How the quantity was worked out. */
    note: string;
}

/** A resource of a priced type that could not be priced, and why. */
export interface UnpricedResource {
    /** URN of the resource. */
    resource: string;
    /** Its type token. */
    type: string;
    /** Why it has no lines, e.g. `its task definition is not in the plan`. */
    reason: string;
}

/** The result of {@link estimateCost}. */
export interface CostEstimate {
    /** Sum of the lines' (rounded) `monthlyUsd`. */
    monthlyUsd: number;
    /** Currency of every amount (`USD`). */
    currency: string;
    /** The region most lines are priced in. */
    region: string;
    /** `version` of the price data used. */
    pricesVersion: string;
    /** One line per billed item and resource, in a fixed order of services. */
    lines: CostLine[];
    /** Resources of priced types that have no lines. */
    unpriced: UnpricedResource[];
    /** The assumptions the estimate used, defaults filled in. */
    assumptions: UsageAssumptions;
}
