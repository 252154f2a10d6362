/** Network: NAT gateways, their data processing and Elastic IPs. */
import { HOURS_PER_MONTH } from "./prices";
import { Estimator, T } from "./estimator";
import type { CostResource } from "./types";
import { arrayLength, num } from "./util";

/** NAT gateways: those an `awsx.ec2.Vpc` creates and those in the plan. */
export function priceNatGateways(e: Estimator): void {
    for (const vpc of e.of(T.vpc)) {
        const nat = awsxNatGateways(vpc.inputs);
        if (nat.count === 0) continue;
        natLines(e, vpc, nat.count, nat.note, e.use(vpc).natProcessedGbPerMonth, "");
    }
    const gateways = e.of(T.natGateway);
    for (const gw of gateways) {
        const processed = e.use(gw).natProcessedGbPerMonth / gateways.length;
        const share = gateways.length > 1 ? ` (1/${gateways.length} of ${num(e.use(gw).natProcessedGbPerMonth)} GB)` : "";
        natLines(e, gw, 1, "1 NAT gateway", processed, share, gw.inputs.connectivityType === "private");
    }
}

/** The hours, data processed and (for a public gateway) Elastic IP of `count` NAT gateways. */
function natLines(e: Estimator, r: CostResource, count: number, note: string, processedGb: number, share: string, isPrivate = false): void {
    e.add(r, "NAT gateway hours", count * HOURS_PER_MONTH, "gateway-hour", "natGatewayHour", `${note} × ${HOURS_PER_MONTH} h`);
    e.add(r, "NAT gateway data processed", processedGb, "GB", "natGatewayGb", `${num(processedGb)} GB per month${share}`);
    if (!isPrivate) {
        e.add(
            r,
            "Public IPv4 addresses",
            count * HOURS_PER_MONTH,
            "IP-hour",
            "publicIpv4Hour",
            `${count} (one Elastic IP per NAT gateway) × ${HOURS_PER_MONTH} h`,
        );
    }
}

export function awsxNatGateways(inputs: Record<string, any>): { count: number; note: string } {
    const azs = Number(inputs.numberOfAvailabilityZones ?? arrayLength(inputs.availabilityZoneNames) ?? 0) || 3;
    let strategy: string | undefined = inputs.natGateways?.strategy;
    if (!strategy) {
        // awsx defaults to one gateway per AZ when there are both private and public subnets.
        const specs: any[] | undefined = Array.isArray(inputs.subnetSpecs) ? inputs.subnetSpecs : undefined;
        const has = (t: string) => !specs || specs.some((s) => s?.type === t);
        strategy = has("Private") && has("Public") ? "OnePerAz" : "None";
    }
    switch (strategy) {
        case "Single":
            return { count: 1, note: "1 NAT gateway (strategy Single)" };
        case "OnePerAz":
            return { count: azs, note: `${azs} NAT gateways (strategy OnePerAz, ${azs} AZs)` };
        default:
            return { count: 0, note: "" };
    }
}
