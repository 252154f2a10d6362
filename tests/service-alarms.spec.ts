import * as assert from "node:assert/strict";
import {
    anyAlarmRule,
    checkServiceAlarmsSettings,
    dashboardUrl,
    deploymentAlarmNames,
    partitionOf,
    resolveServiceAlarmsArgs,
    SERVICE_ALARMS_DEFAULTS,
    ServiceAlarms,
    ServiceAlarmsArgs,
} from "../components/alarms";
import { ConfigError, Problems } from "../components/core/validate";
import { synth } from "../components/testing";

type Plan = Awaited<ReturnType<typeof synth>>;

const ALB = "app/web-alb/50dc6c495c0c9188";
const WEB_TG = "targetgroup/web-tg/73e2d6bc24d8a067";
const API_TG = "targetgroup/api-tg/73e2d6bc24d8a067";
const TOPIC = "arn:aws:sns:us-east-1:123456789012:prod-alarms-topic";
const REPLICA_TOPIC = "arn:aws:sns:us-west-2:123456789012:prod-alarms-replica-topic";
const COMPONENT = "elastic-web:aws:ServiceAlarms";

// Both run on a cluster with Container Insights on; a service that does not say so gets no alarm on its metrics.
const web = {
    clusterName: "prod-cluster",
    serviceName: "prod-web",
    targetGroupArnSuffix: WEB_TG,
    minTasks: 3,
    maxTasks: 12,
    containerInsights: true,
};
const api = {
    clusterName: "prod-cluster",
    serviceName: "prod-api",
    targetGroupArnSuffix: API_TG,
    minTasks: 2,
    maxTasks: 2,
    containerInsights: true,
};
const bucket = {
    bucketName: "prod-assets",
    replicaBucketName: "prod-assets-replica",
    replicationRuleId: "replicate-all",
    replicaRegion: "us-west-2",
};
const base: ServiceAlarmsArgs = {
    loadBalancer: { arnSuffix: ALB },
    services: { web },
    region: "us-east-1",
};
const prod: ServiceAlarmsArgs = {
    ...base,
    bucket,
    emails: ["ops@example.com", "oncall@example.com"],
    httpsEndpoints: ["https://hooks.example.com/alarms"],
    requireSubscription: true,
    deploymentAlarms: true,
};

/** Runs the component and returns the plan with its public outputs resolved. */
function plan(name: string, args: ServiceAlarmsArgs): Promise<Plan> {
    return synth(() => {
        const c = new ServiceAlarms(name, args);
        return {
            topicArn: c.topicArn,
            replicaTopicArn: c.replicaTopicArn,
            dashboardUrl: c.dashboardUrl,
            alarmKeys: Object.keys(c.alarms),
            deploymentAlarms: c.deploymentAlarms,
            hasTopic: c.topic !== undefined,
            hasReplicaTopic: c.replicaTopic !== undefined,
            hasDashboard: c.dashboard !== undefined,
        };
    });
}

const all = (p: Plan, type: string) => p.resources.filter((r) => r.type === type);
const one = (p: Plan, type: string, name: string) => {
    const found = all(p, type).filter((r) => r.name === name);
    assert.equal(
        found.length,
        1,
        `expected one ${type} named ${name}, found ${
            all(p, type)
                .map((r) => r.name)
                .join(", ") || "none"
        }`,
    );
    return found[0];
};
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const COMPOSITE = "aws:cloudwatch/compositeAlarm:CompositeAlarm";
const alarm = (p: Plan, name: string) => one(p, ALARM, name);
/** An alarm's inputs without its prose description (checked on its own). */
const alarmInputs = (p: Plan, name: string) => {
    const { alarmDescription, ...rest } = alarm(p, name).inputs;
    assert.equal(typeof alarmDescription, "string");
    return rest;
};
const notify = (topic = TOPIC) => ({ actionsEnabled: true, alarmActions: [topic], okActions: [topic], tags: {} });
const lbDims = { LoadBalancer: ALB };
const tgDims = (tg: string) => ({ LoadBalancer: ALB, TargetGroup: tg });
const ecsDims = (service: string) => ({ ClusterName: "prod-cluster", ServiceName: service });
const s3Dims = { SourceBucket: "prod-assets", DestinationBucket: "prod-assets-replica", RuleId: "replicate-all" };
const rateQueries = (errors: string, dims: Record<string, string>, label: string, period = 60) => [
    {
        id: "errors",
        returnData: false,
        metric: { namespace: "AWS/ApplicationELB", metricName: errors, dimensions: dims, period, stat: "Sum" },
    },
    {
        id: "requests",
        returnData: false,
        metric: { namespace: "AWS/ApplicationELB", metricName: "RequestCount", dimensions: dims, period, stat: "Sum" },
    },
    { id: "rate", expression: "IF(requests > 0, 100 * FILL(errors, 0) / requests, 0)", label, returnData: true },
];
const dashboard = (p: Plan, name: string) =>
    JSON.parse(one(p, "aws:cloudwatch/dashboard:Dashboard", `${name}-dashboard`).inputs.dashboardBody);

describe("ServiceAlarms", () => {
    describe("for prod: one service, a bucket replicated to another region, email and HTTPS subscriptions", () => {
        let p: Plan;
        before(async () => {
            p = await plan("prod-alarms", prod);
        });

        it("creates exactly the alarms the issue lists, plus the composite, and nothing else", () => {
            assert.deepEqual(
                all(p, ALARM)
                    .map((r) => r.name)
                    .sort(),
                [
                    "prod-alarms-alb-5xx",
                    "prod-alarms-rejected-connections",
                    "prod-alarms-replication-failed",
                    "prod-alarms-replication-latency",
                    "prod-alarms-web-capacity-pinned",
                    "prod-alarms-web-cpu-high",
                    "prod-alarms-web-memory-high",
                    "prod-alarms-web-p99-latency",
                    "prod-alarms-web-target-5xx",
                    "prod-alarms-web-tasks-below-min",
                    "prod-alarms-web-unhealthy-hosts",
                ],
            );
            assert.deepEqual(
                all(p, COMPOSITE).map((r) => r.name),
                ["prod-alarms-web-degraded"],
            );
            assert.deepEqual(p.outputs.alarmKeys, [
                "alb-5xx",
                "rejected-connections",
                "web-target-5xx",
                "web-unhealthy-hosts",
                "web-p99-latency",
                "web-cpu-high",
                "web-memory-high",
                "web-tasks-below-min",
                "web-capacity-pinned",
                "web-degraded",
                "replication-failed",
                "replication-latency",
            ]);
        });

        it("names every child after the component and parents it to the component", () => {
            const component = one(p, COMPONENT, "prod-alarms");
            for (const r of p.resources.filter((x) => x.type !== COMPONENT)) {
                assert.ok(r.name.startsWith("prod-alarms-"), r.name);
                assert.equal(r.parent, component.urn, r.name);
            }
        });

        it("gives every alarm its explicit name, equal to its logical name", () => {
            for (const r of all(p, ALARM)) assert.equal(r.inputs.name, r.name);
            for (const r of all(p, COMPOSITE)) assert.equal(r.inputs.alarmName, r.name);
        });

        it("alarms on the load balancer's own 5xx rate by metric math over HTTPCode_ELB_5XX_Count and RequestCount", () => {
            assert.deepEqual(alarmInputs(p, "prod-alarms-alb-5xx"), {
                name: "prod-alarms-alb-5xx",
                ...notify(),
                metricQueries: rateQueries("HTTPCode_ELB_5XX_Count", lbDims, "Load balancer 5xx (% of requests)"),
                comparisonOperator: "GreaterThanThreshold",
                threshold: 1,
                evaluationPeriods: 5,
                datapointsToAlarm: 3,
                treatMissingData: "notBreaching",
            });
        });

        it("alarms on the web targets' 5xx rate of the web target group", () => {
            assert.deepEqual(alarmInputs(p, "prod-alarms-web-target-5xx"), {
                name: "prod-alarms-web-target-5xx",
                ...notify(),
                metricQueries: rateQueries("HTTPCode_Target_5XX_Count", tgDims(WEB_TG), "web target 5xx (% of requests)"),
                comparisonOperator: "GreaterThanThreshold",
                threshold: 1,
                evaluationPeriods: 5,
                datapointsToAlarm: 3,
                treatMissingData: "notBreaching",
            });
        });

        it("alarms on the p99 TargetResponseTime of the web target group, in seconds, ignoring low sample counts", () => {
            assert.deepEqual(alarmInputs(p, "prod-alarms-web-p99-latency"), {
                name: "prod-alarms-web-p99-latency",
                ...notify(),
                namespace: "AWS/ApplicationELB",
                metricName: "TargetResponseTime",
                dimensions: tgDims(WEB_TG),
                extendedStatistic: "p99",
                evaluateLowSampleCountPercentiles: "ignore",
                period: 60,
                comparisonOperator: "GreaterThanThreshold",
                threshold: 2,
                evaluationPeriods: 5,
                datapointsToAlarm: 3,
                treatMissingData: "notBreaching",
            });
            assert.equal(alarm(p, "prod-alarms-web-p99-latency").inputs.statistic, undefined);
        });

        it("alarms on the web target group's UnHealthyHostCount maximum", () => {
            assert.deepEqual(alarmInputs(p, "prod-alarms-web-unhealthy-hosts"), {
                name: "prod-alarms-web-unhealthy-hosts",
                ...notify(),
                namespace: "AWS/ApplicationELB",
                metricName: "UnHealthyHostCount",
                dimensions: tgDims(WEB_TG),
                statistic: "Maximum",
                period: 60,
                comparisonOperator: "GreaterThanThreshold",
                threshold: 0,
                evaluationPeriods: 5,
                datapointsToAlarm: 3,
                treatMissingData: "notBreaching",
            });
        });

        it("alarms on the load balancer's RejectedConnectionCount sum", () => {
            assert.deepEqual(alarmInputs(p, "prod-alarms-rejected-connections"), {
                name: "prod-alarms-rejected-connections",
                ...notify(),
                namespace: "AWS/ApplicationELB",
                metricName: "RejectedConnectionCount",
                dimensions: lbDims,
                statistic: "Sum",
                period: 60,
                comparisonOperator: "GreaterThanThreshold",
                threshold: 0,
                evaluationPeriods: 5,
                datapointsToAlarm: 3,
                treatMissingData: "notBreaching",
            });
        });

        it("alarms on the web service's average CPU and memory in AWS/ECS", () => {
            for (const [kind, metricName] of [
                ["cpu-high", "CPUUtilization"],
                ["memory-high", "MemoryUtilization"],
            ]) {
                assert.deepEqual(alarmInputs(p, `prod-alarms-web-${kind}`), {
                    name: `prod-alarms-web-${kind}`,
                    ...notify(),
                    namespace: "AWS/ECS",
                    metricName,
                    dimensions: ecsDims("prod-web"),
                    statistic: "Average",
                    period: 60,
                    comparisonOperator: "GreaterThanThreshold",
                    threshold: 85,
                    evaluationPeriods: 5,
                    datapointsToAlarm: 3,
                    treatMissingData: "notBreaching",
                });
            }
        });

        it("alarms when even the most running web tasks of a period are below minTasks, treating no data as breaching", () => {
            assert.deepEqual(alarmInputs(p, "prod-alarms-web-tasks-below-min"), {
                name: "prod-alarms-web-tasks-below-min",
                ...notify(),
                namespace: "ECS/ContainerInsights",
                metricName: "RunningTaskCount",
                dimensions: ecsDims("prod-web"),
                statistic: "Maximum",
                period: 60,
                comparisonOperator: "LessThanThreshold",
                threshold: 3,
                evaluationPeriods: 5,
                datapointsToAlarm: 3,
                treatMissingData: "breaching",
            });
        });

        it("alarms when the desired web task count stays at maxTasks for capacityPinnedMinutes (30 one-minute periods)", () => {
            assert.deepEqual(alarmInputs(p, "prod-alarms-web-capacity-pinned"), {
                name: "prod-alarms-web-capacity-pinned",
                ...notify(),
                namespace: "ECS/ContainerInsights",
                metricName: "DesiredTaskCount",
                dimensions: ecsDims("prod-web"),
                statistic: "Minimum",
                period: 60,
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                threshold: 12,
                evaluationPeriods: 30,
                datapointsToAlarm: 30,
                treatMissingData: "notBreaching",
            });
        });

        it("alarms on OperationsFailedReplication of the rule in the source bucket's region", () => {
            assert.deepEqual(alarmInputs(p, "prod-alarms-replication-failed"), {
                name: "prod-alarms-replication-failed",
                ...notify(),
                namespace: "AWS/S3",
                metricName: "OperationsFailedReplication",
                dimensions: s3Dims,
                statistic: "Sum",
                period: 60,
                comparisonOperator: "GreaterThanThreshold",
                threshold: 0,
                evaluationPeriods: 5,
                datapointsToAlarm: 3,
                treatMissingData: "notBreaching",
            });
            assert.equal(alarm(p, "prod-alarms-replication-failed").region, "us-east-1");
        });

        it("alarms on ReplicationLatency in the replica's region, notifying the topic there", () => {
            assert.deepEqual(alarmInputs(p, "prod-alarms-replication-latency"), {
                name: "prod-alarms-replication-latency",
                ...notify(REPLICA_TOPIC),
                region: "us-west-2",
                namespace: "AWS/S3",
                metricName: "ReplicationLatency",
                dimensions: s3Dims,
                statistic: "Maximum",
                period: 60,
                comparisonOperator: "GreaterThanThreshold",
                threshold: 900,
                evaluationPeriods: 5,
                datapointsToAlarm: 3,
                treatMissingData: "notBreaching",
            });
            assert.equal(alarm(p, "prod-alarms-replication-latency").region, "us-west-2");
        });

        it("has every alarm of the stack's region act on the stack's topic, on ALARM and on OK", () => {
            for (const r of [...all(p, ALARM), ...all(p, COMPOSITE)].filter((x) => x.region === "us-east-1")) {
                assert.deepEqual(r.inputs.alarmActions, [TOPIC], r.name);
                assert.deepEqual(r.inputs.okActions, [TOPIC], r.name);
                assert.equal(r.inputs.actionsEnabled, true, r.name);
            }
        });

        it("describes every alarm in words with its threshold", () => {
            assert.equal(alarm(p, "prod-alarms-web-cpu-high").inputs.alarmDescription, "Average CPU of web is above 85%.");
            assert.equal(
                alarm(p, "prod-alarms-web-tasks-below-min").inputs.alarmDescription,
                "Fewer than 3 (minTasks) tasks of web are running.",
            );
            assert.equal(
                alarm(p, "prod-alarms-replication-latency").inputs.alarmDescription,
                "The replica is more than 900 s behind the bucket.",
            );
        });

        it("marks the web service degraded when its 5xx, unhealthy-host, latency or task-count alarm fires", () => {
            const c = one(p, COMPOSITE, "prod-alarms-web-degraded");
            assert.equal(
                c.inputs.alarmRule,
                'ALARM("prod-alarms-web-target-5xx") OR ALARM("prod-alarms-web-unhealthy-hosts") OR ALARM("prod-alarms-web-p99-latency") OR ALARM("prod-alarms-web-tasks-below-min")',
            );
            assert.deepEqual(
                { ...c.inputs, alarmRule: undefined },
                {
                    alarmName: "prod-alarms-web-degraded",
                    alarmDescription:
                        "web is degraded: one or more of prod-alarms-web-target-5xx, prod-alarms-web-unhealthy-hosts, prod-alarms-web-p99-latency, prod-alarms-web-tasks-below-min is in ALARM.",
                    alarmRule: undefined,
                    ...notify(),
                },
            );
        });

        it("creates the composite after the alarms its rule names", () => {
            const c = one(p, COMPOSITE, "prod-alarms-web-degraded");
            assert.deepEqual(
                c.options.dependsOn,
                ["web-target-5xx", "web-unhealthy-hosts", "web-p99-latency", "web-tasks-below-min"].map(
                    (k) => alarm(p, `prod-alarms-${k}`).urn,
                ),
            );
        });

        it("encrypts the topic with a rotating customer-managed key whose policy lets CloudWatch use it", () => {
            const key = one(p, "aws:kms/key:Key", "prod-alarms-topic-key");
            assert.equal(key.inputs.enableKeyRotation, true);
            assert.deepEqual(JSON.parse(key.inputs.policy), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "AccountAdministersKey",
                        Effect: "Allow",
                        Principal: { AWS: "arn:aws:iam::123456789012:root" },
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
            });
            assert.deepEqual(one(p, "aws:kms/alias:Alias", "prod-alarms-topic-key-alias").inputs, {
                name: "alias/prod-alarms-alarms",
                targetKeyId: "prod-alarms-topic-key-id",
            });
            assert.deepEqual(one(p, "aws:sns/topic:Topic", "prod-alarms-topic").inputs, {
                kmsMasterKeyId: "arn:aws:kms:us-east-1:123456789012:key/prod-alarms-topic-key-id",
                tags: {},
            });
        });

        it("lets only this account's alarms of this component publish to the topic, and only over TLS", () => {
            const policy = one(p, "aws:sns/topicPolicy:TopicPolicy", "prod-alarms-topic-policy");
            assert.equal(policy.inputs.arn, TOPIC);
            assert.deepEqual(JSON.parse(policy.inputs.policy), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "CloudWatchAlarmsPublish",
                        Effect: "Allow",
                        Principal: { Service: "cloudwatch.amazonaws.com" },
                        Action: "sns:Publish",
                        Resource: TOPIC,
                        Condition: {
                            StringEquals: { "aws:SourceAccount": "123456789012" },
                            ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:prod-alarms-*" },
                        },
                    },
                    {
                        Sid: "DenyPublishWithoutTls",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "sns:Publish",
                        Resource: TOPIC,
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    },
                ],
            });
        });

        it("subscribes each email address and HTTPS endpoint to the topic", () => {
            assert.deepEqual(one(p, "aws:sns/topicSubscription:TopicSubscription", "prod-alarms-email-0").inputs, {
                topic: TOPIC,
                protocol: "email",
                endpoint: "ops@example.com",
            });
            assert.deepEqual(one(p, "aws:sns/topicSubscription:TopicSubscription", "prod-alarms-email-1").inputs, {
                topic: TOPIC,
                protocol: "email",
                endpoint: "oncall@example.com",
            });
            assert.deepEqual(one(p, "aws:sns/topicSubscription:TopicSubscription", "prod-alarms-https-0").inputs, {
                topic: TOPIC,
                protocol: "https",
                endpoint: "https://hooks.example.com/alarms",
            });
        });

        it("makes a second encrypted topic with the same subscriptions in the replica's region for the latency alarm", () => {
            const inReplica = p.resources.filter((r) => r.region === "us-west-2").map((r) => r.name);
            assert.deepEqual(inReplica, [
                "prod-alarms-replica-topic-key",
                "prod-alarms-replica-topic-key-alias",
                "prod-alarms-replica-topic",
                "prod-alarms-replica-topic-policy",
                "prod-alarms-replica-email-0",
                "prod-alarms-replica-email-1",
                "prod-alarms-replica-https-0",
                "prod-alarms-replication-latency",
            ]);
            const key = one(p, "aws:kms/key:Key", "prod-alarms-replica-topic-key");
            assert.equal(key.inputs.enableKeyRotation, true);
            assert.deepEqual(JSON.parse(key.inputs.policy).Statement[1].Principal, { Service: "cloudwatch.amazonaws.com" });
            assert.equal(
                one(p, "aws:sns/topic:Topic", "prod-alarms-replica-topic").inputs.kmsMasterKeyId,
                "arn:aws:kms:us-west-2:123456789012:key/prod-alarms-replica-topic-key-id",
            );
            const policy = JSON.parse(one(p, "aws:sns/topicPolicy:TopicPolicy", "prod-alarms-replica-topic-policy").inputs.policy);
            assert.equal(policy.Statement[0].Resource, REPLICA_TOPIC);
            assert.deepEqual(policy.Statement[0].Condition.ArnLike, {
                "aws:SourceArn": "arn:aws:cloudwatch:us-west-2:123456789012:alarm:prod-alarms-*",
            });
            assert.deepEqual(one(p, "aws:sns/topicSubscription:TopicSubscription", "prod-alarms-replica-email-0").inputs, {
                topic: REPLICA_TOPIC,
                protocol: "email",
                endpoint: "ops@example.com",
                region: "us-west-2",
            });
        });

        it("outputs the topic ARNs, the dashboard URL and the deployment-alarm switch", () => {
            assert.deepEqual(p.outputs, {
                topicArn: TOPIC,
                replicaTopicArn: REPLICA_TOPIC,
                dashboardUrl: "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards:name=prod-alarms",
                alarmKeys: p.outputs.alarmKeys,
                deploymentAlarms: true,
                hasTopic: true,
                hasReplicaTopic: true,
                hasDashboard: true,
            });
        });

        describe("dashboard", () => {
            let body: any;
            before(() => {
                body = dashboard(p, "prod-alarms");
            });
            const props = (title: string) => {
                const w = body.widgets.find((x: any) => x.properties.title === title);
                assert.ok(w, `no widget titled ${title}`);
                return w.properties;
            };

            it("is named after the component", () => {
                assert.equal(one(p, "aws:cloudwatch/dashboard:Dashboard", "prod-alarms-dashboard").inputs.dashboardName, "prod-alarms");
            });

            it("lays out a stack row, a row for the web service and a replication row on the 24-column grid", () => {
                assert.deepEqual(
                    body.widgets.map((w: any) => [w.properties.title, w.type, w.x, w.y, w.width, w.height]),
                    [
                        ["Requests", "metric", 0, 0, 8, 6],
                        ["5xx responses", "metric", 8, 0, 8, 6],
                        ["5xx rate (%)", "metric", 16, 0, 8, 6],
                        ["web: response time (s)", "metric", 0, 6, 6, 6],
                        ["web: healthy hosts", "metric", 6, 6, 6, 6],
                        ["web: CPU and memory (%)", "metric", 12, 6, 6, 6],
                        ["web: desired and running tasks", "metric", 18, 6, 6, 6],
                        ["Replication latency (s)", "metric", 0, 12, 12, 6],
                        ["Failed replication operations", "metric", 12, 12, 12, 6],
                    ],
                );
                for (const w of body.widgets) {
                    assert.equal(w.properties.view, "timeSeries");
                    assert.equal(w.properties.stacked, false);
                    assert.equal(w.properties.period, 60);
                }
            });

            it("graphs requests of the load balancer and the web target group", () => {
                assert.deepEqual(props("Requests"), {
                    title: "Requests",
                    region: "us-east-1",
                    view: "timeSeries",
                    stacked: false,
                    period: 60,
                    metrics: [
                        ["AWS/ApplicationELB", "RequestCount", "LoadBalancer", ALB, { stat: "Sum", label: "load balancer" }],
                        ["AWS/ApplicationELB", "RequestCount", "TargetGroup", WEB_TG, "LoadBalancer", ALB, { stat: "Sum", label: "web" }],
                    ],
                    yAxis: { left: { min: 0 } },
                });
            });

            it("graphs 5xx counts of the load balancer and the web targets", () => {
                assert.deepEqual(props("5xx responses").metrics, [
                    ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "LoadBalancer", ALB, { stat: "Sum", label: "load balancer" }],
                    [
                        "AWS/ApplicationELB",
                        "HTTPCode_Target_5XX_Count",
                        "TargetGroup",
                        WEB_TG,
                        "LoadBalancer",
                        ALB,
                        { stat: "Sum", label: "web targets" },
                    ],
                ]);
            });

            it("graphs the 5xx rates the alarms watch, with their thresholds", () => {
                const w = props("5xx rate (%)");
                assert.deepEqual(w.metrics, [
                    ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "LoadBalancer", ALB, { stat: "Sum", id: "errors0", visible: false }],
                    ["AWS/ApplicationELB", "RequestCount", "LoadBalancer", ALB, { stat: "Sum", id: "requests0", visible: false }],
                    [{ expression: "IF(requests0 > 0, 100 * FILL(errors0, 0) / requests0, 0)", label: "load balancer", id: "rate0" }],
                    [
                        "AWS/ApplicationELB",
                        "HTTPCode_Target_5XX_Count",
                        "TargetGroup",
                        WEB_TG,
                        "LoadBalancer",
                        ALB,
                        { stat: "Sum", id: "errors1", visible: false },
                    ],
                    [
                        "AWS/ApplicationELB",
                        "RequestCount",
                        "TargetGroup",
                        WEB_TG,
                        "LoadBalancer",
                        ALB,
                        { stat: "Sum", id: "requests1", visible: false },
                    ],
                    [{ expression: "IF(requests1 > 0, 100 * FILL(errors1, 0) / requests1, 0)", label: "web targets", id: "rate1" }],
                ]);
                assert.deepEqual(w.annotations, {
                    horizontal: [
                        { value: 1, label: "alb-5xx alarm" },
                        { value: 1, label: "target-5xx alarm" },
                    ],
                });
            });

            it("graphs the web target group's latency percentiles with the p99 threshold", () => {
                const w = props("web: response time (s)");
                assert.deepEqual(
                    w.metrics,
                    ["p50", "p90", "p99"].map((stat) => [
                        "AWS/ApplicationELB",
                        "TargetResponseTime",
                        "TargetGroup",
                        WEB_TG,
                        "LoadBalancer",
                        ALB,
                        { stat, label: stat },
                    ]),
                );
                assert.deepEqual(w.annotations, { horizontal: [{ value: 2, label: "p99 alarm" }] });
            });

            it("graphs healthy and unhealthy hosts of the web target group", () => {
                assert.deepEqual(props("web: healthy hosts").metrics, [
                    [
                        "AWS/ApplicationELB",
                        "HealthyHostCount",
                        "TargetGroup",
                        WEB_TG,
                        "LoadBalancer",
                        ALB,
                        { stat: "Minimum", label: "healthy" },
                    ],
                    [
                        "AWS/ApplicationELB",
                        "UnHealthyHostCount",
                        "TargetGroup",
                        WEB_TG,
                        "LoadBalancer",
                        ALB,
                        { stat: "Maximum", label: "unhealthy" },
                    ],
                ]);
            });

            it("graphs the web service's CPU and memory against their thresholds", () => {
                const w = props("web: CPU and memory (%)");
                assert.deepEqual(w.metrics, [
                    [
                        "AWS/ECS",
                        "CPUUtilization",
                        "ClusterName",
                        "prod-cluster",
                        "ServiceName",
                        "prod-web",
                        { stat: "Average", label: "CPU" },
                    ],
                    [
                        "AWS/ECS",
                        "MemoryUtilization",
                        "ClusterName",
                        "prod-cluster",
                        "ServiceName",
                        "prod-web",
                        { stat: "Average", label: "memory" },
                    ],
                ]);
                assert.deepEqual(w.annotations, {
                    horizontal: [
                        { value: 85, label: "cpu-high alarm" },
                        { value: 85, label: "memory-high alarm" },
                    ],
                });
                assert.deepEqual(w.yAxis, { left: { min: 0, max: 100 } });
            });

            it("graphs desired against running web tasks with lines at minTasks and maxTasks", () => {
                const w = props("web: desired and running tasks");
                assert.deepEqual(w.metrics, [
                    [
                        "ECS/ContainerInsights",
                        "DesiredTaskCount",
                        "ClusterName",
                        "prod-cluster",
                        "ServiceName",
                        "prod-web",
                        { stat: "Average", label: "desired" },
                    ],
                    [
                        "ECS/ContainerInsights",
                        "RunningTaskCount",
                        "ClusterName",
                        "prod-cluster",
                        "ServiceName",
                        "prod-web",
                        { stat: "Average", label: "running" },
                    ],
                ]);
                assert.deepEqual(w.annotations, {
                    horizontal: [
                        { value: 3, label: "minTasks" },
                        { value: 12, label: "maxTasks" },
                    ],
                });
            });

            it("graphs replication latency from the replica's region and failures from the source's", () => {
                const latency = props("Replication latency (s)");
                assert.equal(latency.region, "us-west-2");
                assert.deepEqual(latency.metrics, [
                    [
                        "AWS/S3",
                        "ReplicationLatency",
                        "SourceBucket",
                        "prod-assets",
                        "DestinationBucket",
                        "prod-assets-replica",
                        "RuleId",
                        "replicate-all",
                        { stat: "Maximum", label: "behind source" },
                    ],
                ]);
                assert.deepEqual(latency.annotations, { horizontal: [{ value: 900, label: "replication-latency alarm" }] });
                const failed = props("Failed replication operations");
                assert.equal(failed.region, "us-east-1");
                assert.deepEqual(failed.metrics, [
                    [
                        "AWS/S3",
                        "OperationsFailedReplication",
                        "SourceBucket",
                        "prod-assets",
                        "DestinationBucket",
                        "prod-assets-replica",
                        "RuleId",
                        "replicate-all",
                        { stat: "Sum", label: "failed" },
                    ],
                ]);
            });

            it("puts every other widget in the stack's region", () => {
                for (const w of body.widgets.filter((x: any) => x.properties.title !== "Replication latency (s)")) {
                    assert.equal(w.properties.region, "us-east-1", w.properties.title);
                }
            });
        });
    });

    describe("with alarmNamePrefix", () => {
        let p: Plan;
        before(async () => {
            p = await plan("prod-alarms", { ...prod, alarmNamePrefix: "shop-prod" });
        });

        it("names every alarm after the prefix", () => {
            assert.deepEqual(
                all(p, ALARM)
                    .map((r) => r.inputs.name)
                    .sort(),
                [
                    "shop-prod-alb-5xx",
                    "shop-prod-rejected-connections",
                    "shop-prod-replication-failed",
                    "shop-prod-replication-latency",
                    "shop-prod-web-capacity-pinned",
                    "shop-prod-web-cpu-high",
                    "shop-prod-web-memory-high",
                    "shop-prod-web-p99-latency",
                    "shop-prod-web-target-5xx",
                    "shop-prod-web-tasks-below-min",
                    "shop-prod-web-unhealthy-hosts",
                ],
            );
            assert.deepEqual(
                all(p, COMPOSITE).map((r) => r.inputs.alarmName),
                ["shop-prod-web-degraded"],
            );
        });

        it("keeps every logical name after the component, so URNs do not change", () => {
            assert.deepEqual(
                p.resources.map((r) => r.name),
                [
                    "prod-alarms",
                    "prod-alarms-topic-key",
                    "prod-alarms-topic-key-alias",
                    "prod-alarms-topic",
                    "prod-alarms-topic-policy",
                    "prod-alarms-email-0",
                    "prod-alarms-email-1",
                    "prod-alarms-https-0",
                    "prod-alarms-replica-topic-key",
                    "prod-alarms-replica-topic-key-alias",
                    "prod-alarms-replica-topic",
                    "prod-alarms-replica-topic-policy",
                    "prod-alarms-replica-email-0",
                    "prod-alarms-replica-email-1",
                    "prod-alarms-replica-https-0",
                    "prod-alarms-alb-5xx",
                    "prod-alarms-rejected-connections",
                    "prod-alarms-web-target-5xx",
                    "prod-alarms-web-unhealthy-hosts",
                    "prod-alarms-web-p99-latency",
                    "prod-alarms-web-cpu-high",
                    "prod-alarms-web-memory-high",
                    "prod-alarms-web-tasks-below-min",
                    "prod-alarms-web-capacity-pinned",
                    "prod-alarms-web-degraded",
                    "prod-alarms-replication-failed",
                    "prod-alarms-replication-latency",
                    "prod-alarms-dashboard",
                ],
            );
            assert.equal(alarm(p, "prod-alarms-web-cpu-high").inputs.name, "shop-prod-web-cpu-high");
        });

        it("names the prefixed alarms in the composite rule and description", () => {
            const c = one(p, COMPOSITE, "prod-alarms-web-degraded");
            assert.equal(
                c.inputs.alarmRule,
                'ALARM("shop-prod-web-target-5xx") OR ALARM("shop-prod-web-unhealthy-hosts") OR ALARM("shop-prod-web-p99-latency") OR ALARM("shop-prod-web-tasks-below-min")',
            );
            assert.equal(
                c.inputs.alarmDescription,
                "web is degraded: one or more of shop-prod-web-target-5xx, shop-prod-web-unhealthy-hosts, shop-prod-web-p99-latency, shop-prod-web-tasks-below-min is in ALARM.",
            );
        });

        it("names the dashboard after the prefix and links to it", () => {
            assert.equal(one(p, "aws:cloudwatch/dashboard:Dashboard", "prod-alarms-dashboard").inputs.dashboardName, "shop-prod");
            assert.equal(
                p.outputs.dashboardUrl,
                "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards:name=shop-prod",
            );
        });

        it("names the topic keys' aliases and descriptions after the prefix in both regions", () => {
            assert.deepEqual(one(p, "aws:kms/alias:Alias", "prod-alarms-topic-key-alias").inputs, {
                name: "alias/shop-prod-alarms",
                targetKeyId: "prod-alarms-topic-key-id",
            });
            assert.deepEqual(one(p, "aws:kms/alias:Alias", "prod-alarms-replica-topic-key-alias").inputs, {
                name: "alias/shop-prod-alarms",
                targetKeyId: "prod-alarms-replica-topic-key-id",
                region: "us-west-2",
            });
            for (const key of ["prod-alarms-topic-key", "prod-alarms-replica-topic-key"]) {
                assert.equal(
                    one(p, "aws:kms/key:Key", key).inputs.description,
                    "Encrypts the alarm topic of shop-prod; CloudWatch alarms use it to publish",
                    key,
                );
            }
        });

        it("lets only the prefixed alarms publish to the topics", () => {
            const condition = (name: string) =>
                JSON.parse(one(p, "aws:sns/topicPolicy:TopicPolicy", name).inputs.policy).Statement[0].Condition;
            assert.deepEqual(condition("prod-alarms-topic-policy"), {
                StringEquals: { "aws:SourceAccount": "123456789012" },
                ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:shop-prod-*" },
            });
            assert.deepEqual(condition("prod-alarms-replica-topic-policy").ArnLike, {
                "aws:SourceArn": "arn:aws:cloudwatch:us-west-2:123456789012:alarm:shop-prod-*",
            });
            assert.equal(p.outputs.topicArn, TOPIC);
        });

        it("names the deployment alarms deploymentAlarmNames gives for the prefix", () => {
            assert.deepEqual(deploymentAlarmNames("shop-prod", "web"), ["shop-prod-web-target-5xx", "shop-prod-web-unhealthy-hosts"]);
            assert.deepEqual(
                ["prod-alarms-web-target-5xx", "prod-alarms-web-unhealthy-hosts"].map((n) => alarm(p, n).inputs.name),
                deploymentAlarmNames("shop-prod", "web"),
            );
        });

        it("keeps two components with one name but different prefixes apart", async () => {
            const staging = await plan("prod-alarms", { ...prod, alarmNamePrefix: "shop-staging" });
            const physical = (x: Plan) => [
                ...all(x, ALARM).map((r) => r.inputs.name),
                ...all(x, COMPOSITE).map((r) => r.inputs.alarmName),
                ...all(x, "aws:cloudwatch/dashboard:Dashboard").map((r) => r.inputs.dashboardName),
                ...all(x, "aws:kms/alias:Alias").map((r) => `${r.inputs.region ?? "us-east-1"} ${r.inputs.name}`),
            ];
            assert.deepEqual(
                physical(p).filter((n) => physical(staging).includes(n)),
                [],
            );
            assert.equal(physical(staging).length, physical(p).length);
        });
    });

    describe("with two services", () => {
        let p: Plan;
        before(async () => {
            p = await plan("prod-alarms", { ...base, services: { web, api } });
        });

        it("gives each service its own alarms on its own target group and ECS service", () => {
            for (const [svc, tg, service] of [
                ["web", WEB_TG, "prod-web"],
                ["api", API_TG, "prod-api"],
            ]) {
                assert.deepEqual(
                    alarm(p, `prod-alarms-${svc}-target-5xx`).inputs.metricQueries,
                    rateQueries("HTTPCode_Target_5XX_Count", tgDims(tg), `${svc} target 5xx (% of requests)`),
                );
                for (const kind of ["unhealthy-hosts", "p99-latency"]) {
                    assert.deepEqual(alarm(p, `prod-alarms-${svc}-${kind}`).inputs.dimensions, tgDims(tg), `${svc}-${kind}`);
                }
                for (const kind of ["cpu-high", "memory-high", "tasks-below-min"]) {
                    assert.deepEqual(alarm(p, `prod-alarms-${svc}-${kind}`).inputs.dimensions, ecsDims(service), `${svc}-${kind}`);
                }
            }
            assert.equal(alarm(p, "prod-alarms-api-tasks-below-min").inputs.threshold, 2);
        });

        it("creates a composite alarm per service over that service's alarms", () => {
            assert.equal(
                one(p, COMPOSITE, "prod-alarms-web-degraded").inputs.alarmRule,
                'ALARM("prod-alarms-web-target-5xx") OR ALARM("prod-alarms-web-unhealthy-hosts") OR ALARM("prod-alarms-web-p99-latency") OR ALARM("prod-alarms-web-tasks-below-min")',
            );
            assert.equal(
                one(p, COMPOSITE, "prod-alarms-api-degraded").inputs.alarmRule,
                'ALARM("prod-alarms-api-target-5xx") OR ALARM("prod-alarms-api-unhealthy-hosts") OR ALARM("prod-alarms-api-p99-latency") OR ALARM("prod-alarms-api-tasks-below-min")',
            );
        });

        it("creates no capacity-pinned alarm for a service whose maxTasks equals minTasks", () => {
            assert.deepEqual(
                all(p, ALARM)
                    .filter((r) => r.name.endsWith("-capacity-pinned"))
                    .map((r) => r.name),
                ["prod-alarms-web-capacity-pinned"],
            );
        });

        it("keeps one load balancer alarm of each kind for the stack", () => {
            assert.equal(
                all(p, ALARM).filter((r) => r.name === "prod-alarms-alb-5xx" || r.name === "prod-alarms-rejected-connections").length,
                2,
            );
            assert.equal(all(p, ALARM).length, 2 + 7 + 6);
        });

        it("adds a dashboard row per service, each pointing at its own resources", () => {
            const body = dashboard(p, "prod-alarms");
            assert.deepEqual(
                body.widgets.map((w: any) => [w.properties.title, w.x, w.y]),
                [
                    ["Requests", 0, 0],
                    ["5xx responses", 8, 0],
                    ["5xx rate (%)", 16, 0],
                    ["web: response time (s)", 0, 6],
                    ["web: healthy hosts", 6, 6],
                    ["web: CPU and memory (%)", 12, 6],
                    ["web: desired and running tasks", 18, 6],
                    ["api: response time (s)", 0, 12],
                    ["api: healthy hosts", 6, 12],
                    ["api: CPU and memory (%)", 12, 12],
                    ["api: desired and running tasks", 18, 12],
                ],
            );
            const tasks = body.widgets.find((w: any) => w.properties.title === "api: desired and running tasks").properties;
            assert.deepEqual(tasks.metrics[0], [
                "ECS/ContainerInsights",
                "DesiredTaskCount",
                "ClusterName",
                "prod-cluster",
                "ServiceName",
                "prod-api",
                { stat: "Average", label: "desired" },
            ]);
            assert.deepEqual(tasks.annotations, {
                horizontal: [
                    { value: 2, label: "minTasks" },
                    { value: 2, label: "maxTasks" },
                ],
            });
            const requests = body.widgets[0].properties.metrics.map((m: any[]) => m.slice(0, -1));
            assert.deepEqual(requests, [
                ["AWS/ApplicationELB", "RequestCount", "LoadBalancer", ALB],
                ["AWS/ApplicationELB", "RequestCount", "TargetGroup", WEB_TG, "LoadBalancer", ALB],
                ["AWS/ApplicationELB", "RequestCount", "TargetGroup", API_TG, "LoadBalancer", ALB],
            ]);
            assert.equal(body.widgets[2].properties.metrics[8][0].expression, "IF(requests2 > 0, 100 * FILL(errors2, 0) / requests2, 0)");
        });
    });

    describe("with an existing topic", () => {
        const existing = "arn:aws:sns:us-east-1:123456789012:ops-alarms";
        const existingReplica = "arn:aws:sns:us-west-2:123456789012:ops-alarms";
        let p: Plan;
        before(async () => {
            p = await plan("prod-alarms", {
                ...base,
                bucket,
                topicArn: existing,
                replicaTopicArn: existingReplica,
                requireSubscription: true,
            });
        });

        it("creates no topic, key, alias, topic policy or subscription", () => {
            for (const type of [
                "aws:sns/topic:Topic",
                "aws:kms/key:Key",
                "aws:kms/alias:Alias",
                "aws:sns/topicPolicy:TopicPolicy",
                "aws:sns/topicSubscription:TopicSubscription",
            ]) {
                assert.deepEqual(all(p, type), [], type);
            }
        });

        it("has the alarms act on the given topics", () => {
            for (const r of [...all(p, ALARM), ...all(p, COMPOSITE)]) {
                const topic = r.name === "prod-alarms-replication-latency" ? existingReplica : existing;
                assert.deepEqual(r.inputs.alarmActions, [topic], r.name);
                assert.deepEqual(r.inputs.okActions, [topic], r.name);
            }
        });

        it("outputs the given ARNs", () => {
            assert.equal(p.outputs.topicArn, existing);
            assert.equal(p.outputs.replicaTopicArn, existingReplica);
            assert.equal(p.outputs.hasTopic, false);
        });
    });

    describe("without a bucket", () => {
        let p: Plan;
        before(async () => {
            p = await plan("prod-alarms", base);
        });

        it("creates no replication alarm and no topic outside the stack's region", () => {
            assert.deepEqual(
                all(p, ALARM).filter((r) => r.name.includes("replication")),
                [],
            );
            assert.deepEqual(
                p.resources.filter((r) => r.region !== "us-east-1").map((r) => r.name),
                [],
            );
            assert.equal(p.outputs.replicaTopicArn, undefined);
        });

        it("leaves the replication widgets out of the dashboard", () => {
            assert.deepEqual(
                dashboard(p, "prod-alarms").widgets.filter((w: any) => /eplication/.test(w.properties.title)),
                [],
            );
        });

        it("creates the topic without subscriptions when none are configured (dev may notify nobody)", () => {
            assert.equal(all(p, "aws:sns/topic:Topic").length, 1);
            assert.deepEqual(all(p, "aws:sns/topicSubscription:TopicSubscription"), []);
        });
    });

    describe("with a bucket replicated within the stack's region", () => {
        let p: Plan;
        before(async () => {
            p = await plan("prod-alarms", { ...base, bucket: { ...bucket, replicaRegion: "us-east-1" } });
        });

        it("keeps the latency alarm and its graph in the stack's region on the stack's topic", () => {
            const latency = alarm(p, "prod-alarms-replication-latency");
            assert.equal(latency.region, "us-east-1");
            assert.equal(latency.inputs.region, undefined);
            assert.deepEqual(latency.inputs.alarmActions, [TOPIC]);
            assert.equal(all(p, "aws:sns/topic:Topic").length, 1);
            assert.equal(p.outputs.replicaTopicArn, TOPIC);
            const widget = dashboard(p, "prod-alarms").widgets.find((w: any) => w.properties.title === "Replication latency (s)");
            assert.equal(widget.properties.region, "us-east-1");
        });
    });

    describe("without Container Insights", () => {
        let p: Plan;
        before(async () => {
            p = await plan("prod-alarms", { ...base, services: { web: { ...web, containerInsights: false } } });
        });

        it("creates no task-count alarm, which would never see data", () => {
            assert.deepEqual(
                all(p, ALARM).filter((r) => r.name.endsWith("-tasks-below-min") || r.name.endsWith("-capacity-pinned")),
                [],
            );
        });

        it("leaves the task-count alarm out of the composite rule", () => {
            assert.equal(
                one(p, COMPOSITE, "prod-alarms-web-degraded").inputs.alarmRule,
                'ALARM("prod-alarms-web-target-5xx") OR ALARM("prod-alarms-web-unhealthy-hosts") OR ALARM("prod-alarms-web-p99-latency")',
            );
        });
    });

    describe("with a service that may scale to zero", () => {
        it("creates no tasks-below-min alarm", async () => {
            const p = await plan("prod-alarms", { ...base, services: { web: { ...web, minTasks: 0 } } });
            assert.deepEqual(
                all(p, ALARM).filter((r) => r.name.endsWith("-tasks-below-min")),
                [],
            );
            assert.equal(alarm(p, "prod-alarms-web-capacity-pinned").inputs.threshold, 12);
        });
    });

    describe("with thresholds from stack config", () => {
        let p: Plan;
        before(async () => {
            p = await plan("prod-alarms", {
                ...prod,
                thresholds: {
                    alb5xxRatePercent: 2.5,
                    target5xxRatePercent: 5,
                    p99LatencySeconds: 0.75,
                    unhealthyHosts: 1,
                    rejectedConnections: 10,
                    cpuPercent: 70,
                    memoryPercent: 75,
                    capacityPinnedMinutes: 15,
                    replicationLatencySeconds: 600,
                    replicationFailedOperations: 5,
                    periodSeconds: 300,
                    evaluationPeriods: 4,
                    datapointsToAlarm: 2,
                },
            });
        });

        it("uses each threshold in its alarm", () => {
            const thresholds = Object.fromEntries(all(p, ALARM).map((r) => [r.name.replace("prod-alarms-", ""), r.inputs.threshold]));
            assert.deepEqual(thresholds, {
                "alb-5xx": 2.5,
                "rejected-connections": 10,
                "web-target-5xx": 5,
                "web-unhealthy-hosts": 1,
                "web-p99-latency": 0.75,
                "web-cpu-high": 70,
                "web-memory-high": 75,
                "web-tasks-below-min": 3,
                "web-capacity-pinned": 12,
                "replication-failed": 5,
                "replication-latency": 600,
            });
        });

        it("evaluates every alarm over the configured periods, the capacity alarm over capacityPinnedMinutes", () => {
            for (const r of all(p, ALARM)) {
                const periods = r.name === "prod-alarms-web-capacity-pinned" ? 3 : 4;
                const datapoints = r.name === "prod-alarms-web-capacity-pinned" ? 3 : 2;
                assert.equal(r.inputs.evaluationPeriods, periods, r.name);
                assert.equal(r.inputs.datapointsToAlarm, datapoints, r.name);
                if (r.inputs.metricQueries) {
                    for (const q of r.inputs.metricQueries.filter((x: any) => x.metric)) assert.equal(q.metric.period, 300, r.name);
                } else {
                    assert.equal(r.inputs.period, 300, r.name);
                }
            }
        });

        it("draws the configured thresholds on the dashboard", () => {
            const body = dashboard(p, "prod-alarms");
            const lines = Object.fromEntries(
                body.widgets
                    .filter((w: any) => w.properties.annotations)
                    .map((w: any) => [w.properties.title, w.properties.annotations.horizontal.map((h: any) => h.value)]),
            );
            assert.deepEqual(lines, {
                "5xx rate (%)": [2.5, 5],
                "web: response time (s)": [0.75],
                "web: CPU and memory (%)": [70, 75],
                "web: desired and running tasks": [3, 12],
                "Replication latency (s)": [600],
            });
            for (const w of body.widgets) assert.equal(w.properties.period, 300);
        });
    });

    describe("with the dashboard off", () => {
        it("creates no dashboard and outputs no URL", async () => {
            const p = await plan("dev-alarms", { ...base, dashboard: false });
            assert.deepEqual(all(p, "aws:cloudwatch/dashboard:Dashboard"), []);
            assert.equal(p.outputs.dashboardUrl, undefined);
            assert.equal(p.outputs.hasDashboard, false);
        });
    });

    describe("with tags", () => {
        it("tags the key, the topic and every alarm", async () => {
            const p = await plan("prod-alarms", { ...base, tags: { team: "web" } });
            for (const r of p.resources.filter((x) => [ALARM, COMPOSITE, "aws:kms/key:Key", "aws:sns/topic:Topic"].includes(x.type))) {
                assert.deepEqual(r.inputs.tags, { team: "web" }, r.name);
            }
        });
    });

    describe("profile differences", () => {
        it("lets dev run without any subscription and without deployment alarms", async () => {
            const p = await plan("dev-alarms", { ...base, requireSubscription: false, deploymentAlarms: false });
            assert.deepEqual(all(p, "aws:sns/topicSubscription:TopicSubscription"), []);
            assert.equal(p.outputs.deploymentAlarms, false);
        });

        it("refuses a prod configuration that notifies nobody", () => {
            assert.throws(
                () => new ServiceAlarms("prod-alarms", { ...base, requireSubscription: true }),
                new ConfigError([
                    'elastic-web:aws:ServiceAlarms "prod-alarms": `requireSubscription` is true but nobody would be notified; add `emails` or `httpsEndpoints`, or set `topicArn`.',
                ]),
            );
        });
    });

    describe("deploymentAlarmNames", () => {
        it("names a service's target-5xx and unhealthy-hosts alarms, as the component names them without a prefix", async () => {
            assert.deepEqual(deploymentAlarmNames("prod-alarms", "web"), ["prod-alarms-web-target-5xx", "prod-alarms-web-unhealthy-hosts"]);
            const p = await plan("prod-alarms", base);
            for (const n of deploymentAlarmNames("prod-alarms", "web")) assert.equal(alarm(p, n).inputs.name, n);
        });
    });

    describe("helpers", () => {
        it("builds an OR rule of quoted alarm names", () => {
            assert.equal(anyAlarmRule(["a-1", "b_2"]), 'ALARM("a-1") OR ALARM("b_2")');
            assert.equal(anyAlarmRule(["only"]), 'ALARM("only")');
        });

        it("derives the partition from the region", () => {
            assert.equal(partitionOf("us-east-1"), "aws");
            assert.equal(partitionOf("cn-north-1"), "aws-cn");
            assert.equal(partitionOf("us-gov-west-1"), "aws-us-gov");
        });

        it("builds the dashboard's console URL", () => {
            assert.equal(
                dashboardUrl("eu-west-1", "prod"),
                "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards:name=prod",
            );
        });
    });

    describe("resolveServiceAlarmsArgs", () => {
        it("fills in every default", () => {
            const r = resolveServiceAlarmsArgs("a", base);
            assert.deepEqual(r, {
                alarmNamePrefix: "a",
                loadBalancer: { arnSuffix: ALB },
                services: { web: { ...web, containerInsights: true } },
                bucket: undefined,
                region: "us-east-1",
                tags: {},
                emails: [],
                httpsEndpoints: [],
                thresholds: { ...SERVICE_ALARMS_DEFAULTS.thresholds },
                deploymentAlarms: false,
                requireSubscription: false,
                dashboard: true,
            });
            assert.deepEqual(SERVICE_ALARMS_DEFAULTS.thresholds, {
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
            });
        });

        it("takes alarmNamePrefix over the component's name", () => {
            assert.equal(resolveServiceAlarmsArgs("a", { ...base, alarmNamePrefix: "app-prod" }).alarmNamePrefix, "app-prod");
        });

        it("accepts a component name that cannot go into alarm names when alarmNamePrefix is given", () => {
            assert.equal(
                resolveServiceAlarmsArgs("prod alarms", { ...base, alarmNamePrefix: "prod_alarms" }).alarmNamePrefix,
                "prod_alarms",
            );
        });

        it("accepts a 200-character prefix whose alarm names stay within 255 characters", () => {
            const prefix = "p".repeat(200);
            assert.equal(
                resolveServiceAlarmsArgs("a", { ...base, alarmNamePrefix: prefix, services: { ["s".repeat(38)]: web } }).alarmNamePrefix,
                prefix,
            );
        });

        it("overrides thresholds key by key", () => {
            const r = resolveServiceAlarmsArgs("a", { ...base, thresholds: { cpuPercent: 70 } });
            assert.deepEqual(r.thresholds, { ...SERVICE_ALARMS_DEFAULTS.thresholds, cpuPercent: 70 });
        });

        it("never mutates its args", () => {
            const args: ServiceAlarmsArgs = { ...prod, thresholds: { cpuPercent: 70 } };
            const before = JSON.stringify(args);
            const r = resolveServiceAlarmsArgs("a", args);
            r.emails.push("x@example.com");
            r.thresholds.cpuPercent = 1;
            r.services.web.minTasks = 9;
            assert.equal(JSON.stringify(args), before);
        });

        it("reads only what it needs of an ElasticService-like object", () => {
            const service = { ...web, cluster: {}, service: {}, taskDefinition: {} };
            assert.deepEqual(resolveServiceAlarmsArgs("a", { ...base, services: { web: service } }).services.web, {
                ...web,
                containerInsights: true,
            });
        });
    });

    describe("validation", () => {
        const W = 'elastic-web:aws:ServiceAlarms "a":';
        const cases: [string, unknown, string[]][] = [
            [
                "a name that cannot go into alarm names, without alarmNamePrefix",
                ["prod alarms", base],
                [
                    'elastic-web:aws:ServiceAlarms "prod alarms": the name "prod alarms" must be 1-200 letters, digits, "-" or "_", as it starts every alarm name and names the dashboard; rename the component or set `alarmNamePrefix`.',
                ],
            ],
            [
                "a name over 200 characters, without alarmNamePrefix",
                ["n".repeat(201), base],
                [
                    `elastic-web:aws:ServiceAlarms "${"n".repeat(201)}": the name "${"n".repeat(201)}" must be 1-200 letters, digits, "-" or "_", as it starts every alarm name and names the dashboard; rename the component or set \`alarmNamePrefix\`.`,
                ],
            ],
            [
                "an alarmNamePrefix with a space",
                ["a", { ...base, alarmNamePrefix: "app prod" }],
                [
                    `${W} \`alarmNamePrefix\` ("app prod") must be 1-200 letters, digits, "-" or "_" (it starts every alarm name and names the dashboard).`,
                ],
            ],
            [
                "an alarmNamePrefix with a quote",
                ["a", { ...base, alarmNamePrefix: 'app"prod' }],
                [
                    `${W} \`alarmNamePrefix\` ("app\\"prod") must be 1-200 letters, digits, "-" or "_" (it starts every alarm name and names the dashboard).`,
                ],
            ],
            [
                "an empty alarmNamePrefix",
                ["a", { ...base, alarmNamePrefix: "" }],
                [`${W} \`alarmNamePrefix\` ("") must be a non-empty string.`],
            ],
            [
                "an alarmNamePrefix that is not a string",
                ["a", { ...base, alarmNamePrefix: 7 }],
                [`${W} \`alarmNamePrefix\` (7) must be a non-empty string.`],
            ],
            [
                "an alarmNamePrefix over 200 characters",
                ["a", { ...base, alarmNamePrefix: "p".repeat(201) }],
                [
                    `${W} \`alarmNamePrefix\` ("${"p".repeat(201)}") must be 1-200 letters, digits, "-" or "_" (it starts every alarm name and names the dashboard).`,
                ],
            ],
            [
                "a prefix and a service name that make an alarm name over 255 characters",
                ["a", { ...base, alarmNamePrefix: "p".repeat(200), services: { ["s".repeat(39)]: web } }],
                [
                    `${W} the alarm name "${"p".repeat(200)}-${"s".repeat(39)}-tasks-below-min" would be 256 characters, above the 255 CloudWatch allows; shorten \`alarmNamePrefix\` (200 characters) or the service name "${"s".repeat(39)}".`,
                ],
            ],
            [
                "unknown keys and wrong types",
                [
                    "a",
                    {
                        ...base,
                        emailz: [],
                        emails: "ops@example.com",
                        httpsEndpoints: ["http://x.example.com"],
                        deploymentAlarms: "yes",
                        dashboard: 1,
                        requireSubscription: null,
                    },
                ],
                [
                    `${W} \`emailz\` ([]) is not a known key; did you mean \`emails\`? Known keys are topicArn, replicaTopicArn, emails, httpsEndpoints, thresholds, deploymentAlarms, requireSubscription, dashboard, alarmNamePrefix, loadBalancer, services, bucket, region, tags.`,
                    `${W} \`emails\` ("ops@example.com") must be a list of email addresses.`,
                    `${W} \`httpsEndpoints[0]\` ("http://x.example.com") must be an https:// URL like "https://hooks.example.com/alarms".`,
                    `${W} \`deploymentAlarms\` ("yes") must be true or false.`,
                    `${W} \`requireSubscription\` (null) must be true or false.`,
                    `${W} \`dashboard\` (1) must be true or false.`,
                ],
            ],
            [
                "malformed and repeated email addresses",
                ["a", { ...base, emails: ["ops@example.com", "not-an-email", "ops@example.com", 5] }],
                [
                    `${W} \`emails[1]\` ("not-an-email") must be an email address like "ops@example.com".`,
                    `${W} \`emails[2]\` ("ops@example.com") repeats \`emails[0]\`; list each once.`,
                    `${W} \`emails[3]\` (5) must be a non-empty string.`,
                ],
            ],
            [
                "a repeated HTTPS endpoint",
                ["a", { ...base, httpsEndpoints: ["https://hooks.example.com/a?x=1", "https://hooks.example.com/a?x=1"] }],
                [`${W} \`httpsEndpoints[1]\` ("https://hooks.example.com/a?x=1") repeats \`httpsEndpoints[0]\`; list each once.`],
            ],
            [
                "every threshold out of range, and an unknown one",
                [
                    "a",
                    {
                        ...base,
                        thresholds: {
                            alb5xxRatePercent: 101,
                            target5xxRatePercent: -1,
                            p99LatencySeconds: 0,
                            unhealthyHosts: 1.5,
                            rejectedConnections: -1,
                            cpuPercent: 0,
                            memoryPercent: 120,
                            capacityPinnedMinutes: 0,
                            replicationLatencySeconds: 0,
                            replicationFailedOperations: -2,
                            periodSeconds: 90,
                            evaluationPeriods: 0,
                            datapointsToAlarm: 0,
                            foo: 1,
                        },
                    },
                ],
                [
                    `${W} \`thresholds.foo\` (1) is not a known key; known keys are alb5xxRatePercent, target5xxRatePercent, p99LatencySeconds, unhealthyHosts, rejectedConnections, cpuPercent, memoryPercent, capacityPinnedMinutes, replicationLatencySeconds, replicationFailedOperations, periodSeconds, evaluationPeriods, datapointsToAlarm.`,
                    `${W} \`thresholds.alb5xxRatePercent\` (101) must be a number from 0 to 100.`,
                    `${W} \`thresholds.target5xxRatePercent\` (-1) must be a number from 0 to 100.`,
                    `${W} \`thresholds.p99LatencySeconds\` (0) must be a number from 0.001 to 4000.`,
                    `${W} \`thresholds.unhealthyHosts\` (1.5) must be an integer from 0 to 1000.`,
                    `${W} \`thresholds.rejectedConnections\` (-1) must be an integer from 0 to 1000000.`,
                    `${W} \`thresholds.cpuPercent\` (0) must be a number from 1 to 100.`,
                    `${W} \`thresholds.memoryPercent\` (120) must be a number from 1 to 100.`,
                    `${W} \`thresholds.capacityPinnedMinutes\` (0) must be an integer from 1 to 1440.`,
                    `${W} \`thresholds.replicationLatencySeconds\` (0) must be an integer from 1 to 86400.`,
                    `${W} \`thresholds.replicationFailedOperations\` (-2) must be an integer from 0 to 1000000.`,
                    `${W} \`thresholds.periodSeconds\` (90) must be a multiple of 60 from 60 to 3600.`,
                    `${W} \`thresholds.evaluationPeriods\` (0) must be an integer from 1 to 1440.`,
                    `${W} \`thresholds.datapointsToAlarm\` (0) must be an integer from 1 to 1440.`,
                ],
            ],
            ["thresholds that are not an object", ["a", { ...base, thresholds: 5 }], [`${W} \`thresholds\` (5) must be an object.`]],
            [
                "more datapoints to alarm than evaluation periods",
                ["a", { ...base, thresholds: { evaluationPeriods: 3, datapointsToAlarm: 4 } }],
                [
                    `${W} \`thresholds.datapointsToAlarm\` (4) is above \`thresholds.evaluationPeriods\` (3); lower datapointsToAlarm or raise evaluationPeriods.`,
                ],
            ],
            [
                "more datapoints to alarm than the default evaluation periods",
                ["a", { ...base, thresholds: { datapointsToAlarm: 6 } }],
                [
                    `${W} \`thresholds.datapointsToAlarm\` (6) is above \`thresholds.evaluationPeriods\` (5); lower datapointsToAlarm or raise evaluationPeriods.`,
                ],
            ],
            [
                "an evaluation window over a day with periods under an hour",
                ["a", { ...base, thresholds: { periodSeconds: 300, evaluationPeriods: 300, datapointsToAlarm: 1 } }],
                [
                    `${W} \`thresholds.evaluationPeriods\` (300) times \`thresholds.periodSeconds\` (300) is 90000 seconds, above the 86400 seconds CloudWatch allows an alarm to look back; lower one of them.`,
                ],
            ],
            [
                "an evaluation window over seven days with hourly periods",
                ["a", { ...base, thresholds: { periodSeconds: 3600, evaluationPeriods: 200, capacityPinnedMinutes: 120 } }],
                [
                    `${W} \`thresholds.evaluationPeriods\` (200) times \`thresholds.periodSeconds\` (3600) is 720000 seconds, above the 604800 seconds CloudWatch allows an alarm to look back; lower one of them.`,
                ],
            ],
            [
                "a capacity window that is not a whole number of periods",
                ["a", { ...base, thresholds: { periodSeconds: 300, capacityPinnedMinutes: 12 } }],
                [
                    `${W} \`thresholds.capacityPinnedMinutes\` (12) must be a whole number of periods of \`thresholds.periodSeconds\` (300 seconds).`,
                ],
            ],
            [
                "a required subscription with nobody to notify",
                ["a", { ...base, requireSubscription: true, emails: [], httpsEndpoints: [] }],
                [
                    `${W} \`requireSubscription\` is true but nobody would be notified; add \`emails\` or \`httpsEndpoints\`, or set \`topicArn\`.`,
                ],
            ],
            [
                "subscriptions next to an existing topic",
                [
                    "a",
                    {
                        ...base,
                        topicArn: "arn:aws:sns:us-east-1:123456789012:ops",
                        emails: ["ops@example.com"],
                        httpsEndpoints: ["https://hooks.example.com/a"],
                    },
                ],
                [
                    `${W} \`emails\` (["ops@example.com"]) cannot be combined with \`topicArn\`: subscribe the addresses to the existing topic where it is managed, or leave out topicArn.`,
                    `${W} \`httpsEndpoints\` (["https://hooks.example.com/a"]) cannot be combined with \`topicArn\`: subscribe the endpoints to the existing topic where it is managed, or leave out topicArn.`,
                ],
            ],
            [
                "a topic ARN of another service",
                ["a", { ...base, topicArn: "arn:aws:sqs:us-east-1:123456789012:ops" }],
                [
                    `${W} \`topicArn\` ("arn:aws:sqs:us-east-1:123456789012:ops") must be an ARN like arn:aws:sns:us-east-1:123456789012:<topic>.`,
                ],
            ],
            [
                "a topic in another region",
                ["a", { ...base, topicArn: "arn:aws:sns:eu-west-1:123456789012:ops" }],
                [
                    `${W} \`topicArn\` ("arn:aws:sns:eu-west-1:123456789012:ops") is in eu-west-1, but the alarms live in us-east-1 and can notify only a topic there; give a topic in us-east-1.`,
                ],
            ],
            [
                "an existing topic without one in the replica's region",
                ["a", { ...base, bucket, topicArn: "arn:aws:sns:us-east-1:123456789012:ops" }],
                [
                    `${W} \`replicaTopicArn\` is required; with \`topicArn\` and a bucket replicated to us-west-2, give a topic in us-west-2: S3 publishes ReplicationLatency there and that alarm can notify only a topic in its own region.`,
                ],
            ],
            [
                "a replica topic outside the replica's region",
                [
                    "a",
                    {
                        ...base,
                        bucket,
                        topicArn: "arn:aws:sns:us-east-1:123456789012:ops",
                        replicaTopicArn: "arn:aws:sns:us-east-1:123456789012:ops2",
                    },
                ],
                [
                    `${W} \`replicaTopicArn\` ("arn:aws:sns:us-east-1:123456789012:ops2") is in us-east-1, but the replication-latency alarm lives in us-west-2; give a topic in us-west-2.`,
                ],
            ],
            [
                "a replica topic without a cross-region bucket",
                [
                    "a",
                    {
                        ...base,
                        topicArn: "arn:aws:sns:us-east-1:123456789012:ops",
                        replicaTopicArn: "arn:aws:sns:us-west-2:123456789012:ops2",
                    },
                ],
                [
                    `${W} \`replicaTopicArn\` ("arn:aws:sns:us-west-2:123456789012:ops2") is used only for a bucket replicated to another region; leave it out.`,
                ],
            ],
            [
                "a replica topic without an existing topic",
                ["a", { ...base, replicaTopicArn: "arn:aws:sns:us-west-2:123456789012:ops2" }],
                [
                    `${W} \`replicaTopicArn\` ("arn:aws:sns:us-west-2:123456789012:ops2") is used only together with \`topicArn\`; leave it out, or set topicArn too.`,
                ],
            ],
            ["no service", ["a", { ...base, services: {} }], [`${W} \`services\` ({}) must name at least one service.`]],
            [
                "no services, region or load balancer",
                ["a", {}],
                [
                    `${W} \`region\` is required; give the region of the load balancer and the services, e.g. "us-east-1".`,
                    `${W} \`loadBalancer.arnSuffix\` is required; give the load balancer's \`arnSuffix\`, e.g. \`loadBalancer.arnSuffix\` of a LoadBalancer.`,
                    `${W} \`services\` is required; give at least one service, e.g. \`{ web: webService }\`.`,
                ],
            ],
            [
                "a service with a bad name and missing or inconsistent values",
                ["a", { ...base, services: { "web app": { clusterName: "c", minTasks: 3, maxTasks: 2, containerInsights: "yes" } } }],
                [
                    `${W} \`services.web app\` ("web app") is not a usable service name: use 1-64 letters, digits, "-" or "_" (it goes into alarm names).`,
                    `${W} \`services.web app.serviceName\` is required; give the ECS service's name, e.g. \`service.serviceName\`.`,
                    `${W} \`services.web app.targetGroupArnSuffix\` is required; give the target group's \`arnSuffix\`, e.g. \`service.targetGroupArnSuffix\`.`,
                    `${W} \`services.web app.maxTasks\` (2) is below \`services.web app.minTasks\` (3); raise maxTasks or lower minTasks.`,
                    `${W} \`services.web app.containerInsights\` ("yes") must be true or false.`,
                ],
            ],
            [
                "task bounds out of range",
                ["a", { ...base, services: { web: { ...web, minTasks: -1, maxTasks: 0 } } }],
                [
                    `${W} \`services.web.minTasks\` (-1) must be an integer from 0 to 5000.`,
                    `${W} \`services.web.maxTasks\` (0) must be an integer from 1 to 5000.`,
                ],
            ],
            [
                "a service without task bounds",
                ["a", { ...base, services: { web: { clusterName: "c", serviceName: "s", targetGroupArnSuffix: "t" } } }],
                [
                    `${W} \`services.web.minTasks\` is required; give the service's lower task bound.`,
                    `${W} \`services.web.maxTasks\` is required; give the service's upper task bound.`,
                ],
            ],
            [
                "a service that is not an object",
                ["a", { ...base, services: { web: "prod-web" } }],
                [
                    `${W} \`services.web\` ("prod-web") must be an object with the service's clusterName, serviceName, targetGroupArnSuffix, minTasks and maxTasks.`,
                ],
            ],
            [
                "a malformed region",
                ["a", { ...base, region: "useast1" }],
                [`${W} \`region\` ("useast1") must be an AWS region like "us-east-1".`],
            ],
            [
                "an incomplete bucket",
                ["a", { ...base, bucket: {} }],
                [
                    `${W} \`bucket.bucketName\` is required; give the source bucket's name.`,
                    `${W} \`bucket.replicaBucketName\` is required; give the destination bucket's name.`,
                    `${W} \`bucket.replicationRuleId\` is required; give the id of the replication rule (S3 replication metrics are per rule).`,
                    `${W} \`bucket.replicaRegion\` is required; give the destination bucket's region, where S3 publishes ReplicationLatency.`,
                ],
            ],
            [
                "a bucket with an empty rule id and a malformed region",
                ["a", { ...base, bucket: { ...bucket, replicationRuleId: "", replicaRegion: "nowhere" } }],
                [
                    `${W} \`bucket.replicationRuleId\` ("") must be a non-empty string.`,
                    `${W} \`bucket.replicaRegion\` ("nowhere") must be an AWS region like "us-west-2".`,
                ],
            ],
            [
                "a bucket that is not an object",
                ["a", { ...base, bucket: "prod-assets" }],
                [
                    `${W} \`bucket\` ("prod-assets") must be an object with bucketName, replicaBucketName, replicationRuleId and replicaRegion.`,
                ],
            ],
            [
                "tags that are not an object",
                ["a", { ...base, tags: "x" }],
                [`${W} \`tags\` ("x") must be an object of tag names to values.`],
            ],
        ];
        for (const [what, [name, args], problems] of cases as [string, [string, ServiceAlarmsArgs], string[]][]) {
            it(`rejects ${what}`, () => {
                assert.throws(
                    () => resolveServiceAlarmsArgs(name, args),
                    (e: unknown) => {
                        assert.ok(e instanceof ConfigError);
                        assert.deepEqual(e.problems, problems);
                        return true;
                    },
                );
            });
        }

        it("fails the synth with the ConfigError, before any child exists", async () => {
            const p = synth(() => new ServiceAlarms("a", { ...base, thresholds: { cpuPercent: 0 } }));
            await assert.rejects(p, new ConfigError([`${W} \`thresholds.cpuPercent\` (0) must be a number from 1 to 100.`]));
        });

        it("throws before registering anything, the component itself included", async () => {
            const p = await synth(() => {
                assert.throws(
                    () => new ServiceAlarms("a", { ...prod, thresholds: { cpuPercent: 0 } }),
                    new ConfigError([`${W} \`thresholds.cpuPercent\` (0) must be a number from 1 to 100.`]),
                );
                return {};
            });
            assert.deepEqual(
                p.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => r.type),
                [],
            );
        });
    });

    describe("checkServiceAlarmsSettings (as the stack config calls it)", () => {
        const check = (s: unknown) => {
            const p = new Problems("stack config", "elastic-web:alarms.");
            checkServiceAlarmsSettings(p, s);
            return p.list;
        };

        it("accepts nothing and every default", () => {
            assert.deepEqual(check(undefined), []);
            assert.deepEqual(check({ ...SERVICE_ALARMS_DEFAULTS }), []);
        });

        it("prints keys under the config namespace", () => {
            assert.deepEqual(check({ emails: ["x"], thresholds: { cpuPercent: 0 }, requireSubscription: true, colour: "red" }), [
                'stack config: `elastic-web:alarms.colour` ("red") is not a known key; known keys are topicArn, replicaTopicArn, emails, httpsEndpoints, thresholds, deploymentAlarms, requireSubscription, dashboard.',
                'stack config: `elastic-web:alarms.emails[0]` ("x") must be an email address like "ops@example.com".',
                "stack config: `elastic-web:alarms.thresholds.cpuPercent` (0) must be a number from 1 to 100.",
            ]);
        });

        it("rejects settings that are not an object", () => {
            assert.deepEqual(check("x"), ['stack config: `elastic-web:alarms` ("x") must be an object of alarm settings.']);
            const p = new Problems("stack config");
            checkServiceAlarmsSettings(p, []);
            assert.deepEqual(p.list, ["stack config: the settings ([]) must be an object of alarm settings."]);
        });

        it("requires a subscription when asked to, whatever else is set", () => {
            assert.deepEqual(check({ requireSubscription: true, dashboard: false }), [
                "stack config: `elastic-web:alarms.requireSubscription` is true but nobody would be notified; add `elastic-web:alarms.emails` or `elastic-web:alarms.httpsEndpoints`, or set `elastic-web:alarms.topicArn`.",
            ]);
            assert.deepEqual(check({ requireSubscription: true, httpsEndpoints: ["https://hooks.example.com/a"] }), []);
            assert.deepEqual(check({ requireSubscription: true, topicArn: "arn:aws:sns:us-east-1:123456789012:ops" }), []);
        });
    });
});
