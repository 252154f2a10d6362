/**
 * The subnet layout of a Network: how the VPC's range splits over the availability zones, and
 * the narrowest ranges AWS allows for it.
 */
import { cidrPrefix } from "../core/validate";

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

/** Netmasks of the subnet layout: each AZ's range, and the private and public subnet inside it. */
export interface SubnetMasks {
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
export function networkAddress(cidr: string): string {
    const [ip, bits] = cidr.split("/");
    const prefix = Number(bits);
    const n = ip.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
    const size = 2 ** (32 - prefix);
    const base = Math.floor(n / size) * size;
    return [24, 16, 8, 0].map((s) => Math.floor(base / 2 ** s) % 256).join(".") + "/" + prefix;
}

/**
 * Splits the VPC evenly over the AZs (rounded up to a power of two), then gives each AZ's private
 * subnet half of its range and its public subnet a quarter (the last quarter stays free for later use).
 * An ALB needs subnets of at least /27 (Elastic Load Balancing, "Subnets for your load balancer"), so on
 * a small VPC the public subnet takes a /27, the other half of the AZ's range; a VPC too small for that
 * throws (resolveNetworkArgs refuses it first).
 */
export function subnetMasks(cidrBlock: string, azCount: number): SubnetMasks {
    const prefix = cidrPrefix(cidrBlock);
    if (prefix === undefined) throw new Error(`subnetMasks: ${JSON.stringify(cidrBlock)} is not an IPv4 CIDR block.`);
    const layout = subnetLayout(prefix, azCount);
    if (!layout) {
        throw new Error(
            `subnetMasks: ${cidrBlock} over ${azCount} AZs leaves each AZ less than the /${MAX_AZ_RANGE_PREFIX} a /27 public subnet and a private subnet need.`,
        );
    }
    return layout;
}
