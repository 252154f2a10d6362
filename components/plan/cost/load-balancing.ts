/** Load balancing: application load balancers, their capacity units and public addresses. */
import type { UsageAssumptions } from "../../stack/usage";
import { HOURS_PER_MONTH } from "./prices";
import { Estimator, T } from "./estimator";
import { arrayLength, num } from "./util";

// One LCU covers 1 GB per hour processed for container/IP targets and 25 new connections per second
// (Elastic Load Balancing pricing, via elb-pricing-transcript in prices.json).
const LCU_GB_PER_HOUR = 1;
const LCU_NEW_CONNECTIONS_PER_SECOND = 25;
const KB_PER_GB = 1024 * 1024;

/** Hours, capacity units and public IPv4 addresses of every application load balancer. */
export function priceLoadBalancers(e: Estimator): void {
    for (const lb of e.of(...T.loadBalancers)) {
        const type = lb.inputs.loadBalancerType ?? "application";
        if (type !== "application") {
            e.skip(lb, `${type} load balancers are not in the price data`);
            continue;
        }
        const u = e.use(lb);
        e.add(lb, "ALB hours", HOURS_PER_MONTH, "ALB-hour", "albHour", `${HOURS_PER_MONTH} h`);
        const lcu = albLcus(u);
        e.add(lb, "ALB capacity units", lcu.perHour * HOURS_PER_MONTH, "LCU-hour", "albLcuHour", `${lcu.note} × ${HOURS_PER_MONTH} h`);
        const addresses =
            lb.inputs.internal === true || lb.inputs.ipAddressType === "dualstack-without-public-ipv4"
                ? 0
                : arrayLength(lb.inputs.subnets) || arrayLength(lb.inputs.subnetMappings);
        if (addresses > 0) {
            e.add(
                lb,
                "Public IPv4 addresses",
                addresses * HOURS_PER_MONTH,
                "IP-hour",
                "publicIpv4Hour",
                `${addresses} (one per subnet) × ${HOURS_PER_MONTH} h`,
            );
        }
    }
}

/** LCUs per hour: given, or the largest of processed bytes and new connections. */
function albLcus(u: Omit<UsageAssumptions, "perResource">): { perHour: number; note: string } {
    if (u.albLcuPerHour !== undefined) return { perHour: u.albLcuPerHour, note: `${num(u.albLcuPerHour)} LCU (given)` };
    const gbPerHour = (u.requestsPerSecond * 3600 * u.averageResponseKb) / KB_PER_GB;
    const connections = u.requestsPerSecond / u.requestsPerConnection;
    const perHour = Math.max(gbPerHour / LCU_GB_PER_HOUR, connections / LCU_NEW_CONNECTIONS_PER_SECOND);
    return {
        perHour,
        note:
            `${num(perHour)} LCU (largest of ${num(gbPerHour)} GB/h processed ÷ ${LCU_GB_PER_HOUR} GB and ` +
            `${num(connections)} new connections/s ÷ ${LCU_NEW_CONNECTIONS_PER_SECOND})`,
    };
}
