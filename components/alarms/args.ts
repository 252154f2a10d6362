/**
 * The arguments of {@link ServiceAlarms}: their schema, their defaults and the one function that
 * checks them and fills the defaults in before anything is registered.
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { MAX_TASKS_NOT_BELOW_MIN, TAGS_SCHEMA } from "../core/fields";
import { ProviderRegion, regionOfProvider } from "../core/region";
import { Same, after, bool, checkField, checkObject, custom, deferred, int, keysOf, num, rule, text } from "../core/schema";
import { Problems, isRecord, show } from "../core/validate";
import {
    EMAIL,
    HTTPS_URL,
    PREFIX,
    REGION,
    TOPIC_RULES,
    checkAlarmNameLength,
    checkList,
    checkServiceKey,
    checkTopicRegions,
    evaluationRules,
    required,
} from "./rules";

/** Thresholds and evaluation of the alarms; each overridable key by key from stack config. */
export interface AlarmThresholds {
    /**
     * Percent of requests the load balancer itself answers with a 5xx (`HTTPCode_ELB_5XX_Count` / `RequestCount`) above which `alb-5xx` fires (0-100).
     * @default 1
     */
    alb5xxRatePercent?: number;
    /**
     * Percent of a service's requests its targets answer with a 5xx (`HTTPCode_Target_5XX_Count` / `RequestCount`) above which `<service>-target-5xx` fires (0-100).
     * @default 1
     */
    target5xxRatePercent?: number;
    /**
     * p99 of a service's `TargetResponseTime` (seconds) above which `<service>-p99-latency` fires (0.001-4000).
     * @default 2
     */
    p99LatencySeconds?: number;
    /**
     * Unhealthy targets per target group (`UnHealthyHostCount` maximum) above which `<service>-unhealthy-hosts` fires.
     * @default 0
     */
    unhealthyHosts?: number;
    /**
     * Connections the load balancer rejected per period (`RejectedConnectionCount` sum) above which `rejected-connections` fires.
     * @default 0
     */
    rejectedConnections?: number;
    /**
     * Average service CPU utilization (percent) above which `<service>-cpu-high` fires (1-100).
     * @default 85
     */
    cpuPercent?: number;
    /**
     * Average service memory utilization (percent) above which `<service>-memory-high` fires (1-100).
     * @default 85
     */
    memoryPercent?: number;
    /**
     * Minutes the desired task count must stay at `maxTasks` before `<service>-capacity-pinned` fires
     * (1-1440, a whole number of periods).
     * @default 30
     */
    capacityPinnedMinutes?: number;
    /**
     * S3 `ReplicationLatency` (seconds the replica is behind) above which `replication-latency` fires (1-86400).
     * @default 900
     */
    replicationLatencySeconds?: number;
    /**
     * Failed replication operations per period (`OperationsFailedReplication` sum) above which `replication-failed` fires.
     * @default 0
     */
    replicationFailedOperations?: number;
    /**
     * Length of one evaluation period in seconds: a multiple of 60 from 60 to 3600.
     * @default 60
     */
    periodSeconds?: number;
    /**
     * Periods each alarm looks back over (the N of "M out of N").
     * @default 5
     */
    evaluationPeriods?: number;
    /**
     * Breaching periods among `evaluationPeriods` that put an alarm in ALARM (the M of "M out of N").
     * @default 3
     */
    datapointsToAlarm?: number;
}

/** Plain settings of {@link ServiceAlarms}, shared with the stack config and the profiles. */
export interface ServiceAlarmsSettings {
    /**
     * An existing SNS topic (in the alarms' region) to notify instead of a topic the component creates;
     * then no topic, key or subscription is created.
     * @default - a new KMS-encrypted topic
     * @example "arn:aws:sns:us-east-1:123456789012:ops-alarms"
     */
    topicArn?: string;
    /**
     * With `topicArn` and a bucket replicated to another region: an existing topic in the replica's region
     * for the `replication-latency` alarm (S3 publishes `ReplicationLatency` in the destination region,
     * and an alarm can notify only a topic in its own region).
     * @default - none; required in that case
     */
    replicaTopicArn?: string;
    /**
     * Email addresses subscribed to the topic; each confirms by email, once per topic (a bucket
     * replicated to another region adds a second topic there).
     * @default []
     */
    emails?: string[];
    /**
     * HTTPS endpoints subscribed to the topic (and to the replica-region topic), e.g. a chat or paging webhook.
     * @default []
     */
    httpsEndpoints?: string[];
    /**
     * When each alarm fires; every value is optional and overrides the default.
     * @default - the values of {@link SERVICE_ALARMS_DEFAULTS}
     */
    thresholds?: AlarmThresholds;
    /**
     * Meant for the stack: list each service's `target-5xx` and `unhealthy-hosts` alarms as ECS deployment
     * alarms (rollback on alarm); see {@link deploymentAlarmNames}.
     * @default false
     */
    deploymentAlarms?: boolean;
    /**
     * Refuse a configuration that notifies nobody (no `topicArn`, no email, no HTTPS endpoint).
     * @default false
     */
    requireSubscription?: boolean;
    /**
     * Create the CloudWatch dashboard.
     * @default true
     */
    dashboard?: boolean;
}

/** What the alarms need of a service; an `ElasticService` satisfies it. */
export interface AlarmedService {
    /** Name of the ECS cluster the service runs in (dimension `ClusterName`). */
    clusterName: pulumi.Input<string>;
    /** Name of the ECS service (dimension `ServiceName`). */
    serviceName: pulumi.Input<string>;
    /** `arnSuffix` of the service's target group (dimension `TargetGroup`), e.g. `targetgroup/web-tg/73e2d6bc24d8a067`. */
    targetGroupArnSuffix: pulumi.Input<string>;
    /** Lower task bound: the `tasks-below-min` threshold. */
    minTasks: number;
    /** Upper task bound: the `capacity-pinned` threshold; that alarm exists only when `maxTasks > minTasks`. */
    maxTasks: number;
    /**
     * Whether the cluster publishes Container Insights metrics (`ECS/ContainerInsights`): `true` adds the
     * `tasks-below-min` and `capacity-pinned` alarms, which watch `RunningTaskCount` and `DesiredTaskCount`.
     * `false`, or left out (unknown, as for an `ElasticService` on an existing cluster), leaves them out:
     * those metrics would never have data, and `tasks-below-min` treats missing data as breaching, so it
     * would page for ever. `AWS/ECS`, published without Container Insights, has no task count to use
     * instead (see `createServiceAlarms`).
     * @default - unknown: no alarm on Container Insights metrics
     */
    containerInsights?: boolean;
}

/** What the alarms need of a replicated bucket (S3 replication metrics must be on for its rule). */
export interface AlarmedBucket {
    /** Source bucket (dimension `SourceBucket`). */
    bucketName: pulumi.Input<string>;
    /** Destination bucket (dimension `DestinationBucket`). */
    replicaBucketName: pulumi.Input<string>;
    /** Id of the replication rule (dimension `RuleId`). */
    replicationRuleId: string;
    /** Region of the destination bucket, where S3 publishes `ReplicationLatency`. */
    replicaRegion: string;
}

/** The load balancer in front of the services; `LoadBalancer` satisfies it. */
export interface AlarmedLoadBalancer {
    /** `arnSuffix` of the load balancer (`app/<name>/<id>`), the `LoadBalancer` dimension of its metrics. */
    arnSuffix: pulumi.Input<string>;
}

/**
 * Arguments of {@link ServiceAlarms}. The topics may come from another stack or resource, so here they
 * are `pulumi.Input<string>` where {@link ServiceAlarmsSettings} (the stack config's, always strings)
 * has `string`. Whether a topic is given decides what is created, never its value; a value known only
 * at deployment is checked for its region once it is known (see {@link checkedTopicArn}).
 */
export interface ServiceAlarmsArgs extends Omit<ServiceAlarmsSettings, "topicArn" | "replicaTopicArn" | "emails" | "httpsEndpoints"> {
    /**
     * An existing SNS topic (in the alarms' region) to notify instead of a topic the component creates;
     * then no topic, key or subscription is created.
     * @default - a new KMS-encrypted topic
     * @example "arn:aws:sns:us-east-1:123456789012:ops-alarms"
     * @example new pulumi.StackReference("acme/ops/prod").getOutput("alarmTopicArn") as pulumi.Output<string>
     */
    topicArn?: pulumi.Input<string>;
    /**
     * With `topicArn` and a bucket replicated to another region: an existing topic in the replica's region
     * for the `replication-latency` alarm (S3 publishes `ReplicationLatency` in the destination region,
     * and an alarm can notify only a topic in its own region).
     * @default - none; required in that case
     */
    replicaTopicArn?: pulumi.Input<string>;
    /**
     * Email addresses subscribed to the topic; each confirms by email, once per topic (a bucket
     * replicated to another region adds a second topic there). The list decides the subscriptions, so it
     * is a plain list; an address may be known only at deployment, and then it is not checked here.
     * @default []
     */
    emails?: pulumi.Input<string>[];
    /**
     * HTTPS endpoints subscribed to the topic (and to the replica-region topic), e.g. a chat or paging webhook.
     * A plain list, as for `emails`; an endpoint may be known only at deployment.
     * @default []
     */
    httpsEndpoints?: pulumi.Input<string>[];
    /** The load balancer in front of the services; `LoadBalancer` satisfies it. */
    loadBalancer: AlarmedLoadBalancer;
    /**
     * The services to watch, by short name (`web`, `api`): the name goes into the alarm names.
     * @example { web: webService }
     */
    services: Record<string, AlarmedService>;
    /**
     * Start of every name AWS sees: the alarms (`<prefix>-web-cpu-high`), the alarm names in composite rules
     * and in the topic policy's condition, the dashboard (`<prefix>`) and the topic key's alias
     * (`alias/<prefix>-alarms`). 1-200 letters, digits, "-" or "_". Give each stack in an account its own
     * prefix: CloudWatch replaces an alarm or a dashboard of the same name without a word, and dashboards are
     * shared by all regions of the account.
     * @default - the component's name
     * @example "app-prod"
     */
    alarmNamePrefix?: string;
    /**
     * A replicated bucket to watch; `ReplicatedBucket.replicationMetrics` satisfies it.
     * @default - no replication alarms
     */
    bucket?: AlarmedBucket;
    /**
     * Region of the load balancer, the services and the source bucket; the alarms and the dashboard live there.
     * It is the region of the provider the component runs with, which it must repeat if given (a contradiction
     * is refused). Required with an explicit provider (`provider`, `providers` or a parent's), whose region is
     * known only at deployment, where it is checked against this value.
     * @default - the default provider's region (`aws:region`)
     * @example "us-east-1"
     */
    region?: string;
    /** Tags added to every child that takes tags. @default {} */
    tags?: Record<string, pulumi.Input<string>>;
}

/** {@link ServiceAlarmsSettings} with every default filled in. */
export interface ResolvedServiceAlarmsSettings {
    topicArn?: string;
    replicaTopicArn?: string;
    emails: string[];
    httpsEndpoints: string[];
    thresholds: Required<AlarmThresholds>;
    deploymentAlarms: boolean;
    requireSubscription: boolean;
    dashboard: boolean;
}

/** {@link ServiceAlarmsArgs} as {@link resolveServiceAlarmsArgs} returns them. */
export interface ResolvedServiceAlarmsArgs extends Omit<
    ResolvedServiceAlarmsSettings,
    "topicArn" | "replicaTopicArn" | "emails" | "httpsEndpoints"
> {
    topicArn?: pulumi.Input<string>;
    replicaTopicArn?: pulumi.Input<string>;
    emails: pulumi.Input<string>[];
    httpsEndpoints: pulumi.Input<string>[];
    alarmNamePrefix: string;
    loadBalancer: AlarmedLoadBalancer;
    services: Record<string, Required<AlarmedService>>;
    bucket?: AlarmedBucket;
    region: string;
    tags: Record<string, pulumi.Input<string>>;
}

/** Defaults of every {@link ServiceAlarmsSettings} value; the `@default` tags repeat them. */
export const SERVICE_ALARMS_DEFAULTS: Readonly<Omit<ResolvedServiceAlarmsSettings, "topicArn" | "replicaTopicArn">> = Object.freeze({
    emails: [],
    httpsEndpoints: [],
    thresholds: Object.freeze({
        alb5xxRatePercent: 1,
        target5xxRatePercent: 1,
        p99LatencySeconds: 2,
        unhealthyHosts: 0,
        rejectedConnections: 0,
        cpuPercent: 85,
        memoryPercent: 85,
        capacityPinnedMinutes: 30,
        replicationLatencySeconds: 900,
        replicationFailedOperations: 0,
        periodSeconds: 60,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
    }),
    deploymentAlarms: false,
    requireSubscription: false,
    dashboard: true,
});

/**
 * A metric dimension (a cluster, service, target group or bucket name): it goes to CloudWatch as it is,
 * known now or at deployment, so only its presence is checked here.
 */
const dimension = () => z.custom<pulumi.Input<string>>();

/** Checks a list of email addresses to subscribe. */
function checkEmails(p: Problems, path: string, value: unknown): boolean {
    return checkList(p, path, value, EMAIL, 'an email address like "ops@example.com"', "email addresses");
}

/** Checks a list of HTTPS endpoints to subscribe. */
function checkHttpsEndpoints(p: Problems, path: string, value: unknown): boolean {
    return checkList(p, path, value, HTTPS_URL, 'an https:// URL like "https://hooks.example.com/alarms"', "https:// URLs");
}

/** The schema of {@link AlarmThresholds}; the rules between evaluation settings run after every threshold. */
export const ALARM_THRESHOLDS_SCHEMA = after(
    z.object({
        alb5xxRatePercent: num(0, 100).optional(),
        target5xxRatePercent: num(0, 100).optional(),
        p99LatencySeconds: num(0.001, 4000).optional(),
        unhealthyHosts: int(0, 1000).optional(),
        rejectedConnections: int(0, 1000000).optional(),
        cpuPercent: num(1, 100).optional(),
        memoryPercent: num(1, 100).optional(),
        capacityPinnedMinutes: int(1, 1440).optional(),
        replicationLatencySeconds: int(1, 86400).optional(),
        replicationFailedOperations: int(0, 1000000).optional(),
        periodSeconds: rule(z.number().int().min(60).max(3600).multipleOf(60), "must be a multiple of 60 from 60 to 3600.").optional(),
        evaluationPeriods: int(1, 1440).optional(),
        datapointsToAlarm: int(1, 1440).optional(),
    }),
    evaluationRules(SERVICE_ALARMS_DEFAULTS.thresholds),
);

/** The schema of {@link ServiceAlarmsSettings}; the rules between the topic and the subscriptions run after its fields. */
export const SERVICE_ALARMS_SETTINGS_SCHEMA = after(
    z.object({
        topicArn: custom(z.string(), (p, path, value) => p.arn(path, value, "sns")).optional(),
        replicaTopicArn: custom(z.string(), (p, path, value) => p.arn(path, value, "sns")).optional(),
        emails: custom(z.array(z.string()), checkEmails).optional(),
        httpsEndpoints: custom(z.array(z.string()), checkHttpsEndpoints).optional(),
        thresholds: ALARM_THRESHOLDS_SCHEMA.optional(),
        deploymentAlarms: bool().optional(),
        requireSubscription: bool().optional(),
        dashboard: bool().optional(),
    }),
    TOPIC_RULES,
);

/** The schema of {@link AlarmedService}: only what the alarms read, so an `ElasticService` passes as it is. */
export const ALARMED_SERVICE_SCHEMA = after(
    z.object({
        clusterName: dimension(),
        serviceName: dimension(),
        targetGroupArnSuffix: dimension(),
        minTasks: int(0, 5000),
        maxTasks: int(1, 5000),
        containerInsights: bool().optional(),
    }),
    required("clusterName", "give the ECS cluster's name, e.g. `service.clusterName`."),
    required("serviceName", "give the ECS service's name, e.g. `service.serviceName`."),
    required("targetGroupArnSuffix", "give the target group's `arnSuffix`, e.g. `service.targetGroupArnSuffix`."),
    required("minTasks", "give the service's lower task bound."),
    required("maxTasks", "give the service's upper task bound."),
    MAX_TASKS_NOT_BELOW_MIN,
);

/** The schema of {@link AlarmedBucket}. */
export const ALARMED_BUCKET_SCHEMA = after(
    z.object({
        bucketName: dimension(),
        replicaBucketName: dimension(),
        replicationRuleId: text(),
        replicaRegion: text(REGION, 'an AWS region like "us-west-2"'),
    }),
    required("bucketName", "give the source bucket's name."),
    required("replicaBucketName", "give the destination bucket's name."),
    required("replicationRuleId", "give the id of the replication rule (S3 replication metrics are per rule)."),
    required("replicaRegion", "give the destination bucket's region, where S3 publishes ReplicationLatency."),
);

/** The schema of {@link AlarmedLoadBalancer}. */
export const ALARMED_LOAD_BALANCER_SCHEMA = z.object({ arnSuffix: dimension() });

/** The schema of {@link ServiceAlarmsArgs}. */
export const SERVICE_ALARMS_ARGS_SCHEMA = SERVICE_ALARMS_SETTINGS_SCHEMA.extend({
    topicArn: deferred(SERVICE_ALARMS_SETTINGS_SCHEMA.shape.topicArn.unwrap()).optional(),
    replicaTopicArn: deferred(SERVICE_ALARMS_SETTINGS_SCHEMA.shape.replicaTopicArn.unwrap()).optional(),
    emails: custom(z.array(deferred(z.string())), checkEmails).optional(),
    httpsEndpoints: custom(z.array(deferred(z.string())), checkHttpsEndpoints).optional(),
    alarmNamePrefix: text(PREFIX, '1-200 letters, digits, "-" or "_" (it starts every alarm name and names the dashboard)').optional(),
    loadBalancer: ALARMED_LOAD_BALANCER_SCHEMA,
    services: z.record(z.string(), ALARMED_SERVICE_SCHEMA),
    bucket: ALARMED_BUCKET_SCHEMA.optional(),
    region: text(REGION, 'an AWS region like "us-east-1"').optional(),
    tags: TAGS_SCHEMA.optional(),
});

// The exported types are written out (for their JSDoc and the API reference); these lines keep them equal to the schema.
const _thresholds: Same<AlarmThresholds, z.input<typeof ALARM_THRESHOLDS_SCHEMA>> = true;
const _settings: Same<ServiceAlarmsSettings, z.input<typeof SERVICE_ALARMS_SETTINGS_SCHEMA>> = true;
const _service: Same<AlarmedService, z.input<typeof ALARMED_SERVICE_SCHEMA>> = true;
const _bucket: Same<AlarmedBucket, z.input<typeof ALARMED_BUCKET_SCHEMA>> = true;
const _loadBalancer: Same<AlarmedLoadBalancer, z.input<typeof ALARMED_LOAD_BALANCER_SCHEMA>> = true;
const _args: Same<ServiceAlarmsArgs, z.input<typeof SERVICE_ALARMS_ARGS_SCHEMA>> = true;
void [_thresholds, _settings, _service, _bucket, _loadBalancer, _args];

/** Keys of `ServiceAlarmsSettings`, as the stack config's `elastic-web:alarms` takes them. */
export const SERVICE_ALARMS_SETTINGS_KEYS: readonly string[] = keysOf(SERVICE_ALARMS_SETTINGS_SCHEMA);
/** Keys of `ServiceAlarmsArgs`. */
export const SERVICE_ALARMS_ARGS_KEYS: readonly string[] = keysOf(SERVICE_ALARMS_ARGS_SCHEMA);
/** Keys of `AlarmThresholds`. */
export const ALARM_THRESHOLD_KEYS: readonly string[] = keysOf(ALARM_THRESHOLDS_SCHEMA);

/** The settings checked before the thresholds: every one but `thresholds`. */
const SETTINGS_BEFORE_THRESHOLDS = SERVICE_ALARMS_SETTINGS_KEYS.filter((k) => k !== "thresholds");

/**
 * Checks plain ServiceAlarms settings (as in stack config) and records every problem in `p`; pure.
 * Keys are printed relative to `p` (its `base` prefixes them). Rules that relate two values use the
 * defaults for values left out, so call it with the merged settings (profile values with overrides).
 */
export function checkServiceAlarmsSettings(p: Problems, s: unknown): void {
    if (s === undefined) return;
    if (!isRecord(s)) {
        const subject = p.base ? `\`${p.base.replace(/\.$/, "")}\`` : "the settings";
        p.list.push(`${p.where}: ${subject} (${show(s)}) must be an object of alarm settings.`);
        return;
    }
    p.knownKeys("", s, SERVICE_ALARMS_SETTINGS_KEYS);
    // The thresholds come after the rules between the topic and the subscriptions, the order their messages have always had.
    checkObject(p, "", SERVICE_ALARMS_SETTINGS_SCHEMA, s, { known: SETTINGS_BEFORE_THRESHOLDS, unknownKeysChecked: true });
    checkField(p, "thresholds", SERVICE_ALARMS_SETTINGS_SCHEMA.shape.thresholds, s.thresholds);
}

/** Checks `alarmNamePrefix`, or the component's name where it stands in; true when it can start alarm names. */
function checkPrefix(p: Problems, name: string, alarmNamePrefix: unknown): boolean {
    if (alarmNamePrefix !== undefined) {
        return checkField(p, "alarmNamePrefix", SERVICE_ALARMS_ARGS_SCHEMA.shape.alarmNamePrefix, alarmNamePrefix);
    }
    if (PREFIX.test(name)) return true;
    p.list.push(
        `${p.where}: the name ${JSON.stringify(name)} must be 1-200 letters, digits, "-" or "_", as it starts every alarm name and names the dashboard; rename the component or set \`alarmNamePrefix\`.`,
    );
    return false;
}

/** Checks `services`: at least one, each with a usable short name, its dimensions and task bounds. */
function checkServices(p: Problems, services: unknown, prefix: string | undefined): void {
    if (services === undefined) p.missing("services", "give at least one service, e.g. `{ web: webService }`.");
    else if (!isRecord(services)) p.add("services", services, "must be an object of services by short name.");
    else if (Object.keys(services).length === 0) p.add("services", services, "must name at least one service.");
    else {
        for (const [key, svc] of Object.entries(services)) {
            const keyOk = checkServiceKey(p, key);
            if (!isRecord(svc)) {
                p.add(
                    `services.${key}`,
                    svc,
                    "must be an object with the service's clusterName, serviceName, targetGroupArnSuffix, minTasks and maxTasks.",
                );
            } else {
                checkObject(p, `services.${key}`, ALARMED_SERVICE_SCHEMA, svc, { unknownKeysChecked: true });
            }
            if (prefix !== undefined && keyOk) checkAlarmNameLength(p, prefix, key);
        }
    }
}

/** Checks `bucket` when given: an object naming both buckets, the rule and the replica's region. */
function checkBucket(p: Problems, bucket: unknown): void {
    if (bucket === undefined) return;
    if (!isRecord(bucket)) {
        p.add("bucket", bucket, "must be an object with bucketName, replicaBucketName, replicationRuleId and replicaRegion.");
        return;
    }
    checkObject(p, "bucket", ALARMED_BUCKET_SCHEMA, bucket, { unknownKeysChecked: true });
}

/**
 * Validates ServiceAlarms args and fills in the defaults; pure, never mutates `args`.
 * `provider` is what is known of the provider the component runs with (`providerRegionOf` in core/region);
 * `region` defaults to its region and may not contradict it. Without it, `region` is required.
 * Throws a ConfigError naming every bad value, e.g.
 * ``elastic-web:aws:ServiceAlarms "alarms": `thresholds.cpuPercent` (0) must be a number from 1 to 100.``
 */
export function resolveServiceAlarmsArgs(name: string, args: ServiceAlarmsArgs, provider: ProviderRegion = {}): ResolvedServiceAlarmsArgs {
    const p = new Problems(`elastic-web:aws:ServiceAlarms "${name}"`);
    const a = (isRecord(args) ? args : {}) as Partial<ServiceAlarmsArgs>;
    const prefix = a.alarmNamePrefix ?? name;
    const prefixOk = checkPrefix(p, name, a.alarmNamePrefix);
    p.knownKeys("", a, SERVICE_ALARMS_ARGS_KEYS);
    const settings: Record<string, unknown> = {};
    for (const key of SERVICE_ALARMS_SETTINGS_KEYS) {
        const value = (a as Record<string, unknown>)[key];
        if (value !== undefined) settings[key] = value;
    }
    checkServiceAlarmsSettings(p, settings);

    const checkedRegion = regionOfProvider(
        p,
        a.region,
        provider,
        (value) => checkField(p, "region", SERVICE_ALARMS_ARGS_SCHEMA.shape.region, value),
        provider.provider !== undefined
            ? 'the provider the component runs with tells its region only at deployment; pass that region, e.g. "us-east-1".'
            : 'give the region of the load balancer and the services, e.g. "us-east-1".',
    );
    if (!isRecord(a.loadBalancer) || a.loadBalancer.arnSuffix === undefined) {
        p.missing("loadBalancer.arnSuffix", "give the load balancer's `arnSuffix`, e.g. `loadBalancer.arnSuffix` of a LoadBalancer.");
    }
    checkServices(p, a.services, prefixOk ? prefix : undefined);
    checkBucket(p, a.bucket);
    p.throwIfAny();

    // Defined: every problem above, a missing or refused region among them, has been thrown.
    const region = checkedRegion as string;
    const replicaRegion = a.bucket && a.bucket.replicaRegion !== region ? a.bucket.replicaRegion : undefined;
    checkTopicRegions(p, { region, replicaRegion, topicArn: a.topicArn, replicaTopicArn: a.replicaTopicArn });
    if (a.tags !== undefined && !isRecord(a.tags)) p.add("tags", a.tags, "must be an object of tag names to values.");
    p.throwIfAny();
    return filled(a as ServiceAlarmsArgs, prefix, region);
}

/** Checked args with every default filled in, copied so the result shares no array or object with `a`. */
function filled(a: ServiceAlarmsArgs, alarmNamePrefix: string, region: string): ResolvedServiceAlarmsArgs {
    const d = SERVICE_ALARMS_DEFAULTS;
    const services: Record<string, Required<AlarmedService>> = {};
    for (const [key, svc] of Object.entries(a.services)) {
        services[key] = {
            clusterName: svc.clusterName,
            serviceName: svc.serviceName,
            targetGroupArnSuffix: svc.targetGroupArnSuffix,
            minTasks: svc.minTasks,
            maxTasks: svc.maxTasks,
            // Only a cluster known to have Container Insights on gets alarms on its metrics.
            containerInsights: svc.containerInsights === true,
        };
    }
    return {
        alarmNamePrefix,
        loadBalancer: { arnSuffix: a.loadBalancer.arnSuffix },
        services,
        bucket: a.bucket
            ? {
                  bucketName: a.bucket.bucketName,
                  replicaBucketName: a.bucket.replicaBucketName,
                  replicationRuleId: a.bucket.replicationRuleId,
                  replicaRegion: a.bucket.replicaRegion,
              }
            : undefined,
        region,
        tags: { ...(a.tags ?? {}) },
        ...(a.topicArn !== undefined ? { topicArn: a.topicArn } : {}),
        ...(a.replicaTopicArn !== undefined ? { replicaTopicArn: a.replicaTopicArn } : {}),
        emails: [...(a.emails ?? d.emails)],
        httpsEndpoints: [...(a.httpsEndpoints ?? d.httpsEndpoints)],
        thresholds: { ...d.thresholds, ...(a.thresholds ?? {}) },
        deploymentAlarms: a.deploymentAlarms ?? d.deploymentAlarms,
        requireSubscription: a.requireSubscription ?? d.requireSubscription,
        dashboard: a.dashboard ?? d.dashboard,
    };
}
