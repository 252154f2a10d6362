import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { ElasticMocks, PlanResource, synth, UNKNOWN, useMocks } from "../components/testing";
import { ConfigError } from "../components/core/validate";

const ACCOUNT = "123456789012";

/** One newResource call on fresh mocks, in us-east-1. */
function mock(type: string, name: string, inputs: Record<string, unknown> = {}, provider?: string) {
    return new ElasticMocks({ region: "us-east-1" }).newResource({ type, name, inputs, provider, custom: true });
}

function byName(resources: PlanResource[], name: string): PlanResource {
    const found = resources.filter((r) => r.name === name);
    assert.equal(found.length, 1, `expected one resource named ${name}, found ${found.length}`);
    return found[0];
}

class Pair extends pulumi.ComponentResource {
    readonly first: aws.sns.Topic;
    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("elastic-web:test:Pair", name, {}, opts);
        this.first = new aws.sns.Topic(`${name}-first`, {}, { parent: this });
        new aws.sns.Topic(`${name}-second`, {}, { parent: this, dependsOn: [this.first] });
        this.registerOutputs({});
    }
}

describe("ElasticMocks", () => {
    it("gives every resource, providers included, the id `${name}-id`", () => {
        assert.equal(mock("aws:ecs/cluster:Cluster", "web-cluster").id, "web-cluster-id");
        assert.equal(mock("pulumi:providers:aws", "replica").id, "replica-id");
        assert.equal(mock("elastic-web:aws:Network", "net").id, "net-id");
    });

    it("returns a provider's inputs as its state", () => {
        assert.deepEqual(mock("pulumi:providers:aws", "replica", { region: "us-west-2" }).state, { region: "us-west-2" });
    });

    it("keeps the inputs in the state and adds the computed attributes", () => {
        const { state } = mock("aws:cloudwatch/logGroup:LogGroup", "web-logs", { retentionInDays: 7, tags: { env: "dev" } });
        assert.deepEqual(state, {
            retentionInDays: 7,
            tags: { env: "dev" },
            tagsAll: { env: "dev" },
            name: "web-logs",
            arn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:web-logs`,
            region: "us-east-1",
        });
    });

    const arns: [string, string, Record<string, unknown>, string][] = [
        ["aws:iam/role:Role", "web-exec-role", {}, `arn:aws:iam::${ACCOUNT}:role/web-exec-role`],
        ["aws:iam/policy:Policy", "web-policy", {}, `arn:aws:iam::${ACCOUNT}:policy/web-policy`],
        ["aws:ecs/cluster:Cluster", "web-cluster", {}, `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/web-cluster`],
        [
            "aws:ecs/service:Service",
            "web-svc",
            { cluster: `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/web-cluster` },
            `arn:aws:ecs:us-east-1:${ACCOUNT}:service/web-cluster/web-svc`,
        ],
        ["aws:ecs/taskDefinition:TaskDefinition", "web-task", { family: "web" }, `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/web:1`],
        [
            "aws:lb/loadBalancer:LoadBalancer",
            "web-alb",
            {},
            `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/web-alb/50dc6c495c0c9188`,
        ],
        [
            "aws:alb/loadBalancer:LoadBalancer",
            "web-alb",
            {},
            `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/web-alb/50dc6c495c0c9188`,
        ],
        [
            "aws:lb/targetGroup:TargetGroup",
            "web-tg",
            {},
            `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/web-tg/73e2d6bc24d8a067`,
        ],
        [
            "aws:alb/targetGroup:TargetGroup",
            "web-tg",
            {},
            `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/web-tg/73e2d6bc24d8a067`,
        ],
        ["aws:sns/topic:Topic", "web-alarms", {}, `arn:aws:sns:us-east-1:${ACCOUNT}:web-alarms`],
        ["aws:kms/key:Key", "web-key", {}, `arn:aws:kms:us-east-1:${ACCOUNT}:key/web-key-id`],
        ["aws:kms/alias:Alias", "web-key-alias", { name: "alias/web" }, `arn:aws:kms:us-east-1:${ACCOUNT}:alias/web`],
        ["aws:s3/bucket:Bucket", "web-assets", {}, "arn:aws:s3:::web-assets"],
        ["aws:s3/bucket:Bucket", "web-assets", { bucket: "acme-assets" }, "arn:aws:s3:::acme-assets"],
        ["aws:cloudwatch/logGroup:LogGroup", "web-logs", { name: "/ecs/web" }, `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/ecs/web`],
        ["aws:cloudwatch/metricAlarm:MetricAlarm", "web-5xx", {}, `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:web-5xx`],
        ["aws:cloudwatch/compositeAlarm:CompositeAlarm", "web-degraded", {}, `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:web-degraded`],
        ["aws:ecr/repository:Repository", "web-repo", {}, `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/web-repo`],
        ["aws:ec2/securityGroup:SecurityGroup", "web-sg", {}, `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/web-sg-id`],
        [
            "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
            "net-default-sg",
            {},
            `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/net-default-sg-id`,
        ],
        ["aws:ec2/flowLog:FlowLog", "net-flow-log", {}, `arn:aws:ec2:us-east-1:${ACCOUNT}:vpc-flow-log/net-flow-log-id`],
        [
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
            "web-from-alb",
            {},
            `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group-rule/web-from-alb-id`,
        ],
        [
            "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
            "web-egress",
            {},
            `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group-rule/web-egress-id`,
        ],
    ];
    for (const [type, name, inputs, arn] of arns) {
        it(`gives ${type} "${name}" the ARN ${arn}`, () => {
            assert.equal(mock(type, name, inputs).state.arn, arn);
        });
    }

    it("keeps the topic ARN a topic policy is given", () => {
        const arn = `arn:aws:sns:us-east-1:${ACCOUNT}:web-alarms`;
        const { state } = mock("aws:sns/topicPolicy:TopicPolicy", "web-alarms-policy", { arn, policy: "{}" });
        assert.equal(state.arn, arn);
        assert.equal(state.owner, ACCOUNT);
    });

    it("gives settings attached to another resource no ARN of their own", () => {
        for (const type of [
            "aws:s3/bucketPolicy:BucketPolicy",
            "aws:s3/bucketVersioning:BucketVersioning",
            "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
            "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
            "aws:wafv2/webAclAssociation:WebAclAssociation",
        ]) {
            assert.deepEqual(mock(type, "x", { bucket: "b" }).state, { bucket: "b", region: "us-east-1" }, type);
        }
    });

    it('names a VPC\'s default security group "default"', () => {
        assert.equal(mock("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "net-default-sg").state.name, "default");
    });

    it("names the ARN of a WAF web ACL after its scope", () => {
        const arn = mock("aws:wafv2/webAcl:WebAcl", "web-waf", { scope: "REGIONAL" }).state.arn as string;
        assert.match(arn, new RegExp(`^arn:aws:wafv2:us-east-1:${ACCOUNT}:regional/webacl/web-waf/[0-9a-f-]{36}$`));
    });

    it("gives a dashboard its dashboardArn", () => {
        assert.equal(
            mock("aws:cloudwatch/dashboard:Dashboard", "web-dash", {}).state.dashboardArn,
            `arn:aws:cloudwatch::${ACCOUNT}:dashboard/web-dash`,
        );
    });

    it("gives a load balancer its DNS name, zone and ARN suffix under both tokens", () => {
        for (const type of ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"]) {
            const { state } = mock(type, "web-alb");
            assert.equal(state.dnsName, "web-alb-1234567890.us-east-1.elb.amazonaws.com");
            assert.equal(state.zoneId, "Z35SXDOTRQ7X7K");
            assert.equal(state.arnSuffix, "app/web-alb/50dc6c495c0c9188");
            assert.equal(state.name, "web-alb");
        }
    });

    it("gives a target group its ARN suffix and name under both tokens", () => {
        for (const type of ["aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"]) {
            const { state } = mock(type, "web-tg");
            assert.equal(state.arnSuffix, "targetgroup/web-tg/73e2d6bc24d8a067");
            assert.equal(state.name, "web-tg");
        }
    });

    it("derives listener and listener-rule ARNs from the load balancer they belong to", () => {
        const lbArn = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/web-alb/50dc6c495c0c9188`;
        for (const module of ["lb", "alb"]) {
            const listenerArn = mock(`aws:${module}/listener:Listener`, "web-http", { loadBalancerArn: lbArn }).state.arn as string;
            assert.match(
                listenerArn,
                new RegExp(`^arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:listener/app/web-alb/50dc6c495c0c9188/[0-9a-f]{16}$`),
            );
            const ruleArn = mock(`aws:${module}/listenerRule:ListenerRule`, "web-rule", { listenerArn }).state.arn as string;
            assert.ok(ruleArn.startsWith(listenerArn.replace(":listener/", ":listener-rule/") + "/"), ruleArn);
        }
    });

    it("names a bucket after its logical name and gives its domain names", () => {
        const { state } = mock("aws:s3/bucket:Bucket", "web-assets");
        assert.equal(state.bucket, "web-assets");
        assert.equal(state.bucketDomainName, "web-assets.s3.amazonaws.com");
        assert.equal(state.bucketRegionalDomainName, "web-assets.s3.us-east-1.amazonaws.com");
    });

    it("gives a KMS key its id as keyId", () => {
        assert.equal(mock("aws:kms/key:Key", "web-key").state.keyId, "web-key-id");
    });

    it("keeps a name given as input and defaults it to the logical name otherwise", () => {
        assert.equal(mock("aws:ecs/service:Service", "web-svc").state.name, "web-svc");
        assert.equal(mock("aws:ecs/service:Service", "web-svc", { name: "api" }).state.name, "api");
        assert.equal(mock("aws:ecs/cluster:Cluster", "web-cluster").state.name, "web-cluster");
        assert.equal(mock("aws:lb/targetGroup:TargetGroup", "web-tg", { name: "tg-1" }).state.name, "tg-1");
    });

    it("gives an ECR repository its URL", () => {
        assert.equal(
            mock("aws:ecr/repository:Repository", "web-repo").state.repositoryUrl,
            `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/web-repo`,
        );
    });

    it("places a resource in its own region input before its provider's", () => {
        const mocks = new ElasticMocks();
        mocks.newResource({ type: "pulumi:providers:aws", name: "replica", inputs: { region: "us-west-2" }, custom: true });
        const ref = "urn:pulumi:dev::elastic-web::pulumi:providers:aws::replica::replica-id";
        const viaProvider = mocks.newResource({ type: "aws:sns/topic:Topic", name: "t", inputs: {}, provider: ref, custom: true });
        assert.equal(viaProvider.state.arn, `arn:aws:sns:us-west-2:${ACCOUNT}:t`);
        const own = mocks.newResource({
            type: "aws:sns/topic:Topic",
            name: "t",
            inputs: { region: "eu-west-1" },
            provider: ref,
            custom: true,
        });
        assert.equal(own.state.arn, `arn:aws:sns:eu-west-1:${ACCOUNT}:t`);
    });

    it("sizes the awsx VPC by numberOfAvailabilityZones and the NAT strategy", () => {
        const { id, state } = mock("awsx:ec2:Vpc", "net", { numberOfAvailabilityZones: 2, natGateways: { strategy: "Single" } });
        assert.equal(id, "net-id");
        assert.equal(state.vpcId, "net-id");
        assert.deepEqual(state.publicSubnetIds, ["net-public-1-id", "net-public-2-id"]);
        assert.deepEqual(state.privateSubnetIds, ["net-private-1-id", "net-private-2-id"]);
        assert.deepEqual(state.isolatedSubnetIds, []);
        assert.deepEqual(state.natGateways, ["net-nat-1-id"]);
        assert.deepEqual(state.eips, ["net-eip-1-id"]);
        assert.equal(state.internetGateway, "net-igw-id");
    });

    it("gives the awsx VPC three AZs with a NAT gateway each by default, like awsx", () => {
        const { state } = mock("awsx:ec2:Vpc", "net");
        assert.deepEqual(state.privateSubnetIds, ["net-private-1-id", "net-private-2-id", "net-private-3-id"]);
        assert.deepEqual(state.natGateways, ["net-nat-1-id", "net-nat-2-id", "net-nat-3-id"]);
    });

    it("creates no NAT gateway for the None strategy", () => {
        const { state } = mock("awsx:ec2:Vpc", "net", { natGateways: { strategy: "None" } });
        assert.deepEqual(state.natGateways, []);
        assert.deepEqual(state.eips, []);
    });

    it("gives an awsx ECR image a digest URI derived from its name", () => {
        const uri = mock("awsx:ecr:Image", "web-image").state.imageUri as string;
        assert.match(uri, new RegExp(`^${ACCOUNT}\\.dkr\\.ecr\\.us-east-1\\.amazonaws\\.com/web-image@sha256:[0-9a-f]{64}$`));
        assert.equal(mock("awsx:ecr:Image", "web-image").state.imageUri, uri);
        assert.notEqual(mock("awsx:ecr:Image", "other-image").state.imageUri, uri.replace("web-image", "other-image"));
    });

    it("answers the account, region, partition and availability-zone lookups", () => {
        const mocks = new ElasticMocks({ region: "us-east-1" });
        assert.equal(mocks.call({ token: "aws:index/getCallerIdentity:getCallerIdentity", inputs: {} }).accountId, ACCOUNT);
        assert.equal(mocks.call({ token: "aws:index/getRegion:getRegion", inputs: {} }).name, "us-east-1");
        assert.equal(mocks.call({ token: "aws:index/getRegion:getRegion", inputs: { region: "eu-west-1" } }).region, "eu-west-1");
        assert.equal(mocks.call({ token: "aws:index/getPartition:getPartition", inputs: {} }).partition, "aws");
        const azs = mocks.call({ token: "aws:index/getAvailabilityZones:getAvailabilityZones", inputs: {} });
        assert.deepEqual(azs.names, ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"]);
        assert.deepEqual((azs.zoneIds as string[]).slice(0, 2), ["use1-az1", "use1-az2"]);
    });

    it("refuses any other call, naming its token", () => {
        assert.throws(() => new ElasticMocks().call({ token: "aws:iam/getPolicyDocument:getPolicyDocument", inputs: {} }), {
            name: "MockCallError",
            message:
                'ElasticMocks: no mock for call "aws:iam/getPolicyDocument:getPolicyDocument"; ' +
                "compute the value in code (or pass it as an input) instead of calling a data source.",
        });
    });
});

describe("synth", () => {
    it("returns the same mocks from every useMocks call", () => {
        assert.equal(useMocks(), useMocks({ region: "eu-west-1" }));
    });

    it("lists the resources in registration order, without the root stack", async () => {
        const plan = await synth(() => new Pair("web"));
        assert.deepEqual(
            plan.resources.map((r) => [r.type, r.name, r.custom]),
            [
                ["elastic-web:test:Pair", "web", false],
                ["aws:sns/topic:Topic", "web-first", true],
                ["aws:sns/topic:Topic", "web-second", true],
            ],
        );
        assert.equal(plan.project, "elastic-web");
        assert.equal(plan.stack, "dev");
        assert.deepEqual(plan.policy, { violations: [] });
        assert.deepEqual(plan.cost, { monthlyUsd: 0, lines: [] });
    });

    it("parents children through the URN and top-level resources to the root stack", async () => {
        const plan = await synth(() => new Pair("web"));
        const pair = byName(plan.resources, "web");
        assert.equal(pair.urn, "urn:pulumi:dev::elastic-web::elastic-web:test:Pair::web");
        assert.equal(pair.parent, "urn:pulumi:dev::elastic-web::pulumi:pulumi:Stack::elastic-web-dev");
        const first = byName(plan.resources, "web-first");
        assert.equal(first.urn, "urn:pulumi:dev::elastic-web::elastic-web:test:Pair$aws:sns/topic:Topic::web-first");
        assert.equal(first.parent, pair.urn);
    });

    it("records protect, retainOnDelete, ignoreChanges, dependsOn and deleteBeforeReplace", async () => {
        const plan = await synth(() => {
            const first = new aws.sns.Topic("first");
            new aws.s3.Bucket(
                "kept",
                { tags: { a: "b" } },
                {
                    protect: true,
                    retainOnDelete: true,
                    ignoreChanges: ["tags"],
                    dependsOn: [first],
                    deleteBeforeReplace: true,
                },
            );
        });
        assert.deepEqual(byName(plan.resources, "kept").options, {
            protect: true,
            retainOnDelete: true,
            ignoreChanges: ["tags"],
            dependsOn: ["urn:pulumi:dev::elastic-web::aws:sns/topic:Topic::first"],
            deleteBeforeReplace: true,
        });
        assert.deepEqual(byName(plan.resources, "first").options, {
            protect: false,
            retainOnDelete: false,
            ignoreChanges: [],
            dependsOn: [],
            deleteBeforeReplace: false,
        });
    });

    it("passes protect on from a component to its children", async () => {
        const plan = await synth(() => new Pair("web", { protect: true }));
        assert.deepEqual(
            plan.resources.map((r) => r.options.protect),
            [true, true, true],
        );
    });

    it("records dependsOn given inside a component", async () => {
        const plan = await synth(() => new Pair("web"));
        assert.deepEqual(byName(plan.resources, "web-second").options.dependsOn, [byName(plan.resources, "web-first").urn]);
    });

    it("records the explicit provider and its region for a resource in another region", async () => {
        const plan = await synth(() => {
            const replica = new aws.Provider("replica", { region: "us-west-2" });
            new aws.s3.Bucket("copy", {}, { provider: replica });
            new aws.s3.Bucket("main");
        });
        const provider = byName(plan.resources, "replica");
        assert.equal(provider.urn, "urn:pulumi:dev::elastic-web::pulumi:providers:aws::replica");
        assert.equal(provider.region, "us-west-2");
        const copy = byName(plan.resources, "copy");
        assert.equal(copy.provider, provider.urn);
        assert.equal(copy.region, "us-west-2");
        const main = byName(plan.resources, "main");
        assert.equal(main.provider, null);
        assert.equal(main.region, "us-east-1");
    });

    it("gives a component the region of the aws provider it is given", async () => {
        const plan = await synth(() => {
            const replica = new aws.Provider("replica", { region: "eu-west-1" });
            new Pair("web", { providers: [replica] });
        });
        assert.deepEqual(
            plan.resources.filter((r) => r.name.startsWith("web")).map((r) => [r.name, r.region]),
            [
                ["web", "eu-west-1"],
                ["web-first", "eu-west-1"],
                ["web-second", "eu-west-1"],
            ],
        );
    });

    it("keeps two synths apart: the second sees none of the first's resources", async () => {
        const first = await synth(() => new aws.sns.Topic("only-in-first"));
        const second = await synth(() => new aws.sns.Topic("only-in-second"));
        assert.deepEqual(
            first.resources.map((r) => r.name),
            ["only-in-first"],
        );
        assert.deepEqual(
            second.resources.map((r) => r.name),
            ["only-in-second"],
        );
    });

    it("runs synths started together one after the other", async () => {
        const [a, b] = await Promise.all([synth(() => new aws.sns.Topic("a")), synth(() => new aws.sns.Topic("b"))]);
        assert.deepEqual(
            a.resources.map((r) => r.name),
            ["a"],
        );
        assert.deepEqual(
            b.resources.map((r) => r.name),
            ["b"],
        );
    });

    it("waits for resources made inside apply callbacks", async () => {
        const plan = await synth(() => {
            const topic = new aws.sns.Topic("early");
            topic.arn.apply((arn) => new aws.sns.Topic("late", { displayName: arn.split(":").pop() }));
        });
        assert.deepEqual(byName(plan.resources, "late").inputs, { displayName: "early" });
    });

    it("records inputs as the provider gets them: outputs resolved, secrets masked as the engine shows them", async () => {
        const plan = await synth(() => {
            const topic = new aws.sns.Topic("t");
            new aws.sns.TopicSubscription("s", { topic: topic.arn, protocol: "email", endpoint: pulumi.secret("ops@example.com") });
        });
        assert.deepEqual(byName(plan.resources, "s").inputs, {
            topic: `arn:aws:sns:us-east-1:${ACCOUNT}:t`,
            protocol: "email",
            endpoint: "[secret]",
        });
        assert.deepEqual(byName(plan.resources, "s").secretPaths, ["endpoint"]);
    });

    it("resolves what the program returns, with resources as their URNs", async () => {
        const plan = await synth(() => {
            const topic = new aws.sns.Topic("t");
            return { arn: topic.arn, topic, nested: { list: [pulumi.output(1), Promise.resolve("two")] }, skipped: undefined };
        });
        assert.deepEqual(plan.outputs, {
            arn: `arn:aws:sns:us-east-1:${ACCOUNT}:t`,
            topic: "urn:pulumi:dev::elastic-web::aws:sns/topic:Topic::t",
            nested: { list: [1, "two"] },
        });
    });

    it("shows a value unknown at preview time as UNKNOWN", async () => {
        const plan = await synth(() => ({ later: pulumi.unknown }));
        assert.deepEqual(plan.outputs, { later: UNKNOWN });
    });

    it("runs the program with the given stack and config, then restores both", async () => {
        const plan = await synth(
            () => {
                new aws.sns.Topic("t");
                const config = new pulumi.Config("elastic-web");
                return { stack: pulumi.getStack(), services: config.requireObject("services"), env: config.require("environment") };
            },
            { stack: "prod", config: { "aws:region": "eu-west-1", "elastic-web:services": { web: { cpu: 512 } }, environment: "prod" } },
        );
        assert.deepEqual(plan.outputs, { stack: "prod", services: { web: { cpu: 512 } }, env: "prod" });
        assert.equal(plan.stack, "prod");
        assert.deepEqual(plan.config, { "aws:region": "eu-west-1", "elastic-web:services": { web: { cpu: 512 } }, environment: "prod" });
        const topic = byName(plan.resources, "t");
        assert.equal(topic.urn, "urn:pulumi:prod::elastic-web::aws:sns/topic:Topic::t");
        assert.equal(topic.region, "eu-west-1");
        assert.equal(topic.inputs.region, undefined);
        assert.equal(pulumi.getStack(), "dev");
        assert.deepEqual(pulumi.runtime.allConfig(), {});
    });

    it("rejects with the program's own error", async () => {
        const error = new ConfigError(["stack config: `elastic-web:services` (undefined) is required."]);
        await assert.rejects(
            synth(() => {
                new aws.sns.Topic("made-before-the-error");
                throw error;
            }),
            (e: unknown) => e === error,
        );
    });

    it("rejects with the error of a program that fails asynchronously", async () => {
        await assert.rejects(
            synth(async () => {
                await Promise.resolve();
                throw new Error("late failure");
            }),
            { message: "late failure" },
        );
    });

    it("rejects when the program calls a data source the mocks do not answer", async () => {
        await assert.rejects(
            synth(() => aws.iam.getPolicyDocument({ statements: [] })),
            {
                message:
                    'ElasticMocks: no mock for call "aws:iam/getPolicyDocument:getPolicyDocument"; ' +
                    "compute the value in code (or pass it as an input) instead of calling a data source.",
            },
        );
    });

    it("rejects when an output the program returns fails", async () => {
        await assert.rejects(
            synth(() => ({ policy: aws.iam.getPolicyDocumentOutput({ statements: [] }).json })),
            {
                message:
                    'ElasticMocks: no mock for call "aws:iam/getPolicyDocument:getPolicyDocument"; ' +
                    "compute the value in code (or pass it as an input) instead of calling a data source.",
            },
        );
    });

    it("runs again after a failed synth", async () => {
        await assert.rejects(
            synth(() => {
                throw new Error("first fails");
            }),
            { message: "first fails" },
        );
        const plan = await synth(() => new aws.sns.Topic("after"));
        assert.deepEqual(
            plan.resources.map((r) => r.name),
            ["after"],
        );
    });
});
