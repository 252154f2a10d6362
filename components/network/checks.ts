/** Checks of a Network's plain settings, and the subnet layout they must leave room for. */
import { NetworkSettings } from "./network";
import { Problems, isRecord, show } from "../core/validate";
import { get, retention } from "../core/checks";

const NETWORK_KEY_SET: Record<keyof NetworkSettings, true> = {
    azCount: true,
    natGateways: true,
    cidrBlock: true,
    flowLogRetentionDays: true,
};

/** Keys of `NetworkSettings`. */
export const NETWORK_SETTINGS_KEYS: readonly string[] = Object.keys(NETWORK_KEY_SET);

/** NAT gateway strategies of a Network. */
export const NAT_GATEWAY_OPTIONS = ["none", "single", "onePerAz"] as const;

/**
 * The narrowest subnet an Application Load Balancer takes: a /27 with at least 8 free addresses.
 * Source: Elastic Load Balancing, Application Load Balancers guide, "Subnets for your load balancer".
 */
export const MIN_LOAD_BALANCER_SUBNET_PREFIX = 27;

/**
 * The narrowest share of the VPC one availability zone may get: room for a /27 public subnet beside a
 * private subnet as large (awsx's own automatic layout refuses AZ ranges narrower than /26 too).
 */
export const MAX_AZ_RANGE_PREFIX = MIN_LOAD_BALANCER_SUBNET_PREFIX - 1;

/**
 * Addresses AWS keeps in every subnet (the first four and the last).
 * Source: Amazon VPC user guide, "Subnet CIDR blocks".
 */
export const RESERVED_SUBNET_ADDRESSES = 5;

/** Prefix lengths of a Network's subnet layout: each AZ's range, and the private and public subnet inside it. */
export interface SubnetLayout {
    az: number;
    private: number;
    public: number;
}

/**
 * The subnet layout of a VPC with the prefix `vpcPrefix` over `azCount` AZs, or undefined when an AZ's
 * share is too narrow for a /27 public subnet beside a private one. The VPC splits evenly over the AZs
 * (rounded up to a power of two); each AZ's private subnet takes half of its range and its public subnet
 * a quarter, the last quarter staying free for later use. On a VPC so small that the quarter would be
 * narrower than the load balancer's /27, the public subnet takes the /27, i.e. the other half.
 */
export function subnetLayout(vpcPrefix: number, azCount: number): SubnetLayout | undefined {
    const az = vpcPrefix + Math.ceil(Math.log2(azCount));
    if (az > MAX_AZ_RANGE_PREFIX) return undefined;
    return { az, private: az + 1, public: Math.min(az + 2, MIN_LOAD_BALANCER_SUBNET_PREFIX) };
}

/** Addresses a subnet with the prefix `prefix` leaves for resources. */
export function usableAddresses(prefix: number): number {
    return 2 ** (32 - prefix) - RESERVED_SUBNET_ADDRESSES;
}

/** The network address of a well-formed IPv4 CIDR block, e.g. "10.0.0.0/16" for "10.0.3.7/16". */
function networkAddress(cidr: string): string {
    const [ip, bits] = cidr.split("/");
    const prefix = Number(bits);
    const n = ip.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
    const size = 2 ** (32 - prefix);
    const base = Math.floor(n / size) * size;
    return [24, 16, 8, 0].map((s) => Math.floor(base / 2 ** s) % 256).join(".") + "/" + prefix;
}

// --- network -----------------------------------------------------------------------------

/**
 * Checks NetworkSettings: `azCount` 2-6, `natGateways`, `cidrBlock` a /16-/24 network address wide
 * enough to give every AZ a /27 public subnet (see `subnetLayout`), `flowLogRetentionDays`
 * 0 (off) or a CloudWatch Logs retention.
 * `known` lists the keys `s` may have; keys outside NetworkSettings are left to the caller.
 */
export function checkNetworkSettings(p: Problems, s: unknown, known: readonly string[] = NETWORK_SETTINGS_KEYS): void {
    if (!isRecord(s)) return;
    p.knownKeys("", s, known);
    const has = (k: string) => known.includes(k);
    const azCount = get(s, "azCount");
    const azCountOk = has("azCount") && p.int("azCount", azCount, 2, 6);
    if (has("natGateways")) p.oneOf("natGateways", get(s, "natGateways"), NAT_GATEWAY_OPTIONS);
    const cidr = get(s, "cidrBlock");
    let cidrOk = false;
    // AWS allows VPC blocks from /16 to /28; /24 keeps room for a public and a private subnet per AZ.
    if (has("cidrBlock") && p.cidr("cidrBlock", cidr, 16, 24) && typeof cidr === "string") {
        cidrOk = networkAddress(cidr) === cidr;
        if (!cidrOk)
            p.add("cidrBlock", cidr, `is not a network address (bits after the prefix are set); use ${show(networkAddress(cidr))}.`);
    }
    if (azCountOk && cidrOk && typeof azCount === "number" && typeof cidr === "string") {
        const prefix = Number(cidr.split("/")[1]);
        if (!subnetLayout(prefix, azCount)) {
            const azPrefix = prefix + Math.ceil(Math.log2(azCount));
            const mostAzs = 2 ** (MAX_AZ_RANGE_PREFIX - prefix);
            const maxPrefix = MAX_AZ_RANGE_PREFIX - Math.ceil(Math.log2(azCount));
            p.add(
                "azCount",
                azCount,
                `with ${p.key("cidrBlock")} (${show(cidr)}) leaves each availability zone a /${azPrefix}, too narrow for a public subnet of /${MIN_LOAD_BALANCER_SUBNET_PREFIX} (the smallest an Application Load Balancer takes) beside a private subnet; use at most ${mostAzs} availability zones, or a cidrBlock of /${maxPrefix} or larger.`,
            );
        }
    }
    if (has("flowLogRetentionDays")) retention(p, "flowLogRetentionDays", get(s, "flowLogRetentionDays"), true);
}
