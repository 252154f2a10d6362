/** Observability: CloudWatch alarms, dashboards and logs, VPC flow logs, and SNS notifications. */
import { HOURS_PER_MONTH } from "./prices";
import { Estimator, T } from "./estimator";
import type { CostResource } from "./types";
import { num, refersTo } from "./util";

/** CloudWatch metric and composite alarms, net of the free tier when it applies. */
export function priceAlarms(e: Estimator): void {
    for (const alarm of e.of(T.metricAlarm)) {
        const queries: any[] = Array.isArray(alarm.inputs.metricQueries) ? alarm.inputs.metricQueries : [];
        const withMetric = queries.filter((q) => q && q.metric);
        const metrics = queries.length > 0 ? Math.max(withMetric.length, 1) : 1;
        const periods = [alarm.inputs.period, ...withMetric.map((q) => q.metric.period)].map(Number).filter((n) => n > 0);
        const highRes = periods.length > 0 && Math.min(...periods) < 60;
        const what = queries.length > 0 ? `${metrics} metric(s) in its metric math` : "1 metric";
        if (highRes) {
            e.add(
                alarm,
                "CloudWatch high-resolution alarm",
                metrics,
                "alarm metric-month",
                "cwHighResAlarmMonth",
                `${what}; period under 60 s`,
            );
            continue;
        }
        const free = Math.min(e.freeAlarmMetrics, metrics);
        e.freeAlarmMetrics -= free;
        const freeNote = free > 0 ? `; ${free} covered by the free tier` : "";
        e.add(alarm, "CloudWatch alarm", metrics - free, "alarm metric-month", "cwAlarmMonth", `${what}${freeNote}`);
    }
    for (const alarm of e.of(T.compositeAlarm)) {
        e.add(alarm, "CloudWatch composite alarm", 1, "alarm-month", "cwCompositeAlarmMonth", "1 composite alarm");
    }
}

/** CloudWatch dashboards, net of the free tier when it applies. */
export function priceDashboards(e: Estimator): void {
    for (const d of e.of(T.dashboard)) {
        const free = e.freeDashboards > 0 ? 1 : 0;
        e.freeDashboards -= free;
        e.add(
            d,
            "CloudWatch dashboard",
            1 - free,
            "dashboard-month",
            "cwDashboardMonth",
            free ? "covered by the free tier (3 dashboards per account)" : "1 dashboard",
        );
    }
}

/** CloudWatch Logs ingestion and storage of every log group, and VPC flow log delivery. */
export function priceLogs(e: Estimator): void {
    const flowLogs = e.of(T.flowLog);
    const taskDefinitions = e.of(T.taskDefinition);
    for (const lg of e.of(T.logGroup)) {
        const ids = [lg.urn, lg.name, lg.inputs.name];
        const u = e.use(lg);
        const flows = flowLogs.filter(
            (f) =>
                flowLogDestination(f) === "cloud-watch-logs" &&
                (refersTo(f.inputs.logDestination, ids) || refersTo(f.inputs.logGroupName, ids)),
        );
        const writers = taskDefinitions.filter((td) => awslogsGroups(td.inputs.containerDefinitions).some((g) => refersTo(g, ids)));
        let ingestGb: number;
        let what: string;
        if (flows.length > 0) {
            ingestGb = flows.reduce((sum, f) => sum + e.use(f).flowLogGbPerMonth, 0);
            what = `${num(ingestGb)} GB of flow logs per month`;
        } else if (writers.length > 0) {
            const tasks = writers.reduce((sum, td) => sum + (e.tasksByTaskDefinition.get(td.urn) ?? 0), 0);
            ingestGb = tasks * u.containerLogGbPerTaskMonth;
            what = `${num(tasks)} tasks × ${num(u.containerLogGbPerTaskMonth)} GB of container logs per month`;
            e.add(lg, "CloudWatch Logs ingestion", ingestGb, "GB", "cwLogsIngestGb", what);
        } else {
            ingestGb = u.otherLogGbPerMonth;
            what = `${num(ingestGb)} GB per month`;
            e.add(lg, "CloudWatch Logs ingestion", ingestGb, "GB", "cwLogsIngestGb", what);
        }
        const days = Number(lg.inputs.retentionInDays ?? 0);
        const months = days > 0 ? (days * 24) / HOURS_PER_MONTH : u.unlimitedRetentionMonths;
        const kept = days > 0 ? `${days} days retention = ${num(months)} months` : `no retention: ${num(months)} months assumed`;
        e.add(
            lg,
            "CloudWatch Logs storage",
            ingestGb * months,
            "GB-month",
            "cwLogsStorageGbMonth",
            `${what} × ${kept} (steady state, uncompressed)`,
        );
    }
    for (const f of flowLogs) {
        const gb = e.use(f).flowLogGbPerMonth;
        const destination = flowLogDestination(f);
        if (destination === "cloud-watch-logs") {
            e.add(f, "VPC flow logs delivery (vended logs)", gb, "GB", "vendedLogsIngestGb", `${num(gb)} GB per month to CloudWatch Logs`);
        } else if (destination === "s3") {
            e.add(f, "VPC flow logs delivery to S3 (vended logs)", gb, "GB", "vendedLogsToS3Gb", `${num(gb)} GB per month to S3`);
        } else {
            e.skip(f, `flow log destination ${destination} is not in the price data`);
        }
    }
}

/** SNS publishes of every topic. */
export function priceSns(e: Estimator): void {
    for (const topic of e.of(T.topic)) {
        const n = e.use(topic).snsPublishesPerTopicMonth;
        e.add(topic, "SNS publishes", n / 1e6, "million requests", "snsPublishPerMillion", `${num(n)} messages published`);
    }
}

/** Where a flow log delivers, `cloud-watch-logs` unless it says otherwise. */
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
