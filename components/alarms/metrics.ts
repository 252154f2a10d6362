/**
 * What every alarm of {@link ServiceAlarms} shares: the metric namespaces, the description of one
 * alarm, and the two ways an alarm is made (on one metric, or on the rate of errors among requests).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AlarmThresholds } from "./args";

/** Namespace of the Application Load Balancer metrics. */
export const ALB = "AWS/ApplicationELB";
/** Namespace of the ECS service metrics. */
export const ECS = "AWS/ECS";
/** Namespace of the ECS Container Insights metrics. */
export const INSIGHTS = "ECS/ContainerInsights";
/** Namespace of the S3 replication metrics. */
export const S3 = "AWS/S3";

/** Percent of `requests` that are `errors`, 0 without requests; ALB 5xx counts have no data point in minutes without errors. */
export const RATE_EXPRESSION = "IF(requests > 0, 100 * FILL(errors, 0) / requests, 0)";

/** One metric of an alarm: namespace, name and dimensions. */
export interface MetricRef {
    /** CloudWatch namespace, e.g. `AWS/ApplicationELB`. */
    namespace: string;
    /** Metric name, e.g. `RequestCount`. */
    metricName: string;
    /** Dimensions by name. */
    dimensions: Record<string, pulumi.Input<string>>;
}

/** How one metric alarm compares and treats missing data. */
export interface AlarmSpec {
    /** The alarm's description, which the notifications carry. */
    description: string;
    /** How the metric is compared with `threshold`. */
    comparisonOperator: "GreaterThanThreshold" | "GreaterThanOrEqualToThreshold" | "LessThanThreshold";
    /** The threshold. */
    threshold: number;
    /** Whether a period without data counts as breaching. */
    treatMissingData: "notBreaching" | "breaching";
    /** Periods looked back over. @default - `thresholds.evaluationPeriods` */
    evaluationPeriods?: number;
    /** Breaching periods that put the alarm in ALARM. @default - `thresholds.datapointsToAlarm` */
    datapointsToAlarm?: number;
}

/** Every alarm of one ServiceAlarms, by key (`alb-5xx`, `web-cpu-high`, `web-degraded`). */
export type AlarmsByKey = Record<string, aws.cloudwatch.MetricAlarm | aws.cloudwatch.CompositeAlarm>;

/** What the alarm creation steps share: names, evaluation, tags, the topic, the parent, and the alarms made so far. */
export interface AlarmContext {
    /** The component's name; alarm `key` becomes the logical name `${name}-${key}`. */
    name: string;
    /** The `alarmNamePrefix`; alarm `key` becomes the alarm name `${alarmPrefix}-${key}`. */
    alarmPrefix: string;
    /** The resolved thresholds and evaluation settings. */
    thresholds: Required<AlarmThresholds>;
    /** Tags of every alarm. */
    tags: Record<string, pulumi.Input<string>>;
    /** The topic alarms in the component's region notify. */
    topicArn: pulumi.Input<string>;
    /** Options of every child (`{ parent: component }`). */
    parent: pulumi.CustomResourceOptions;
    /** The alarms made so far; every step adds its own, in the order it makes them. */
    alarms: AlarmsByKey;
}

/** Options of one metric alarm that only some alarms need. */
export interface MetricAlarmExtra {
    /** Region of the alarm when it is not the component's (the replica's). */
    region?: string;
    /** Topic to notify when it is not the context's. */
    topicArn?: pulumi.Input<string>;
    /** How percentiles of few samples are evaluated. */
    evaluateLowSampleCountPercentiles?: string;
}

/** The arguments every alarm shares: description, notifications on ALARM and OK, comparison and evaluation. */
function common(ctx: AlarmContext, spec: AlarmSpec, actions: pulumi.Input<string>) {
    const t = ctx.thresholds;
    return {
        alarmDescription: spec.description,
        actionsEnabled: true,
        alarmActions: [actions],
        okActions: [actions],
        comparisonOperator: spec.comparisonOperator,
        threshold: spec.threshold,
        evaluationPeriods: spec.evaluationPeriods ?? t.evaluationPeriods,
        datapointsToAlarm: spec.datapointsToAlarm ?? t.datapointsToAlarm,
        treatMissingData: spec.treatMissingData,
        tags: ctx.tags,
    };
}

/** An alarm on one metric with one statistic, named after `key`, added to `ctx.alarms`. */
export function metricAlarm(
    ctx: AlarmContext,
    key: string,
    spec: AlarmSpec,
    metric: MetricRef,
    stat: { statistic: string } | { extendedStatistic: string },
    extra: MetricAlarmExtra = {},
): aws.cloudwatch.MetricAlarm {
    const { region, topicArn, ...rest } = extra;
    const alarm = new aws.cloudwatch.MetricAlarm(
        `${ctx.name}-${key}`,
        {
            name: `${ctx.alarmPrefix}-${key}`,
            ...common(ctx, spec, topicArn ?? ctx.topicArn),
            namespace: metric.namespace,
            metricName: metric.metricName,
            dimensions: metric.dimensions,
            period: ctx.thresholds.periodSeconds,
            ...stat,
            ...rest,
            ...(region ? { region } : {}),
        },
        ctx.parent,
    );
    ctx.alarms[key] = alarm;
    return alarm;
}

/** An alarm on the percent of `requests` that are `errors` (see {@link RATE_EXPRESSION}), added to `ctx.alarms`. */
export function rateAlarm(
    ctx: AlarmContext,
    key: string,
    spec: AlarmSpec,
    errors: MetricRef,
    requests: MetricRef,
    label: string,
): aws.cloudwatch.MetricAlarm {
    const period = ctx.thresholds.periodSeconds;
    const query = (id: string, m: MetricRef) => ({ id, returnData: false, metric: { ...m, period, stat: "Sum" } });
    const alarm = new aws.cloudwatch.MetricAlarm(
        `${ctx.name}-${key}`,
        {
            name: `${ctx.alarmPrefix}-${key}`,
            ...common(ctx, spec, ctx.topicArn),
            metricQueries: [
                query("errors", errors),
                query("requests", requests),
                { id: "rate", expression: RATE_EXPRESSION, label, returnData: true },
            ],
        },
        ctx.parent,
    );
    ctx.alarms[key] = alarm;
    return alarm;
}
