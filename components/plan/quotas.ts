/**
 * Service quotas a plan runs into: counts what the plan's resources consume of AWS's default
 * quotas (per Region, per load balancer, per security group, per alarm) and reports each quota
 * the plan uses 80 % or more of. An offline review of one stack cannot see these: a stack that
 * is fine alone fails at deployment when another stack in the same account and Region already
 * holds the addresses it needs (`AddressLimitExceeded` on the last NAT gateway's Elastic IP).
 *
 * Reads the plan format only (`resources[]` with type, name, inputs, region). `awsx:ec2:Vpc`
 * children are not registered under the mocks, so its NAT gateways and their Elastic IPs are
 * counted from its inputs by {@link awsxNatGateways}, as the cost estimate prices them; the
 * records a plan derives for those children (`derived: "awsx"`) are skipped, not counted twice.
 *
 * The numbers are AWS's documented defaults; an account may have raised them. Not checked, on
 * purpose: KMS customer managed keys (100,000 per Region by default, "AWS KMS quotas",
 * https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html): a stack makes a
 * handful, so no plan comes near it; the key's cost is the cost estimate's concern.
 */
import { CostResource, awsxNatGateways, refersTo } from "./cost";

/** Where a default comes from: the AWS documentation page that states it. */
export interface QuotaSource {
    /** The page's title. */
    title: string;
    /** The page's address. */
    url: string;
}

/** One AWS service quota with its default value. */
export interface QuotaDefinition {
    /** The quota's name as AWS's documentation (and the Service Quotas console) names it. */
    name: string;
    /** The default value in a new account. */
    default: number;
    /** The documentation page that states the default. */
    source: QuotaSource;
}

const VPC_QUOTAS: QuotaSource = {
    title: "Amazon VPC quotas",
    url: "https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html",
};
const ALB_QUOTAS: QuotaSource = {
    title: "Quotas for your Application Load Balancers",
    url: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html",
};
const CLOUDWATCH_QUOTAS: QuotaSource = {
    title: "CloudWatch service quotas",
    url: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html",
};

/** The quotas {@link quotaUsage} counts, each with its default and source. */
export const QUOTAS = {
    // Amazon VPC quotas, "Elastic IP addresses": Elastic IP addresses per Region, 5.
    elasticIps: { name: "Elastic IP addresses per Region", default: 5, source: VPC_QUOTAS },
    // Amazon VPC quotas, "Gateways": NAT gateways per Availability Zone, 5.
    natGatewaysPerAz: { name: "NAT gateways per Availability Zone", default: 5, source: VPC_QUOTAS },
    // Amazon VPC quotas, "VPC and subnets": VPCs per Region, 5.
    vpcs: { name: "VPCs per Region", default: 5, source: VPC_QUOTAS },
    // Amazon VPC quotas, "Security groups": Security groups per network interface, 5.
    securityGroupsPerEni: { name: "Security groups per network interface", default: 5, source: VPC_QUOTAS },
    // Amazon VPC quotas, "Security groups": Inbound or outbound rules per security group, 60 each.
    inboundRules: { name: "Inbound rules per security group", default: 60, source: VPC_QUOTAS },
    outboundRules: { name: "Outbound rules per security group", default: 60, source: VPC_QUOTAS },
    // Quotas for your Application Load Balancers, "Load balancers": Application Load Balancers per Region, 50.
    albs: { name: "Application Load Balancers per Region", default: 50, source: ALB_QUOTAS },
    // Same page, "Load balancers": Listeners per Application Load Balancer, 50.
    listenersPerAlb: { name: "Listeners per Application Load Balancer", default: 50, source: ALB_QUOTAS },
    // Same page, "Rules": Rules per Application Load Balancer (excluding default rules), 100.
    rulesPerAlb: { name: "Rules per Application Load Balancer (excluding default rules)", default: 100, source: ALB_QUOTAS },
    // Same page, "Load balancers": Target Groups per Application Load Balancer, 100 (not adjustable).
    targetGroupsPerAlb: { name: "Target Groups per Application Load Balancer", default: 100, source: ALB_QUOTAS },
    // Same page, "Target groups": Target Groups per Region, 3,000 (shared with Network Load Balancers).
    targetGroups: { name: "Target Groups per Region", default: 3000, source: ALB_QUOTAS },
    // CloudWatch service quotas, "Alarm actions": 5/alarm (the API model caps each action list at 5).
    alarmActions: { name: "Alarm actions per alarm state", default: 5, source: CLOUDWATCH_QUOTAS },
    // CloudWatch service quotas, "Alarms": alarms based on metric math expressions can have up to 10 metrics.
    metricsPerMathAlarm: { name: "Metrics per metric math alarm", default: 10, source: CLOUDWATCH_QUOTAS },
    // CloudWatch service quotas, "Dashboards": up to 500 widgets per dashboard.
    widgetsPerDashboard: { name: "Widgets per dashboard", default: 500, source: CLOUDWATCH_QUOTAS },
    // CloudWatch service quotas, "Dashboards": up to 500 metrics per dashboard widget.
    metricsPerWidget: { name: "Metrics per dashboard widget", default: 500, source: CLOUDWATCH_QUOTAS },
} as const satisfies Record<string, QuotaDefinition>;

/** A plan as the quota check reads it: its stack name and its resources. */
export interface QuotaPlan {
    /** Stack name; labels per-resource counts when several plans are summed. */
    stack: string;
    resources: readonly CostResource[];
}

/** What a plan consumes of one quota in one scope (a Region, a load balancer, a security group…). */
export interface QuotaUsage {
    /** The quota's name, e.g. `Elastic IP addresses per Region`. */
    quota: string;
    /** What the quota applies to: a Region (`us-east-1`), or a resource (`app-alb`, `app-alb (prod)` when several stacks are summed). */
    scope: string;
    /** How many the plan uses. */
    count: number;
    /** The quota's default. */
    default: number;
    /** Where the default is documented. */
    source: QuotaSource;
    /** What was counted, e.g. `3 NAT gateways of app-vpc`. */
    detail: string;
}

/** A usage with its share of the default: what the preview's JSON lists under `quotas`. */
export interface QuotaStatus extends QuotaUsage {
    /** `count / default` in whole percent, rounded down. */
    percent: number;
    /**
     * `ok`: under 80 %; `near`: 80 % or more; `reached`: exactly the default, nothing more fits;
     * `exceeded`: more than the default, the deployment fails.
     */
    level: "ok" | "near" | "reached" | "exceeded";
}

/** A quota the plan uses 80 % or more of. */
export interface QuotaFinding extends QuotaStatus {
    level: "near" | "reached" | "exceeded";
}

const T = {
    awsxVpc: "awsx:ec2:Vpc",
    vpc: "aws:ec2/vpc:Vpc",
    eip: "aws:ec2/eip:Eip",
    lbs: ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"],
    listeners: ["aws:lb/listener:Listener", "aws:alb/listener:Listener"],
    rules: ["aws:lb/listenerRule:ListenerRule", "aws:alb/listenerRule:ListenerRule"],
    targetGroups: ["aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"],
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    sgRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    ecsService: "aws:ecs/service:Service",
    metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    compositeAlarm: "aws:cloudwatch/compositeAlarm:CompositeAlarm",
    dashboard: "aws:cloudwatch/dashboard:Dashboard",
};

/**
 * What the plans consume of every quota in {@link QUOTAS}, one entry per quota and scope. Region
 * quotas are summed over all plans (as if they share one account); per-resource quotas are
 * counted per resource of each plan.
 */
export function quotaUsage(all: readonly QuotaPlan[]): QuotaUsage[] {
    // Derived resources (an awsx Vpc's children) are counted from their component's inputs instead.
    const plans = all.map((p) => ({ ...p, resources: p.resources.filter((r) => r.derived === undefined) }));
    const usages: QuotaUsage[] = [];
    const label = (plan: QuotaPlan, name: string) => (plans.length > 1 ? `${name} (${plan.stack})` : name);
    const add = (q: QuotaDefinition, scope: string, count: number, detail: string) =>
        usages.push({ quota: q.name, scope, count, default: q.default, source: q.source, detail });

    regionQuotas(plans, label, add);
    for (const plan of plans) {
        loadBalancerQuotas(plan, (name) => label(plan, name), add);
        securityGroupQuotas(plan, (name) => label(plan, name), add);
        cloudWatchQuotas(plan, (name) => label(plan, name), add);
    }
    return usages;
}

/** The usages at or above `threshold` (a fraction) of their default, highest share first. */
export function checkQuotas(plans: readonly QuotaPlan[], threshold = 0.8): QuotaFinding[] {
    return findings(quotaUsage(plans), threshold);
}

/** Each usage with its percent and level (80 % is the threshold of `near`). */
export function quotaStatus(usages: readonly QuotaUsage[], threshold = 0.8): QuotaStatus[] {
    return usages.map((u) => ({
        ...u,
        percent: Math.floor((u.count * 100) / u.default),
        level:
            u.count > u.default
                ? ("exceeded" as const)
                : u.count === u.default
                  ? ("reached" as const)
                  : u.count > 0 && u.count >= threshold * u.default
                    ? ("near" as const)
                    : ("ok" as const),
    }));
}

/** {@link checkQuotas} over usages already counted. */
export function findings(usages: readonly QuotaUsage[], threshold = 0.8): QuotaFinding[] {
    return quotaStatus(usages, threshold)
        .filter((s): s is QuotaFinding => s.level !== "ok")
        .sort((a, b) => b.count / b.default - a.count / a.default);
}

type Add = (q: QuotaDefinition, scope: string, count: number, detail: string) => void;

function regionQuotas(plans: readonly QuotaPlan[], label: (plan: QuotaPlan, name: string) => string, add: Add): void {
    const regions = new Map<
        string,
        { eips: string[]; eipCount: number; vpcs: string[]; albs: string[]; tgs: number; azs: Map<string, string[]> }
    >();
    const at = (region: string) => {
        let r = regions.get(region);
        if (!r) regions.set(region, (r = { eips: [], eipCount: 0, vpcs: [], albs: [], tgs: 0, azs: new Map() }));
        return r;
    };
    for (const plan of plans) {
        for (const res of plan.resources) {
            const r = at(res.region);
            if (res.type === T.awsxVpc || res.type === T.vpc) r.vpcs.push(label(plan, res.name));
            if (res.type === T.awsxVpc) {
                const nat = awsxNatGateways(res.inputs);
                if (nat.count === 0) continue;
                // One Elastic IP per public NAT gateway; awsx puts gateway i in the region's i-th AZ.
                r.eipCount += nat.count;
                r.eips.push(`${nat.count} NAT ${nat.count === 1 ? "gateway" : "gateways"} of ${label(plan, res.name)}`);
                const names: unknown[] = Array.isArray(res.inputs.availabilityZoneNames) ? res.inputs.availabilityZoneNames : [];
                for (let i = 0; i < nat.count; i++) {
                    const az = typeof names[i] === "string" ? String(names[i]) : `AZ ${i + 1} of ${res.region}`;
                    r.azs.set(az, [...(r.azs.get(az) ?? []), label(plan, res.name)]);
                }
            }
            if (res.type === T.eip) {
                r.eipCount += 1;
                r.eips.push(`Elastic IP ${label(plan, res.name)}`);
            }
            if (T.lbs.includes(res.type) && (res.inputs.loadBalancerType ?? "application") === "application") {
                r.albs.push(label(plan, res.name));
            }
            if (T.targetGroups.includes(res.type)) r.tgs += 1;
        }
    }
    for (const [region, r] of [...regions].sort(([a], [b]) => a.localeCompare(b))) {
        if (r.eipCount > 0) add(QUOTAS.elasticIps, region, r.eipCount, r.eips.join(", "));
        for (const [az, vpcs] of r.azs) add(QUOTAS.natGatewaysPerAz, az, vpcs.length, `NAT gateways of ${vpcs.join(", ")}`);
        if (r.vpcs.length > 0) add(QUOTAS.vpcs, region, r.vpcs.length, r.vpcs.join(", "));
        if (r.albs.length > 0) add(QUOTAS.albs, region, r.albs.length, r.albs.join(", "));
        if (r.tgs > 0) add(QUOTAS.targetGroups, region, r.tgs, `${r.tgs} target ${r.tgs === 1 ? "group" : "groups"}`);
    }
}

function loadBalancerQuotas(plan: QuotaPlan, label: (name: string) => string, add: Add): void {
    const of = (types: string[]) => plan.resources.filter((r) => types.includes(r.type));
    const listeners = of(T.listeners);
    const rules = of(T.rules);
    const targetGroups = of(T.targetGroups);
    for (const alb of of(T.lbs)) {
        if ((alb.inputs.loadBalancerType ?? "application") !== "application") continue;
        const mine = listeners.filter((l) => refersTo(l.inputs.loadBalancerArn, [alb.name]));
        // A listener ARN carries its load balancer's name: `listener/app/<alb>/<id>/<id>`.
        const myRules = rules.filter((r) => refersTo(r.inputs.listenerArn, [alb.name]));
        const forwarded = [...mine.map((l) => l.inputs.defaultActions), ...myRules.map((r) => r.inputs.actions)].flatMap(targetGroupRefs);
        const myGroups = targetGroups.filter((tg) => forwarded.some((ref) => refersTo(ref, [tg.name])));
        add(QUOTAS.listenersPerAlb, label(alb.name), mine.length, `${mine.length} ${plural(mine.length, "listener")}`);
        add(QUOTAS.rulesPerAlb, label(alb.name), myRules.length, `${myRules.length} listener ${plural(myRules.length, "rule")}`);
        add(QUOTAS.targetGroupsPerAlb, label(alb.name), myGroups.length, `${myGroups.length} target ${plural(myGroups.length, "group")}`);
    }
}

function securityGroupQuotas(plan: QuotaPlan, label: (name: string) => string, add: Add): void {
    for (const r of plan.resources) {
        const groups =
            r.type === T.ecsService
                ? r.inputs.networkConfiguration?.securityGroups
                : T.lbs.includes(r.type)
                  ? r.inputs.securityGroups
                  : undefined;
        if (!Array.isArray(groups)) continue;
        // Every task of a Fargate service, and every node of a load balancer, has a network interface with these groups.
        add(QUOTAS.securityGroupsPerEni, label(r.name), groups.length, `${groups.length} security ${plural(groups.length, "group")}`);
    }
    for (const sg of plan.resources.filter((r) => r.type === T.securityGroup)) {
        const rules = plan.resources.filter(
            (r) =>
                (r.type === T.ingressRule || r.type === T.egressRule || r.type === T.sgRule) &&
                refersTo(r.inputs.securityGroupId, [sg.name]),
        );
        const inbound = rules.filter((r) => r.type === T.ingressRule || (r.type === T.sgRule && r.inputs.type === "ingress")).length;
        const outbound = rules.filter((r) => r.type === T.egressRule || (r.type === T.sgRule && r.inputs.type === "egress")).length;
        const inline = (k: string) => (Array.isArray(sg.inputs[k]) ? sg.inputs[k].length : 0);
        const ins = inbound + inline("ingress");
        const outs = outbound + inline("egress");
        add(QUOTAS.inboundRules, label(sg.name), ins, `${ins} inbound ${plural(ins, "rule")}`);
        add(QUOTAS.outboundRules, label(sg.name), outs, `${outs} outbound ${plural(outs, "rule")}`);
    }
}

function cloudWatchQuotas(plan: QuotaPlan, label: (name: string) => string, add: Add): void {
    for (const alarm of plan.resources.filter((r) => r.type === T.metricAlarm || r.type === T.compositeAlarm)) {
        for (const list of ["alarmActions", "okActions", "insufficientDataActions"]) {
            const n = Array.isArray(alarm.inputs[list]) ? alarm.inputs[list].length : 0;
            if (n > 0) add(QUOTAS.alarmActions, `${label(alarm.name)} ${list}`, n, `${n} ${plural(n, "action")}`);
        }
        const queries: unknown[] = Array.isArray(alarm.inputs.metricQueries) ? alarm.inputs.metricQueries : [];
        const metrics = queries.filter(
            (q) => typeof q === "object" && q !== null && (q as { metric?: unknown }).metric !== undefined,
        ).length;
        if (metrics > 0)
            add(QUOTAS.metricsPerMathAlarm, label(alarm.name), metrics, `${metrics} ${plural(metrics, "metric")} in metricQueries`);
    }
    for (const d of plan.resources.filter((r) => r.type === T.dashboard)) {
        const widgets = dashboardWidgets(d.inputs.dashboardBody);
        add(QUOTAS.widgetsPerDashboard, label(d.name), widgets.length, `${widgets.length} ${plural(widgets.length, "widget")}`);
        widgets.forEach((w, i) => {
            const metrics = Array.isArray(w?.properties?.metrics) ? w.properties.metrics.length : 0;
            if (metrics > 0)
                add(QUOTAS.metricsPerWidget, `${label(d.name)} widget ${i}`, metrics, `${metrics} ${plural(metrics, "metric")}`);
        });
    }
}

/** The widgets of a dashboard body (JSON text or an object); none when it cannot be read. */
function dashboardWidgets(body: unknown): any[] {
    let doc: unknown = body;
    if (typeof doc === "string") {
        try {
            doc = JSON.parse(doc);
        } catch {
            return [];
        }
    }
    const widgets = (doc as { widgets?: unknown } | null)?.widgets;
    return Array.isArray(widgets) ? widgets : [];
}

/** Target group ARNs an ALB action list forwards to: `targetGroupArn` and weighted `forward.targetGroups[].arn`. */
function targetGroupRefs(actions: unknown): unknown[] {
    if (!Array.isArray(actions)) return [];
    return actions.flatMap((a) => [
        a?.targetGroupArn,
        ...(Array.isArray(a?.forward?.targetGroups) ? a.forward.targetGroups.map((t: any) => t?.arn) : []),
    ]);
}

function plural(n: number, word: string): string {
    return n === 1 ? word : `${word}s`;
}

/** Options of {@link formatQuotas}. */
export interface FormatQuotasOptions {
    /** The stacks summed, when more than one: the section says they are assumed to share an account and Region. */
    stacks?: readonly string[];
}

/**
 * The "Quotas" section: one entry per finding (quota, scope, count of default, percent, what was
 * counted, the source), or a line saying none is at 80 %, with the highest share.
 */
export function formatQuotas(usages: readonly QuotaUsage[], options: FormatQuotasOptions = {}): string[] {
    const stacks = options.stacks ?? [];
    const title =
        stacks.length > 1
            ? `Quotas (default values) summed over stacks ${stacks.join(", ")}, assumed to share one AWS account and Region:`
            : "Quotas (default values):";
    const found = findings(usages);
    if (found.length === 0) {
        const top = [...usages].sort((a, b) => b.count / b.default - a.count / a.default)[0];
        const highest = top
            ? ` Highest: ${top.quota}, ${top.scope}: ${top.count} of ${top.default} (${Math.floor((top.count * 100) / top.default)} %).`
            : "";
        return [title, `    none at 80 % or more of its default.${highest}`];
    }
    const lines = [title];
    for (const f of found) {
        const level =
            f.level === "exceeded" ? "EXCEEDED, the deployment fails" : f.level === "reached" ? "reached, one more fails" : "near";
        lines.push(`    ${f.quota}, ${f.scope}: ${f.count} of ${f.default} (${f.percent} %, ${level}): ${f.detail}`);
        lines.push(`        source: ${f.source.title}, ${f.source.url}`);
    }
    return lines;
}
