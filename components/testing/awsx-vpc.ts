/**
 * The children an `awsx:ec2:Vpc` creates, derived from its recorded inputs.
 *
 * awsx's Vpc is a remote (multi-language) component: its provider plugin creates the children, so
 * under the mocks they never exist. A plan shows them anyway, computed the way awsx computes them,
 * each marked `derived: "awsx"`: they are DERIVED FROM awsx 3.x's CODE, NOT OBSERVED. Source read:
 * pulumi/pulumi-awsx `awsx/ec2/vpc.ts` (commit 01c654f2, the awsx 3.x line; this package installs
 * @pulumi/awsx 3.9.0) for the children, their names, parents, order and inputs (`initialize`,
 * `shouldCreateNatGateway`, `compareSubnetSpecs`), `awsx/ec2/subnetDistributorNew.ts`
 * (`getSubnetSpecs`, `defaultSubnetInputs`, `getSubnetSpecsExplicit`, `subnetName`) for the
 * "Auto" layout, and `awsx/ec2/subnetDistributorLegacy.ts` (`generateDefaultSubnets`) for the
 * default "Legacy" layout.
 *
 * What cannot be derived offline is marked `"[unknown]"`: a subnet range of the Legacy layout with
 * `subnetSpecs`, or any range when the VPC's own range comes from IPAM. Availability Zones are the
 * region's first zones as the mocks' `getAvailabilityZones` names them (awsx asks that data source
 * at deployment), unless `availabilityZoneNames` names them.
 *
 * Nothing here loads the Pulumi SDK.
 */
import type { PlanResource } from "./assertions";
import { engineUrn } from "./urns";

/** The value of `derived` on the records this module makes. */
export const DERIVED_AWSX = "awsx";

/** The awsx component whose children are derived. */
export const AWSX_VPC = "awsx:ec2:Vpc";

const UNKNOWN = "[unknown]";

/** One subnet awsx lays out (its `SubnetSpec`). */
export interface AwsxSubnet {
    /** `${vpc}-${spec name or type in lower case}-${az number}`. */
    name: string;
    /** The spec's type; `Unused` takes its range but makes no subnet. */
    type: "Public" | "Private" | "Isolated" | "Unused";
    /** Index of its Availability Zone in the VPC's zones, from 0. */
    azIndex: number;
    /** Name of its Availability Zone, e.g. `us-east-1a`. */
    az: string;
    /** Its IPv4 range, or `"[unknown]"` where it cannot be derived offline. */
    cidrBlock: string;
    /** The spec's own tags, merged over the VPC's. */
    tags?: Record<string, unknown>;
}

/**
 * The default zones of a region as the mocks answer `aws:getAvailabilityZones`: six in us-east-1,
 * three elsewhere.
 */
export function defaultZones(region: string): string[] {
    return [...(region === "us-east-1" ? "abcdef" : "abc")].map((l) => `${region}${l}`);
}

/**
 * The resources awsx creates for the `awsx:ec2:Vpc` record `vpc`, in awsx's creation order, each
 * with the engine's URN (awsx's parent chain: the VPC under the component, the internet gateway and
 * subnets under the VPC, route tables, NAT gateways and Elastic IPs under their subnet,
 * associations and routes under their route table), `custom: true`, `derived: "awsx"`, the
 * component's region and provider, and inputs referring to each other by mock id (`${name}-id`).
 * Throws nothing: inputs awsx would refuse give what awsx's loops would make of them.
 */
export function deriveAwsxVpcChildren(
    vpc: PlanResource,
    stack: string,
    project: string,
    zones: (region: string) => string[] = defaultZones,
): PlanResource[] {
    const args = vpc.inputs;
    const name = vpc.name;
    const azNames = azNamesOf(args, vpc.region, zones);
    const strategy = String(args.natGateways?.strategy ?? "OnePerAz").toLowerCase();
    const allocationIds: unknown[] = Array.isArray(args.natGateways?.elasticIpAllocationIds) ? args.natGateways.elasticIpAllocationIds : [];
    const userTags = isRecord(args.tags) ? args.tags : {};
    const sharedTags = { Name: name, ...userTags };
    const cidrBlock = typeof args.cidrBlock === "string" ? args.cidrBlock : args.ipv4IpamPoolId !== undefined ? UNKNOWN : "10.0.0.0/16";

    const out: PlanResource[] = [];
    const add = (type: string, childName: string, parent: PlanResource, inputs: Record<string, unknown>): PlanResource => {
        const r: PlanResource = {
            urn: engineUrn(stack, project, parent.urn, type, childName),
            type,
            name: childName,
            custom: true,
            parent: parent.urn,
            provider: vpc.provider,
            region: vpc.region,
            inputs: withoutUndefined(inputs),
            options: {
                protect: vpc.options.protect,
                retainOnDelete: false,
                ignoreChanges: [],
                // awsx gives every child but the VPC `dependsOn: [parent]`.
                dependsOn: parent === vpc ? [] : [parent.urn],
                deleteBeforeReplace: false,
            },
            derived: DERIVED_AWSX,
        };
        out.push(r);
        return r;
    };
    const id = (r: PlanResource) => `${r.name}-id`;

    const inner = add("aws:ec2/vpc:Vpc", name, vpc, { ...vpcInputs(args), cidrBlock, tags: sharedTags });
    const igw = add("aws:ec2/internetGateway:InternetGateway", name, inner, { vpcId: id(inner), tags: sharedTags });
    for (const spec of Array.isArray(args.vpcEndpointSpecs) ? args.vpcEndpointSpecs : []) {
        const { serviceName, autoAccept, policy, privateDnsEnabled, routeTableIds, securityGroupIds, subnetIds, tags, vpcEndpointType } =
            spec ?? {};
        const endpoint = { autoAccept, policy, privateDnsEnabled, routeTableIds, securityGroupIds, subnetIds, tags, vpcEndpointType };
        add("aws:ec2/vpcEndpoint:VpcEndpoint", String(serviceName), inner, { ...endpoint, vpcId: id(inner), serviceName });
    }

    const subnets = awsxSubnets(name, cidrBlock, azNames, args);
    const natGateways: PlanResource[] = [];
    const eips: PlanResource[] = [];
    for (let i = 0; i < azNames.length; i++) {
        const inAz = subnets.filter((s) => s.azIndex === i && s.type !== "Unused");
        // Array.prototype.sort is stable, as awsx relies on: public, then private, then isolated.
        inAz.sort((a, b) => ORDER[a.type] - ORDER[b.type]);
        for (const spec of inAz) {
            const typeTags = { Name: spec.name, SubnetType: spec.type };
            const subnet = add("aws:ec2/subnet:Subnet", spec.name, inner, {
                vpcId: id(inner),
                availabilityZone: spec.az,
                mapPublicIpOnLaunch: spec.type === "Public",
                cidrBlock: spec.cidrBlock,
                tags: { ...sharedTags, ...(spec.tags ?? {}), ...typeTags },
            });
            const table = add("aws:ec2/routeTable:RouteTable", spec.name, subnet, {
                vpcId: id(inner),
                tags: { ...sharedTags, ...typeTags },
            });
            add("aws:ec2/routeTableAssociation:RouteTableAssociation", spec.name, table, { routeTableId: id(table), subnetId: id(subnet) });
            if (spec.type === "Public" && shouldCreateNatGateway(strategy, natGateways.length, i)) {
                const natName = `${name}-${i + 1}`;
                const natTags = { ...userTags, Name: natName };
                if (allocationIds.length === 0) eips.push(add("aws:ec2/eip:Eip", natName, subnet, { tags: natTags }));
                // A VPC Elastic IP's id is its allocation id.
                const allocationId = allocationIds.length === 0 ? (eips[i] ? id(eips[i]) : UNKNOWN) : allocationIds[i];
                natGateways.push(
                    add("aws:ec2/natGateway:NatGateway", natName, subnet, { subnetId: id(subnet), allocationId, tags: natTags }),
                );
            }
            if (spec.type === "Public") {
                add("aws:ec2/route:Route", spec.name, table, {
                    routeTableId: id(table),
                    gatewayId: id(igw),
                    destinationCidrBlock: "0.0.0.0/0",
                });
            } else if (spec.type === "Private" && strategy !== "none") {
                const nat = strategy === "single" ? natGateways[0] : natGateways[i];
                add("aws:ec2/route:Route", spec.name, table, {
                    routeTableId: id(table),
                    natGatewayId: nat ? id(nat) : UNKNOWN,
                    destinationCidrBlock: "0.0.0.0/0",
                });
            }
        }
    }
    return out;
}

const ORDER: Record<AwsxSubnet["type"], number> = { Public: 0, Private: 1, Isolated: 2, Unused: 3 };

/** awsx's `shouldCreateNatGateway`: one gateway in all (Single), or one in each AZ's first public subnet (OnePerAz). */
function shouldCreateNatGateway(strategy: string, count: number, azIndex: number): boolean {
    if (strategy === "single") return count < 1;
    if (strategy === "oneperaz") return count < azIndex + 1;
    return false;
}

/** The zones awsx uses: `availabilityZoneNames`, else the region's first `numberOfAvailabilityZones` (default 3). */
function azNamesOf(args: Record<string, any>, region: string, zones: (region: string) => string[]): string[] {
    if (Array.isArray(args.availabilityZoneNames)) return args.availabilityZoneNames.map(String);
    const count = typeof args.numberOfAvailabilityZones === "number" ? args.numberOfAvailabilityZones : 3;
    const names = zones(region).slice(0, count);
    // More zones than the region has fails the deployment in awsx; the derivation names the missing ones.
    for (let i = names.length; i < count; i++) names.push(`${region} AZ ${i + 1}`);
    return names;
}

/** The arguments of the inner `aws.ec2.Vpc` (awsx passes all its args; the provider keeps its own). */
function vpcInputs(args: Record<string, any>): Record<string, unknown> {
    const keys = [
        "assignGeneratedIpv6CidrBlock",
        "enableDnsHostnames",
        "enableDnsSupport",
        "enableNetworkAddressUsageMetrics",
        "instanceTenancy",
        "ipv4IpamPoolId",
        "ipv4NetmaskLength",
        "ipv6CidrBlock",
        "ipv6CidrBlockNetworkBorderGroup",
        "ipv6IpamPoolId",
        "ipv6NetmaskLength",
    ];
    return Object.fromEntries(keys.filter((k) => args[k] !== undefined).map((k) => [k, args[k]]));
}

/**
 * The subnets awsx lays out for a VPC named `vpcName` with the range `cidrBlock` over `azNames`:
 * the "Auto" strategy (awsx `getSubnetSpecs`) or explicit `cidrBlocks` (`getSubnetSpecsExplicit`),
 * or the "Legacy" strategy, awsx's default (`generateDefaultSubnets` without `subnetSpecs`; with
 * them, names and types only, ranges `"[unknown]"`).
 */
export function awsxSubnets(vpcName: string, cidrBlock: string, azNames: readonly string[], args: Record<string, any>): AwsxSubnet[] {
    const specs = Array.isArray(args.subnetSpecs) ? (args.subnetSpecs as Record<string, any>[]) : undefined;
    const strategy = args.subnetStrategy ?? "Legacy";
    const named = (spec: Record<string, any>, i: number) => `${vpcName}-${spec.name ?? String(spec.type).toLowerCase()}-${i + 1}`;
    const vpcMask = parseCidr(cidrBlock);
    const out: AwsxSubnet[] = [];
    const push = (spec: Record<string, any>, i: number, cidr: string) =>
        out.push({
            name: named(spec, i),
            type: spec.type,
            azIndex: i,
            az: azNames[i],
            cidrBlock: cidr,
            ...(isRecord(spec.tags) ? { tags: spec.tags } : {}),
        });

    if (specs && strategy !== "Legacy" && specs.some((s) => s.cidrBlocks !== undefined)) {
        for (let i = 0; i < azNames.length; i++) for (const s of specs) push(s, i, String(s.cidrBlocks?.[i] ?? UNKNOWN));
        return out;
    }
    if (strategy === "Legacy") {
        const bits = Math.ceil(Math.log2(Math.max(azNames.length, 1)));
        const ordered = specs
            ? [
                  ...specs.filter((s) => s.type === "Private"),
                  ...specs.filter((s) => s.type === "Public"),
                  ...specs.filter((s) => s.type === "Isolated"),
              ]
            : [{ type: "Private" }, { type: "Public" }];
        for (let i = 0; i < azNames.length; i++) {
            const az =
                vpcMask && !specs ? { base: vpcMask.base + i * 2 ** (32 - vpcMask.bits - bits), bits: vpcMask.bits + bits } : undefined;
            for (const s of ordered) {
                // Without specs: private is the AZ's first half, public the first quarter of its second half.
                const cidr = !az
                    ? UNKNOWN
                    : s.type === "Private"
                      ? formatCidr(az.base, az.bits + 1)
                      : formatCidr(az.base + 2 ** (31 - az.bits), az.bits + 2);
                push(s, i, cidr);
            }
        }
        return out;
    }
    // "Auto": each AZ gets an equal block; its subnets follow each other in spec order.
    const azBits =
        typeof args.availabilityZoneCidrMask === "number"
            ? args.availabilityZoneCidrMask
            : vpcMask
              ? vpcMask.bits + newBits(azNames.length)
              : 0;
    const list = specs ?? [
        { type: "Private", cidrMask: Math.max(azBits, 16) + 1 },
        { type: "Public", cidrMask: Math.max(azBits, 16) + 2 },
    ];
    const defaultBits = azBits + newBits(list.length);
    for (let i = 0; i < azNames.length; i++) {
        const azBase = vpcMask ? vpcMask.base + i * 2 ** (32 - azBits) : undefined;
        let current: { base: number; bits: number } | undefined;
        for (const s of list) {
            const bits = maskOf(s) ?? defaultBits;
            if (azBase === undefined) {
                push(s, i, UNKNOWN);
                continue;
            }
            // awsx `nextNetmask`: the block of the new size holding the previous block's last address, then the next one.
            current =
                current === undefined
                    ? { base: azBase, bits }
                    : { base: align(current.base + 2 ** (32 - current.bits) - 1, bits) + 2 ** (32 - bits), bits };
            push(s, i, formatCidr(current.base, current.bits));
        }
    }
    return out;
}

/** A spec's netmask: `cidrMask`, or the mask of its `size` (awsx `validSubnetSizes`). */
function maskOf(spec: Record<string, any>): number | undefined {
    if (typeof spec.cidrMask === "number") return spec.cidrMask;
    if (typeof spec.size === "number" && spec.size > 0) return 32 - Math.log2(spec.size);
    return undefined;
}

/** awsx `newBits`: the bits that split a block into `count` parts. */
function newBits(count: number): number {
    return count === 0 ? 0 : Math.ceil(Math.log2(count));
}

function align(address: number, bits: number): number {
    const size = 2 ** (32 - bits);
    return Math.floor(address / size) * size;
}

function parseCidr(cidr: string): { base: number; bits: number } | undefined {
    const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
    if (!m) return undefined;
    const bits = Number(m[5]);
    const address = [m[1], m[2], m[3], m[4]].reduce((acc, o) => acc * 256 + Number(o), 0);
    return { base: align(address, bits), bits };
}

function formatCidr(base: number, bits: number): string {
    return [24, 16, 8, 0].map((s) => Math.floor(base / 2 ** s) % 256).join(".") + "/" + bits;
}

function isRecord(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function withoutUndefined(inputs: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(inputs).filter(([, v]) => v !== undefined));
}

/**
 * `resources` with the derived children of every `awsx:ec2:Vpc` inserted right after it (see
 * {@link deriveAwsxVpcChildren}); a plan that already holds derived records is returned as it is.
 */
export function withAwsxChildren(
    resources: readonly PlanResource[],
    stack: string,
    project: string,
    zones: (region: string) => string[] = defaultZones,
): PlanResource[] {
    if (resources.some((r) => r.derived !== undefined)) return [...resources];
    return resources.flatMap((r) => (r.type === AWSX_VPC ? [r, ...deriveAwsxVpcChildren(r, stack, project, zones)] : [r]));
}
