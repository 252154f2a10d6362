import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { Plan, synth } from "../components/testing";
import { projectOf } from "../components/testing/synth";
import { registeredTypes } from "../components/testing/types";

const LISTENER_TYPO = "aws:lb/listner:Listener";

function failure(fn: () => unknown): string {
    try {
        fn();
    } catch (error) {
        return (error as Error).message;
    }
    return "(no failure)";
}

/** Runs `fn` with console.warn captured; returns what it printed. */
async function warnings(fn: () => Promise<unknown>): Promise<string[]> {
    const printed: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => printed.push(args.join(" "));
    try {
        await fn();
    } finally {
        console.warn = original;
    }
    return printed;
}

describe("testing kit: type tokens", () => {
    let plan: Plan;
    before(async () => {
        plan = await synth(() => new aws.sns.Topic("t"));
    });

    it("knows the types @pulumi/aws and @pulumi/awsx register, and their providers", () => {
        const types = registeredTypes();
        for (const t of [
            "aws:lb/listener:Listener",
            "aws:ecs/service:Service",
            "awsx:ec2:Vpc",
            "pulumi:providers:aws",
            "pulumi:providers:awsx",
        ]) {
            assert.ok(types.has(t), t);
        }
        assert.equal(types.has(LISTENER_TYPO), false);
        assert.equal(registeredTypes(), types);
    });

    it("refuses a misspelt type in every assertion, with the type meant", () => {
        const refused = (op: string) =>
            `${op}: "${LISTENER_TYPO}" is not a resource type of the installed Pulumi packages, of this package or of the plan; did you mean \`aws:lb/listener:Listener\`?`;
        assert.equal(
            failure(() => plan.hasNoResource(LISTENER_TYPO, { port: 80 })),
            refused("hasNoResource"),
        );
        assert.equal(
            failure(() => plan.hasResourceCount(LISTENER_TYPO, 0)),
            refused("hasResourceCount"),
        );
        assert.equal(
            failure(() => plan.hasResource(LISTENER_TYPO, {})),
            refused("hasResource"),
        );
        assert.equal(
            failure(() => plan.resourcesOf(LISTENER_TYPO)),
            refused("resourcesOf"),
        );
        assert.equal(
            failure(() => plan.resource(LISTENER_TYPO)),
            refused("resource"),
        );
        assert.equal(
            failure(() => plan.resourceCount(LISTENER_TYPO)),
            refused("resourceCount"),
        );
        assert.equal(
            failure(() => plan.named("t", LISTENER_TYPO)),
            refused("named"),
        );
        assert.equal(
            failure(() => plan.hasResourceCount("aws:ecs/Service:Service", 0)),
            'hasResourceCount: "aws:ecs/Service:Service" is not a resource type of the installed Pulumi packages, of this package or of the plan; did you mean `aws:ecs/service:Service`?',
        );
        assert.equal(
            failure(() => plan.hasNoResource("elastic-web:aws:ElasticServce")),
            'hasNoResource: "elastic-web:aws:ElasticServce" is not a resource type of the installed Pulumi packages, of this package or of the plan; did you mean `elastic-web:aws:ElasticService`?',
        );
    });

    it("accepts a known type the plan lacks, a component token and the plan's own types", () => {
        plan.hasNoResource("aws:lb/listener:Listener");
        plan.hasResourceCount("aws:lb/listener:Listener", 0);
        plan.hasResourceCount("elastic-web:aws:ElasticService", 0);
        plan.hasResourceCount("awsx:ec2:Vpc", 0);
        const own = Plan.from({ ...plan, resources: plan.resources.map((r) => ({ ...r, type: "elastic-web:test:Pair" })) });
        own.hasResourceCount("elastic-web:test:Pair", 1);
    });
});

describe("testing kit: synth of a program file", () => {
    it("takes the project name from the nearest Pulumi.yaml above the program", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "user-project-"));
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: shop # the user's project\nruntime: nodejs\n");
        fs.mkdirSync(path.join(dir, "src"));
        const program = path.join(dir, "src", "index.js");
        fs.writeFileSync(
            program,
            [
                // Outside this package, the program finds the SDK by its path: the same module instance.
                `const pulumi = require(${JSON.stringify(require.resolve("@pulumi/pulumi"))});`,
                "const config = new pulumi.Config();",
                "exports.project = pulumi.getProject();",
                'exports.vpcId = config.require("vpcId");',
            ].join("\n"),
        );
        assert.equal(projectOf(program), "shop");
        const plan = await synth(program, { config: { vpcId: "vpc-1" } });
        assert.equal(plan.project, "shop");
        assert.deepEqual(plan.outputs, { project: "shop", vpcId: "vpc-1" });
        const named = await synth(program, { project: "other", config: { "other:vpcId": "vpc-2" } });
        assert.equal(named.project, "other");
        assert.equal(pulumi.getProject(), "elastic-web");
    });

    it("finds no project where no Pulumi.yaml is above the program", () => {
        assert.equal(projectOf(path.join(path.parse(os.tmpdir()).root, "no-project-here", "index.js")), undefined);
        assert.equal(projectOf(path.join(__dirname, "..", "index.ts")), "elastic-web");
    });
});

describe("testing kit: transforms under mocks", () => {
    const OPTION =
        'warning: synth: aws:sns/topic:Topic "t" has the `transforms` option, which Pulumi\'s mock runtime does not apply: ' +
        "the plan shows its inputs and options untransformed, while `pulumi up` would transform them.";
    const STACK =
        "warning: synth: the program calls `pulumi.runtime.registerResourceTransform`, which Pulumi's mock runtime does not apply: " +
        "the plan shows the resources registered after it untransformed, while `pulumi up` would transform them.";
    const rename: pulumi.ResourceTransform = async (a) => ({ props: { ...a.props, displayName: "transformed" }, opts: a.opts });

    it("warns once, naming the resource, that a `transforms` option is not applied (SDK 3.276 mocks do not)", async () => {
        let plan: Plan | undefined;
        const printed = await warnings(async () => {
            plan = await synth(() => {
                new aws.sns.Topic("t", { displayName: "given" }, { transforms: [rename] });
                new aws.sns.Topic("plain", { displayName: "given" });
            });
        });
        assert.deepEqual(printed, [OPTION]);
        assert.deepEqual(
            plan!.resources.map((r) => [r.name, r.inputs.displayName]),
            [
                ["t", "given"],
                ["plain", "given"],
            ],
        );
    });

    it("warns once that registerResourceTransform is not applied, however often it is called", async () => {
        let plan: Plan | undefined;
        const printed = await warnings(async () => {
            plan = await synth(() => {
                pulumi.runtime.registerResourceTransform(rename);
                pulumi.runtime.registerResourceTransform(rename);
                new aws.sns.Topic("u", { displayName: "given" });
            });
        });
        assert.deepEqual(printed, [STACK]);
        assert.equal(plan!.named("u").inputs.displayName, "given");
    });

    it("warns of nothing for a program without transforms", async () => {
        assert.deepEqual(await warnings(() => synth(() => new aws.sns.Topic("quiet"))), []);
    });
});
