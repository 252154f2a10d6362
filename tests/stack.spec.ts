import * as assert from "node:assert/strict";
import { ConfigError, DEMO_IMAGE, ElasticStack, resolveStackConfig } from "../components";
import { ElasticMocks, Match, Plan, PlanResource, synth } from "../components/testing";
import { shippedStack } from "./stacks";

const ACCOUNT = "123456789012";
const TOPIC_ARN = `arn:aws:sns:us-east-1:${ACCOUNT}:app-alarms-topic`;
const REPLICA_TOPIC_ARN = `arn:aws:sns:us-west-2:${ACCOUNT}:app-alarms-replica-topic`;
const CERTIFICATE_ARN = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b`;
const ALB_ARN = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/app-alb/50dc6c495c0c9188`;
const TG_ARN = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/app-web-tg/73e2d6bc24d8a067`;
const SERVICE_ID = "service/app-cluster/app-web-svc";

/** What each stack file, over its profile, must deploy. */
interface Expected {
    azCount: number;
    nat: "Single" | "OnePerAz";
    cidrBlock: string;
    https: boolean;
    deletionProtection: boolean;
    deregistrationDelay: number;
    tasks: { min: number; max: number };
    /** Capacity placement of the service: a launch type, or FARGATE/FARGATE_SPOT weights. */
    capacity: { launchType: "FARGATE" } | { strategies: { capacityProvider: string; base: number; weight: number }[] };
    /** Scaling policy → target value. */
    policies: Record<string, number>;
    schedules: { name: string; schedule: string; min: number; max: number }[];
    replica: boolean;
    replicationTimeControl: boolean;
    containerInsights: boolean;
    alarms: string[];
    emails: string[];
    /** Whether the web service rolls a deployment back on its 5xx and unhealthy-host alarms. */
    deploymentAlarms: boolean;
}

const SERVICE_ALARMS = ["web-target-5xx", "web-unhealthy-hosts", "web-p99-latency", "web-cpu-high", "web-memory-high"];

const EXPECTED: Record<"dev" | "staging" | "prod", Expected> = {
    dev: {
        azCount: 2,
        nat: "Single",
        cidrBlock: "10.0.0.0/16",
        https: false,
        deletionProtection: false,
        deregistrationDelay: 15,
        tasks: { min: 1, max: 2 },
        capacity: {
            strategies: [
                { capacityProvider: "FARGATE", base: 0, weight: 0 },
                { capacityProvider: "FARGATE_SPOT", base: 0, weight: 100 },
            ],
        },
        policies: { cpu: 70 },
        schedules: [],
        replica: false,
        replicationTimeControl: false,
        containerInsights: false,
        alarms: ["alb-5xx", "rejected-connections", ...SERVICE_ALARMS],
        emails: [],
        deploymentAlarms: false,
    },
    staging: {
        azCount: 2,
        nat: "Single",
        cidrBlock: "10.1.0.0/16",
        https: false,
        deletionProtection: false,
        deregistrationDelay: 30,
        tasks: { min: 2, max: 4 },
        capacity: {
            strategies: [
                { capacityProvider: "FARGATE", base: 1, weight: 50 },
                { capacityProvider: "FARGATE_SPOT", base: 0, weight: 50 },
            ],
        },
        policies: { cpu: 60, memory: 75 },
        schedules: [],
        replica: true,
        replicationTimeControl: false,
        containerInsights: true,
        alarms: [
            "alb-5xx",
            "rejected-connections",
            ...SERVICE_ALARMS,
            "web-tasks-below-min",
            "web-capacity-pinned",
            "replication-failed",
            "replication-latency",
        ],
        emails: [],
        deploymentAlarms: true,
    },
    prod: {
        azCount: 3,
        nat: "OnePerAz",
        cidrBlock: "10.2.0.0/16",
        https: true,
        deletionProtection: true,
        deregistrationDelay: 30,
        tasks: { min: 3, max: 12 },
        capacity: { launchType: "FARGATE" },
        policies: { cpu: 50, memory: 70, requests: 1000 },
        schedules: [
            { name: "business-hours", schedule: "cron(0 8 ? * MON-FRI *)", min: 4, max: 12 },
            { name: "after-hours", schedule: "cron(0 20 ? * MON-FRI *)", min: 3, max: 12 },
        ],
        replica: true,
        replicationTimeControl: true,
        containerInsights: true,
        alarms: [
            "alb-5xx",
            "rejected-connections",
            ...SERVICE_ALARMS,
            "web-tasks-below-min",
            "web-capacity-pinned",
            "replication-failed",
            "replication-latency",
        ],
        emails: ["oncall@example.com"],
        deploymentAlarms: true,
    },
};

const PREDEFINED_METRICS: Record<string, string> = {
    cpu: "ECSServiceAverageCPUUtilization",
    memory: "ECSServiceAverageMemoryUtilization",
    requests: "ALBRequestCountPerTarget",
};

/** The ARN the mocks give a resource of the plan (for references whose id AWS makes up, like listeners). */
function arnOf(r: PlanResource): string {
    return new ElasticMocks().newResource({ type: r.type, name: r.name, inputs: r.inputs, custom: true }).state.arn as string;
}

const subnets = (kind: "public" | "private", n: number) => Array.from({ length: n }, (_, i) => `app-vpc-${kind}-${i + 1}-id`);

for (const [stack, e] of Object.entries(EXPECTED)) {
    describe(`stack ${stack} (Pulumi.${stack}.yaml)`, () => {
        let plan: Plan;
        before(async () => {
            plan = await shippedStack(stack as "dev" | "staging" | "prod");
        });

        it(`spreads the network over ${e.azCount} AZs with NAT strategy ${e.nat}`, () => {
            plan.hasResourceCount("awsx:ec2:Vpc", 1);
            const vpc = plan.child("app", "vpc");
            assert.equal(vpc.type, "awsx:ec2:Vpc");
            plan.hasResource("awsx:ec2:Vpc", {
                numberOfAvailabilityZones: e.azCount,
                natGateways: Match.exact({ strategy: e.nat }),
                cidrBlock: e.cidrBlock,
            });
        });

        it("puts an internet-facing ALB in the public subnets of every AZ", () => {
            plan.hasResourceCount("aws:lb/loadBalancer:LoadBalancer", 1);
            assert.equal(plan.child("app", "alb").type, "aws:lb/loadBalancer:LoadBalancer");
            plan.hasResource("aws:lb/loadBalancer:LoadBalancer", {
                loadBalancerType: "application",
                internal: false,
                enableDeletionProtection: e.deletionProtection,
                dropInvalidHeaderFields: true,
                subnets: subnets("public", e.azCount),
                securityGroups: ["app-alb-sg-id"],
                accessLogs: { bucket: "app-access-logs", enabled: true },
            });
        });

        if (e.https) {
            it("serves HTTPS with the TLS 1.3 policy and redirects HTTP to it", () => {
                plan.hasResourceCount("aws:lb/listener:Listener", 2);
                assert.equal(plan.child("app", "https").type, "aws:lb/listener:Listener");
                plan.hasResource("aws:lb/listener:Listener", {
                    loadBalancerArn: ALB_ARN,
                    port: 443,
                    protocol: "HTTPS",
                    certificateArn: CERTIFICATE_ARN,
                    sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
                    defaultActions: [{ type: "fixed-response", fixedResponse: { statusCode: "404" } }],
                });
                plan.hasResource("aws:lb/listener:Listener", {
                    loadBalancerArn: ALB_ARN,
                    port: 80,
                    protocol: "HTTP",
                    defaultActions: [{ type: "redirect", redirect: { port: "443", protocol: "HTTPS", statusCode: "HTTP_301" } }],
                });
            });
        } else {
            it("serves plain HTTP only, without a certificate", () => {
                plan.hasResourceCount("aws:lb/listener:Listener", 1);
                plan.hasResource("aws:lb/listener:Listener", {
                    loadBalancerArn: ALB_ARN,
                    port: 80,
                    protocol: "HTTP",
                    certificateArn: Match.absent(),
                    defaultActions: [{ type: "fixed-response", fixedResponse: { statusCode: "404" } }],
                });
            });
        }

        it("registers the web service's tasks as ip targets on the container port, routed from the serving listener", () => {
            plan.hasResourceCount("aws:lb/targetGroup:TargetGroup", 1);
            assert.equal(plan.child("app-web", "tg").type, "aws:lb/targetGroup:TargetGroup");
            plan.hasResource("aws:lb/targetGroup:TargetGroup", {
                port: 8080,
                protocol: "HTTP",
                targetType: "ip",
                vpcId: "app-vpc-id",
                deregistrationDelay: e.deregistrationDelay,
                healthCheck: { path: "/", matcher: "200-399", interval: 15, timeout: 5 },
            });
            const listener = plan.child("app", e.https ? "https" : "http");
            plan.hasResource("aws:lb/listenerRule:ListenerRule", {
                listenerArn: arnOf(listener),
                actions: [{ type: "forward", targetGroupArn: TG_ARN }],
            });
        });

        it(`runs ${e.tasks.min} tasks in private subnets, rolling back failed deployments, leaving desiredCount to the scaler`, () => {
            plan.hasResourceCount("aws:ecs/service:Service", 1);
            const service = plan.child("app-web", "svc");
            plan.hasResource("aws:ecs/service:Service", {
                cluster: `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/app-cluster`,
                desiredCount: e.tasks.min,
                deploymentCircuitBreaker: { enable: true, rollback: true },
                networkConfiguration: { assignPublicIp: false, subnets: subnets("private", e.azCount), securityGroups: ["app-web-sg-id"] },
                loadBalancers: [{ containerName: "app", containerPort: 8080, targetGroupArn: TG_ARN }],
                ...("launchType" in e.capacity
                    ? { launchType: e.capacity.launchType, capacityProviderStrategies: Match.absent() }
                    : { launchType: Match.absent(), capacityProviderStrategies: e.capacity.strategies }),
            });
            assert.deepEqual(plan.options(service).ignoreChanges, ["desiredCount"]);
            assert.deepEqual(plan.options(service).dependsOn, [
                plan.child("app-web", "rule").urn,
                plan.child("app-web", "from-alb").urn,
                plan.child("app-web", "alb-egress").urn,
            ]);
            plan.hasResource("aws:ecs/cluster:Cluster", {
                settings: [{ name: "containerInsights", value: e.containerInsights ? "enabled" : "disabled" }],
            });
        });

        it(`scales between ${e.tasks.min} and ${e.tasks.max} tasks on ${Object.keys(e.policies).join(", ")}`, () => {
            plan.hasResourceCount("aws:appautoscaling/target:Target", 1);
            assert.equal(plan.child("app-web", "scaling").type, "aws:appautoscaling/target:Target");
            plan.hasResource("aws:appautoscaling/target:Target", {
                minCapacity: e.tasks.min,
                maxCapacity: e.tasks.max,
                resourceId: SERVICE_ID,
                scalableDimension: "ecs:service:DesiredCount",
                serviceNamespace: "ecs",
            });
            assert.deepEqual(
                plan.resourcesOf("aws:appautoscaling/policy:Policy").map((r) => r.name),
                Object.keys(e.policies).map((p) => `app-web-${p}-scaling`),
            );
            for (const [policy, target] of Object.entries(e.policies)) {
                const found = plan.hasResource("aws:appautoscaling/policy:Policy", {
                    policyType: "TargetTrackingScaling",
                    resourceId: SERVICE_ID,
                    targetTrackingScalingPolicyConfiguration: {
                        targetValue: target,
                        predefinedMetricSpecification: { predefinedMetricType: PREDEFINED_METRICS[policy] },
                    },
                });
                assert.equal(found.name, `app-web-${policy}-scaling`);
            }
        });

        it(e.schedules.length > 0 ? "applies the business-hours schedules in New York time" : "has no scheduled scaling", () => {
            assert.deepEqual(
                plan.resourcesOf("aws:appautoscaling/scheduledAction:ScheduledAction").map((r) => r.name),
                e.schedules.map((s) => `app-web-schedule-${s.name}`),
            );
            for (const s of e.schedules) {
                assert.equal(
                    plan.hasResource("aws:appautoscaling/scheduledAction:ScheduledAction", {
                        resourceId: SERVICE_ID,
                        schedule: s.schedule,
                        timezone: "America/New_York",
                        scalableTargetAction: Match.exact({ minCapacity: s.min, maxCapacity: s.max }),
                    }).name,
                    `app-web-schedule-${s.name}`,
                );
            }
        });

        if (e.replica) {
            it("replicates the data bucket to us-west-2, delete markers included, and keeps both on delete", () => {
                plan.hasResourceCount("aws:s3/bucket:Bucket", 3);
                const primary = plan.child("app-data", "primary");
                const replica = plan.child("app-data", "replica");
                const provider = plan.child("app-data", "replica-provider");
                assert.equal(provider.region, "us-west-2");
                assert.equal(replica.provider, provider.urn);
                assert.equal(replica.region, "us-west-2");
                assert.equal(primary.region, "us-east-1");
                assert.equal(plan.options(primary).retainOnDelete, true);
                assert.equal(plan.options(replica).retainOnDelete, true);
                plan.hasResourceCount("aws:s3/bucketReplicationConfig:BucketReplicationConfig", 1);
                plan.hasResource("aws:s3/bucketReplicationConfig:BucketReplicationConfig", {
                    bucket: "app-data-primary-id",
                    role: `arn:aws:iam::${ACCOUNT}:role/app-data-replication-role`,
                    rules: [
                        {
                            status: "Enabled",
                            deleteMarkerReplication: { status: "Enabled" },
                            destination: {
                                bucket: "arn:aws:s3:::app-data-replica",
                                encryptionConfiguration: {
                                    replicaKmsKeyId: `arn:aws:kms:us-west-2:${ACCOUNT}:key/app-data-replica-key-id`,
                                },
                                metrics: { status: "Enabled" },
                                replicationTime: e.replicationTimeControl ? { status: "Enabled", time: { minutes: 15 } } : Match.absent(),
                            },
                        },
                    ],
                });
            });
        } else {
            it("keeps one deletable data bucket without a replica or replication", () => {
                plan.hasResourceCount("aws:s3/bucket:Bucket", 2);
                assert.equal(plan.options(plan.child("app-data", "primary")).retainOnDelete, false);
                assert.equal(plan.children("app-data").filter((r) => r.name.includes("replica")).length, 0);
                plan.hasResourceCount("pulumi:providers:aws", 0);
                plan.hasResourceCount("aws:s3/bucketReplicationConfig:BucketReplicationConfig", 0);
            });
        }

        it("sends every alarm to the encrypted alarm topic of its region", () => {
            const expected = e.alarms.map((a) => [`app-alarms-${a}`, `app-${stack}-${a}`]).sort();
            assert.deepEqual(
                plan
                    .resourcesOf("aws:cloudwatch/metricAlarm:MetricAlarm")
                    .map((r) => [r.name, r.inputs.name])
                    .sort(),
                expected,
            );
            for (const alarm of plan.resourcesOf("aws:cloudwatch/metricAlarm:MetricAlarm")) {
                const topic = alarm.region === "us-west-2" ? REPLICA_TOPIC_ARN : TOPIC_ARN;
                assert.deepEqual([alarm.name, alarm.inputs.alarmActions], [alarm.name, [topic]]);
            }
            const watched = ["web-target-5xx", "web-unhealthy-hosts", "web-p99-latency", "web-tasks-below-min"];
            plan.hasResource("aws:cloudwatch/compositeAlarm:CompositeAlarm", {
                alarmName: `app-${stack}-web-degraded`,
                alarmActions: [TOPIC_ARN],
                alarmRule: watched
                    .filter((a) => e.alarms.includes(a))
                    .map((a) => `ALARM("app-${stack}-${a}")`)
                    .join(" OR "),
            });
            assert.equal(plan.child("app-alarms", "web-degraded").inputs.alarmName, `app-${stack}-web-degraded`);
            plan.hasResource("aws:sns/topic:Topic", { kmsMasterKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/app-alarms-topic-key-id` });
            plan.hasResourceCount("aws:sns/topic:Topic", e.replica ? 2 : 1);
        });

        it(e.emails.length > 0 ? "subscribes the on-call address to both alarm topics" : "subscribes nobody to the alarm topic", () => {
            const subscriptions = plan.resourcesOf("aws:sns/topicSubscription:TopicSubscription");
            assert.deepEqual(
                subscriptions.map((s) => [s.inputs.topic, s.inputs.protocol, s.inputs.endpoint]),
                e.emails.flatMap((email) => [
                    [TOPIC_ARN, "email", email],
                    [REPLICA_TOPIC_ARN, "email", email],
                ]),
            );
        });

        it(`names the alarm topic keys' aliases and the topic policies' alarm condition after the project and the ${stack} stack`, () => {
            assert.deepEqual(
                plan.resourcesOf("aws:kms/alias:Alias").map((a) => [a.name, a.region, a.inputs.name]),
                [
                    ["app-alarms-topic-key-alias", "us-east-1", `alias/app-${stack}-alarms`],
                    ...(e.replica ? [["app-alarms-replica-topic-key-alias", "us-west-2", `alias/app-${stack}-alarms`]] : []),
                ],
            );
            for (const policy of plan.resourcesOf("aws:sns/topicPolicy:TopicPolicy")) {
                assert.deepEqual(
                    [policy.name, JSON.parse(policy.inputs.policy).Statement[0].Condition.ArnLike],
                    [policy.name, { "aws:SourceArn": `arn:aws:cloudwatch:${policy.region}:${ACCOUNT}:alarm:app-${stack}-*` }],
                );
            }
            plan.hasResourceCount("aws:sns/topicPolicy:TopicPolicy", e.replica ? 2 : 1);
        });

        it(e.deploymentAlarms ? "rolls deployments back on the web service's alarms" : "lists no deployment alarms", () => {
            const names = [`app-${stack}-web-target-5xx`, `app-${stack}-web-unhealthy-hosts`];
            const expected = e.deploymentAlarms ? { enable: true, rollback: true, alarmNames: names } : undefined;
            assert.deepEqual(plan.child("app-web", "svc").inputs.alarms, expected);
        });

        it("draws a dashboard named after the project and the stack", () => {
            plan.hasResourceCount("aws:cloudwatch/dashboard:Dashboard", 1);
            assert.equal(plan.child("app-alarms", "dashboard").type, "aws:cloudwatch/dashboard:Dashboard");
            const cloudWatch = "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1";
            assert.equal(plan.outputs.dashboardUrl, `${cloudWatch}#dashboards:name=app-${stack}`);
            plan.hasResource("aws:cloudwatch/dashboard:Dashboard", {
                dashboardName: `app-${stack}`,
                dashboardBody: Match.serializedJson({
                    widgets: Match.arrayWith([{ type: "metric", properties: { title: "Requests", region: "us-east-1" } }]),
                }),
            });
        });

        it(`breaks no rule the ${stack} policy makes mandatory`, () => {
            assert.deepEqual(
                plan
                    .violations()
                    .filter((v) => v.mandatory)
                    .map((v) => `${v.ruleId} ${v.resourceName}`),
                [],
            );
        });

        it("exports the URL, the cluster and the service names", () => {
            assert.equal(plan.outputs.url, `${e.https ? "https" : "http"}://app-alb-1234567890.us-east-1.elb.amazonaws.com`);
            assert.equal(plan.outputs.clusterName, "app-cluster");
            assert.deepEqual(plan.outputs.serviceNames, { web: "app-web-svc" });
            assert.equal(plan.outputs.vpcId, "app-vpc-id");
        });
    });
}

describe("ElasticStack with a config its children refuse", () => {
    it("refuses it before it registers anything, itself included", async () => {
        const config = resolveStackConfig({ "aws:region": "us-east-1", "elastic-web:services": { web: { image: DEMO_IMAGE } } }, "dev");
        const bad = { ...config, services: { web: { ...config.services.web, containerPort: 0 } } };
        const plan = await synth(() => {
            assert.throws(
                () => new ElasticStack("app", bad),
                (e: unknown) => {
                    assert.ok(e instanceof ConfigError);
                    assert.deepEqual(e.problems, [
                        'elastic-web:aws:ElasticService "app-web": `containerPort` (0) must be an integer from 1 to 65535.',
                    ]);
                    return true;
                },
            );
            return {};
        });
        assert.deepEqual(
            plan.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => r.type),
            [],
        );
    });
});
