// The region a ReplicatedBucket or ServiceAlarms works in is the region of the provider it runs with:
// `region` may repeat it, never contradict it.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ServiceAlarms, ServiceAlarmsArgs, resolveServiceAlarmsArgs } from "../components/alarms";
import { ReplicatedBucket, ReplicatedBucketArgs, resolveReplicatedBucketArgs } from "../components/bucket";
import { providerRegionOf } from "../components/core/region";
import { ConfigError } from "../components/core/validate";
import { synth } from "../components/testing";

type Plan = Awaited<ReturnType<typeof synth>>;

const BUCKET = 'elastic-web:aws:ReplicatedBucket "r"';
const ALARMS = 'elastic-web:aws:ServiceAlarms "a"';
const US_EAST = { "aws:region": "us-east-1" };
const EU_WEST = { "aws:region": "eu-west-1" };
const ALB = "app/web-alb/50dc6c495c0c9188";
const web = {
    clusterName: "c",
    serviceName: "web",
    targetGroupArnSuffix: "targetgroup/web-tg/73e2d6bc24d8a067",
    minTasks: 1,
    maxTasks: 2,
};
const alarmArgs: ServiceAlarmsArgs = { loadBalancer: { arnSuffix: ALB }, services: { web } };
const ENV_KEYS = ["AWS_REGION", "AWS_DEFAULT_REGION"] as const;

/** A component that hands its `providers` down, as a user's own component would. */
class Parent extends pulumi.ComponentResource {
    constructor(name: string, opts: pulumi.ComponentResourceOptions) {
        super("test:index:Parent", name, {}, opts);
    }
}

/** The problems of a ConfigError thrown by `f`, or a failure when it throws none or another error. */
function problemsOf(f: () => unknown): string[] {
    try {
        f();
    } catch (error) {
        if (error instanceof ConfigError) return error.problems;
        throw error;
    }
    assert.fail("expected a ConfigError");
}

/** Runs `program` under the mocks; a ConfigError it throws is returned with the plan of what registered. */
async function refused(program: () => unknown, config: Record<string, unknown>): Promise<{ problems: string[]; plan: Plan }> {
    let problems: string[] = [];
    const plan = await synth(
        () => {
            problems = problemsOf(program);
            return {};
        },
        { config },
    );
    return { problems, plan };
}

/** The error a synth rejects with: a deployment-time refusal. */
async function failure(program: () => unknown, config: Record<string, unknown>): Promise<unknown> {
    try {
        await synth(program, { config });
    } catch (error) {
        return error;
    }
    assert.fail("expected the synth to fail");
}

const named = (plan: Plan, name: string) => {
    const found = plan.resources.filter((r) => r.name === name);
    assert.equal(found.length, 1, `expected one resource named ${name}, found ${found.length}`);
    return found[0];
};
const viaService = (plan: Plan, key: string) =>
    JSON.parse(named(plan, key).inputs.policy).Statement[1].Condition.StringEquals["kms:ViaService"];
const sourceArn = (plan: Plan) => JSON.parse(named(plan, "a-topic-policy").inputs.policy).Statement[0].Condition.ArnLike["aws:SourceArn"];

describe("the region of the provider a component runs with", () => {
    const saved: Record<string, string | undefined> = {};
    before(() => {
        // The default provider also reads these; the tests decide the region through `aws:region` alone.
        for (const k of ENV_KEYS) {
            saved[k] = process.env[k];
            delete process.env[k];
        }
    });
    after(() => {
        for (const k of ENV_KEYS) if (saved[k] !== undefined) process.env[k] = saved[k];
    });

    describe("providerRegionOf", () => {
        it("is the default provider's aws:region when no provider is explicit", async () => {
            let found: unknown;
            await synth(() => void (found = providerRegionOf(undefined)), { config: EU_WEST });
            assert.deepEqual(found, { region: "eu-west-1" });
        });

        it("knows no region of a default provider without aws:region", async () => {
            let found: unknown;
            await synth(() => void (found = providerRegionOf({})), { config: {} });
            assert.deepEqual(found, {});
        });

        it("finds an explicit provider in provider, in providers (list or map) and in the parent's providers", async () => {
            const found: Record<string, unknown> = {};
            let p: aws.Provider | undefined;
            await synth(
                () => {
                    p = new aws.Provider("p", { region: "eu-west-1" });
                    const other = new aws.Provider("q", { region: "us-west-2" });
                    found.provider = providerRegionOf({ provider: p }).provider;
                    found.list = providerRegionOf({ providers: [p] }).provider;
                    found.map = providerRegionOf({ providers: { aws: p } }).provider;
                    found.parent = providerRegionOf({ parent: new Parent("parent", { providers: { aws: p } }) }).provider;
                    found.ownFirst = providerRegionOf({ provider: p, providers: [other] }).provider;
                    found.keys = Object.keys(providerRegionOf({ provider: p }));
                },
                { config: US_EAST },
            );
            assert.ok(p);
            for (const key of ["provider", "list", "map", "parent", "ownFirst"]) assert.equal(found[key], p, key);
            assert.deepEqual(found.keys, ["provider"]);
        });
    });

    describe("ReplicatedBucket", () => {
        it("refuses a region that contradicts the default provider's, naming both, before anything registers", async () => {
            const { problems, plan } = await refused(
                () => new ReplicatedBucket("r", { region: "eu-west-1", replicaRegion: "us-west-2" }),
                US_EAST,
            );
            assert.deepEqual(problems, [
                `${BUCKET}: \`region\` ("eu-west-1") contradicts the region of the provider the component runs with ("us-east-1"); leave region out or pass a provider for eu-west-1.`,
            ]);
            assert.deepEqual(plan.resources, []);
        });

        it("checks the replica against the provider's region when region contradicts it", () => {
            assert.deepEqual(
                problemsOf(() =>
                    resolveReplicatedBucketArgs("r", { region: "eu-west-1", replicaRegion: "us-east-1" }, { region: "us-east-1" }),
                ),
                [
                    `${BUCKET}: \`region\` ("eu-west-1") contradicts the region of the provider the component runs with ("us-east-1"); leave region out or pass a provider for eu-west-1.`,
                    `${BUCKET}: \`replicaRegion\` ("us-east-1") is the primary bucket's region; choose another region for the replica, or leave \`replicaRegion\` out for a bucket without a replica.`,
                ],
            );
        });

        it("takes the default provider's region when region is left out", async () => {
            const plan = await synth(() => new ReplicatedBucket("r", { replicaRegion: "us-west-2" }), { config: EU_WEST });
            assert.equal(named(plan, "r-primary").region, "eu-west-1");
            assert.equal(viaService(plan, "r-primary-key"), "s3.eu-west-1.amazonaws.com");
            assert.equal(viaService(plan, "r-replica-key"), "s3.us-west-2.amazonaws.com");
            assert.equal(named(plan, "r-replication-role").inputs.description, "S3 replication of r from eu-west-1 to us-west-2");
        });

        it("accepts a region that agrees with the default provider's, with the same plan as without it", async () => {
            const args: ReplicatedBucketArgs = { replicaRegion: "us-west-2" };
            const without = await synth(() => new ReplicatedBucket("r", args), { config: EU_WEST });
            const agreeing = await synth(() => new ReplicatedBucket("r", { ...args, region: "eu-west-1" }), { config: EU_WEST });
            assert.deepEqual(agreeing.resources, without.resources);
        });

        it("still requires region when the default provider has none", async () => {
            const { problems, plan } = await refused(() => new ReplicatedBucket("r", {}), {});
            assert.deepEqual(problems, [
                `${BUCKET}: \`region\` is required; pass the primary bucket's region (the stack's \`aws:region\`), e.g. "us-east-1".`,
            ]);
            assert.deepEqual(plan.resources, []);
        });

        it("requires region with an explicit provider, whose region is known only at deployment", async () => {
            const { problems, plan } = await refused(() => {
                const p = new aws.Provider("p", { region: "eu-west-1" });
                return new ReplicatedBucket("r", {}, { provider: p });
            }, US_EAST);
            assert.deepEqual(problems, [
                `${BUCKET}: \`region\` is required; the provider the component runs with tells its region only at deployment; pass that region, e.g. "us-east-1".`,
            ]);
            assert.deepEqual(
                plan.resources.map((r) => r.name),
                ["p"],
            );
        });

        it("runs with an explicit provider whose region the region input repeats, whatever aws:region says", async () => {
            const plan = await synth(
                () => {
                    const p = new aws.Provider("p", { region: "eu-west-1" });
                    return new ReplicatedBucket("r", { region: "eu-west-1", replicaRegion: "us-west-2" }, { provider: p });
                },
                { config: US_EAST },
            );
            assert.equal(named(plan, "r-primary").region, "eu-west-1");
            assert.equal(viaService(plan, "r-primary-key"), "s3.eu-west-1.amazonaws.com");
        });

        it("fails the deployment when region contradicts an explicit provider's", async () => {
            const error = await failure(() => {
                const p = new aws.Provider("p", { region: "eu-west-1" });
                return new ReplicatedBucket("r", { region: "us-east-1" }, { providers: [p] });
            }, US_EAST);
            assert.ok(error instanceof ConfigError, String(error));
            assert.deepEqual(error.problems, [
                `${BUCKET}: \`region\` ("us-east-1") contradicts the region of the provider the component runs with ("eu-west-1"); pass region "eu-west-1" or pass a provider for us-east-1.`,
            ]);
        });

        it("checks region against a provider inherited from the parent component", async () => {
            const agreeing = await synth(
                () => {
                    const parent = new Parent("app", { providers: { aws: new aws.Provider("p", { region: "eu-west-1" }) } });
                    return new ReplicatedBucket("r", { region: "eu-west-1", replicaRegion: "us-west-2" }, { parent });
                },
                { config: US_EAST },
            );
            assert.equal(named(agreeing, "r-primary").region, "eu-west-1");
            assert.equal(viaService(agreeing, "r-primary-key"), "s3.eu-west-1.amazonaws.com");

            const error = await failure(() => {
                const parent = new Parent("app", { providers: { aws: new aws.Provider("p", { region: "eu-west-1" }) } });
                return new ReplicatedBucket("r", { region: "us-east-1" }, { parent });
            }, US_EAST);
            assert.ok(error instanceof ConfigError, String(error));
            assert.deepEqual(error.problems, [
                `${BUCKET}: \`region\` ("us-east-1") contradicts the region of the provider the component runs with ("eu-west-1"); pass region "eu-west-1" or pass a provider for us-east-1.`,
            ]);
        });
    });

    describe("ServiceAlarms", () => {
        it("refuses a region that contradicts the default provider's, naming both, before anything registers", async () => {
            const { problems, plan } = await refused(() => new ServiceAlarms("a", { ...alarmArgs, region: "eu-west-1" }), US_EAST);
            assert.deepEqual(problems, [
                `${ALARMS}: \`region\` ("eu-west-1") contradicts the region of the provider the component runs with ("us-east-1"); leave region out or pass a provider for eu-west-1.`,
            ]);
            assert.deepEqual(plan.resources, []);
        });

        it("takes the default provider's region when region is left out: the topic accepts alarms from there", async () => {
            const plan = await synth(() => new ServiceAlarms("a", alarmArgs), { config: EU_WEST });
            assert.equal(sourceArn(plan), "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:a-*");
            assert.equal(named(plan, "a-web-cpu-high").region, "eu-west-1");
            assert.equal(JSON.parse(named(plan, "a-dashboard").inputs.dashboardBody).widgets[0].properties.region, "eu-west-1");
        });

        it("accepts a region that agrees with the default provider's, with the same plan as without it", async () => {
            const without = await synth(() => new ServiceAlarms("a", alarmArgs), { config: EU_WEST });
            const agreeing = await synth(() => new ServiceAlarms("a", { ...alarmArgs, region: "eu-west-1" }), { config: EU_WEST });
            assert.deepEqual(agreeing.resources, without.resources);
        });

        it("still requires region when the default provider has none", () => {
            assert.deepEqual(
                problemsOf(() => resolveServiceAlarmsArgs("a", alarmArgs, {})),
                [`${ALARMS}: \`region\` is required; give the region of the load balancer and the services, e.g. "us-east-1".`],
            );
        });

        it("requires region with an explicit provider", async () => {
            const { problems } = await refused(
                () => new ServiceAlarms("a", alarmArgs, { provider: new aws.Provider("p", { region: "eu-west-1" }) }),
                US_EAST,
            );
            assert.deepEqual(problems, [
                `${ALARMS}: \`region\` is required; the provider the component runs with tells its region only at deployment; pass that region, e.g. "us-east-1".`,
            ]);
        });

        it("runs with an explicit provider whose region the region input repeats", async () => {
            const plan = await synth(
                () =>
                    new ServiceAlarms(
                        "a",
                        { ...alarmArgs, region: "eu-west-1" },
                        { provider: new aws.Provider("p", { region: "eu-west-1" }) },
                    ),
                { config: US_EAST },
            );
            assert.equal(sourceArn(plan), "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:a-*");
            assert.equal(named(plan, "a-web-cpu-high").region, "eu-west-1");
        });

        it("fails the deployment when region contradicts an explicit provider's, also with an existing topic", async () => {
            for (const extra of [{}, { topicArn: "arn:aws:sns:us-east-1:123456789012:ops", dashboard: false }]) {
                const error = await failure(
                    () =>
                        new ServiceAlarms(
                            "a",
                            { ...alarmArgs, ...extra, region: "us-east-1" },
                            { provider: new aws.Provider("p", { region: "eu-west-1" }) },
                        ),
                    US_EAST,
                );
                assert.ok(error instanceof ConfigError, String(error));
                assert.deepEqual(error.problems, [
                    `${ALARMS}: \`region\` ("us-east-1") contradicts the region of the provider the component runs with ("eu-west-1"); pass region "eu-west-1" or pass a provider for us-east-1.`,
                ]);
            }
        });
    });

    describe("the README examples", () => {
        const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
        // Copies of the README's blocks: a change there fails the first assertion until this copy follows.
        const bucketExample = `const data = new ReplicatedBucket("data", {
    replicaRegion: "us-west-2",
    replicationTimeControl: true,
    retain: true,
});`;
        const alarmsExample = `const alarms = new ServiceAlarms("app-alarms", {
    loadBalancer: { arnSuffix: alb.arnSuffix },
    services: { api },                   // an ElasticService fits; or { clusterName, serviceName, targetGroupArnSuffix, minTasks, maxTasks, containerInsights }
    bucket: data.replicationMetrics,
    emails: ["oncall@example.com"],
});`;

        it("show ReplicatedBucket and ServiceAlarms without region", () => {
            assert.ok(
                readme.includes('```ts\nimport { ReplicatedBucket } from "pulumi-elastic-web";\n\n' + bucketExample),
                "ReplicatedBucket example",
            );
            assert.ok(
                readme.includes('```ts\nimport { ServiceAlarms } from "pulumi-elastic-web";\n\n' + alarmsExample),
                "ServiceAlarms example",
            );
        });

        it("run in a program whose aws:region is set, in that region", async () => {
            const plan = await synth(
                () => {
                    const alb = { arnSuffix: ALB };
                    const api = web;
                    const data = new ReplicatedBucket("data", {
                        replicaRegion: "us-west-2",
                        replicationTimeControl: true,
                        retain: true,
                    });
                    const alarms = new ServiceAlarms("app-alarms", {
                        loadBalancer: { arnSuffix: alb.arnSuffix },
                        services: { api },
                        bucket: data.replicationMetrics,
                        emails: ["oncall@example.com"],
                    });
                    return { bucketName: data.bucketName, dashboard: alarms.dashboardUrl };
                },
                { config: EU_WEST },
            );
            assert.deepEqual(plan.outputs, {
                bucketName: "data-primary",
                dashboard: "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards:name=app-alarms",
            });
            assert.equal(viaService(plan, "data-primary-key"), "s3.eu-west-1.amazonaws.com");
            assert.equal(
                JSON.parse(named(plan, "app-alarms-topic-policy").inputs.policy).Statement[0].Condition.ArnLike["aws:SourceArn"],
                "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:app-alarms-*",
            );
        });
    });
});
