/**
 * The usage figures the offline cost estimate assumes (traffic, stored data, log volume): what a
 * plan cannot tell about next month. The stack config carries them (`elastic-web:costAssumptions`),
 * the cost estimate reads them.
 */
import { z } from "zod";
import { Same, bool, checkField, custom, keysOf, num, rule } from "../core/schema";
import { Problems, isRecord } from "../core/validate";

/** Usage figures one resource may override (see {@link UsageAssumptions.perResource}). */
export type ResourceUsage = Partial<Omit<UsageAssumptions, "perResource" | "applyFreeTier">>;

/**
 * What a plan cannot tell about next month. Every figure is an average over the month;
 * set them per stack (and per resource through `perResource`) where better figures are known.
 */
export interface UsageAssumptions {
    /**
     * Requests per second each load balancer serves; sets its LCUs and its WAF requests.
     * @default 10
     */
    requestsPerSecond: number;
    /**
     * Average response size in KB (1 KB = 1,024 bytes); with `requestsPerSecond` it sets the bytes an ALB processes.
     * @default 32
     */
    averageResponseKb: number;
    /**
     * Requests a client sends over one connection; sets an ALB's new connections per second.
     * @default 10
     */
    requestsPerConnection: number;
    /**
     * LCUs each ALB uses per hour, when known (CloudWatch `ConsumedLCUs`); replaces the figure worked out from traffic.
     * @default - the largest of processed GB per hour ÷ 1 and new connections per second ÷ 25
     */
    albLcuPerHour?: number;
    /**
     * Where the average task count of an autoscaled service sits between its bounds:
     * `minCapacity + averageScaleShare × (maxCapacity − minCapacity)`.
     * @default 0.25
     */
    averageScaleShare: number;
    /**
     * GB the NAT gateways of one network process in a month (an `awsx:ec2:Vpc`, or all
     * `aws:ec2/natGateway:NatGateway` resources of the plan together).
     * @default 100
     */
    natProcessedGbPerMonth: number;
    /**
     * GB stored in S3 Standard in each bucket (the replica too).
     * @default 10
     */
    storedGbPerBucket: number;
    /**
     * PUT, COPY, POST and LIST requests per bucket and month.
     * @default 10000
     */
    s3PutsPerMonth: number;
    /**
     * GET requests per bucket and month.
     * @default 100000
     */
    s3GetsPerMonth: number;
    /**
     * GB each replication configuration copies to each destination bucket in another region per month.
     * @default 5
     */
    replicatedGbPerMonth: number;
    /**
     * GB of container logs each running task writes per month.
     * @default 1
     */
    containerLogGbPerTaskMonth: number;
    /**
     * GB each VPC flow log delivers per month.
     * @default 5
     */
    flowLogGbPerMonth: number;
    /**
     * GB written per month to a log group that is neither a flow log's nor a task's.
     * @default 1
     */
    otherLogGbPerMonth: number;
    /**
     * Months of logs a log group without retention holds, for its storage line.
     * @default 12
     */
    unlimitedRetentionMonths: number;
    /**
     * Requests each KMS key serves per month.
     * @default 10000
     */
    kmsRequestsPerKeyMonth: number;
    /**
     * Rules of a web ACL that is not in the plan (associated by ARN).
     * @default 5
     */
    wafRulesPerExternalWebAcl: number;
    /**
     * GB of images stored in each ECR repository.
     * @default 1
     */
    ecrStoredGbPerRepository: number;
    /**
     * Messages published to each SNS topic per month.
     * @default 1000
     */
    snsPublishesPerTopicMonth: number;
    /**
     * Subtract the account's CloudWatch free tier (3 dashboards, 10 standard alarm metrics).
     * Off by default: the free tier is shared by everything in the account.
     * @default false
     */
    applyFreeTier: boolean;
    /**
     * Overrides by resource logical name, e.g. `{ "web-access-logs": { storedGbPerBucket: 200 } }`.
     * @default {}
     */
    perResource: Record<string, ResourceUsage>;
}

/** The defaults of {@link UsageAssumptions}: a small site with light traffic. */
export const DEFAULT_USAGE: Readonly<UsageAssumptions> = {
    requestsPerSecond: 10,
    averageResponseKb: 32,
    requestsPerConnection: 10,
    albLcuPerHour: undefined,
    averageScaleShare: 0.25,
    natProcessedGbPerMonth: 100,
    storedGbPerBucket: 10,
    s3PutsPerMonth: 10000,
    s3GetsPerMonth: 100000,
    replicatedGbPerMonth: 5,
    containerLogGbPerTaskMonth: 1,
    flowLogGbPerMonth: 5,
    otherLogGbPerMonth: 1,
    unlimitedRetentionMonths: 12,
    kmsRequestsPerKeyMonth: 10000,
    wafRulesPerExternalWebAcl: 5,
    ecrStoredGbPerRepository: 1,
    snsPublishesPerTopicMonth: 1000,
    applyFreeTier: false,
    perResource: {},
};

/** Fills in the defaults of the usage figures and checks them; throws a ConfigError listing every bad value. */
export function resolveUsage(usage: Partial<UsageAssumptions>): UsageAssumptions {
    const p = new Problems("cost estimate", "usage.");
    checkUsage(p, usage);
    p.throwIfAny();
    const filled = { ...DEFAULT_USAGE, perResource: {} } as UsageAssumptions;
    for (const [k, v] of Object.entries(usage)) {
        if (v !== undefined) (filled as unknown as Record<string, unknown>)[k] = v;
    }
    return filled;
}

/** A figure of at least 0. */
const atLeast0 = () => rule(z.number().min(0), "must be a number of at least 0.");
const AT_LEAST_0 = atLeast0();

/** The figures one resource may override: the schema of {@link ResourceUsage}. */
export const RESOURCE_USAGE_SCHEMA = z.object({
    requestsPerSecond: atLeast0().optional(),
    averageResponseKb: atLeast0().optional(),
    // 0 gets a message of its own: a connection serves at least one request.
    requestsPerConnection: custom(z.number().positive(), (p, path, value) => {
        if (!checkField(p, path, AT_LEAST_0, value)) return false;
        if (value !== 0) return true;
        p.add(path, value, "must be greater than 0.");
        return false;
    }).optional(),
    albLcuPerHour: atLeast0().optional(),
    averageScaleShare: num(0, 1).optional(),
    natProcessedGbPerMonth: atLeast0().optional(),
    storedGbPerBucket: atLeast0().optional(),
    s3PutsPerMonth: atLeast0().optional(),
    s3GetsPerMonth: atLeast0().optional(),
    replicatedGbPerMonth: atLeast0().optional(),
    containerLogGbPerTaskMonth: atLeast0().optional(),
    flowLogGbPerMonth: atLeast0().optional(),
    otherLogGbPerMonth: atLeast0().optional(),
    unlimitedRetentionMonths: atLeast0().optional(),
    kmsRequestsPerKeyMonth: atLeast0().optional(),
    wafRulesPerExternalWebAcl: atLeast0().optional(),
    ecrStoredGbPerRepository: atLeast0().optional(),
    snsPublishesPerTopicMonth: atLeast0().optional(),
});

/** The schema of the usage figures the stack config and the cost estimate take (`Partial<UsageAssumptions>`). */
export const USAGE_SCHEMA = RESOURCE_USAGE_SCHEMA.extend({
    applyFreeTier: bool().optional(),
    perResource: z.record(z.string(), RESOURCE_USAGE_SCHEMA).optional(),
});

// UsageAssumptions is written out for its JSDoc (and the `@default`s the cost estimate documents); these keep it equal to the schema.
const _usage: Same<Partial<UsageAssumptions>, z.input<typeof USAGE_SCHEMA>> = true;
const _resource: Same<ResourceUsage, z.input<typeof RESOURCE_USAGE_SCHEMA>> = true;
const _keys: Same<keyof UsageAssumptions, keyof typeof DEFAULT_USAGE> = true;
void [_usage, _resource, _keys];

/**
 * Records every bad usage figure on `p`; the stack config checks `elastic-web:costAssumptions` with it.
 * The figures are checked in the order they are given (not the schema's), then `applyFreeTier`, then
 * `perResource`, as the messages always came; an entry of `perResource` that is not an object, and a
 * `perResource` that is not one, have messages of their own.
 */
export function checkUsage(p: Problems, usage: Partial<UsageAssumptions>): void {
    const shape = USAGE_SCHEMA.shape as Record<string, z.ZodType>;
    p.knownKeys("", usage, keysOf(USAGE_SCHEMA));
    checkUsageNumbers(p, usage as Record<string, unknown>);
    checkField(p, "applyFreeTier", shape.applyFreeTier, usage.applyFreeTier);
    const perResource = usage.perResource ?? {};
    if (isRecord(perResource)) {
        for (const [name, entry] of Object.entries(perResource)) {
            const q = p.at(`perResource.${name}`);
            if (q.knownKeys("", entry, keysOf(RESOURCE_USAGE_SCHEMA))) checkUsageNumbers(q, entry as Record<string, unknown>);
        }
    } else {
        p.add("perResource", perResource, "must be an object keyed by resource name.");
    }
}

function checkUsageNumbers(p: Problems, values: Record<string, unknown>): void {
    const shape = RESOURCE_USAGE_SCHEMA.shape as Record<string, z.ZodType>;
    for (const [k, v] of Object.entries(values)) {
        if (Object.hasOwn(shape, k)) checkField(p, k, shape[k], v);
    }
}
