/**
 * The CloudWatch dashboard of {@link ServiceAlarms}: a row of requests and 5xx for the load balancer,
 * a row per service, and a row for the bucket's replication.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AlarmedBucket, AlarmedService, ResolvedServiceAlarmsArgs } from "./args";
import { ALB, ECS, INSIGHTS, MetricRef, S3 } from "./metrics";

/** Console URL of a CloudWatch dashboard. */
export function dashboardUrl(region: string, dashboardName: string): string {
    return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards:name=${dashboardName}`;
}

/** A dashboard metric line: `[namespace, name, dim, value, …, options]`. */
type MetricLine = pulumi.Input<string | Record<string, unknown>>[];

function metricLine(m: MetricRef, options: Record<string, unknown>): MetricLine {
    const line: MetricLine = [m.namespace, m.metricName];
    for (const [k, v] of Object.entries(m.dimensions)) line.push(k, v);
    line.push(options);
    return line;
}

/** One graph of the dashboard. */
export interface Widget {
    /** Always a metric graph. */
    type: "metric";
    /** Column of the left edge (of 24). */
    x: number;
    /** Row of the top edge. */
    y: number;
    /** Width in columns. */
    width: number;
    /** Height in rows. */
    height: number;
    /** Title, region, metrics, axes and annotations. */
    properties: Record<string, unknown>;
}

const HEIGHT = 6;

/** Makes the graphs of one dashboard, all in the alarms' region and period unless told otherwise. */
function grapher(r: ResolvedServiceAlarmsArgs) {
    return (title: string, x: number, y: number, width: number, metrics: unknown[], extra: Record<string, unknown> = {}): Widget => ({
        type: "metric",
        x,
        y,
        width,
        height: HEIGHT,
        properties: { title, region: r.region, view: "timeSeries", stacked: false, period: r.thresholds.periodSeconds, metrics, ...extra },
    });
}

const line = (value: number, label: string) => ({ horizontal: [{ value, label }] });
const tgOf = (r: ResolvedServiceAlarmsArgs, s: AlarmedService) => ({
    TargetGroup: s.targetGroupArnSuffix,
    LoadBalancer: r.loadBalancer.arnSuffix,
});
const ecsOf = (s: AlarmedService) => ({ ClusterName: s.clusterName, ServiceName: s.serviceName });

/** The first row: requests, 5xx counts, and 5xx rates with their alarm thresholds, for the load balancer and each service. */
function overviewRow(r: ResolvedServiceAlarmsArgs): Widget[] {
    const graph = grapher(r);
    const t = r.thresholds;
    const lb = { LoadBalancer: r.loadBalancer.arnSuffix };
    const services = Object.entries(r.services);
    return [
        graph(
            "Requests",
            0,
            0,
            8,
            [
                metricLine({ namespace: ALB, metricName: "RequestCount", dimensions: lb }, { stat: "Sum", label: "load balancer" }),
                ...services.map(([svc, s]) =>
                    metricLine({ namespace: ALB, metricName: "RequestCount", dimensions: tgOf(r, s) }, { stat: "Sum", label: svc }),
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
                        { namespace: ALB, metricName: "HTTPCode_Target_5XX_Count", dimensions: tgOf(r, s) },
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
                        { namespace: ALB, metricName: "HTTPCode_Target_5XX_Count", dimensions: tgOf(r, s) },
                        { stat: "Sum", id: `errors${i + 1}`, visible: false },
                    ),
                    metricLine(
                        { namespace: ALB, metricName: "RequestCount", dimensions: tgOf(r, s) },
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
}

/**
 * The row of service `svc` at `y`: latency percentiles, healthy and unhealthy hosts, CPU and memory,
 * desired and running tasks against the scaling bounds.
 */
function serviceRow(r: ResolvedServiceAlarmsArgs, svc: string, s: AlarmedService, y: number): Widget[] {
    const graph = grapher(r);
    const t = r.thresholds;
    const tg = tgOf(r, s);
    const ecs = ecsOf(s);
    return [
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
                metricLine({ namespace: ALB, metricName: "UnHealthyHostCount", dimensions: tg }, { stat: "Maximum", label: "unhealthy" }),
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
                metricLine({ namespace: INSIGHTS, metricName: "DesiredTaskCount", dimensions: ecs }, { stat: "Average", label: "desired" }),
                metricLine({ namespace: INSIGHTS, metricName: "RunningTaskCount", dimensions: ecs }, { stat: "Average", label: "running" }),
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
    ];
}

/** The replication row at `y`: latency (from the replica's region) and failed operations. */
function replicationRow(r: ResolvedServiceAlarmsArgs, b: AlarmedBucket, y: number): Widget[] {
    const graph = grapher(r);
    const dims = { SourceBucket: b.bucketName, DestinationBucket: b.replicaBucketName, RuleId: b.replicationRuleId };
    return [
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
                annotations: line(r.thresholds.replicationLatencySeconds, "replication-latency alarm"),
            },
        ),
        graph(
            "Failed replication operations",
            12,
            y,
            12,
            [metricLine({ namespace: S3, metricName: "OperationsFailedReplication", dimensions: dims }, { stat: "Sum", label: "failed" })],
            { yAxis: { left: { min: 0 } } },
        ),
    ];
}

/**
 * The dashboard: requests, 5xx counts and rates with their thresholds; per service latency
 * percentiles, healthy and unhealthy hosts, CPU and memory, desired and running tasks against the
 * scaling bounds; replication latency (from the replica's region) and failures.
 */
export function dashboardBody(r: ResolvedServiceAlarmsArgs): { widgets: Widget[] } {
    const services = Object.entries(r.services);
    const widgets = [...overviewRow(r), ...services.flatMap(([svc, s], i) => serviceRow(r, svc, s, HEIGHT * (i + 1)))];
    if (r.bucket) widgets.push(...replicationRow(r, r.bucket, HEIGHT * (services.length + 1)));
    return { widgets };
}

/** The dashboard `${name}-dashboard`, named `alarmNamePrefix`, and its console URL. */
export interface AlarmDashboard {
    /** The dashboard. */
    dashboard: aws.cloudwatch.Dashboard;
    /** Its console URL. */
    url: pulumi.Output<string>;
}

/** Creates the dashboard `${name}-dashboard` (see {@link dashboardBody}). */
export function createDashboard(name: string, r: ResolvedServiceAlarmsArgs, parent: pulumi.CustomResourceOptions): AlarmDashboard {
    const dashboard = new aws.cloudwatch.Dashboard(
        `${name}-dashboard`,
        {
            dashboardName: r.alarmNamePrefix,
            dashboardBody: pulumi.jsonStringify(dashboardBody(r)),
        },
        parent,
    );
    return { dashboard, url: dashboard.dashboardName.apply((n) => dashboardUrl(r.region, n)) };
}
