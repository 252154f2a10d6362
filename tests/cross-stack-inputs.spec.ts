// Values from other stacks and other resources: the README's LoadBalancer and ServiceAlarms examples
// with their ARNs taken from a StackReference (`Output<string>`), which must compile (the suite's
// `tsc --noEmit` checks this file) and run; and the JavaScript way, an `aws.sns.Topic`'s `arn` passed
// where TypeScript would check the type.
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ElasticService, LoadBalancer, Network, ReplicatedBucket, ServiceAlarms, resolveReplicatedBucketArgs } from "../components";
import { ConfigError } from "../components/core/validate";
import { Plan, synth, useMocks } from "../components/testing";

const SHARED = "acme/shared/prod";
const CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/shared-cert";
const WEB_ACL = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/shared/0a1b2c3d";
const OPS_TOPIC = "arn:aws:sns:us-east-1:123456789012:ops-alarms";
const OPS_REPLICA_TOPIC = "arn:aws:sns:us-west-2:123456789012:ops-alarms";
const LOG_BUCKET = "acme-shared-access-logs";
const REPLICA_LOG_BUCKET = "acme-shared-access-logs-west";
const ONCALL = "oncall@example.com";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

/** The README's network, load balancer (with its ARNs from the shared stack), service and bucket. */
function app(shared: pulumi.StackReference) {
    const network = new Network("app", {});
    const alb = new LoadBalancer("app", {
        vpcId: network.vpcId,
        subnetIds: network.publicSubnetIds,
        certificateArn: shared.getOutput("certificateArn") as pulumi.Output<string>,
        wafWebAclArn: shared.getOutput("webAclArn") as pulumi.Output<string>,
    });
    const api = new ElasticService("api", {
        image: "public.ecr.aws/nginx/nginx-unprivileged:stable-alpine",
        vpcId: network.vpcId,
        subnetIds: network.privateSubnetIds,
        loadBalancer: alb.attachment,
        scaling: { minTasks: 2, maxTasks: 6 },
    });
    const data = new ReplicatedBucket("app-data", {
        region: "us-east-1",
        replicaRegion: "us-west-2",
        accessLogBucket: shared.getOutput("logBucket") as pulumi.Output<string>,
        replicaAccessLogBucket: shared.getOutput("replicaLogBucket") as pulumi.Output<string>,
    });
    return { alb, api, data };
}

describe("values from another stack", () => {
    before(() => {
        useMocks().setStackOutputs(SHARED, {
            certificateArn: CERTIFICATE,
            webAclArn: WEB_ACL,
            alarmTopicArn: OPS_TOPIC,
            replicaAlarmTopicArn: OPS_REPLICA_TOPIC,
            logBucket: LOG_BUCKET,
            replicaLogBucket: REPLICA_LOG_BUCKET,
            oncallEmail: ONCALL,
        });
    });
    after(() => useMocks().setStackOutputs(SHARED, undefined));

    describe("the README's LoadBalancer and ServiceAlarms, with the shared stack's topics", () => {
        let plan: Plan;
        before(async () => {
            plan = await synth(
                () => {
                    const shared = new pulumi.StackReference(SHARED);
                    const { alb, api, data } = app(shared);
                    const alarms = new ServiceAlarms("app-alarms", {
                        region: "us-east-1",
                        loadBalancer: { arnSuffix: alb.arnSuffix },
                        services: { api },
                        bucket: data.replicationMetrics,
                        topicArn: shared.getOutput("alarmTopicArn") as pulumi.Output<string>,
                        replicaTopicArn: shared.getOutput("replicaAlarmTopicArn") as pulumi.Output<string>,
                    });
                    return { topicArn: alarms.topicArn, replicaTopicArn: alarms.replicaTopicArn, url: alb.url };
                },
                { config: { "aws:region": "us-east-1" } },
            );
        });

        it("serves HTTPS with the shared certificate and redirects HTTP", () => {
            assert.deepEqual(
                plan.resourcesOf("aws:lb/listener:Listener").map((l) => [l.name, l.inputs.protocol, l.inputs.certificateArn]),
                [
                    ["app-https", "HTTPS", CERTIFICATE],
                    ["app-http", "HTTP", undefined],
                ],
            );
            assert.equal(plan.outputs.url, "https://app-alb-1234567890.us-east-1.elb.amazonaws.com");
        });

        it("associates the shared web ACL", () => {
            assert.equal(plan.resource("aws:wafv2/webAclAssociation:WebAclAssociation").inputs.webAclArn, WEB_ACL);
        });

        it("logs both buckets' requests to the shared log buckets", () => {
            assert.deepEqual(
                plan.resourcesOf("aws:s3/bucketLogging:BucketLogging").map((l) => [l.name, l.inputs.targetBucket]),
                [
                    ["app-data-primary-logging", LOG_BUCKET],
                    ["app-data-replica-logging", REPLICA_LOG_BUCKET],
                ],
            );
        });

        it("creates no topic of its own and notifies the shared topics", () => {
            plan.hasResourceCount("aws:sns/topic:Topic", 0);
            assert.equal(plan.outputs.topicArn, OPS_TOPIC);
            assert.equal(plan.outputs.replicaTopicArn, OPS_REPLICA_TOPIC);
            const alarms = plan.resourcesOf(ALARM);
            assert.equal(alarms.length, 11);
            for (const a of alarms) {
                const topic = a.name === "app-alarms-replication-latency" ? OPS_REPLICA_TOPIC : OPS_TOPIC;
                assert.deepEqual([a.name, a.inputs.alarmActions, a.inputs.okActions], [a.name, [topic], [topic]]);
            }
        });
    });

    it("subscribes an email address the shared stack gives", async () => {
        const plan = await synth(
            () => {
                const shared = new pulumi.StackReference(SHARED);
                const { alb, api } = app(shared);
                new ServiceAlarms("app-alarms", {
                    region: "us-east-1",
                    loadBalancer: { arnSuffix: alb.arnSuffix },
                    services: { api },
                    emails: [shared.getOutput("oncallEmail") as pulumi.Output<string>, "ops@example.com"],
                });
            },
            { config: { "aws:region": "us-east-1" } },
        );
        assert.deepEqual(
            plan.resourcesOf("aws:sns/topicSubscription:TopicSubscription").map((s) => [s.name, s.inputs.protocol, s.inputs.endpoint]),
            [
                ["app-alarms-email-0", "email", ONCALL],
                ["app-alarms-email-1", "email", "ops@example.com"],
            ],
        );
    });

    it("fails the deployment when a topic known only at deployment is in another region", async () => {
        await assert.rejects(
            synth(() => {
                new ServiceAlarms("app-alarms", {
                    region: "us-east-1",
                    loadBalancer: { arnSuffix: "app/app-alb/50dc6c495c0c9188" },
                    services: {
                        web: { clusterName: "c", serviceName: "s", targetGroupArnSuffix: "targetgroup/t/1", minTasks: 1, maxTasks: 1 },
                    },
                    topicArn: new pulumi.StackReference(SHARED).getOutput("replicaAlarmTopicArn") as pulumi.Output<string>,
                });
            }),
            (e: Error) => {
                assert.match(
                    e.message,
                    new RegExp(
                        escape(
                            `elastic-web:aws:ServiceAlarms "app-alarms": \`topicArn\` ("${OPS_REPLICA_TOPIC}") is in us-west-2, but the alarms live in us-east-1 and can notify only a topic there; give a topic in us-east-1.`,
                        ),
                    ),
                );
                return true;
            },
        );
    });
});

describe("checks of values known only at deployment", () => {
    it("passes a log bucket known only at deployment on unchecked", () => {
        const logs = pulumi.output("not a bucket name!");
        assert.equal(resolveReplicatedBucketArgs("b", { region: "us-east-1", accessLogBucket: logs }).accessLogBucket, logs);
    });

    it("still refuses a replica's log bucket known only at deployment without a replica", () => {
        assert.throws(
            () => resolveReplicatedBucketArgs("b", { region: "us-east-1", replicaAccessLogBucket: pulumi.output(REPLICA_LOG_BUCKET) }),
            (e: ConfigError) => {
                assert.deepEqual(e.problems, [
                    'elastic-web:aws:ReplicatedBucket "b": `replicaAccessLogBucket` needs a replica; set `replicaRegion` or remove replicaAccessLogBucket.',
                ]);
                return true;
            },
        );
    });
});

describe("values from other resources, passed the JavaScript way", () => {
    it("runs with a topic's arn as topicArn and points every alarm at that topic", async () => {
        const plan = await synth(() => {
            const topic = new aws.sns.Topic("ops");
            new ServiceAlarms("app-alarms", {
                region: "us-east-1",
                loadBalancer: { arnSuffix: "app/app-alb/50dc6c495c0c9188" },
                services: {
                    web: {
                        clusterName: "c",
                        serviceName: "s",
                        targetGroupArnSuffix: "targetgroup/t/1",
                        minTasks: 2,
                        maxTasks: 4,
                        containerInsights: true,
                    },
                },
                // As plain JavaScript would pass it: no type says it may be an Output.
                topicArn: topic.arn as any,
            });
        });
        const topicArn = "arn:aws:sns:us-east-1:123456789012:ops";
        assert.deepEqual(
            plan.resourcesOf("aws:sns/topic:Topic").map((t) => t.name),
            ["ops"],
        );
        const alarms = plan.resourcesOf(ALARM);
        assert.deepEqual(
            alarms.map((a) => a.name),
            [
                "app-alarms-alb-5xx",
                "app-alarms-rejected-connections",
                "app-alarms-web-target-5xx",
                "app-alarms-web-unhealthy-hosts",
                "app-alarms-web-p99-latency",
                "app-alarms-web-cpu-high",
                "app-alarms-web-memory-high",
                "app-alarms-web-tasks-below-min",
                "app-alarms-web-capacity-pinned",
            ],
        );
        for (const a of [...alarms, plan.resource("aws:cloudwatch/compositeAlarm:CompositeAlarm")]) {
            assert.deepEqual([a.name, a.inputs.alarmActions, a.inputs.okActions], [a.name, [topicArn], [topicArn]]);
        }
    });
});

function escape(s: string): string {
    return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
