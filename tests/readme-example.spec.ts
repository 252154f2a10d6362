// The README's testing example, kept runnable. In the README the program is the user's own module
// (`infra.ts`) and the imports are the package's: "pulumi-elastic-web" and "pulumi-elastic-web/testing".
import * as assert from "node:assert/strict";
import { ElasticService, LoadBalancer, Network, ReplicatedBucket } from "../components";
import { Match, Plan, synth } from "../components/testing";

// infra.ts
export function shop() {
    const network = new Network("shop", { azCount: 2, natGateways: "single" });
    const alb = new LoadBalancer("shop", { vpcId: network.vpcId, subnetIds: network.publicSubnetIds });
    const api = new ElasticService("shop-api", {
        image: "public.ecr.aws/nginx/nginx-unprivileged:stable-alpine",
        vpcId: network.vpcId,
        subnetIds: network.privateSubnetIds,
        loadBalancer: alb.attachment,
        scaling: { minTasks: 2, maxTasks: 6, cpuTarget: 60 },
    });
    const data = new ReplicatedBucket("shop-data", { region: "us-east-1", replicaRegion: "us-west-2" });
    return { url: alb.url, service: api.serviceName, bucket: data.bucketName };
}

// test/infra.test.ts
describe("shop infrastructure", () => {
    let plan: Plan;
    before(async () => {
        plan = await synth(shop, { config: { "aws:region": "us-east-1" }, policy: "dev" });
    });

    it("rolls back failed deployments", () => {
        plan.hasResource("aws:ecs/service:Service", { deploymentCircuitBreaker: { enable: true, rollback: true } });
    });

    it("runs tasks in the private subnets without public IPs", () => {
        plan.hasResource("aws:ecs/service:Service", {
            networkConfiguration: { assignPublicIp: false, subnets: ["shop-vpc-private-1-id", "shop-vpc-private-2-id"] },
        });
    });

    it("scales between 2 and 6 tasks on CPU and leaves desiredCount to the scaler", () => {
        plan.hasResource("aws:appautoscaling/target:Target", { minCapacity: 2, maxCapacity: 6 });
        plan.hasResource("aws:appautoscaling/policy:Policy", {
            targetTrackingScalingPolicyConfiguration: {
                targetValue: 60,
                predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
            },
        });
        const service = plan.child("shop-api", "svc");
        assert.deepEqual(plan.options(service).ignoreChanges, ["desiredCount"]);
    });

    it("lets only ECS tasks assume the task role", () => {
        const role = plan.child("shop-api", "task-role");
        plan.hasResource("aws:iam/role:Role", {
            name: Match.absent(),
            assumeRolePolicy: Match.serializedJson({
                Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }],
            }),
        });
        assert.equal(role.type, "aws:iam/role:Role");
    });

    it("replicates the data bucket to us-west-2 and keeps both buckets on delete", () => {
        const replica = plan.child("shop-data", "replica");
        assert.equal(replica.region, "us-west-2");
        assert.equal(plan.options(replica).retainOnDelete, true);
        plan.hasResource("aws:s3/bucketReplicationConfig:BucketReplicationConfig", {
            rules: [{ status: "Enabled", destination: { bucket: "arn:aws:s3:::shop-data-replica" } }],
        });
    });

    it("serves plain HTTP until a certificate is given", () => {
        plan.hasResourceCount("aws:lb/loadBalancer:LoadBalancer", 1);
        plan.hasNoResource("aws:lb/listener:Listener", { protocol: "HTTPS" });
        assert.equal(plan.outputs.url, "http://shop-alb-1234567890.us-east-1.elb.amazonaws.com");
    });

    it("breaks no rule of the dev policy that would block a deployment", () => {
        assert.deepEqual(
            plan.violations().filter((v) => v.mandatory),
            [],
        );
    });

    it("shows the actual value when an expectation is wrong", () => {
        assert.throws(() => plan.hasResource("aws:appautoscaling/target:Target", { maxCapacity: 10 }), {
            message: [
                "hasResource: no aws:appautoscaling/target:Target has inputs matching",
                "  { maxCapacity: 10 }",
                "1 resource of that type:",
                "  shop-api-scaling (1 differing path):",
                "    maxCapacity: expected 10, actual 6",
            ].join("\n"),
        });
    });
});
