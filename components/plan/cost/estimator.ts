/** The estimate's shared state and helpers, and the type tokens the sections price. */
import { PriceData, PriceKey, RegionPrices, unknownRegionMessage } from "./prices";
import type { CostLine, CostResource, UnpricedResource } from "./types";
import type { UsageAssumptions } from "../../stack/usage";
import { definedOnly, tidy, toCents } from "./util";

/** Type tokens of the resources the estimate prices. */
export const T = {
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

/**
 * The state of one estimate: the plan's resources, the usage assumptions, the lines so far and
 * what the sections share (free tiers left, task counts per task definition). Each service
 * family's section adds its lines through {@link Estimator.add}.
 */
export class Estimator {
    /** The priced lines, in the order the sections add them. */
    readonly lines: CostLine[] = [];
    /** Resources of priced types that have no lines. */
    readonly unpriced: UnpricedResource[] = [];
    /** Average running tasks per task definition URN, for container log volume. */
    readonly tasksByTaskDefinition = new Map<string, number>();
    /** Dashboards the free tier still covers. */
    freeDashboards: number;
    /** Alarm metrics the free tier still covers. */
    freeAlarmMetrics: number;

    constructor(
        private readonly resources: readonly CostResource[],
        private readonly usage: UsageAssumptions,
        private readonly prices: PriceData,
    ) {
        this.freeDashboards = usage.applyFreeTier ? prices.freeTier.cwDashboards : 0;
        this.freeAlarmMetrics = usage.applyFreeTier ? prices.freeTier.cwAlarmMetrics : 0;
    }

    /** The resources of the given types. */
    of(...types: string[]): CostResource[] {
        return this.resources.filter((r) => types.includes(r.type));
    }

    /** The usage assumptions of resource r: the defaults with its `perResource` entry over them. */
    use(r: CostResource): Omit<UsageAssumptions, "perResource"> {
        return { ...this.usage, ...definedOnly(this.usage.perResource[r.name] ?? {}) };
    }

    /** The prices of a region; throws for a region the data does not hold. */
    price(region: string): RegionPrices {
        const p = Object.prototype.hasOwnProperty.call(this.prices.regions, region) ? this.prices.regions[region] : undefined;
        if (!p) throw new Error(unknownRegionMessage(region, this.prices));
        return p;
    }

    /** Adds a line: `quantity` units of `key` in the region, with how it was worked out. */
    add(r: CostResource, item: string, quantity: number, unit: string, key: PriceKey, note: string, region = r.region): void {
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

    /** Records that r could not be priced, and why. */
    skip(r: CostResource, reason: string): void {
        this.unpriced.push({ resource: r.urn, type: r.type, reason });
    }
}
