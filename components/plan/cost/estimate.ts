/** The estimate of a plan: every service family's section, in the order the lines appear. */
import { UsageAssumptions, resolveUsage } from "../../stack/usage";
import { priceEcr, priceFargate } from "./compute";
import { Estimator } from "./estimator";
import { priceLoadBalancers } from "./load-balancing";
import { priceNatGateways } from "./network";
import { priceAlarms, priceDashboards, priceLogs, priceSns } from "./observability";
import { PRICES, PriceData } from "./prices";
import { priceKmsKeys, priceWaf } from "./security";
import { priceBuckets } from "./storage";
import type { CostEstimate, CostLine, CostPlan, CostResource } from "./types";
import { toCents } from "./util";

/**
 * Estimates the monthly cost of a plan's resources.
 *
 * Reads only the recorded resources (types and inputs). Each resource is priced in its own
 * region, so a replica bucket in another region is priced there. Throws when a resource to
 * price sits in a region `prices` does not hold, and a ConfigError for bad usage figures.
 * Derived resources (`derived` set) are skipped: the NAT gateways and Elastic IPs an
 * `awsx:ec2:Vpc` creates are priced once, from the Vpc's inputs.
 */
export function estimateCost(plan: CostPlan, usage: Partial<UsageAssumptions> = {}, prices: PriceData = PRICES): CostEstimate {
    const assumptions = resolveUsage(usage);
    const resources = plan.resources.filter((r) => r.derived === undefined);
    const e = new Estimator(resources, assumptions, prices);
    priceFargate(e);
    priceLoadBalancers(e);
    priceNatGateways(e);
    priceBuckets(e);
    priceKmsKeys(e);
    priceAlarms(e);
    priceDashboards(e);
    priceLogs(e);
    priceWaf(e);
    priceEcr(e);
    priceSns(e);
    const cents = e.lines.reduce((sum, l) => sum + toCents(l.monthlyUsd), 0);
    return {
        monthlyUsd: cents / 100,
        currency: prices.currency,
        region: mainRegion(e.lines, resources),
        pricesVersion: prices.version,
        lines: e.lines,
        unpriced: e.unpriced,
        assumptions,
    };
}

/** The region most lines are priced in; the first resource's when there are no lines. */
function mainRegion(lines: readonly CostLine[], resources: readonly CostResource[]): string {
    const counts = new Map<string, number>();
    for (const l of lines) counts.set(l.region, (counts.get(l.region) ?? 0) + 1);
    let best = resources[0]?.region ?? "";
    let most = 0;
    for (const [region, n] of counts) {
        if (n > most) {
            best = region;
            most = n;
        }
    }
    return best;
}
