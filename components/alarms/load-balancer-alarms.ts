/** The alarms on the load balancer itself: its own 5xx rate and the connections it rejects. */
import type { ResolvedServiceAlarmsArgs } from "./args";
import { ALB, AlarmContext, metricAlarm, rateAlarm } from "./metrics";

/** Creates `alb-5xx` (rate of 5xx the load balancer itself returns) and `rejected-connections`. */
export function createLoadBalancerAlarms(ctx: AlarmContext, r: ResolvedServiceAlarmsArgs): void {
    const t = ctx.thresholds;
    const lb = { LoadBalancer: r.loadBalancer.arnSuffix };
    rateAlarm(
        ctx,
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
    metricAlarm(
        ctx,
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
}
