import * as assert from "node:assert/strict";
import * as path from "path";
import type { PolicyResource as CrossGuardResource } from "@pulumi/policy";
import { loadProgram, synth } from "../components/testing";
import { ENVIRONMENTS, RULES, evaluate, environmentOf } from "../policy";
import { crossGuardPolicies } from "../policy/adapter";
import { readStackConfig } from "../tools/preview";
import { shippedStack } from "./stacks";

const ROOT = path.resolve(__dirname, "..");

/** Synthesizes the program for a shipped stack, its `Pulumi.<stack>.yaml` config changed by `edit`. */
async function stackPlan(stack: string, edit: (config: Record<string, any>) => void = () => undefined) {
    const config = readStackConfig(ROOT, stack) as Record<string, any>;
    edit(config);
    return synth(() => loadProgram(path.join(ROOT, "index")), { stack, config });
}

type Plan = Awaited<ReturnType<typeof stackPlan>>;

const mandatory = (plan: Plan) =>
    evaluate(plan.resources, environmentOf(plan.config, plan.stack))
        .filter((v) => v.mandatory)
        .map((v) => `${v.ruleId} ${v.resourceName}: ${v.message}`);

describe("policy on the shipped stacks", () => {
    for (const stack of ENVIRONMENTS) {
        it(`finds no mandatory violation in ${stack}`, async () => {
            assert.deepEqual(mandatory(await shippedStack(stack)), []);
        });
    }

    it("blocks prod when its stack file turns deletion protection off, naming the rule and the ALB", async () => {
        const plan = await stackPlan("prod", (c) => {
            c["elastic-web:loadBalancer"] = { ...c["elastic-web:loadBalancer"], deletionProtection: false };
        });
        const alb = plan.resources.find((r) => r.type === "aws:lb/loadBalancer:LoadBalancer")!;
        assert.deepEqual(mandatory(plan), [
            `alb-deletion-protection ${alb.name}: Deletion protection is off: set \`deletionProtection: true\` on LoadBalancer "app" (stack config \`elastic-web:loadBalancer.deletionProtection\`).`,
        ]);
    });

    it("blocks prod when its stack file allows ECS Exec, naming the rule and the service", async () => {
        const plan = await stackPlan("prod", (c) => {
            c["elastic-web:services"] = {
                ...c["elastic-web:services"],
                // ECS Exec needs a writable root filesystem (the config refuses the pair otherwise).
                web: { ...c["elastic-web:services"].web, enableExecuteCommand: true, readonlyRootFilesystem: false },
            };
        });
        assert.deepEqual(mandatory(plan), [
            'ecs-exec-disabled app-web-svc: ECS Exec is enabled: set `enableExecuteCommand: false` on ElasticService "app-web" (stack config `elastic-web:services.web.enableExecuteCommand`).',
            'ecs-readonly-root app-web-task: Container "app": has a writable root filesystem: set `readonlyRootFilesystem: true` on ElasticService "app-web" (stack config `elastic-web:services.web.readonlyRootFilesystem`) and list the paths it writes in `writablePaths`.',
        ]);
    });

    it("fills the plan's findings when synth is asked for an environment's policy", async () => {
        const config = readStackConfig(ROOT, "staging");
        const plan = await synth(() => loadProgram(path.join(ROOT, "index")), { stack: "staging", config, policy: "staging" });
        assert.deepEqual(plan.policy.violations, evaluate(plan.resources, "staging"));
    });

    it("lets the CrossGuard pack's mandatory policies pass prod, its environment taken from the resources' tags", async () => {
        const plan = await shippedStack("prod");
        const resources = plan.resources.map(
            (r) =>
                ({
                    type: r.type,
                    name: r.name,
                    urn: r.urn,
                    props: r.inputs,
                    opts: {
                        protect: r.options.protect,
                        ignoreChanges: r.options.ignoreChanges,
                        aliases: [],
                        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
                        additionalSecretOutputs: [],
                    },
                    dependencies: [],
                    propertyDependencies: {},
                    isType: () => false,
                    asType: () => undefined,
                    // The engine sends each custom resource's provider with its configuration.
                    ...(r.custom
                        ? { provider: { type: "pulumi:providers:aws", name: "default", urn: "urn:provider", props: { region: r.region } } }
                        : {}),
                }) as unknown as CrossGuardResource,
        );
        const reported: string[] = [];
        const policies = crossGuardPolicies(RULES, {});
        for (const policy of policies.filter((p) => p.enforcementLevel === "mandatory")) {
            policy.validateStack(
                {
                    resources,
                    stackTags: new Map(),
                    getConfig: () => ({}) as never,
                    notApplicable: () => {
                        throw new Error("n/a");
                    },
                },
                (message) => reported.push(`${policy.name}: ${message}`),
            );
        }
        assert.deepEqual(reported, []);
        const advisory: string[] = [];
        for (const policy of policies.filter((p) => p.enforcementLevel === "advisory")) {
            policy.validateStack(
                {
                    resources,
                    stackTags: new Map(),
                    getConfig: () => ({}) as never,
                    notApplicable: () => {
                        throw new Error("n/a");
                    },
                },
                () => advisory.push(policy.name),
            );
        }
        assert.deepEqual(
            advisory.sort(),
            evaluate(plan.resources, "prod")
                .map((v) => `${v.ruleId}-advisory`)
                .sort(),
        );
    });
});
