/** Rules for VPCs and security groups. */
import { Finding, PolicyResource, Rule, StackIndex, T, defineRule, finding, known, list, num, str } from "../resources";
import { listenersOf } from "./load-balancer";

const WORLD = ["0.0.0.0/0", "::/0"];

/** Inputs that name the source security group of an ingress permission, per way of writing it. */
const SOURCE_GROUP_INPUTS = ["referencedSecurityGroupId", "sourceSecurityGroupId", "ingress"];

/** Availability Zones of a VPC: awsx's `numberOfAvailabilityZones` (default 3) or zone names, or the zones of its subnets; undefined when unknown. */
function azCount(stack: StackIndex, vpc: PolicyResource): number | undefined {
    if (vpc.type === "awsx:ec2:Vpc") {
        const names = vpc.inputs.availabilityZoneNames;
        if (names !== undefined) return known(names) ? new Set(list(names)).size : undefined;
        const n = vpc.inputs.numberOfAvailabilityZones;
        return n === undefined ? 3 : num(n);
    }
    const subnets = stack.referrers(vpc, T.subnet, "vpcId");
    const zones = subnets.map((s) => str(s.inputs.availabilityZone) ?? str(s.inputs.availabilityZoneId));
    if (subnets.length === 0 || zones.some((z) => z === undefined)) return undefined;
    return new Set(zones).size;
}

/** One ingress permission of a security group, however it is written. */
interface Ingress {
    /** The resource that declares it (a rule resource, or the group for inline rules). */
    resource: PolicyResource;
    /** The groups it opens (of this stack). */
    groups: PolicyResource[];
    cidrs: string[];
    protocol: string;
    fromPort: number | undefined;
    toPort: number | undefined;
    /** References to source security groups. */
    sourceGroups: unknown[];
    /** Prefix lists or the group itself as source. */
    other: boolean;
    /** Whether any source value is unknown. */
    unknown: boolean;
}

function ingresses(stack: StackIndex): Ingress[] {
    const out: Ingress[] = [];
    for (const r of stack.ofType(T.ingressRule)) {
        const cidrs = [r.inputs.cidrIpv4, r.inputs.cidrIpv6].filter((c) => c !== undefined);
        out.push({
            resource: r,
            groups: stack.referenced(r, "securityGroupId", T.securityGroup),
            cidrs: cidrs.filter((c) => str(c)) as string[],
            protocol: String(r.inputs.ipProtocol ?? "-1"),
            fromPort: num(r.inputs.fromPort),
            toPort: num(r.inputs.toPort),
            sourceGroups: r.inputs.referencedSecurityGroupId === undefined ? [] : [r.inputs.referencedSecurityGroupId],
            other: r.inputs.prefixListId !== undefined,
            unknown: [...cidrs, r.inputs.referencedSecurityGroupId].some((v) => v !== undefined && !known(v)),
        });
    }
    for (const r of stack.ofType(T.securityGroupRule).filter((x) => x.inputs.type === "ingress")) {
        const cidrs = [...list(r.inputs.cidrBlocks), ...list(r.inputs.ipv6CidrBlocks)];
        out.push({
            resource: r,
            groups: stack.referenced(r, "securityGroupId", T.securityGroup),
            cidrs: cidrs.filter((c) => str(c)) as string[],
            protocol: String(r.inputs.protocol ?? "-1"),
            fromPort: num(r.inputs.fromPort),
            toPort: num(r.inputs.toPort),
            sourceGroups: r.inputs.sourceSecurityGroupId === undefined ? [] : [r.inputs.sourceSecurityGroupId],
            other: r.inputs.self === true || list(r.inputs.prefixListIds).length > 0,
            unknown: [...cidrs, r.inputs.sourceSecurityGroupId].some((v) => v !== undefined && !known(v)),
        });
    }
    for (const sg of stack.ofType(T.securityGroup)) {
        if (!known(sg.inputs.ingress)) continue;
        for (const rule of list<any>(sg.inputs.ingress)) {
            const cidrs = [...list(rule?.cidrBlocks), ...list(rule?.ipv6CidrBlocks)];
            out.push({
                resource: sg,
                groups: [sg],
                cidrs: cidrs.filter((c) => str(c)) as string[],
                protocol: String(rule?.protocol ?? "-1"),
                fromPort: num(rule?.fromPort),
                toPort: num(rule?.toPort),
                sourceGroups: list(rule?.securityGroups),
                other: rule?.self === true || list(rule?.prefixListIds).length > 0,
                unknown: [...cidrs, ...list(rule?.securityGroups)].some((v) => !known(v)),
            });
        }
    }
    return out;
}

/** Security groups attached to a load balancer, with the listener ports of that load balancer. */
function loadBalancerGroups(stack: StackIndex): Map<PolicyResource, Set<number>> {
    const out = new Map<PolicyResource, Set<number>>();
    for (const lb of stack.ofType(T.loadBalancer)) {
        const ports = listenersOf(stack, lb)
            .map((l) => num(l.inputs.port))
            .filter((p): p is number => p !== undefined);
        for (const sg of stack.referenced(lb, "securityGroups", T.securityGroup)) {
            const set = out.get(sg) ?? new Set<number>();
            ports.forEach((p) => set.add(p));
            out.set(sg, set);
        }
    }
    return out;
}

function describe(i: Ingress): string {
    const ports =
        i.protocol === "-1" || i.protocol === "all"
            ? "all traffic"
            : i.fromPort === i.toPort
              ? `${i.protocol} port ${i.fromPort}`
              : `${i.protocol} ports ${i.fromPort}-${i.toPort}`;
    return `${ports} of ${i.groups.map((g) => g.name).join(", ")}`;
}

export const NETWORK_RULES: Rule[] = [
    defineRule({
        id: "network-two-azs",
        area: "network",
        description: "VPCs span at least two Availability Zones.",
        sources: ["Well-Architected REL10-BP01"],
        severity: "high",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) =>
            stack.ofType(T.vpc).flatMap((vpc) => {
                const n = azCount(stack, vpc);
                return n !== undefined && n < 2 ? [finding(vpc, `Spans ${n} Availability Zone${n === 1 ? "" : "s"}: use at least 2.`)] : [];
            }),
    }),
    defineRule({
        id: "network-three-azs-prod",
        area: "network",
        description: "Production VPCs span at least three Availability Zones, so losing one zone still leaves two.",
        sources: ["Well-Architected REL10-BP01"],
        severity: "high",
        mandatoryIn: ["prod"],
        appliesIn: ["prod"],
        check: (stack) =>
            stack.ofType(T.vpc).flatMap((vpc) => {
                const n = azCount(stack, vpc);
                return n !== undefined && n < 3 ? [finding(vpc, `Spans ${n} Availability Zones: use at least 3 in prod.`)] : [];
            }),
    }),
    defineRule({
        id: "network-no-world-ingress",
        area: "network",
        description:
            "Nothing is open to the internet (0.0.0.0/0 or ::/0) except the listener ports of a load balancer, on the load balancer's own security group.",
        sources: ["cdk-nag AwsSolutions-EC23", "Well-Architected SEC05-BP01"],
        severity: "high",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) => {
            const lbGroups = loadBalancerGroups(stack);
            return ingresses(stack)
                .filter((i) => i.groups.length > 0 && i.cidrs.some((c) => WORLD.includes(c)))
                .filter(
                    (i) =>
                        !(
                            ["tcp", "6"].includes(i.protocol.toLowerCase()) &&
                            i.fromPort !== undefined &&
                            i.fromPort === i.toPort &&
                            i.groups.every((g) => lbGroups.get(g)?.has(i.fromPort as number))
                        ),
                )
                .map((i) =>
                    finding(
                        i.resource,
                        `Opens ${describe(i)} to the internet: allow only the load balancer's listener ports from 0.0.0.0/0, and everything else from security groups or private ranges.`,
                    ),
                );
        },
    }),
    defineRule({
        id: "network-task-ingress-from-alb",
        area: "network",
        description:
            "ECS task security groups admit traffic only from the security group of a load balancer, never from address ranges or other groups.",
        sources: ["Well-Architected SEC05-BP01"],
        severity: "high",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) => {
            const lbGroups = [...loadBalancerGroups(stack).keys()];
            const taskGroups = new Set(
                stack
                    .ofType(T.service)
                    .flatMap((s) =>
                        stack.referenced(s, "networkConfiguration", T.securityGroup, s.inputs.networkConfiguration?.securityGroups),
                    ),
            );
            return ingresses(stack)
                .filter((i) => !i.unknown && i.groups.some((g) => taskGroups.has(g)))
                .flatMap((i): Finding[] => {
                    if (i.cidrs.length > 0 || i.other)
                        return [
                            finding(
                                i.resource,
                                `Opens ${describe(i)} (a task security group) to ${i.cidrs.join(", ") || "a prefix list or the group itself"}: admit only the load balancer's security group.`,
                            ),
                        ];
                    const strangers = i.sourceGroups.filter(
                        (ref) => !lbGroups.some((g) => SOURCE_GROUP_INPUTS.some((prop) => stack.refersTo(i.resource, prop, g, ref))),
                    );
                    return strangers.length === 0
                        ? []
                        : [
                              finding(
                                  i.resource,
                                  `Opens ${describe(i)} (a task security group) to ${strangers.join(", ")}, which is no load balancer's security group: admit only the load balancer's.`,
                              ),
                          ];
                });
        },
    }),
    defineRule({
        id: "network-flow-logs",
        area: "network",
        description: "Every VPC records flow logs.",
        sources: ["cdk-nag AwsSolutions-VPC7", "checkov CKV2_AWS_11"],
        severity: "medium",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) =>
            stack
                .ofType(T.vpc)
                .filter((vpc) => stack.referrers(vpc, T.flowLog, "vpcId").length === 0)
                .map((vpc) => finding(vpc, 'Records no flow logs: add an aws.ec2.FlowLog for the VPC (trafficType "ALL").')),
    }),
    defineRule({
        id: "network-default-sg-closed",
        area: "network",
        description:
            "Every VPC's default security group is managed and holds no rule (an aws.ec2.DefaultSecurityGroup without rule blocks removes all of AWS's), so nothing can rely on it by accident.",
        sources: ["CIS AWS Foundations Benchmark v3.0.0 5.4"],
        severity: "medium",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) =>
            stack.ofType(T.vpc).flatMap((vpc) => {
                const groups = stack.referrers(vpc, T.defaultSecurityGroup, "vpcId");
                if (groups.length === 0)
                    return [
                        finding(
                            vpc,
                            "Leaves its default security group open (AWS allows all traffic within it and all egress): add an aws.ec2.DefaultSecurityGroup for the VPC without ingress or egress rules.",
                        ),
                    ];
                return groups
                    .filter((g) => list(g.inputs.ingress).length > 0 || list(g.inputs.egress).length > 0)
                    .map((g) => finding(g, "Keeps rules in the VPC's default security group: remove its ingress and egress rules."));
            }),
    }),
];
