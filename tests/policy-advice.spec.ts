import * as assert from "node:assert/strict";
import { synth } from "../components/testing";
import { ElasticService, LoadBalancer } from "../components";
import { OUR_ADVICE, PolicyResource, RULES, StackIndex, evaluate, madeBy } from "../policy";
import { problemOf } from "../policy/advice";

const STACK = "elastic-web:aws:ElasticStack";
const LB_COMPONENT = "elastic-web:aws:LoadBalancer";
const SERVICE_COMPONENT = "elastic-web:aws:ElasticService";
const ALB = "aws:lb/loadBalancer:LoadBalancer";
const SERVICE = "aws:ecs/service:Service";
const CLUSTER = "aws:ecs/cluster:Cluster";

/** A URN whose type chain is `types` (parents first). */
const urn = (types: string[], name: string) => `urn:pulumi:prod::elastic-web::${types.join("$")}::${name}`;

function resource(types: string[], name: string, parent: string | null, inputs: Record<string, any> = {}): PolicyResource {
    return {
        urn: urn(types, name),
        type: types[types.length - 1],
        name,
        parent,
        region: "us-east-1",
        inputs,
        options: { protect: false, retainOnDelete: false, ignoreChanges: [] },
    };
}

/** An ElasticStack "app" with a LoadBalancer "app", a service "app-web" and a cluster of the stack's own, each with its child. */
function stackResources(alb: Record<string, any>, svc: Record<string, any> = {}): PolicyResource[] {
    const stack = resource([STACK], "app", null);
    const lb = resource([STACK, LB_COMPONENT], "app", stack.urn);
    const service = resource([STACK, SERVICE_COMPONENT], "app-web", stack.urn);
    return [
        stack,
        lb,
        resource([STACK, LB_COMPONENT, ALB], "app-alb", lb.urn, { subnets: ["a", "b"], dropInvalidHeaderFields: true, ...alb }),
        service,
        resource([STACK, SERVICE_COMPONENT, SERVICE], "app-web-svc", service.urn, svc),
        resource([STACK, CLUSTER], "app-cluster", stack.urn, { settings: [] }),
    ];
}

const messages = (resources: PolicyResource[], ruleId: string) =>
    evaluate(resources, "prod", [RULES.find((r) => r.id === ruleId)!]).map((v) => `${v.resourceName}: ${v.message}`);

describe("policy advice in the components' words", () => {
    describe("madeBy", () => {
        it("names the nearest component of the parent chain and its stack config prefix", () => {
            const resources = stackResources({});
            const index = new StackIndex(resources);
            const byName = (name: string) => resources.filter((r) => r.name === name).pop()!;
            assert.deepEqual(madeBy(index, byName("app-alb")), {
                component: "LoadBalancer",
                name: "app",
                config: "elastic-web:loadBalancer.",
            });
            assert.deepEqual(madeBy(index, byName("app-web-svc")), {
                component: "ElasticService",
                name: "app-web",
                config: "elastic-web:services.web.",
            });
            assert.deepEqual(madeBy(index, byName("app-cluster")), { component: "ElasticStack", name: "app", config: "elastic-web:" });
        });

        it("reads the URN's type chain when the parent's record is missing", () => {
            const alb = resource([STACK, LB_COMPONENT, ALB], "app-alb", urn([STACK, LB_COMPONENT], "app"));
            assert.deepEqual(madeBy(new StackIndex([alb]), alb), {
                component: "LoadBalancer",
                name: "app",
                config: "elastic-web:loadBalancer.",
            });
        });

        it("gives no stack config prefix to a component outside ElasticStack", () => {
            const lb = resource([LB_COMPONENT], "web", null);
            const alb = resource([LB_COMPONENT, ALB], "web-alb", lb.urn);
            assert.deepEqual(madeBy(new StackIndex([lb, alb]), alb), { component: "LoadBalancer", name: "web", config: undefined });
        });

        it("finds no component for a user's own resource, even under a component resource of the user's", () => {
            const mine = resource(["acme:web:Site"], "site", null);
            const alb = resource(["acme:web:Site", ALB], "site-alb", mine.urn);
            assert.equal(madeBy(new StackIndex([mine, alb]), alb), undefined);
            const bare = resource([ALB], "raw-alb", null);
            assert.equal(madeBy(new StackIndex([bare]), bare), undefined);
        });
    });

    describe("messages", () => {
        it("names the arg and the stack config key for a component of the stack", () => {
            assert.deepEqual(messages(stackResources({ enableDeletionProtection: false }), "alb-deletion-protection"), [
                'app-alb: Deletion protection is off: set `deletionProtection: true` on LoadBalancer "app" (stack config `elastic-web:loadBalancer.deletionProtection`).',
            ]);
            assert.deepEqual(messages(stackResources({}, { enableExecuteCommand: true }), "ecs-exec-disabled"), [
                'app-web-svc: ECS Exec is enabled: set `enableExecuteCommand: false` on ElasticService "app-web" (stack config `elastic-web:services.web.enableExecuteCommand`).',
            ]);
        });

        it("keeps the AWS input for a user's own resource", () => {
            assert.deepEqual(messages([resource([ALB], "raw-alb", null, { subnets: ["a", "b"] })], "alb-deletion-protection"), [
                "raw-alb: Deletion protection is off (enableDeletionProtection defaults to false): set enableDeletionProtection: true.",
            ]);
        });

        it("says plainly that no arg fixes it, and how to change the child instead", () => {
            assert.deepEqual(messages(stackResources({ dropInvalidHeaderFields: false }), "alb-drop-invalid-headers"), [
                'app-alb: Invalid header fields are passed to targets (dropInvalidHeaderFields defaults to false): not configurable through LoadBalancer "app" yet; adjust its child app-alb with a transformation (README "Adjusting a child") to set dropInvalidHeaderFields: true.',
            ]);
        });

        it("sends the stack's own cluster to the services' containerInsights keys", () => {
            assert.deepEqual(messages(stackResources({}), "ecs-container-insights"), [
                'app-cluster: Container Insights is not enabled (account default): set `containerInsights: true` on any of the services of ElasticStack "app" (stack config `elastic-web:serviceDefaults.containerInsights` or `elastic-web:services.<name>.containerInsights`).',
            ]);
        });

        it("names the ElasticService deployment args, not the ECS inputs", () => {
            const resources = stackResources({}, { deploymentMinimumHealthyPercent: 50, deploymentMaximumPercent: 100 });
            assert.deepEqual(messages(resources, "ecs-zero-downtime-deploy"), [
                'app-web-svc: `minHealthyPercent` is 50: a deployment may stop running tasks before replacements are healthy; set `minHealthyPercent: 100` on ElasticService "app-web" (stack config `elastic-web:services.web.minHealthyPercent`).',
                'app-web-svc: `maxPercent` is 100: a deployment cannot start a replacement before stopping a task; set `maxPercent: 200` on ElasticService "app-web" (stack config `elastic-web:services.web.maxPercent`).',
            ]);
        });

        it("names only the arg for a component used on its own", async () => {
            const plan = await synth(
                () => {
                    new LoadBalancer("web", { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], deletionProtection: false });
                },
                { stack: "prod" },
            );
            const found = evaluate(plan.resources, "prod").filter((v) => v.ruleId === "alb-deletion-protection");
            assert.deepEqual(
                found.map((v) => v.message),
                ['Deletion protection is off: set `deletionProtection: true` on LoadBalancer "web".'],
            );
        });

        it("names the service's own arg for a standalone ElasticService's log retention", async () => {
            const plan = await synth(
                () => {
                    new ElasticService("api", {
                        image: "nginx:1.27",
                        vpcId: "vpc-1",
                        subnetIds: ["subnet-a", "subnet-b"],
                        logRetentionDays: 7,
                        loadBalancer: {
                            listenerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/1/2",
                            securityGroupId: "sg-1",
                            loadBalancerArnSuffix: "app/web/1",
                        },
                    });
                },
                { stack: "prod" },
            );
            const found = evaluate(plan.resources, "prod").filter((v) => v.ruleId === "logs-retention-prod");
            assert.deepEqual(
                found.map((v) => `${v.resourceName}: ${v.message}`),
                ['api-logs: Keeps logs 7 days: set `logRetentionDays: 365` on ElasticService "api".'],
            );
        });
    });

    it("advises only for rules that exist and components that make resources", () => {
        const ids = new Set(RULES.map((r) => r.id));
        const components = ["Network", "LoadBalancer", "ElasticService", "ReplicatedBucket", "ServiceAlarms", "ElasticStack"];
        for (const [id, byComponent] of Object.entries(OUR_ADVICE)) {
            assert.ok(ids.has(id), id);
            for (const c of Object.keys(byComponent)) assert.ok(components.includes(c), `${id}: ${c}`);
        }
    });

    it("splits a rule message into its problem and its AWS-input fix", () => {
        assert.equal(
            problemOf('Container "app": has a writable root filesystem: set readonlyRootFilesystem: true.'),
            'Container "app": has a writable root filesystem',
        );
        assert.equal(problemOf("Keeps logs 7 days: keep production logs at least 365 days."), "Keeps logs 7 days");
        assert.equal(problemOf("Has no explicit health check."), "Has no explicit health check");
    });
});
