/**
 * Monthly cost estimate of a plan: prices each recorded resource from its type and inputs
 * (never from the stack config), so it works for any program run under the mocks, not only
 * for ElasticStack. Prices come from `prices.json`; what the plan cannot tell (traffic,
 * stored data, log volume) comes from {@link UsageAssumptions}.
 */
import PRICE_FILE from "./prices.json";
import { DEFAULT_USAGE, UsageAssumptions, resolveUsage } from "../stack/usage";

export { DEFAULT_USAGE, resolveUsage, checkUsage } from "../stack/usage";
export type { ResourceUsage, UsageAssumptions } from "../stack/usage";

/** Hours in the month every estimate uses (365 × 24 ÷ 12). */
export const HOURS_PER_MONTH = 730;

/** Every figure a region of `prices.json` holds. */
export const PRICE_KEYS = [
    "fargateVcpuHour",
    "fargateGbHour",
    "fargateArmVcpuHour",
    "fargateArmGbHour",
    "fargateSpotVcpuHour",
    "fargateSpotGbHour",
    "fargateSpotArmVcpuHour",
    "fargateSpotArmGbHour",
    "albHour",
    "albLcuHour",
    "natGatewayHour",
    "natGatewayGb",
    "publicIpv4Hour",
    "s3StandardGbMonth",
    "s3PutPer1000",
    "s3GetPer1000",
    "s3ReplicationTransferGb",
    "kmsKeyMonth",
    "kmsRequestsPer10000",
    "cwAlarmMonth",
    "cwHighResAlarmMonth",
    "cwCompositeAlarmMonth",
    "cwDashboardMonth",
    "cwLogsIngestGb",
    "cwLogsStorageGbMonth",
    "vendedLogsIngestGb",
    "vendedLogsToS3Gb",
    "wafWebAclMonth",
    "wafRuleMonth",
    "wafRequestsPerMillion",
    "ecrStorageGbMonth",
    "snsPublishPerMillion",
] as const;
export type PriceKey = (typeof PRICE_KEYS)[number];

/** One region's prices (USD) with, per figure, its source ids or how it was derived. */
export type RegionPrices = { readonly [K in PriceKey]: number } & {
    readonly name: string;
    readonly sources: Readonly<Partial<Record<PriceKey, readonly string[]>>>;
    readonly derived: Readonly<Partial<Record<PriceKey, string>>>;
};

/** A page the prices were read from. */
export interface PriceSource {
    /** Id the regions' `sources` refer to. */
    id: string;
    title: string;
    /** Address of the page. */
    url: string;
    /** What the page states that the data file uses. */
    states: string;
}

/** The shape of `prices.json`. */
export interface PriceData {
    /** Version of the data (`YYYY-MM`); bump it when figures change. */
    version: string;
    /** Date the sources were read (YYYY-MM-DD). */
    readOn: string;
    currency: string;
    hoursPerMonth: number;
    /** What the figures cover and how to read them. */
    about: readonly string[];
    /** Factors used to derive usage-priced figures not found for a region. */
    regionMultipliers: Readonly<Record<string, number | string>>;
    /** Account-wide CloudWatch free tier, subtracted only with `applyFreeTier`. */
    freeTier: { source: string; cwDashboards: number; cwAlarmMetrics: number };
    sources: readonly PriceSource[];
    /** Prices by region code. */
    regions: Readonly<Record<string, RegionPrices>>;
}

/** The package's price data (`components/plan/prices.json`). */
export const PRICES: PriceData = PRICE_FILE as unknown as PriceData;

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

const T = {
    service: "aws:ecs/service:Service",
    taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
    scalingTarget: "aws:appautoscaling/target:Target",
    loadBalancers: ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"],
    vpc: "awsx:ec2:Vpc",
    natGateway: "aws:ec2/natGateway:NatGateway",
    buckets: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"],
    replication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
    kmsKeys: ["aws:kms/key:Key", "aws:kms/replicaKey:ReplicaKey"],
    metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    compositeAlarm: "aws:cloudwatch/compositeAlarm:CompositeAlarm",
    dashboard: "aws:cloudwatch/dashboard:Dashboard",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    flowLog: "aws:ec2/flowLog:FlowLog",
    webAcl: "aws:wafv2/webAcl:WebAcl",
    webAclAssociation: "aws:wafv2/webAclAssociation:WebAclAssociation",
    ecrRepository: "aws:ecr/repository:Repository",
    topic: "aws:sns/topic:Topic",
};

// One LCU covers 1 GB per hour processed for container/IP targets and 25 new connections per second
// (Elastic Load Balancing pricing, via elb-pricing-transcript in prices.json).
const LCU_GB_PER_HOUR = 1;
const LCU_NEW_CONNECTIONS_PER_SECOND = 25;
const KB_PER_GB = 1024 * 1024;

/**
 * Estimates the monthly cost of a plan's resources.
 *
 * Reads only the recorded resources (types and inputs). Each resource is priced in its own
 * region, so a replica bucket in another region is priced there. Throws when a resource to
 * price sits in a region `prices` does not hold, and a ConfigError for bad usage figures.
 */
export function estimateCost(plan: CostPlan, usage: Partial<UsageAssumptions> = {}, prices: PriceData = PRICES): CostEstimate {
    const assumptions = resolveUsage(usage);
    const e = new Estimator(plan.resources, assumptions, prices);
    e.fargate();
    e.loadBalancers();
    e.natGateways();
    e.buckets();
    e.kmsKeys();
    e.alarms();
    e.dashboards();
    e.logs();
    e.waf();
    e.ecr();
    e.sns();
    const cents = e.lines.reduce((sum, l) => sum + toCents(l.monthlyUsd), 0);
    return {
        monthlyUsd: cents / 100,
        currency: prices.currency,
        region: mainRegion(e.lines, plan.resources),
        pricesVersion: prices.version,
        lines: e.lines,
        unpriced: e.unpriced,
        assumptions,
    };
}

/** The error for a resource in a region the price data does not hold. */
export function unknownRegionMessage(region: string, prices: PriceData = PRICES): string {
    return (
        `No prices for region ${JSON.stringify(region)} in components/plan/prices.json (version ${prices.version}); ` +
        `known regions: ${Object.keys(prices.regions).join(", ")}.`
    );
}

class Estimator {
    readonly lines: CostLine[] = [];
    readonly unpriced: UnpricedResource[] = [];
    /** Average running tasks per task definition URN, for container log volume. */
    private readonly tasksByTaskDefinition = new Map<string, number>();
    private freeDashboards: number;
    private freeAlarmMetrics: number;

    constructor(
        private readonly resources: readonly CostResource[],
        private readonly usage: UsageAssumptions,
        private readonly prices: PriceData,
    ) {
        this.freeDashboards = usage.applyFreeTier ? prices.freeTier.cwDashboards : 0;
        this.freeAlarmMetrics = usage.applyFreeTier ? prices.freeTier.cwAlarmMetrics : 0;
    }

    // --- helpers -----------------------------------------------------------------------------

    private of(...types: string[]): CostResource[] {
        return this.resources.filter((r) => types.includes(r.type));
    }

    private use(r: CostResource): Omit<UsageAssumptions, "perResource"> {
        return { ...this.usage, ...definedOnly(this.usage.perResource[r.name] ?? {}) };
    }

    private price(region: string): RegionPrices {
        const p = Object.prototype.hasOwnProperty.call(this.prices.regions, region) ? this.prices.regions[region] : undefined;
        if (!p) throw new Error(unknownRegionMessage(region, this.prices));
        return p;
    }

    private add(r: CostResource, item: string, quantity: number, unit: string, key: PriceKey, note: string, region = r.region): void {
        const unitUsd = this.price(region)[key];
        this.lines.push({
            item,
            resource: r.urn,
            region,
            quantity: tidy(quantity),
            unit,
            unitUsd,
            monthlyUsd: toCents(quantity * unitUsd) / 100,
            note,
        });
    }

    private skip(r: CostResource, reason: string): void {
        this.unpriced.push({ resource: r.urn, type: r.type, reason });
    }

    // --- sections, in the order the lines appear ---------------------------------------------

    fargate(): void {
        const taskDefinitions = this.of(T.taskDefinition);
        const targets = this.of(T.scalingTarget).filter((t) => (t.inputs.serviceNamespace ?? "ecs") === "ecs");
        for (const svc of this.of(T.service)) {
            if (svc.inputs.launchType && svc.inputs.launchType !== "FARGATE") {
                this.skip(svc, `launch type ${svc.inputs.launchType} runs on instances the plan does not price`);
                continue;
            }
            const td = taskDefinitions.find((t) => refersTo(svc.inputs.taskDefinition, [t.urn, t.name, t.inputs.family]));
            if (!td) {
                this.skip(svc, "its task definition is not in the plan");
                continue;
            }
            const cpu = Number(td.inputs.cpu);
            const memory = Number(td.inputs.memory);
            if (!(cpu > 0) || !(memory > 0)) {
                this.skip(svc, `task definition ${td.name} sets no task-level cpu and memory`);
                continue;
            }
            const u = this.use(svc);
            const target = targets.find((t) => refersTo(lastSegment(t.inputs.resourceId), [svc.name, svc.inputs.name]));
            let tasks: number;
            let taskNote: string;
            if (target) {
                const min = Number(target.inputs.minCapacity ?? 0);
                const max = Number(target.inputs.maxCapacity ?? min);
                tasks = min + u.averageScaleShare * (max - min);
                taskNote = `${num(tasks)} tasks on average (${min} + ${u.averageScaleShare} × (${max} − ${min}))`;
            } else {
                tasks = Number(svc.inputs.desiredCount ?? 0);
                taskNote = `${num(tasks)} tasks (desiredCount)`;
            }
            if (!Number.isFinite(tasks)) {
                this.skip(svc, "its task count is not known before deployment");
                continue;
            }
            this.tasksByTaskDefinition.set(td.urn, (this.tasksByTaskDefinition.get(td.urn) ?? 0) + tasks);
            if (tasks <= 0) {
                this.skip(svc, "it runs no tasks (desiredCount 0 and no scaling target)");
                continue;
            }
            const split = spotSplit(tasks, svc.inputs.capacityProviderStrategies);
            const arm = String(td.inputs.runtimePlatform?.cpuArchitecture ?? "X86_64").toUpperCase() === "ARM64";
            const vcpu = cpu / 1024;
            const gb = memory / 1024;
            const arch = arm ? "ARM" : "x86";
            const tiers: [string, number, PriceKey, PriceKey][] = [
                ["on-demand", split.onDemand, arm ? "fargateArmVcpuHour" : "fargateVcpuHour", arm ? "fargateArmGbHour" : "fargateGbHour"],
                [
                    "Spot",
                    split.spot,
                    arm ? "fargateSpotArmVcpuHour" : "fargateSpotVcpuHour",
                    arm ? "fargateSpotArmGbHour" : "fargateSpotGbHour",
                ],
            ];
            for (const [tier, count, vcpuKey, gbKey] of tiers) {
                if (count <= 0) continue;
                const share = split.spot > 0 ? `${num(count)} ${tier} (${split.note}); ` : "";
                this.add(
                    svc,
                    `Fargate ${arch} vCPU (${tier})`,
                    count * vcpu * HOURS_PER_MONTH,
                    "vCPU-hour",
                    vcpuKey,
                    `${taskNote}; ${share}${num(vcpu)} vCPU × ${HOURS_PER_MONTH} h`,
                );
                this.add(
                    svc,
                    `Fargate ${arch} memory (${tier})`,
                    count * gb * HOURS_PER_MONTH,
                    "GB-hour",
                    gbKey,
                    `${taskNote}; ${share}${num(gb)} GB × ${HOURS_PER_MONTH} h`,
                );
            }
        }
    }

    loadBalancers(): void {
        for (const lb of this.of(...T.loadBalancers)) {
            const type = lb.inputs.loadBalancerType ?? "application";
            if (type !== "application") {
                this.skip(lb, `${type} load balancers are not in the price data`);
                continue;
            }
            const u = this.use(lb);
            this.add(lb, "ALB hours", HOURS_PER_MONTH, "ALB-hour", "albHour", `${HOURS_PER_MONTH} h`);
            const lcu = albLcus(u);
            this.add(
                lb,
                "ALB capacity units",
                lcu.perHour * HOURS_PER_MONTH,
                "LCU-hour",
                "albLcuHour",
                `${lcu.note} × ${HOURS_PER_MONTH} h`,
            );
            const addresses =
                lb.inputs.internal === true || lb.inputs.ipAddressType === "dualstack-without-public-ipv4"
                    ? 0
                    : arrayLength(lb.inputs.subnets) || arrayLength(lb.inputs.subnetMappings);
            if (addresses > 0) {
                this.add(
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

    natGateways(): void {
        for (const vpc of this.of(T.vpc)) {
            const nat = awsxNatGateways(vpc.inputs);
            if (nat.count === 0) continue;
            this.natLines(vpc, nat.count, nat.note, this.use(vpc).natProcessedGbPerMonth, "");
        }
        const gateways = this.of(T.natGateway);
        for (const gw of gateways) {
            const processed = this.use(gw).natProcessedGbPerMonth / gateways.length;
            const share = gateways.length > 1 ? ` (1/${gateways.length} of ${num(this.use(gw).natProcessedGbPerMonth)} GB)` : "";
            this.natLines(gw, 1, "1 NAT gateway", processed, share, gw.inputs.connectivityType === "private");
        }
    }

    private natLines(r: CostResource, count: number, note: string, processedGb: number, share: string, isPrivate = false): void {
        this.add(r, "NAT gateway hours", count * HOURS_PER_MONTH, "gateway-hour", "natGatewayHour", `${note} × ${HOURS_PER_MONTH} h`);
        this.add(r, "NAT gateway data processed", processedGb, "GB", "natGatewayGb", `${num(processedGb)} GB per month${share}`);
        if (!isPrivate) {
            this.add(
                r,
                "Public IPv4 addresses",
                count * HOURS_PER_MONTH,
                "IP-hour",
                "publicIpv4Hour",
                `${count} (one Elastic IP per NAT gateway) × ${HOURS_PER_MONTH} h`,
            );
        }
    }

    buckets(): void {
        const buckets = this.of(...T.buckets);
        for (const b of buckets) {
            const u = this.use(b);
            this.add(
                b,
                "S3 Standard storage",
                u.storedGbPerBucket,
                "GB-month",
                "s3StandardGbMonth",
                `${num(u.storedGbPerBucket)} GB stored`,
            );
            this.add(
                b,
                "S3 PUT requests",
                u.s3PutsPerMonth / 1000,
                "1,000 requests",
                "s3PutPer1000",
                `${num(u.s3PutsPerMonth)} PUT, COPY, POST and LIST requests`,
            );
            this.add(
                b,
                "S3 GET requests",
                u.s3GetsPerMonth / 1000,
                "1,000 requests",
                "s3GetPer1000",
                `${num(u.s3GetsPerMonth)} GET requests`,
            );
        }
        for (const rc of this.of(T.replication)) {
            const rules: any[] = Array.isArray(rc.inputs.rules) ? rc.inputs.rules : [];
            const destinations = new Set<string>();
            let unknown = 0;
            for (const rule of rules) {
                if (rule?.status === "Disabled") continue;
                const arn = rule?.destination?.bucket;
                const dest = buckets.find((b) => refersTo(arn, [b.urn, b.name, b.inputs.bucket]));
                if (!dest) {
                    unknown += destinations.has(String(arn)) ? 0 : 1;
                    destinations.add(String(arn));
                } else if (dest.region !== rc.region) {
                    destinations.add(dest.urn);
                }
            }
            if (destinations.size === 0) continue;
            const u = this.use(rc);
            const gb = u.replicatedGbPerMonth * destinations.size;
            const where = unknown > 0 ? `; ${unknown} destination(s) not in the plan, taken as in another region` : "";
            this.add(
                rc,
                "S3 replication transfer",
                gb,
                "GB",
                "s3ReplicationTransferGb",
                `${num(u.replicatedGbPerMonth)} GB to each of ${destinations.size} bucket(s) in another region, billed in the source region${where}`,
            );
        }
    }

    kmsKeys(): void {
        for (const key of this.of(...T.kmsKeys)) {
            const u = this.use(key);
            const rotation = key.inputs.enableKeyRotation ? "; each rotation adds one key-month, not counted" : "";
            this.add(key, "KMS key", 1, "key-month", "kmsKeyMonth", `1 customer managed key${rotation}`);
            this.add(
                key,
                "KMS requests",
                u.kmsRequestsPerKeyMonth / 10000,
                "10,000 requests",
                "kmsRequestsPer10000",
                `${num(u.kmsRequestsPerKeyMonth)} requests`,
            );
        }
    }

    alarms(): void {
        for (const alarm of this.of(T.metricAlarm)) {
            const queries: any[] = Array.isArray(alarm.inputs.metricQueries) ? alarm.inputs.metricQueries : [];
            const withMetric = queries.filter((q) => q && q.metric);
            const metrics = queries.length > 0 ? Math.max(withMetric.length, 1) : 1;
            const periods = [alarm.inputs.period, ...withMetric.map((q) => q.metric.period)].map(Number).filter((n) => n > 0);
            const highRes = periods.length > 0 && Math.min(...periods) < 60;
            const what = queries.length > 0 ? `${metrics} metric(s) in its metric math` : "1 metric";
            if (highRes) {
                this.add(
                    alarm,
                    "CloudWatch high-resolution alarm",
                    metrics,
                    "alarm metric-month",
                    "cwHighResAlarmMonth",
                    `${what}; period under 60 s`,
                );
                continue;
            }
            const free = Math.min(this.freeAlarmMetrics, metrics);
            this.freeAlarmMetrics -= free;
            const freeNote = free > 0 ? `; ${free} covered by the free tier` : "";
            this.add(alarm, "CloudWatch alarm", metrics - free, "alarm metric-month", "cwAlarmMonth", `${what}${freeNote}`);
        }
        for (const alarm of this.of(T.compositeAlarm)) {
            this.add(alarm, "CloudWatch composite alarm", 1, "alarm-month", "cwCompositeAlarmMonth", "1 composite alarm");
        }
    }

    dashboards(): void {
        for (const d of this.of(T.dashboard)) {
            const free = this.freeDashboards > 0 ? 1 : 0;
            this.freeDashboards -= free;
            this.add(
                d,
                "CloudWatch dashboard",
                1 - free,
                "dashboard-month",
                "cwDashboardMonth",
                free ? "covered by the free tier (3 dashboards per account)" : "1 dashboard",
            );
        }
    }

    logs(): void {
        const flowLogs = this.of(T.flowLog);
        const taskDefinitions = this.of(T.taskDefinition);
        for (const lg of this.of(T.logGroup)) {
            const ids = [lg.urn, lg.name, lg.inputs.name];
            const u = this.use(lg);
            const flows = flowLogs.filter(
                (f) =>
                    flowLogDestination(f) === "cloud-watch-logs" &&
                    (refersTo(f.inputs.logDestination, ids) || refersTo(f.inputs.logGroupName, ids)),
            );
            const writers = taskDefinitions.filter((td) => awslogsGroups(td.inputs.containerDefinitions).some((g) => refersTo(g, ids)));
            let ingestGb: number;
            let what: string;
            if (flows.length > 0) {
                ingestGb = flows.reduce((sum, f) => sum + this.use(f).flowLogGbPerMonth, 0);
                what = `${num(ingestGb)} GB of flow logs per month`;
            } else if (writers.length > 0) {
                const tasks = writers.reduce((sum, td) => sum + (this.tasksByTaskDefinition.get(td.urn) ?? 0), 0);
                ingestGb = tasks * u.containerLogGbPerTaskMonth;
                what = `${num(tasks)} tasks × ${num(u.containerLogGbPerTaskMonth)} GB of container logs per month`;
                this.add(lg, "CloudWatch Logs ingestion", ingestGb, "GB", "cwLogsIngestGb", what);
            } else {
                ingestGb = u.otherLogGbPerMonth;
                what = `${num(ingestGb)} GB per month`;
                this.add(lg, "CloudWatch Logs ingestion", ingestGb, "GB", "cwLogsIngestGb", what);
            }
            const days = Number(lg.inputs.retentionInDays ?? 0);
            const months = days > 0 ? (days * 24) / HOURS_PER_MONTH : u.unlimitedRetentionMonths;
            const kept = days > 0 ? `${days} days retention = ${num(months)} months` : `no retention: ${num(months)} months assumed`;
            this.add(
                lg,
                "CloudWatch Logs storage",
                ingestGb * months,
                "GB-month",
                "cwLogsStorageGbMonth",
                `${what} × ${kept} (steady state, uncompressed)`,
            );
        }
        for (const f of flowLogs) {
            const gb = this.use(f).flowLogGbPerMonth;
            const destination = flowLogDestination(f);
            if (destination === "cloud-watch-logs") {
                this.add(
                    f,
                    "VPC flow logs delivery (vended logs)",
                    gb,
                    "GB",
                    "vendedLogsIngestGb",
                    `${num(gb)} GB per month to CloudWatch Logs`,
                );
            } else if (destination === "s3") {
                this.add(f, "VPC flow logs delivery to S3 (vended logs)", gb, "GB", "vendedLogsToS3Gb", `${num(gb)} GB per month to S3`);
            } else {
                this.skip(f, `flow log destination ${destination} is not in the price data`);
            }
        }
    }

    waf(): void {
        const acls = this.of(T.webAcl);
        const lbs = this.of(...T.loadBalancers);
        for (const acl of acls) {
            const rules = arrayLength(acl.inputs.rules);
            this.add(acl, "WAF web ACL", 1, "ACL-month", "wafWebAclMonth", "1 web ACL");
            if (rules > 0) this.add(acl, "WAF rules", rules, "rule-month", "wafRuleMonth", `${rules} rule(s) in the web ACL`);
        }
        const external = new Set<string>();
        for (const assoc of this.of(T.webAclAssociation)) {
            const arn = assoc.inputs.webAclArn;
            const acl = acls.find((a) => refersTo(arn, [a.urn, a.name, a.inputs.name]));
            if (!acl && !external.has(String(arn))) {
                external.add(String(arn));
                const u = this.use(assoc);
                this.add(assoc, "WAF web ACL", 1, "ACL-month", "wafWebAclMonth", "1 web ACL defined outside the plan");
                this.add(
                    assoc,
                    "WAF rules",
                    u.wafRulesPerExternalWebAcl,
                    "rule-month",
                    "wafRuleMonth",
                    `${num(u.wafRulesPerExternalWebAcl)} rule(s) assumed in the web ACL defined outside the plan`,
                );
            }
            const lb = lbs.find((l) => refersTo(assoc.inputs.resourceArn, [l.urn, l.name, l.inputs.name]));
            const rps = this.use(lb ?? assoc).requestsPerSecond;
            const millions = (rps * 3600 * HOURS_PER_MONTH) / 1e6;
            this.add(
                assoc,
                "WAF requests",
                millions,
                "million requests",
                "wafRequestsPerMillion",
                `${num(rps)} requests/s × 3,600 s × ${HOURS_PER_MONTH} h`,
            );
        }
    }

    ecr(): void {
        for (const repo of this.of(T.ecrRepository)) {
            const gb = this.use(repo).ecrStoredGbPerRepository;
            this.add(repo, "ECR storage", gb, "GB-month", "ecrStorageGbMonth", `${num(gb)} GB of images`);
        }
    }

    sns(): void {
        for (const topic of this.of(T.topic)) {
            const n = this.use(topic).snsPublishesPerTopicMonth;
            this.add(topic, "SNS publishes", n / 1e6, "million requests", "snsPublishPerMillion", `${num(n)} messages published`);
        }
    }
}

/** The Spot and on-demand task counts of a service with `tasks` average running tasks. */
export function spotSplit(tasks: number, strategies: unknown): { onDemand: number; spot: number; note: string } {
    const list = (Array.isArray(strategies) ? strategies : []).filter(
        (s) => s && (s.capacityProvider === "FARGATE" || s.capacityProvider === "FARGATE_SPOT"),
    );
    if (list.length === 0) return { onDemand: tasks, spot: 0, note: "" };
    // ECS places the `base` tasks first, then splits the rest by weight.
    let remaining = tasks;
    let spot = 0;
    let onDemand = 0;
    for (const s of list) {
        const base = Math.min(remaining, Number(s.base ?? 0));
        remaining -= base;
        if (s.capacityProvider === "FARGATE_SPOT") spot += base;
        else onDemand += base;
    }
    const weight = (p: string) => list.filter((s) => s.capacityProvider === p).reduce((sum, s) => sum + Number(s.weight ?? 0), 0);
    const spotWeight = weight("FARGATE_SPOT");
    const total = spotWeight + weight("FARGATE");
    const spotRest = total > 0 ? (remaining * spotWeight) / total : 0;
    spot += spotRest;
    onDemand += remaining - spotRest;
    const bases = list.filter((s) => Number(s.base ?? 0) > 0).map((s) => `base ${s.base} on ${s.capacityProvider}`);
    const note = [...bases, `Spot weight ${spotWeight} of ${total}`].join(", ");
    return { onDemand, spot, note };
}

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

/** NAT gateways an `awsx.ec2.Vpc` creates (they are not separate resources under mocks). */
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

function flowLogDestination(f: CostResource): string {
    return String(f.inputs.logDestinationType ?? "cloud-watch-logs");
}

/** The `awslogs-group` options of a task definition's containers. */
function awslogsGroups(containerDefinitions: unknown): string[] {
    let defs: unknown = containerDefinitions;
    if (typeof defs === "string") {
        try {
            defs = JSON.parse(defs);
        } catch {
            return [];
        }
    }
    if (!Array.isArray(defs)) return [];
    return defs
        .map((c) => (c?.logConfiguration?.logDriver === "awslogs" ? c.logConfiguration.options?.["awslogs-group"] : undefined))
        .filter((g): g is string => typeof g === "string");
}

/**
 * True when `ref` (an ARN, id, name or URN recorded in some input) names one of `ids`.
 * Mock ids are `${name}-id` and ARNs carry the name as one `/`- or `:`-separated segment;
 * real auto-names add a 7-character hex suffix.
 */
export function refersTo(ref: unknown, ids: readonly unknown[]): boolean {
    if (typeof ref !== "string" || ref.length === 0) return false;
    const names = ids.filter((id): id is string => typeof id === "string" && id.length > 0);
    if (names.includes(ref)) return true;
    const segments = ref.split(/[/:]/);
    return names.some((id) =>
        segments.some((s) => s === id || s === `${id}-id` || (s.startsWith(`${id}-`) && /^[0-9a-f]{7}$/.test(s.slice(id.length + 1)))),
    );
}

function lastSegment(ref: unknown): string | undefined {
    return typeof ref === "string" ? ref.split("/").pop() : undefined;
}

function arrayLength(v: unknown): number {
    return Array.isArray(v) ? v.length : 0;
}

function definedOnly<T extends object>(o: T): Partial<T> {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Integer cents of a dollar amount, rounding half up after clearing binary noise. */
function toCents(usd: number): number {
    return Math.round(Number((usd * 100).toPrecision(12)));
}

/** Clears binary noise from a computed quantity (3 × 0.1 → 0.3). */
function tidy(n: number): number {
    return Number(n.toPrecision(12));
}

/** A number as notes print it: at most 4 decimals, no trailing zeros. */
function num(n: number): string {
    return String(Number(n.toFixed(4)));
}

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

/**
 * The estimate as an aligned table: one row per line, then the total (equal to
 * `estimate.monthlyUsd`) and any resources that could not be priced.
 */
export function formatCostTable(estimate: CostEstimate): string {
    const header = ["Item", "Resource", "Region", "Quantity", "Unit", "USD/unit", "USD/month", "Note"];
    const rows = estimate.lines.map((l) => [
        l.item,
        nameOf(l.resource),
        l.region,
        num(l.quantity),
        l.unit,
        String(l.unitUsd),
        l.monthlyUsd.toFixed(2),
        l.note,
    ]);
    const total = ["Total", "", "", "", "", "", estimate.monthlyUsd.toFixed(2), ""];
    const numeric = new Set([3, 5, 6]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length), total[i].length));
    const line = (cells: string[]) =>
        cells
            .map((c, i) => (i === cells.length - 1 ? c : numeric.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
            .join("  ")
            .trimEnd();
    const rule = "-".repeat(widths.slice(0, 7).reduce((a, b) => a + b, 0) + 2 * 6);
    const out = [
        `Monthly cost estimate: ${estimate.monthlyUsd.toFixed(2)} ${estimate.currency} ` +
            `(${HOURS_PER_MONTH} h month, prices ${estimate.pricesVersion}, region ${estimate.region})`,
        line(header),
        ...rows.map(line),
        rule,
        line(total),
    ];
    for (const u of estimate.unpriced) out.push(`Not priced: ${nameOf(u.resource)} (${u.type}): ${u.reason}.`);
    return out.join("\n") + "\n";
}

function nameOf(urn: string): string {
    const i = urn.lastIndexOf("::");
    return i >= 0 ? urn.slice(i + 2) : urn;
}
