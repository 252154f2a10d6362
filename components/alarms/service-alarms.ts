import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "../core/aws";

export { partitionOf } from "../core/aws";
import { isRecord, Problems, show } from "../core/validate";

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
     * Whether the cluster publishes Container Insights metrics; without them the `tasks-below-min` and
     * `capacity-pinned` alarms would never see data and are not created.
     * @default true
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

/** Arguments of {@link ServiceAlarms}. */
export interface ServiceAlarmsArgs extends ServiceAlarmsSettings {
    /** The load balancer in front of the services; `LoadBalancer` satisfies it. */
    loadBalancer: {
        /** `arnSuffix` of the load balancer (`app/<name>/<id>`), the `LoadBalancer` dimension of its metrics. */
        arnSuffix: pulumi.Input<string>;
    };
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
    /** Region of the load balancer, the services and the source bucket; the alarms and the dashboard live there. */
    region: string;
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
export interface ResolvedServiceAlarmsArgs extends ResolvedServiceAlarmsSettings {
    alarmNamePrefix: string;
    loadBalancer: { arnSuffix: pulumi.Input<string> };
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

const SETTINGS_KEYS = [
    "topicArn",
    "replicaTopicArn",
    "emails",
    "httpsEndpoints",
    "thresholds",
    "deploymentAlarms",
    "requireSubscription",
    "dashboard",
] as const;
const ARGS_KEYS = [...SETTINGS_KEYS, "alarmNamePrefix", "loadBalancer", "services", "bucket", "region", "tags"];
const THRESHOLD_KEYS = Object.keys(SERVICE_ALARMS_DEFAULTS.thresholds);

const EMAIL = /^[^\s@"(),:;<>[\]\\]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
const HTTPS_URL = /^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?([/?#]\S*)?$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
/** Alarm and dashboard names are built from these; quotes or spaces would break composite rules. */
const PREFIX = /^[A-Za-z0-9_-]{1,200}$/;
const SERVICE_KEY = /^[A-Za-z0-9_-]{1,64}$/;
/** Longest alarm and composite alarm name (Amazon CloudWatch API reference, PutMetricAlarm and PutCompositeAlarm `AlarmName`). */
const MAX_ALARM_NAME = 255;
/** The longest alarm key a service gets (`<svc>-capacity-pinned` is as long). */
const LONGEST_SERVICE_ALARM = "tasks-below-min";

/**
 * The longest window an alarm may evaluate: period × evaluation periods is at most one day for
 * periods under an hour, seven days otherwise (Amazon CloudWatch API reference, PutMetricAlarm `Period`).
 */
function maxWindowSeconds(periodSeconds: number): number {
    return periodSeconds < 3600 ? 86400 : 604800;
}

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
    p.knownKeys("", s, SETTINGS_KEYS);
    p.arn("topicArn", s.topicArn, "sns");
    p.arn("replicaTopicArn", s.replicaTopicArn, "sns");
    const emails = checkList(p, "emails", s.emails, EMAIL, 'an email address like "ops@example.com"', "email addresses");
    const endpoints = checkList(
        p,
        "httpsEndpoints",
        s.httpsEndpoints,
        HTTPS_URL,
        'an https:// URL like "https://hooks.example.com/alarms"',
        "https:// URLs",
    );
    p.bool("deploymentAlarms", s.deploymentAlarms);
    p.bool("requireSubscription", s.requireSubscription);
    p.bool("dashboard", s.dashboard);

    if (s.topicArn !== undefined) {
        if (emails > 0)
            p.add(
                "emails",
                s.emails,
                `cannot be combined with ${p.key("topicArn")}: subscribe the addresses to the existing topic where it is managed, or leave out topicArn.`,
            );
        if (endpoints > 0)
            p.add(
                "httpsEndpoints",
                s.httpsEndpoints,
                `cannot be combined with ${p.key("topicArn")}: subscribe the endpoints to the existing topic where it is managed, or leave out topicArn.`,
            );
    } else if (s.replicaTopicArn !== undefined) {
        p.add("replicaTopicArn", s.replicaTopicArn, `is used only together with ${p.key("topicArn")}; leave it out, or set topicArn too.`);
    }
    if (s.requireSubscription === true && s.topicArn === undefined && emails === 0 && endpoints === 0) {
        p.list.push(
            `${p.where}: ${p.key("requireSubscription")} is true but nobody would be notified; add ${p.key("emails")} or ${p.key("httpsEndpoints")}, or set ${p.key("topicArn")}.`,
        );
    }

    if (s.thresholds !== undefined && !p.knownKeys("thresholds", s.thresholds, THRESHOLD_KEYS)) return;
    const t = (s.thresholds ?? {}) as Record<string, unknown>;
    p.num("thresholds.alb5xxRatePercent", t.alb5xxRatePercent, 0, 100);
    p.num("thresholds.target5xxRatePercent", t.target5xxRatePercent, 0, 100);
    p.num("thresholds.p99LatencySeconds", t.p99LatencySeconds, 0.001, 4000);
    p.int("thresholds.unhealthyHosts", t.unhealthyHosts, 0, 1000);
    p.int("thresholds.rejectedConnections", t.rejectedConnections, 0, 1000000);
    p.num("thresholds.cpuPercent", t.cpuPercent, 1, 100);
    p.num("thresholds.memoryPercent", t.memoryPercent, 1, 100);
    const pinnedOk = p.int("thresholds.capacityPinnedMinutes", t.capacityPinnedMinutes, 1, 1440);
    p.int("thresholds.replicationLatencySeconds", t.replicationLatencySeconds, 1, 86400);
    p.int("thresholds.replicationFailedOperations", t.replicationFailedOperations, 0, 1000000);
    const ok = {
        pinned: pinnedOk,
        period: checkPeriod(p, "thresholds.periodSeconds", t.periodSeconds),
        evaluation: p.int("thresholds.evaluationPeriods", t.evaluationPeriods, 1, 1440),
        datapoints: p.int("thresholds.datapointsToAlarm", t.datapointsToAlarm, 1, 1440),
    };
    const d = SERVICE_ALARMS_DEFAULTS.thresholds;
    const period = (t.periodSeconds ?? d.periodSeconds) as number;
    const evaluation = (t.evaluationPeriods ?? d.evaluationPeriods) as number;
    const datapoints = (t.datapointsToAlarm ?? d.datapointsToAlarm) as number;
    const pinned = (t.capacityPinnedMinutes ?? d.capacityPinnedMinutes) as number;
    if (ok.evaluation && ok.datapoints && datapoints > evaluation) {
        p.add(
            "thresholds.datapointsToAlarm",
            datapoints,
            `is above ${p.key("thresholds.evaluationPeriods")} (${evaluation}); lower datapointsToAlarm or raise evaluationPeriods.`,
        );
    }
    if (ok.period && ok.evaluation && period * evaluation > maxWindowSeconds(period)) {
        p.add(
            "thresholds.evaluationPeriods",
            evaluation,
            `times ${p.key("thresholds.periodSeconds")} (${period}) is ${period * evaluation} seconds, above the ${maxWindowSeconds(period)} seconds CloudWatch allows an alarm to look back; lower one of them.`,
        );
    }
    if (ok.period && ok.pinned && (pinned * 60) % period !== 0) {
        p.add(
            "thresholds.capacityPinnedMinutes",
            pinned,
            `must be a whole number of periods of ${p.key("thresholds.periodSeconds")} (${period} seconds).`,
        );
    }
}

/** Checks a list of strings of one format and its duplicates; returns how many entries it has. */
function checkList(p: Problems, path: string, value: unknown, pattern: RegExp, what: string, plural: string): number {
    if (value === undefined) return 0;
    if (!Array.isArray(value)) {
        p.add(path, value, `must be a list of ${plural}.`);
        return 0;
    }
    value.forEach((item, i) => {
        if (!p.str(`${path}[${i}]`, item, pattern, what)) return;
        const first = value.indexOf(item);
        if (first < i) p.add(`${path}[${i}]`, item, `repeats ${p.key(`${path}[${first}]`)}; list each once.`);
    });
    return value.length;
}

function checkPeriod(p: Problems, path: string, value: unknown): boolean {
    if (value === undefined) return true;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 60 || value > 3600 || value % 60 !== 0) {
        p.add(path, value, "must be a multiple of 60 from 60 to 3600.");
        return false;
    }
    return true;
}

/** The region of an ARN (`arn:aws:sns:<region>:…`). */
function arnRegion(arn: string): string {
    return arn.split(":")[3];
}

/**
 * Validates ServiceAlarms args and fills in the defaults; pure, never mutates `args`.
 * Throws a ConfigError naming every bad value, e.g.
 * ``elastic-web:aws:ServiceAlarms "alarms": `thresholds.cpuPercent` (0) must be a number from 1 to 100.``
 */
export function resolveServiceAlarmsArgs(name: string, args: ServiceAlarmsArgs): ResolvedServiceAlarmsArgs {
    const p = new Problems(`elastic-web:aws:ServiceAlarms "${name}"`);
    const a = (isRecord(args) ? args : {}) as Partial<ServiceAlarmsArgs>;
    const prefix = a.alarmNamePrefix ?? name;
    let prefixOk: boolean;
    if (a.alarmNamePrefix === undefined) {
        prefixOk = PREFIX.test(name);
        if (!prefixOk) {
            p.list.push(
                `${p.where}: the name ${JSON.stringify(name)} must be 1-200 letters, digits, "-" or "_", as it starts every alarm name and names the dashboard; rename the component or set \`alarmNamePrefix\`.`,
            );
        }
    } else {
        prefixOk = p.str(
            "alarmNamePrefix",
            a.alarmNamePrefix,
            PREFIX,
            '1-200 letters, digits, "-" or "_" (it starts every alarm name and names the dashboard)',
        );
    }
    p.knownKeys("", a, ARGS_KEYS);
    const settings: Record<string, unknown> = {};
    for (const key of SETTINGS_KEYS) {
        if (a[key] !== undefined) settings[key] = a[key];
    }
    checkServiceAlarmsSettings(p, settings);

    if (a.region === undefined) p.missing("region", 'give the region of the load balancer and the services, e.g. "us-east-1".');
    else p.str("region", a.region, REGION, 'an AWS region like "us-east-1"');
    if (!isRecord(a.loadBalancer) || a.loadBalancer.arnSuffix === undefined) {
        p.missing("loadBalancer.arnSuffix", "give the load balancer's `arnSuffix`, e.g. `loadBalancer.arnSuffix` of a LoadBalancer.");
    }

    if (a.services === undefined) p.missing("services", "give at least one service, e.g. `{ web: webService }`.");
    else if (!isRecord(a.services)) p.add("services", a.services, "must be an object of services by short name.");
    else if (Object.keys(a.services).length === 0) p.add("services", a.services, "must name at least one service.");
    else {
        for (const [key, svc] of Object.entries(a.services)) {
            checkService(p, key, svc);
            const longest = `${prefix}-${key}-${LONGEST_SERVICE_ALARM}`;
            if (prefixOk && SERVICE_KEY.test(key) && longest.length > MAX_ALARM_NAME) {
                p.list.push(
                    `${p.where}: the alarm name "${longest}" would be ${longest.length} characters, above the ${MAX_ALARM_NAME} CloudWatch allows; shorten \`alarmNamePrefix\` (${prefix.length} characters) or the service name "${key}".`,
                );
            }
        }
    }

    if (a.bucket !== undefined) {
        const b = a.bucket as unknown;
        if (!isRecord(b)) p.add("bucket", b, "must be an object with bucketName, replicaBucketName, replicationRuleId and replicaRegion.");
        else {
            if (b.bucketName === undefined) p.missing("bucket.bucketName", "give the source bucket's name.");
            if (b.replicaBucketName === undefined) p.missing("bucket.replicaBucketName", "give the destination bucket's name.");
            if (b.replicationRuleId === undefined)
                p.missing("bucket.replicationRuleId", "give the id of the replication rule (S3 replication metrics are per rule).");
            else p.str("bucket.replicationRuleId", b.replicationRuleId);
            if (b.replicaRegion === undefined)
                p.missing("bucket.replicaRegion", "give the destination bucket's region, where S3 publishes ReplicationLatency.");
            else p.str("bucket.replicaRegion", b.replicaRegion, REGION, 'an AWS region like "us-west-2"');
        }
    }
    p.throwIfAny();

    // An alarm can act only on a topic in its own region; CloudWatch rejects others with
    // "Invalid region … specified. Only … is supported".
    const region = a.region as string;
    if (a.topicArn !== undefined && arnRegion(a.topicArn) !== region) {
        p.add(
            "topicArn",
            a.topicArn,
            `is in ${arnRegion(a.topicArn) || "no region"}, but the alarms live in ${region} and can notify only a topic there; give a topic in ${region}.`,
        );
    }
    const replicaRegion = a.bucket && a.bucket.replicaRegion !== region ? a.bucket.replicaRegion : undefined;
    if (a.topicArn !== undefined && replicaRegion !== undefined && a.replicaTopicArn === undefined) {
        p.missing(
            "replicaTopicArn",
            `with ${p.key("topicArn")} and a bucket replicated to ${replicaRegion}, give a topic in ${replicaRegion}: S3 publishes ReplicationLatency there and that alarm can notify only a topic in its own region.`,
        );
    }
    if (a.topicArn !== undefined && a.replicaTopicArn !== undefined) {
        if (replicaRegion === undefined) {
            p.add("replicaTopicArn", a.replicaTopicArn, "is used only for a bucket replicated to another region; leave it out.");
        } else if (arnRegion(a.replicaTopicArn) !== replicaRegion) {
            p.add(
                "replicaTopicArn",
                a.replicaTopicArn,
                `is in ${arnRegion(a.replicaTopicArn) || "no region"}, but the replication-latency alarm lives in ${replicaRegion}; give a topic in ${replicaRegion}.`,
            );
        }
    }
    if (a.tags !== undefined && !isRecord(a.tags)) p.add("tags", a.tags, "must be an object of tag names to values.");
    p.throwIfAny();

    const d = SERVICE_ALARMS_DEFAULTS;
    const services: Record<string, Required<AlarmedService>> = {};
    for (const [key, svc] of Object.entries(a.services as Record<string, AlarmedService>)) {
        services[key] = {
            clusterName: svc.clusterName,
            serviceName: svc.serviceName,
            targetGroupArnSuffix: svc.targetGroupArnSuffix,
            minTasks: svc.minTasks,
            maxTasks: svc.maxTasks,
            containerInsights: svc.containerInsights ?? true,
        };
    }
    return {
        alarmNamePrefix: prefix,
        loadBalancer: { arnSuffix: (a.loadBalancer as ServiceAlarmsArgs["loadBalancer"]).arnSuffix },
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

function checkService(p: Problems, key: string, svc: unknown): void {
    const path = `services.${key}`;
    if (!SERVICE_KEY.test(key)) {
        p.add(path, key, 'is not a usable service name: use 1-64 letters, digits, "-" or "_" (it goes into alarm names).');
    }
    if (!isRecord(svc)) {
        p.add(path, svc, "must be an object with the service's clusterName, serviceName, targetGroupArnSuffix, minTasks and maxTasks.");
        return;
    }
    if (svc.clusterName === undefined) p.missing(`${path}.clusterName`, "give the ECS cluster's name, e.g. `service.clusterName`.");
    if (svc.serviceName === undefined) p.missing(`${path}.serviceName`, "give the ECS service's name, e.g. `service.serviceName`.");
    if (svc.targetGroupArnSuffix === undefined)
        p.missing(`${path}.targetGroupArnSuffix`, "give the target group's `arnSuffix`, e.g. `service.targetGroupArnSuffix`.");
    const minOk =
        svc.minTasks === undefined
            ? (p.missing(`${path}.minTasks`, "give the service's lower task bound."), false)
            : p.int(`${path}.minTasks`, svc.minTasks, 0, 5000);
    const maxOk =
        svc.maxTasks === undefined
            ? (p.missing(`${path}.maxTasks`, "give the service's upper task bound."), false)
            : p.int(`${path}.maxTasks`, svc.maxTasks, 1, 5000);
    if (minOk && maxOk && (svc.maxTasks as number) < (svc.minTasks as number)) {
        p.add(
            `${path}.maxTasks`,
            svc.maxTasks,
            `is below ${p.key(`${path}.minTasks`)} (${svc.minTasks}); raise maxTasks or lower minTasks.`,
        );
    }
    p.bool(`${path}.containerInsights`, svc.containerInsights);
}

/**
 * Names of the alarms an ECS service should list as deployment alarms (rollback on alarm): its
 * `target-5xx` and `unhealthy-hosts` alarms. Pure, so the service can name them without depending
 * on the alarm resources (which depend on the service).
 *
 * @param alarmNamePrefix the `alarmNamePrefix` the ServiceAlarms gets (its name when it gets none)
 * @example deploymentAlarmNames("app-prod", "web") // ["app-prod-web-target-5xx", "app-prod-web-unhealthy-hosts"]
 */
export function deploymentAlarmNames(alarmNamePrefix: string, serviceKey: string): string[] {
    return [`${alarmNamePrefix}-${serviceKey}-target-5xx`, `${alarmNamePrefix}-${serviceKey}-unhealthy-hosts`];
}

/** The rule of a composite alarm that is in ALARM while any of the named alarms is. */
export function anyAlarmRule(alarmNames: string[]): string {
    return alarmNames.map((n) => `ALARM(${JSON.stringify(n)})`).join(" OR ");
}

/** Console URL of a CloudWatch dashboard. */
export function dashboardUrl(region: string, dashboardName: string): string {
    return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards:name=${dashboardName}`;
}

/**
 * Key policy of a topic key: the account administers it through IAM, and CloudWatch may generate and
 * decrypt data keys, without which alarms cannot publish to an encrypted topic. The CloudWatch
 * statement is the one the Amazon SNS developer guide gives in "Enable compatibility between event
 * sources from AWS services and encrypted topics"
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services);
 * it carries no source conditions because the guide documents none for this path and a condition the
 * request lacks would silently drop every notification.
 * The topic policy limits publishing to this account's alarms.
 */
export function topicKeyPolicy(partition: string, accountId: string): object {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountAdministersKey",
                Effect: "Allow",
                Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
                Action: "kms:*",
                Resource: "*",
            },
            {
                Sid: "CloudWatchAlarmsUseKey",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                Resource: "*",
            },
        ],
    };
}

/**
 * Topic policy: only this account's alarms whose names start with `alarmNamePrefix`, in `region`,
 * may publish (the `cloudwatch.amazonaws.com` grant with an `aws:SourceArn` alarm condition that AWS
 * gives in the knowledge-center article "Why didn't I receive an SNS notification for my CloudWatch
 * alarm trigger?", https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger), and
 * nobody may publish without TLS.
 */
export function topicPolicy(topicArn: string, partition: string, region: string, accountId: string, alarmNamePrefix: string): object {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "CloudWatchAlarmsPublish",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: "sns:Publish",
                Resource: topicArn,
                Condition: {
                    StringEquals: { "aws:SourceAccount": accountId },
                    ArnLike: { "aws:SourceArn": `arn:${partition}:cloudwatch:${region}:${accountId}:alarm:${alarmNamePrefix}*` },
                },
            },
            {
                Sid: "DenyPublishWithoutTls",
                Effect: "Deny",
                Principal: "*",
                Action: "sns:Publish",
                Resource: topicArn,
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    };
}

/** One metric of an alarm: namespace, name and dimensions. */
interface MetricRef {
    namespace: string;
    metricName: string;
    dimensions: Record<string, pulumi.Input<string>>;
}

/** How one metric alarm compares and treats missing data. */
interface AlarmSpec {
    description: string;
    comparisonOperator: "GreaterThanThreshold" | "GreaterThanOrEqualToThreshold" | "LessThanThreshold";
    threshold: number;
    treatMissingData: "notBreaching" | "breaching";
    evaluationPeriods?: number;
    datapointsToAlarm?: number;
}

const ALB = "AWS/ApplicationELB";
const ECS = "AWS/ECS";
const INSIGHTS = "ECS/ContainerInsights";
const S3 = "AWS/S3";

/** Percent of `requests` that are `errors`, 0 without requests; ALB 5xx counts have no data point in minutes without errors. */
const RATE_EXPRESSION = "IF(requests > 0, 100 * FILL(errors, 0) / requests, 0)";

/** A topic the component made, with its key. */
interface OwnTopic {
    key: aws.kms.Key;
    topic: aws.sns.Topic;
}

/**
 * CloudWatch monitoring of an elastic web stack: an SNS topic (encrypted with a key CloudWatch may
 * use) with email and HTTPS subscriptions, alarms on the load balancer, each service and the
 * replicated bucket, a composite "degraded" alarm per service, and a dashboard. Every alarm has an
 * explicit name `<alarmNamePrefix>-<key>` (the prefix defaults to the component's name) and notifies
 * the topic on ALARM and on OK.
 *
 * Alarms: `alb-5xx` (rate of 5xx the load balancer itself returns), `rejected-connections`; per service
 * `<svc>-target-5xx`, `<svc>-p99-latency` (p99 per target group, so a slow service is named),
 * `<svc>-unhealthy-hosts`, `<svc>-cpu-high`, `<svc>-memory-high`, and with Container Insights
 * `<svc>-tasks-below-min` and, when autoscaled, `<svc>-capacity-pinned`; `<svc>-degraded` (composite
 * over target-5xx, unhealthy-hosts, p99-latency and tasks-below-min); with a bucket
 * `replication-failed` and `replication-latency`. S3 publishes ReplicationLatency in the replica's
 * region, so that alarm lives there, with its own topic (`${name}-replica-topic…`, same subscriptions)
 * when the replica is in another region.
 *
 * Children: `${name}-topic-key`, `${name}-topic-key-alias`, `${name}-topic`, `${name}-topic-policy`,
 * `${name}-email-<i>`, `${name}-https-<i>` (none of them with `topicArn`), the alarms named after their
 * keys (`${name}-web-cpu-high`), `${name}-dashboard`. These logical names never depend on `alarmNamePrefix`.
 *
 * @example
 * const alarms = new ServiceAlarms("prod-alarms", {
 *     alarmNamePrefix: "shop-prod",
 *     loadBalancer: { arnSuffix: alb.attachment.loadBalancerArnSuffix },
 *     services: { web },
 *     bucket: { bucketName: assets.bucketName, replicaBucketName: assets.replicaBucketName, replicationRuleId: "replicate-all", replicaRegion: "us-west-2" },
 *     region: "us-east-1",
 *     emails: ["ops@example.com"],
 * });
 * export const alarmTopicArn = alarms.topicArn;
 */
export class ServiceAlarms extends pulumi.ComponentResource {
    /** The topic the component made; undefined with `topicArn`. */
    readonly topic: aws.sns.Topic | undefined;
    /** The key encrypting the topic; undefined with `topicArn`. */
    readonly topicKey: aws.kms.Key | undefined;
    /** ARN of the topic every alarm in the stack's region notifies. */
    readonly topicArn: pulumi.Output<string>;
    /** The topic in the replica's region the component made; undefined unless it made one. */
    readonly replicaTopic: aws.sns.Topic | undefined;
    /** ARN of the topic the `replication-latency` alarm notifies; undefined without a bucket. */
    readonly replicaTopicArn: pulumi.Output<string> | undefined;
    /** Every alarm by key (`alb-5xx`, `web-cpu-high`, `web-degraded`, `replication-latency`). */
    readonly alarms: Record<string, aws.cloudwatch.MetricAlarm | aws.cloudwatch.CompositeAlarm>;
    /** The dashboard; undefined when `dashboard` is false. */
    readonly dashboard: aws.cloudwatch.Dashboard | undefined;
    /** Console URL of the dashboard; undefined when `dashboard` is false. */
    readonly dashboardUrl: pulumi.Output<string> | undefined;
    /** Whether the stack should wire the deployment alarms (see {@link deploymentAlarmNames}). */
    readonly deploymentAlarms: boolean;

    constructor(name: string, args: ServiceAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("elastic-web:aws:ServiceAlarms", name, {}, opts);
        const r = resolveServiceAlarmsArgs(name, args);
        const alarmPrefix = r.alarmNamePrefix;
        const parent = { parent: this };
        const tags = r.tags;
        const t = r.thresholds;
        const partition = partitionOf(r.region);
        const replicaRegion = r.bucket && r.bucket.replicaRegion !== r.region ? r.bucket.replicaRegion : undefined;
        this.deploymentAlarms = r.deploymentAlarms;

        let own: OwnTopic | undefined;
        let ownReplica: OwnTopic | undefined;
        if (r.topicArn !== undefined) {
            this.topicArn = pulumi.output(r.topicArn);
        } else {
            const accountId = aws.getCallerIdentityOutput({}, parent).accountId;
            const topic = (prefix: string, region: string | undefined): OwnTopic => {
                const inRegion = region ? { region } : {};
                const key = new aws.kms.Key(
                    `${prefix}-topic-key`,
                    {
                        description: `Encrypts the alarm topic of ${alarmPrefix}; CloudWatch alarms use it to publish`,
                        enableKeyRotation: true,
                        policy: accountId.apply((id) => JSON.stringify(topicKeyPolicy(partition, id))),
                        tags,
                        ...inRegion,
                    },
                    parent,
                );
                new aws.kms.Alias(
                    `${prefix}-topic-key-alias`,
                    { name: `alias/${alarmPrefix}-alarms`, targetKeyId: key.keyId, ...inRegion },
                    parent,
                );
                const sns = new aws.sns.Topic(`${prefix}-topic`, { kmsMasterKeyId: key.arn, tags, ...inRegion }, parent);
                new aws.sns.TopicPolicy(
                    `${prefix}-topic-policy`,
                    {
                        arn: sns.arn,
                        policy: pulumi
                            .all([sns.arn, accountId])
                            .apply(([arn, id]) => JSON.stringify(topicPolicy(arn, partition, region ?? r.region, id, `${alarmPrefix}-`))),
                        ...inRegion,
                    },
                    parent,
                );
                r.emails.forEach(
                    (email, i) =>
                        new aws.sns.TopicSubscription(
                            `${prefix}-email-${i}`,
                            { topic: sns.arn, protocol: "email", endpoint: email, ...inRegion },
                            parent,
                        ),
                );
                r.httpsEndpoints.forEach(
                    (url, i) =>
                        new aws.sns.TopicSubscription(
                            `${prefix}-https-${i}`,
                            { topic: sns.arn, protocol: "https", endpoint: url, ...inRegion },
                            parent,
                        ),
                );
                return { key, topic: sns };
            };
            own = topic(name, undefined);
            this.topicArn = own.topic.arn;
            if (replicaRegion !== undefined) ownReplica = topic(`${name}-replica`, replicaRegion);
        }
        this.topic = own?.topic;
        this.topicKey = own?.key;
        this.replicaTopic = ownReplica?.topic;
        if (!r.bucket) this.replicaTopicArn = undefined;
        else if (replicaRegion === undefined) this.replicaTopicArn = this.topicArn;
        else this.replicaTopicArn = ownReplica ? ownReplica.topic.arn : pulumi.output(r.replicaTopicArn as string);

        const alarms: Record<string, aws.cloudwatch.MetricAlarm | aws.cloudwatch.CompositeAlarm> = {};
        this.alarms = alarms;
        const common = (spec: AlarmSpec, actions: pulumi.Input<string>) => ({
            alarmDescription: spec.description,
            actionsEnabled: true,
            alarmActions: [actions],
            okActions: [actions],
            comparisonOperator: spec.comparisonOperator,
            threshold: spec.threshold,
            evaluationPeriods: spec.evaluationPeriods ?? t.evaluationPeriods,
            datapointsToAlarm: spec.datapointsToAlarm ?? t.datapointsToAlarm,
            treatMissingData: spec.treatMissingData,
            tags,
        });
        const single = (
            key: string,
            spec: AlarmSpec,
            metric: MetricRef,
            stat: { statistic: string } | { extendedStatistic: string },
            extra: { region?: string; topicArn?: pulumi.Input<string>; evaluateLowSampleCountPercentiles?: string } = {},
        ) => {
            const { region, topicArn, ...rest } = extra;
            const alarm = new aws.cloudwatch.MetricAlarm(
                `${name}-${key}`,
                {
                    name: `${alarmPrefix}-${key}`,
                    ...common(spec, topicArn ?? this.topicArn),
                    namespace: metric.namespace,
                    metricName: metric.metricName,
                    dimensions: metric.dimensions,
                    period: t.periodSeconds,
                    ...stat,
                    ...rest,
                    ...(region ? { region } : {}),
                },
                parent,
            );
            alarms[key] = alarm;
            return alarm;
        };
        const rate = (key: string, spec: AlarmSpec, errors: MetricRef, requests: MetricRef, label: string) => {
            const query = (id: string, m: MetricRef) => ({ id, returnData: false, metric: { ...m, period: t.periodSeconds, stat: "Sum" } });
            const alarm = new aws.cloudwatch.MetricAlarm(
                `${name}-${key}`,
                {
                    name: `${alarmPrefix}-${key}`,
                    ...common(spec, this.topicArn),
                    metricQueries: [
                        query("errors", errors),
                        query("requests", requests),
                        { id: "rate", expression: RATE_EXPRESSION, label, returnData: true },
                    ],
                },
                parent,
            );
            alarms[key] = alarm;
            return alarm;
        };

        const lb = { LoadBalancer: r.loadBalancer.arnSuffix };
        rate(
            "alb-5xx",
            {
                description: `More than ${t.alb5xxRatePercent}% of requests get a 5xx from the load balancer itself (no healthy target, target timeouts, load balancer errors).`,
                comparisonOperator: "GreaterThanThreshold",
                threshold: t.alb5xxRatePercent,
                treatMissingData: "notBreaching",
            },
            { namespace: ALB, metricName: "HTTPCode_ELB_5XX_Count", dimensions: lb },
            { namespace: ALB, metricName: "RequestCount", dimensions: lb },
            "Load balancer 5xx (% of requests)",
        );
        single(
            "rejected-connections",
            {
                description: `The load balancer rejected more than ${t.rejectedConnections} connections in a period: it reached its connection limit.`,
                comparisonOperator: "GreaterThanThreshold",
                threshold: t.rejectedConnections,
                treatMissingData: "notBreaching",
            },
            { namespace: ALB, metricName: "RejectedConnectionCount", dimensions: lb },
            { statistic: "Sum" },
        );

        for (const [svc, s] of Object.entries(r.services)) {
            const tg = { TargetGroup: s.targetGroupArnSuffix, LoadBalancer: r.loadBalancer.arnSuffix };
            const ecs = { ClusterName: s.clusterName, ServiceName: s.serviceName };
            // The alarms whose ALARM means users are affected; the composite watches them.
            const watched = [`${svc}-target-5xx`, `${svc}-unhealthy-hosts`, `${svc}-p99-latency`];
            rate(
                `${svc}-target-5xx`,
                {
                    description: `More than ${t.target5xxRatePercent}% of ${svc}'s requests get a 5xx from its tasks.`,
                    comparisonOperator: "GreaterThanThreshold",
                    threshold: t.target5xxRatePercent,
                    treatMissingData: "notBreaching",
                },
                { namespace: ALB, metricName: "HTTPCode_Target_5XX_Count", dimensions: tg },
                { namespace: ALB, metricName: "RequestCount", dimensions: tg },
                `${svc} target 5xx (% of requests)`,
            );
            single(
                `${svc}-unhealthy-hosts`,
                {
                    description: `More than ${t.unhealthyHosts} of ${svc}'s targets fail the load balancer health check.`,
                    comparisonOperator: "GreaterThanThreshold",
                    threshold: t.unhealthyHosts,
                    treatMissingData: "notBreaching",
                },
                { namespace: ALB, metricName: "UnHealthyHostCount", dimensions: tg },
                { statistic: "Maximum" },
            );
            single(
                `${svc}-p99-latency`,
                {
                    description: `p99 response time of ${svc}'s targets is above ${t.p99LatencySeconds} s.`,
                    comparisonOperator: "GreaterThanThreshold",
                    threshold: t.p99LatencySeconds,
                    treatMissingData: "notBreaching",
                },
                { namespace: ALB, metricName: "TargetResponseTime", dimensions: tg },
                { extendedStatistic: "p99" },
                {
                    // A p99 of a handful of requests says little; the alarm keeps its state until there are enough.
                    evaluateLowSampleCountPercentiles: "ignore",
                },
            );
            single(
                `${svc}-cpu-high`,
                {
                    description: `Average CPU of ${svc} is above ${t.cpuPercent}%.`,
                    comparisonOperator: "GreaterThanThreshold",
                    threshold: t.cpuPercent,
                    treatMissingData: "notBreaching",
                },
                { namespace: ECS, metricName: "CPUUtilization", dimensions: ecs },
                { statistic: "Average" },
            );
            single(
                `${svc}-memory-high`,
                {
                    description: `Average memory of ${svc} is above ${t.memoryPercent}%.`,
                    comparisonOperator: "GreaterThanThreshold",
                    threshold: t.memoryPercent,
                    treatMissingData: "notBreaching",
                },
                { namespace: ECS, metricName: "MemoryUtilization", dimensions: ecs },
                { statistic: "Average" },
            );
            if (s.containerInsights && s.minTasks > 0) {
                // Even the period's highest count below the minimum: tasks are missing, not briefly replaced.
                // No data at all means no running task reports, which counts as breaching.
                watched.push(`${svc}-tasks-below-min`);
                single(
                    `${svc}-tasks-below-min`,
                    {
                        description: `Fewer than ${s.minTasks} (minTasks) tasks of ${svc} are running.`,
                        comparisonOperator: "LessThanThreshold",
                        threshold: s.minTasks,
                        treatMissingData: "breaching",
                    },
                    { namespace: INSIGHTS, metricName: "RunningTaskCount", dimensions: ecs },
                    { statistic: "Maximum" },
                );
            }
            if (s.containerInsights && s.maxTasks > s.minTasks) {
                // Every period's lowest desired count at the maximum: autoscaling wants more tasks than it may start.
                const periods = (t.capacityPinnedMinutes * 60) / t.periodSeconds;
                single(
                    `${svc}-capacity-pinned`,
                    {
                        description: `${svc} has wanted its maximum of ${s.maxTasks} tasks for ${t.capacityPinnedMinutes} minutes: scaling is exhausted; raise maxTasks or find the load.`,
                        comparisonOperator: "GreaterThanOrEqualToThreshold",
                        threshold: s.maxTasks,
                        treatMissingData: "notBreaching",
                        evaluationPeriods: periods,
                        datapointsToAlarm: periods,
                    },
                    { namespace: INSIGHTS, metricName: "DesiredTaskCount", dimensions: ecs },
                    { statistic: "Minimum" },
                );
            }
            const names = watched.map((k) => `${alarmPrefix}-${k}`);
            alarms[`${svc}-degraded`] = new aws.cloudwatch.CompositeAlarm(
                `${name}-${svc}-degraded`,
                {
                    alarmName: `${alarmPrefix}-${svc}-degraded`,
                    alarmDescription: `${svc} is degraded: one or more of ${names.join(", ")} is in ALARM.`,
                    alarmRule: anyAlarmRule(names),
                    actionsEnabled: true,
                    alarmActions: [this.topicArn],
                    okActions: [this.topicArn],
                    tags,
                    // CloudWatch rejects a rule that names alarms which do not exist yet.
                },
                pulumi.mergeOptions(parent, { dependsOn: watched.map((k) => alarms[k]) }),
            );
        }

        if (r.bucket) {
            const b = r.bucket;
            const dims = { SourceBucket: b.bucketName, DestinationBucket: b.replicaBucketName, RuleId: b.replicationRuleId };
            single(
                "replication-failed",
                {
                    description: `More than ${t.replicationFailedOperations} replication operations from the bucket to its replica failed in a period.`,
                    comparisonOperator: "GreaterThanThreshold",
                    threshold: t.replicationFailedOperations,
                    treatMissingData: "notBreaching",
                },
                { namespace: S3, metricName: "OperationsFailedReplication", dimensions: dims },
                { statistic: "Sum" },
            );
            // S3 publishes ReplicationLatency in the destination's region, OperationsFailedReplication in the
            // source's (Amazon S3 user guide, "Using S3 Replication metrics",
            // https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html).
            single(
                "replication-latency",
                {
                    description: `The replica is more than ${t.replicationLatencySeconds} s behind the bucket.`,
                    comparisonOperator: "GreaterThanThreshold",
                    threshold: t.replicationLatencySeconds,
                    treatMissingData: "notBreaching",
                },
                { namespace: S3, metricName: "ReplicationLatency", dimensions: dims },
                { statistic: "Maximum" },
                {
                    region: replicaRegion,
                    topicArn: this.replicaTopicArn,
                },
            );
        }

        if (r.dashboard) {
            this.dashboard = new aws.cloudwatch.Dashboard(
                `${name}-dashboard`,
                {
                    dashboardName: alarmPrefix,
                    dashboardBody: pulumi.jsonStringify(dashboardBody(r)),
                },
                parent,
            );
            this.dashboardUrl = this.dashboard.dashboardName.apply((n) => dashboardUrl(r.region, n));
        } else {
            this.dashboard = undefined;
            this.dashboardUrl = undefined;
        }

        this.registerOutputs({
            topicArn: this.topicArn,
            replicaTopicArn: this.replicaTopicArn,
            alarmNames: Object.keys(alarms).map((k) => `${alarmPrefix}-${k}`),
            dashboardUrl: this.dashboardUrl,
            deploymentAlarms: this.deploymentAlarms,
        });
    }
}

/** A dashboard metric line: `[namespace, name, dim, value, …, options]`. */
type MetricLine = pulumi.Input<string | Record<string, unknown>>[];

function metricLine(m: MetricRef, options: Record<string, unknown>): MetricLine {
    const line: MetricLine = [m.namespace, m.metricName];
    for (const [k, v] of Object.entries(m.dimensions)) line.push(k, v);
    line.push(options);
    return line;
}

interface Widget {
    type: "metric";
    x: number;
    y: number;
    width: number;
    height: number;
    properties: Record<string, unknown>;
}

const HEIGHT = 6;

/**
 * The dashboard: requests, 5xx counts and rates with their thresholds; per service latency
 * percentiles, healthy and unhealthy hosts, CPU and memory, desired and running tasks against the
 * scaling bounds; replication latency (from the replica's region) and failures.
 */
function dashboardBody(r: ResolvedServiceAlarmsArgs): { widgets: Widget[] } {
    const t = r.thresholds;
    const lb = { LoadBalancer: r.loadBalancer.arnSuffix };
    const services = Object.entries(r.services);
    const tgOf = (s: AlarmedService) => ({ TargetGroup: s.targetGroupArnSuffix, LoadBalancer: r.loadBalancer.arnSuffix });
    const ecsOf = (s: AlarmedService) => ({ ClusterName: s.clusterName, ServiceName: s.serviceName });
    const graph = (
        title: string,
        x: number,
        y: number,
        width: number,
        metrics: unknown[],
        extra: Record<string, unknown> = {},
    ): Widget => ({
        type: "metric",
        x,
        y,
        width,
        height: HEIGHT,
        properties: { title, region: r.region, view: "timeSeries", stacked: false, period: t.periodSeconds, metrics, ...extra },
    });
    const line = (value: number, label: string) => ({ horizontal: [{ value, label }] });

    const widgets: Widget[] = [
        graph(
            "Requests",
            0,
            0,
            8,
            [
                metricLine({ namespace: ALB, metricName: "RequestCount", dimensions: lb }, { stat: "Sum", label: "load balancer" }),
                ...services.map(([svc, s]) =>
                    metricLine({ namespace: ALB, metricName: "RequestCount", dimensions: tgOf(s) }, { stat: "Sum", label: svc }),
                ),
            ],
            { yAxis: { left: { min: 0 } } },
        ),
        graph(
            "5xx responses",
            8,
            0,
            8,
            [
                metricLine(
                    { namespace: ALB, metricName: "HTTPCode_ELB_5XX_Count", dimensions: lb },
                    { stat: "Sum", label: "load balancer" },
                ),
                ...services.map(([svc, s]) =>
                    metricLine(
                        { namespace: ALB, metricName: "HTTPCode_Target_5XX_Count", dimensions: tgOf(s) },
                        { stat: "Sum", label: `${svc} targets` },
                    ),
                ),
            ],
            { yAxis: { left: { min: 0 } } },
        ),
        graph(
            "5xx rate (%)",
            16,
            0,
            8,
            [
                metricLine(
                    { namespace: ALB, metricName: "HTTPCode_ELB_5XX_Count", dimensions: lb },
                    { stat: "Sum", id: "errors0", visible: false },
                ),
                metricLine(
                    { namespace: ALB, metricName: "RequestCount", dimensions: lb },
                    { stat: "Sum", id: "requests0", visible: false },
                ),
                [{ expression: "IF(requests0 > 0, 100 * FILL(errors0, 0) / requests0, 0)", label: "load balancer", id: "rate0" }],
                ...services.flatMap(([svc, s], i) => [
                    metricLine(
                        { namespace: ALB, metricName: "HTTPCode_Target_5XX_Count", dimensions: tgOf(s) },
                        { stat: "Sum", id: `errors${i + 1}`, visible: false },
                    ),
                    metricLine(
                        { namespace: ALB, metricName: "RequestCount", dimensions: tgOf(s) },
                        { stat: "Sum", id: `requests${i + 1}`, visible: false },
                    ),
                    [
                        {
                            expression: `IF(requests${i + 1} > 0, 100 * FILL(errors${i + 1}, 0) / requests${i + 1}, 0)`,
                            label: `${svc} targets`,
                            id: `rate${i + 1}`,
                        },
                    ],
                ]),
            ],
            {
                yAxis: { left: { min: 0 } },
                annotations: {
                    horizontal: [
                        { value: t.alb5xxRatePercent, label: "alb-5xx alarm" },
                        { value: t.target5xxRatePercent, label: "target-5xx alarm" },
                    ],
                },
            },
        ),
    ];

    services.forEach(([svc, s], i) => {
        const y = HEIGHT * (i + 1);
        const tg = tgOf(s);
        const ecs = ecsOf(s);
        widgets.push(
            graph(
                `${svc}: response time (s)`,
                0,
                y,
                6,
                ["p50", "p90", "p99"].map((stat) =>
                    metricLine({ namespace: ALB, metricName: "TargetResponseTime", dimensions: tg }, { stat, label: stat }),
                ),
                {
                    yAxis: { left: { min: 0 } },
                    annotations: line(t.p99LatencySeconds, "p99 alarm"),
                },
            ),
            graph(
                `${svc}: healthy hosts`,
                6,
                y,
                6,
                [
                    metricLine({ namespace: ALB, metricName: "HealthyHostCount", dimensions: tg }, { stat: "Minimum", label: "healthy" }),
                    metricLine(
                        { namespace: ALB, metricName: "UnHealthyHostCount", dimensions: tg },
                        { stat: "Maximum", label: "unhealthy" },
                    ),
                ],
                { yAxis: { left: { min: 0 } } },
            ),
            graph(
                `${svc}: CPU and memory (%)`,
                12,
                y,
                6,
                [
                    metricLine({ namespace: ECS, metricName: "CPUUtilization", dimensions: ecs }, { stat: "Average", label: "CPU" }),
                    metricLine({ namespace: ECS, metricName: "MemoryUtilization", dimensions: ecs }, { stat: "Average", label: "memory" }),
                ],
                {
                    yAxis: { left: { min: 0, max: 100 } },
                    annotations: {
                        horizontal: [
                            { value: t.cpuPercent, label: "cpu-high alarm" },
                            { value: t.memoryPercent, label: "memory-high alarm" },
                        ],
                    },
                },
            ),
            graph(
                `${svc}: desired and running tasks`,
                18,
                y,
                6,
                [
                    metricLine(
                        { namespace: INSIGHTS, metricName: "DesiredTaskCount", dimensions: ecs },
                        { stat: "Average", label: "desired" },
                    ),
                    metricLine(
                        { namespace: INSIGHTS, metricName: "RunningTaskCount", dimensions: ecs },
                        { stat: "Average", label: "running" },
                    ),
                ],
                {
                    yAxis: { left: { min: 0 } },
                    annotations: {
                        horizontal: [
                            { value: s.minTasks, label: "minTasks" },
                            { value: s.maxTasks, label: "maxTasks" },
                        ],
                    },
                },
            ),
        );
    });

    if (r.bucket) {
        const b = r.bucket;
        const y = HEIGHT * (services.length + 1);
        const dims = { SourceBucket: b.bucketName, DestinationBucket: b.replicaBucketName, RuleId: b.replicationRuleId };
        widgets.push(
            graph(
                "Replication latency (s)",
                0,
                y,
                12,
                [
                    metricLine(
                        { namespace: S3, metricName: "ReplicationLatency", dimensions: dims },
                        { stat: "Maximum", label: "behind source" },
                    ),
                ],
                {
                    region: b.replicaRegion,
                    yAxis: { left: { min: 0 } },
                    annotations: line(t.replicationLatencySeconds, "replication-latency alarm"),
                },
            ),
            graph(
                "Failed replication operations",
                12,
                y,
                12,
                [
                    metricLine(
                        { namespace: S3, metricName: "OperationsFailedReplication", dimensions: dims },
                        { stat: "Sum", label: "failed" },
                    ),
                ],
                { yAxis: { left: { min: 0 } } },
            ),
        );
    }
    return { widgets };
}
