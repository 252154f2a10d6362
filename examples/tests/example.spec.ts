import * as assert from "node:assert/strict";
import { Match, Plan, synth } from "pulumi-elastic-web/testing";

const PROJECT = "elastic-web-example";
const LISTENER = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shared/50dc6c495c0c9188/f2f7dc8efc522ab2";
const CONFIG = {
    "aws:region": "us-east-1",
    vpcId: "vpc-0shared",
    privateSubnetIds: ["subnet-0private-a", "subnet-0private-b"],
    listenerArn: LISTENER,
    albSecurityGroupId: "sg-0sharedalb",
    albArnSuffix: "app/shared/50dc6c495c0c9188",
    alertEmail: "oncall@example.com",
    image: "public.ecr.aws/nginx/nginx-unprivileged:stable-alpine",
};

function program(): unknown {
    // The program module exports its main function, as Pulumi runs it.
    return require("../index")();
}

describe("example: components of the installed package, used one by one", () => {
    let plan: Plan;

    before(async () => {
        plan = await synth(program, { project: PROJECT, stack: "dev", config: CONFIG });
    });

    it("creates no VPC, load balancer or listener of its own", () => {
        plan.hasResourceCount("awsx:ec2:Vpc", 0);
        plan.hasResourceCount("aws:lb/loadBalancer:LoadBalancer", 0);
        plan.hasResourceCount("aws:lb/listener:Listener", 0);
    });

    it("puts the service's /api/* rule on the existing listener", () => {
        const rule = plan.child("api", "rule");
        assert.equal(rule.inputs.listenerArn, LISTENER);
        assert.equal(rule.inputs.priority, 20);
        assert.deepEqual(rule.inputs.conditions, [{ pathPattern: { values: ["/api/*"] } }]);
    });

    it("runs the tasks in the existing VPC's private subnets without public IPs", () => {
        plan.hasResource("aws:ecs/service:Service", {
            networkConfiguration: { subnets: ["subnet-0private-a", "subnet-0private-b"], assignPublicIp: false },
        });
        assert.equal(plan.child("api", "tg").inputs.vpcId, "vpc-0shared");
    });

    it("admits traffic to the tasks only from the existing load balancer's security group", () => {
        const ingress = plan.resourcesOf("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        assert.deepEqual(
            ingress.map((r) => [r.name, r.inputs.referencedSecurityGroupId, r.inputs.cidrIpv4]),
            [["api-from-alb", "sg-0sharedalb", undefined]],
        );
    });

    it("applies the transformation to the target group named api-tg", () => {
        assert.equal(plan.child("api", "tg").inputs.slowStart, 60);
    });

    it("replicates the uploads bucket to us-west-2 through the replica provider", () => {
        const replica = plan.child("uploads", "replica");
        assert.equal(replica.type, "aws:s3/bucket:Bucket");
        assert.equal(replica.region, "us-west-2");
        assert.equal(plan.child("uploads", "primary").region, "us-east-1");
        plan.hasResource("aws:s3/bucketReplicationConfig:BucketReplicationConfig", {
            rules: Match.arrayWith([{ status: "Enabled", deleteMarkerReplication: { status: "Enabled" } }]),
        });
    });

    it("lets the task role use the primary bucket and its key, nothing else", () => {
        const policy = plan.named("api-uploads-access", "aws:iam/rolePolicy:RolePolicy");
        assert.equal(policy.inputs.role, "api-task-role");
        plan.hasResource("aws:iam/rolePolicy:RolePolicy", {
            role: "api-task-role",
            policy: Match.serializedJson(
                Match.exact({
                    Version: "2012-10-17",
                    Statement: [
                        { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "arn:aws:s3:::uploads-primary/*" },
                        {
                            Effect: "Allow",
                            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                            Resource: Match.stringLike("arn:aws:kms:us-east-1:123456789012:key/*"),
                        },
                    ],
                }),
            ),
        });
    });

    it("watches the existing load balancer, the service and the replication", () => {
        plan.hasResource("aws:cloudwatch/metricAlarm:MetricAlarm", {
            name: "api-dev-alb-5xx",
            metricQueries: Match.arrayWith([
                { metric: { metricName: "HTTPCode_ELB_5XX_Count", dimensions: { LoadBalancer: "app/shared/50dc6c495c0c9188" } } },
            ]),
        });
        plan.hasResource("aws:cloudwatch/metricAlarm:MetricAlarm", {
            metricName: "CPUUtilization",
            dimensions: { ClusterName: Match.anyValue(), ServiceName: Match.anyValue() },
        });
        plan.hasResource("aws:cloudwatch/metricAlarm:MetricAlarm", { metricName: "ReplicationLatency" });
        plan.hasResource("aws:sns/topicSubscription:TopicSubscription", { protocol: "email", endpoint: "oncall@example.com" });
    });

    it("exports the service, bucket and alarm outputs", () => {
        assert.deepEqual(Object.keys(plan.outputs).sort(), [
            "alarmTopicArn",
            "bucketName",
            "dashboardUrl",
            "replicaBucketName",
            "serviceName",
            "taskRoleArn",
        ]);
    });
});

describe("example: the installed package", () => {
    it("refuses invalid args with the component's exact message, before creating anything", async () => {
        const { ElasticService } = await import("pulumi-elastic-web");
        await assert.rejects(
            synth(
                () =>
                    new ElasticService("api", {
                        image: "nginx",
                        vpcId: "vpc-1",
                        subnetIds: ["subnet-1"],
                        loadBalancer: { listenerArn: LISTENER, securityGroupId: "sg-1", loadBalancerArnSuffix: "app/x/1" },
                        scaling: { minTasks: 3, maxTasks: 2 },
                    }),
                { project: PROJECT },
            ),
            (error: Error) => error.message.includes("`scaling.maxTasks` (2) is below `scaling.minTasks` (3)"),
        );
    });

    it("exposes the policy rules as pulumi-elastic-web/policy", async () => {
        const policy = await import("pulumi-elastic-web/policy");
        assert.equal(typeof policy.evaluate, "function");
        assert.ok(policy.RULES.length > 0);
    });
});
