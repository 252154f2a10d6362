/**
 * The alarms on each service: its targets' 5xx rate, unhealthy hosts and p99 latency behind the load
 * balancer, its CPU and memory, and with Container Insights its running and desired task counts.
 */
import type { AlarmedService, ResolvedServiceAlarmsArgs } from "./args";
import { ALB, AlarmContext, ECS, INSIGHTS, metricAlarm, rateAlarm } from "./metrics";

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

/**
 * Creates the alarms of service `svc`: `<svc>-target-5xx`, `<svc>-unhealthy-hosts`, `<svc>-p99-latency`
 * (p99 per target group, so a slow service is named), `<svc>-cpu-high`, `<svc>-memory-high`, and with
 * Container Insights known to be on `<svc>-tasks-below-min` (when `minTasks > 0`) and
 * `<svc>-capacity-pinned` (when autoscaled). Returns the keys of the alarms whose ALARM means users are
 * affected, which the composite alarm of the service watches.
 *
 * Without Container Insights (or when it is unknown) there is no task-count alarm at all. `AWS/ECS`
 * has no task count: it publishes only CPU and memory utilization of a service, and only while the
 * service has a task in the RUNNING state (Amazon ECS Developer Guide, "Amazon ECS CloudWatch
 * metrics"). The `SampleCount` of `CPUUtilization`, which some guides read as the running tasks, is
 * not one: "one sample count is actually the aggregate of multiple data points during one minute"
 * (Amazon ECS User Guide for AWS Fargate, "Amazon ECS CloudWatch Metrics"), so it cannot be compared
 * with `minTasks`.
 */
export function createServiceAlarms(ctx: AlarmContext, r: ResolvedServiceAlarmsArgs, svc: string, s: Required<AlarmedService>): string[] {
    const t = ctx.thresholds;
    const tg = { TargetGroup: s.targetGroupArnSuffix, LoadBalancer: r.loadBalancer.arnSuffix };
    const ecs = { ClusterName: s.clusterName, ServiceName: s.serviceName };
    const watched = [`${svc}-target-5xx`, `${svc}-unhealthy-hosts`, `${svc}-p99-latency`];
    rateAlarm(
        ctx,
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
    metricAlarm(
        ctx,
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
    metricAlarm(
        ctx,
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
    metricAlarm(
        ctx,
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
    metricAlarm(
        ctx,
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
        metricAlarm(
            ctx,
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
        metricAlarm(
            ctx,
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
    return watched;
}
