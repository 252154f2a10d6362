// Container Insights off (or unknown, on an existing cluster) means no ECS/ContainerInsights metrics:
// no alarm may watch them, least of all one that treats their missing data as breaching.
import * as assert from "node:assert/strict";
import { ElasticService, ElasticServiceArgs, LoadBalancer, ServiceAlarms, resolveServiceAlarmsArgs } from "../components";
import { Plan, PlanResource, synth } from "../components/testing";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const INSIGHTS = "ECS/ContainerInsights";
const ALB = "app/app-alb/50dc6c495c0c9188";

/** The alarms every service gets, whatever its cluster publishes. */
const ALWAYS = [
    "app-alarms-alb-5xx",
    "app-alarms-rejected-connections",
    "app-alarms-svc-target-5xx",
    "app-alarms-svc-unhealthy-hosts",
    "app-alarms-svc-p99-latency",
    "app-alarms-svc-cpu-high",
    "app-alarms-svc-memory-high",
];

/** Every namespace an alarm reads: its own metric's, or its metric queries'. */
function namespaces(a: PlanResource): string[] {
    if (a.inputs.namespace !== undefined) return [a.inputs.namespace];
    return (a.inputs.metricQueries ?? []).filter((q: any) => q.metric).map((q: any) => q.metric.namespace);
}

/** An ElasticService (with `extra` args) behind a load balancer, watched by a ServiceAlarms. */
async function watched(extra: Partial<ElasticServiceArgs>): Promise<{ plan: Plan; insights: boolean | undefined }> {
    let insights: boolean | undefined = false;
    const plan = await synth(() => {
        const alb = new LoadBalancer("app", { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"] });
        const svc = new ElasticService("svc", {
            image: "public.ecr.aws/nginx/nginx-unprivileged:stable-alpine",
            vpcId: "vpc-1",
            subnetIds: ["subnet-c", "subnet-d"],
            loadBalancer: alb.attachment,
            scaling: { minTasks: 2, maxTasks: 6 },
            ...extra,
        });
        insights = svc.containerInsights;
        new ServiceAlarms("app-alarms", { region: "us-east-1", loadBalancer: { arnSuffix: alb.arnSuffix }, services: { svc } });
    });
    return { plan, insights };
}

/** Checks that no alarm watches a Container Insights metric, and names the alarms there are. */
function assertNoInsightsAlarm(plan: Plan): void {
    const alarms = plan.resourcesOf(ALARM);
    assert.deepEqual(
        alarms.map((a) => a.name),
        ALWAYS,
    );
    assert.deepEqual(
        alarms.filter((a) => namespaces(a).includes(INSIGHTS)).map((a) => a.name),
        [],
    );
    assert.deepEqual(
        alarms.filter((a) => a.inputs.treatMissingData === "breaching").map((a) => a.name),
        [],
    );
    assert.equal(
        plan.resource("aws:cloudwatch/compositeAlarm:CompositeAlarm").inputs.alarmRule,
        'ALARM("app-alarms-svc-target-5xx") OR ALARM("app-alarms-svc-unhealthy-hosts") OR ALARM("app-alarms-svc-p99-latency")',
    );
}

describe("Container Insights and the alarms on its metrics", () => {
    it("exposes true and adds both task-count alarms on a cluster of its own with insights on (the default)", async () => {
        const { plan, insights } = await watched({});
        assert.equal(insights, true);
        const alarms = plan.resourcesOf(ALARM);
        assert.deepEqual(
            alarms.map((a) => a.name),
            [...ALWAYS, "app-alarms-svc-tasks-below-min", "app-alarms-svc-capacity-pinned"],
        );
        assert.deepEqual(
            alarms
                .filter((a) => namespaces(a).includes(INSIGHTS))
                .map((a) => [a.name, a.inputs.metricName, a.inputs.statistic, a.inputs.treatMissingData]),
            [
                ["app-alarms-svc-tasks-below-min", "RunningTaskCount", "Maximum", "breaching"],
                ["app-alarms-svc-capacity-pinned", "DesiredTaskCount", "Minimum", "notBreaching"],
            ],
        );
    });

    it("exposes false and watches no Container Insights metric with containerInsights: false", async () => {
        const { plan, insights } = await watched({ containerInsights: false });
        assert.equal(insights, false);
        plan.hasResource("aws:ecs/cluster:Cluster", { settings: [{ name: "containerInsights", value: "disabled" }] });
        assertNoInsightsAlarm(plan);
    });

    it("exposes undefined (unknown) and watches no Container Insights metric on an existing cluster", async () => {
        const { plan, insights } = await watched({
            cluster: { arn: "arn:aws:ecs:us-east-1:123456789012:cluster/shared", name: "shared" },
        });
        assert.equal(insights, undefined);
        plan.hasResourceCount("aws:ecs/cluster:Cluster", 0);
        assertNoInsightsAlarm(plan);
    });

    it("takes a service that does not say whether its cluster has Container Insights as unknown", () => {
        const svc = { clusterName: "c", serviceName: "s", targetGroupArnSuffix: "targetgroup/t/1", minTasks: 2, maxTasks: 6 };
        const r = resolveServiceAlarmsArgs("a", { region: "us-east-1", loadBalancer: { arnSuffix: ALB }, services: { svc } });
        assert.deepEqual(r.services.svc, { ...svc, containerInsights: false });
    });
});
