import { shippedStack } from "./stacks";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import { ElasticService, ElasticServiceArgs } from "../components/service";
import { ElasticMocks, Match, MOCKED_TYPES, Plan, PlanData, PlanResource, synth } from "../components/testing";
import { matchValue } from "../components/testing/match";
import { evaluatePolicy } from "../components/testing/synth";
import { readStackConfig } from "../tools/preview";

const ROOT = path.resolve(__dirname, "..");
const STACK_URN = "urn:pulumi:dev::elastic-web::pulumi:pulumi:Stack::elastic-web-dev";
const NO_OPTIONS = { protect: false, retainOnDelete: false, ignoreChanges: [], dependsOn: [], deleteBeforeReplace: false };

function resource(type: string, name: string, parent: PlanResource | null, inputs: Record<string, any> = {}, options = {}): PlanResource {
    const parentType = parent ? parent.type : "pulumi:pulumi:Stack";
    return {
        urn: `urn:pulumi:dev::elastic-web::${parentType}$${type}::${name}`,
        type,
        name,
        custom: !type.startsWith("elastic-web:"),
        parent: parent ? parent.urn : STACK_URN,
        provider: null,
        region: "us-east-1",
        inputs,
        options: { ...NO_OPTIONS, ...options },
    };
}

/** A small plan: two services, and a network and a load balancer that share the name "app". */
function planData(): PlanData {
    const api = resource("elastic-web:aws:ElasticService", "api", null);
    const web = resource("elastic-web:aws:ElasticService", "web", null);
    const network = resource("elastic-web:aws:Network", "app", null);
    const lb = resource("elastic-web:aws:LoadBalancer", "app", null);
    const policy = JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: "arn:aws:logs:us-east-1:123456789012:log-group:api-logs:*",
            },
        ],
    });
    return {
        project: "elastic-web",
        stack: "dev",
        config: { "aws:region": "us-east-1" },
        resources: [
            api,
            resource(
                "aws:ecs/service:Service",
                "api-svc",
                api,
                {
                    desiredCount: 2,
                    deploymentCircuitBreaker: { enable: true, rollback: true },
                    networkConfiguration: { assignPublicIp: false, subnets: ["subnet-a", "subnet-b"] },
                },
                { ignoreChanges: ["desiredCount"] },
            ),
            resource("aws:iam/rolePolicy:RolePolicy", "api-exec-policy", api, { role: "api-exec-role-id", policy }),
            web,
            resource("aws:ecs/service:Service", "web-svc", web, {
                desiredCount: 1,
                deploymentCircuitBreaker: { enable: true, rollback: false },
                networkConfiguration: { assignPublicIp: true, subnets: ["subnet-a"] },
            }),
            network,
            resource("awsx:ec2:Vpc", "app-vpc", network, { numberOfAvailabilityZones: 2 }),
            lb,
            resource("aws:lb/loadBalancer:LoadBalancer", "app-alb", lb, { internal: false }),
        ],
        outputs: { url: "http://app-alb-1234567890.us-east-1.elb.amazonaws.com" },
        policy: {
            violations: [
                { ruleId: "tasks-private", severity: "high", mandatory: true, resourceName: "web-svc", message: "Gives tasks public IPs." },
                {
                    ruleId: "circuit-breaker",
                    severity: "medium",
                    mandatory: false,
                    resourceName: "web-svc",
                    message: "Does not roll back.",
                },
            ],
        },
        cost: { monthlyUsd: 12.5, lines: [] },
    };
}

/** The message of the AssertionError `f` throws. */
function failure(f: () => unknown): string {
    try {
        f();
    } catch (error) {
        assert.ok(error instanceof assert.AssertionError, `expected an AssertionError, got ${String(error)}`);
        return error.message;
    }
    assert.fail("expected the assertion to fail");
}

describe("testing kit: Match", () => {
    it("matches plain objects like objectLike: named keys must match, other keys may exist", () => {
        assert.deepEqual(matchValue({ a: 1, b: { c: "x" } }, { a: 1, b: { c: "x", d: 2 }, e: 3 }), []);
        assert.deepEqual(matchValue({ a: 1, b: { c: "y" } }, { a: 2, b: { c: "x" } }), [
            { path: "a", expected: "1", actual: 2 },
            { path: "b.c", expected: '"y"', actual: "x" },
        ]);
        assert.deepEqual(matchValue({ b: { c: 1 } }, { a: 1 }), [{ path: "b", expected: "{ c: 1 }", actual: undefined }]);
    });

    it("compares primitives strictly: a string never matches a number", () => {
        assert.deepEqual(matchValue({ cpu: "256" }, { cpu: "256" }), []);
        assert.deepEqual(matchValue({ cpu: 256 }, { cpu: "256" }), [{ path: "cpu", expected: "256", actual: "256" }]);
        assert.deepEqual(matchValue(NaN, NaN), []);
    });

    it("matches arrays element by element and by length", () => {
        assert.deepEqual(matchValue({ s: ["a", { b: 1 }] }, { s: ["a", { b: 1, c: 2 }] }), []);
        assert.deepEqual(matchValue({ s: ["a", "b"] }, { s: ["a", "c"] }), [{ path: "s[1]", expected: '"b"', actual: "c" }]);
        assert.deepEqual(matchValue({ s: ["a"] }, { s: ["a", "b"] }), [
            { path: "s", expected: '["a"] (1 elements)', actual: ["a", "b"], note: "2 elements" },
        ]);
    });

    it("quotes keys that are not identifiers in paths", () => {
        assert.deepEqual(matchValue({ tags: { "aws:cdk": "x" } }, { tags: { "aws:cdk": "y" } }), [
            { path: 'tags["aws:cdk"]', expected: '"x"', actual: "y" },
        ]);
    });

    it("Match.absent passes for a missing key and fails for a present one", () => {
        assert.deepEqual(matchValue({ name: Match.absent() }, { other: 1 }), []);
        assert.deepEqual(matchValue({ name: Match.absent() }, { name: "web" }), [{ path: "name", expected: "absent", actual: "web" }]);
    });

    it("reads undefined in an object pattern as absent", () => {
        assert.deepEqual(matchValue({ name: undefined }, {}), []);
        assert.deepEqual(matchValue({ name: undefined }, { name: "x" }), [{ path: "name", expected: "absent", actual: "x" }]);
    });

    it("Match.anyValue passes for any value, falsy ones too, and fails for missing and null", () => {
        for (const value of [0, "", false, [], {}]) assert.deepEqual(matchValue({ v: Match.anyValue() }, { v: value }), []);
        assert.deepEqual(matchValue({ v: Match.anyValue() }, {}), [{ path: "v", expected: "any value", actual: undefined }]);
        assert.deepEqual(matchValue({ v: Match.anyValue() }, { v: null }), [{ path: "v", expected: "any value", actual: null }]);
    });

    it("Match.arrayWith passes for elements found in order among others", () => {
        const actual = { s: [{ n: "a", v: 1 }, "x", { n: "b", v: 2 }, "y"] };
        assert.deepEqual(matchValue({ s: Match.arrayWith([{ n: "a" }, "y"]) }, actual), []);
        assert.deepEqual(matchValue({ s: Match.arrayWith([]) }, actual), []);
    });

    it("Match.arrayWith fails for elements out of order, naming the closest element", () => {
        const actual = ["x", "y"];
        assert.deepEqual(matchValue(Match.arrayWith(["y", "x"]), actual, "s"), [
            { path: "s", expected: 'an element matching "x" after index 1', actual, note: undefined },
        ]);
        const statements = [{ Effect: "Allow", Action: "s3:GetObject" }];
        assert.deepEqual(matchValue({ st: Match.arrayWith([{ Effect: "Deny" }]) }, { st: statements }), [
            {
                path: "st",
                expected: 'an element matching { Effect: "Deny" }',
                actual: statements,
                note: 'closest element st[0] differs at Effect: expected "Deny", actual "Allow"',
            },
        ]);
    });

    it("Match.arrayWith fails for a value that is not an array", () => {
        assert.deepEqual(matchValue({ s: Match.arrayWith(["a"]) }, { s: "a" }), [
            { path: "s", expected: 'an array with ["a"]', actual: "a" },
        ]);
    });

    it("Match.objectLike spells out the default and rejects a non-object", () => {
        assert.deepEqual(matchValue(Match.objectLike({ a: 1 }), { a: 1, b: 2 }), []);
        assert.deepEqual(matchValue({ o: Match.objectLike({ a: 1 }) }, { o: [1] }), [{ path: "o", expected: "{ a: 1 }", actual: [1] }]);
        assert.throws(() => Match.objectLike([1] as any), { name: "TypeError", message: "Match.objectLike takes an object, got [1]" });
    });

    it("Match.exact refuses keys the pattern does not name, nested ones too, and honours matchers inside", () => {
        assert.deepEqual(matchValue(Match.exact({ a: 1, b: { c: Match.anyValue() } }), { a: 1, b: { c: 9 } }), []);
        assert.deepEqual(matchValue({ o: Match.exact({ a: 1, b: { c: 2 } }) }, { o: { a: 1, b: { c: 2, d: 3 }, e: 4 } }), [
            { path: "o.b.d", expected: "absent (Match.exact)", actual: 3 },
            { path: "o.e", expected: "absent (Match.exact)", actual: 4 },
        ]);
    });

    it("Match.stringLike matches a glob: * any run, ? one character, the rest literal", () => {
        const role = Match.stringLike("arn:aws:iam::*:role/*");
        assert.deepEqual(matchValue(role, "arn:aws:iam::123456789012:role/api-exec-role"), []);
        assert.deepEqual(matchValue(role, "arn:aws:iam::123456789012:policy/p", "arn"), [
            { path: "arn", expected: 'a string like "arn:aws:iam::*:role/*"', actual: "arn:aws:iam::123456789012:policy/p" },
        ]);
        assert.deepEqual(matchValue(Match.stringLike("a.c"), "abc"), [{ path: "", expected: 'a string like "a.c"', actual: "abc" }]);
        assert.deepEqual(matchValue(Match.stringLike("a?c"), "abc"), []);
        assert.deepEqual(matchValue(Match.stringLike("a*"), 1), [{ path: "", expected: 'a string like "a*"', actual: 1 }]);
    });

    it("Match.stringLike matches a regular expression, the same way each time", () => {
        const sticky = Match.stringLike(/^app-\d+$/g);
        assert.deepEqual(matchValue(sticky, "app-1"), []);
        assert.deepEqual(matchValue(sticky, "app-1"), []);
        assert.deepEqual(matchValue(sticky, "app-x"), [{ path: "", expected: "a string like /^app-\\d+$/g", actual: "app-x" }]);
    });

    it("Match.serializedJson matches the parsed document of a JSON string", () => {
        const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole" }] });
        assert.deepEqual(matchValue({ policy: Match.serializedJson({ Statement: [{ Effect: "Allow" }] }) }, { policy }), []);
        assert.deepEqual(matchValue({ policy: Match.serializedJson({ Statement: [{ Effect: "Deny" }] }) }, { policy }), [
            { path: "policy(json).Statement[0].Effect", expected: '"Deny"', actual: "Allow" },
        ]);
    });

    it("Match.serializedJson fails for a string that is not JSON and for a non-string", () => {
        assert.deepEqual(matchValue({ p: Match.serializedJson({}) }, { p: "{oops" }), [
            { path: "p", expected: "a JSON string matching {}", actual: "{oops", note: `not JSON: ${jsonError("{oops")}` },
        ]);
        assert.deepEqual(matchValue({ p: Match.serializedJson({}) }, { p: { a: 1 } }), [
            { path: "p", expected: "a JSON string matching {}", actual: { a: 1 } },
        ]);
    });

    it("never parses a JSON string implicitly, and says how to match it", () => {
        const policy = JSON.stringify({ Version: "2012-10-17" });
        assert.deepEqual(matchValue({ policy: { Version: "2012-10-17" } }, { policy }), [
            {
                path: "policy",
                expected: '{ Version: "2012-10-17" }',
                actual: policy,
                note: "the actual value is a JSON string; match its document with Match.serializedJson(pattern)",
            },
        ]);
    });

    it("Match.not passes for a value that does not match and fails for one that does", () => {
        assert.deepEqual(matchValue({ assignPublicIp: Match.not(true) }, { assignPublicIp: false }), []);
        assert.deepEqual(matchValue({ assignPublicIp: Match.not(true) }, { assignPublicIp: true }), [
            { path: "assignPublicIp", expected: "not true", actual: true },
        ]);
    });
});

describe("testing kit: Plan", () => {
    const plan = new Plan(planData());

    it("serialises to exactly the preview's JSON: the assertion methods do not show", () => {
        assert.equal(JSON.stringify(plan), JSON.stringify(planData()));
        assert.deepEqual(Object.keys(plan), ["project", "stack", "config", "resources", "outputs", "policy", "cost"]);
    });

    it("rebuilds from a preview's JSON, as text or as a document", () => {
        const text = JSON.stringify(planData());
        assert.equal(Plan.from(text).hasResource("awsx:ec2:Vpc", { numberOfAvailabilityZones: 2 }).name, "app-vpc");
        assert.equal(Plan.from(JSON.parse(text)).resourceCount("aws:ecs/service:Service"), 2);
    });

    it("resourcesOf lists the resources of a type, optionally those whose inputs match", () => {
        assert.deepEqual(
            plan.resourcesOf("aws:ecs/service:Service").map((r) => r.name),
            ["api-svc", "web-svc"],
        );
        assert.deepEqual(
            plan.resourcesOf("aws:ecs/service:Service", { networkConfiguration: { assignPublicIp: true } }).map((r) => r.name),
            ["web-svc"],
        );
        assert.deepEqual(plan.resourcesOf("aws:sns/topic:Topic"), []);
    });

    it("resource returns the one resource of a type and fails when there are several or none", () => {
        assert.equal(plan.resource("awsx:ec2:Vpc").name, "app-vpc");
        assert.equal(plan.resource("aws:ecs/service:Service", { desiredCount: 1 }).name, "web-svc");
        assert.equal(
            failure(() => plan.resource("aws:ecs/service:Service")),
            "resource: expected one aws:ecs/service:Service, found 2: api-svc, web-svc",
        );
        assert.equal(
            failure(() => plan.resource("aws:sns/topic:Topic")),
            "resource: no resource of type aws:sns/topic:Topic in the plan (9 resources)",
        );
    });

    it("named finds a resource by logical name, asking for the type when names are shared", () => {
        assert.equal(plan.named("api-svc").type, "aws:ecs/service:Service");
        assert.equal(plan.named("app", "elastic-web:aws:Network").type, "elastic-web:aws:Network");
        assert.equal(
            failure(() => plan.named("app")),
            'named: 2 resources "app"; pass the type: elastic-web:aws:Network, elastic-web:aws:LoadBalancer',
        );
        assert.equal(
            failure(() => plan.named("api-sv")),
            'named: no resource "api-sv" in the plan; similar names: api-svc, api',
        );
    });

    it("hasResource returns the first resource whose inputs match", () => {
        assert.equal(plan.hasResource("aws:ecs/service:Service", { deploymentCircuitBreaker: { rollback: true } }).name, "api-svc");
        assert.equal(plan.hasResource("aws:ecs/service:Service", {}).name, "api-svc");
    });

    it("hasResource fails showing the pattern, the closest candidates and each differing path of the closest", () => {
        assert.equal(
            failure(() =>
                plan.hasResource("aws:ecs/service:Service", {
                    desiredCount: 3,
                    networkConfiguration: { assignPublicIp: false, subnets: ["subnet-a"] },
                }),
            ),
            [
                "hasResource: no aws:ecs/service:Service has inputs matching",
                '  { desiredCount: 3, networkConfiguration: { assignPublicIp: false, subnets: ["subnet-a"] } }',
                "2 resources of that type, closest first:",
                "  api-svc (2 differing paths):",
                "    desiredCount: expected 3, actual 2",
                '    networkConfiguration.subnets: expected ["subnet-a"] (1 elements), actual ["subnet-a", "subnet-b"] (2 elements)',
                "  web-svc (2 differing paths)",
            ].join("\n"),
        );
    });

    it("hasResource refuses a misspelt type, naming the type meant", () => {
        assert.equal(
            failure(() => plan.hasResource("aws:ecs/Service:Service", {})),
            'hasResource: "aws:ecs/Service:Service" is not a resource type of the installed Pulumi packages, of this package or of the plan; did you mean `aws:ecs/service:Service`?',
        );
    });

    it("hasResource compares a JSON policy as a parsed document with Match.serializedJson", () => {
        const logs = { Action: Match.arrayWith(["logs:PutLogEvents"]), Resource: Match.stringLike("arn:aws:logs:*:log-group:api-logs:*") };
        plan.hasResource("aws:iam/rolePolicy:RolePolicy", { policy: Match.serializedJson({ Statement: [logs] }) });
        assert.equal(
            failure(() =>
                plan.hasResource("aws:iam/rolePolicy:RolePolicy", { policy: Match.serializedJson({ Statement: [{ Effect: "Deny" }] }) }),
            ),
            [
                "hasResource: no aws:iam/rolePolicy:RolePolicy has inputs matching",
                '  { policy: Match.serializedJson({ Statement: [{ Effect: "Deny" }] }) }',
                "1 resource of that type:",
                "  api-exec-policy (1 differing path):",
                '    policy(json).Statement[0].Effect: expected "Deny", actual "Allow"',
            ].join("\n"),
        );
    });

    it("hasResource lists at most three candidates", () => {
        const many = new Plan({
            ...planData(),
            resources: ["a", "b", "c", "d", "e"].map((n, i) => resource("aws:sns/topic:Topic", n, null, { n: i })),
        });
        assert.equal(
            failure(() => many.hasResource("aws:sns/topic:Topic", { n: 9 })),
            [
                "hasResource: no aws:sns/topic:Topic has inputs matching",
                "  { n: 9 }",
                "5 resources of that type, closest first:",
                "  a (1 differing path):",
                "    n: expected 9, actual 0",
                "  b (1 differing path)",
                "  c (1 differing path)",
                "  … and 2 more",
            ].join("\n"),
        );
    });

    it("hasResource refuses a pattern that is not an object", () => {
        assert.throws(() => plan.hasResource("awsx:ec2:Vpc", "app-vpc"), {
            name: "TypeError",
            message: 'hasResource: the inputs pattern must be an object or a Match matcher, got "app-vpc"',
        });
    });

    it("hasNoResource passes when nothing matches and names what does", () => {
        plan.hasNoResource("aws:sns/topic:Topic");
        plan.hasNoResource("aws:ecs/service:Service", { desiredCount: 5 });
        assert.equal(
            failure(() => plan.hasNoResource("aws:ecs/service:Service", { networkConfiguration: { assignPublicIp: true } })),
            "hasNoResource: expected no aws:ecs/service:Service with inputs matching { networkConfiguration: { assignPublicIp: true } }, found 1: web-svc",
        );
    });

    it("resourceCount counts a type, and hasResourceCount fails naming what the plan holds", () => {
        assert.equal(plan.resourceCount("aws:ecs/service:Service"), 2);
        assert.equal(plan.resourceCount("aws:sns/topic:Topic"), 0);
        plan.hasResourceCount("aws:ecs/service:Service", 2);
        plan.hasResourceCount("aws:sns/topic:Topic", 0);
        assert.equal(
            failure(() => plan.hasResourceCount("aws:ecs/service:Service", 3)),
            "hasResourceCount: expected 3 aws:ecs/service:Service, found 2: api-svc, web-svc",
        );
        assert.equal(
            failure(() => plan.hasResourceCount("aws:ecs/Service:Service", 1)),
            'hasResourceCount: "aws:ecs/Service:Service" is not a resource type of the installed Pulumi packages, of this package or of the plan; did you mean `aws:ecs/service:Service`?',
        );
    });

    it("child finds `${name}-${role}` parented to the component, among components sharing the name", () => {
        assert.equal(
            plan.child("api", "svc").urn,
            "urn:pulumi:dev::elastic-web::elastic-web:aws:ElasticService$aws:ecs/service:Service::api-svc",
        );
        assert.equal(plan.child(plan.named("web"), "svc").name, "web-svc");
        assert.equal(plan.child("app", "alb").type, "aws:lb/loadBalancer:LoadBalancer");
        assert.equal(plan.child("app", "vpc").type, "awsx:ec2:Vpc");
    });

    it("child fails listing the component's children, or similar components", () => {
        assert.equal(
            failure(() => plan.child("api", "service")),
            'child: "api" has no child "api-service"; its children: api-svc, api-exec-policy',
        );
        assert.equal(
            failure(() => plan.child("ap", "svc")),
            'child: no component "ap" in the plan; components with a similar name: api, app, web',
        );
        assert.equal(
            failure(() => plan.child(plan.named("web-svc"), "x")),
            'child: "web-svc" has no child "web-svc-x"; its children: none',
        );
    });

    it("children lists a component's direct children", () => {
        assert.deepEqual(
            plan.children("app").map((r) => r.name),
            ["app-vpc", "app-alb"],
        );
    });

    it("options gives a resource's options, by resource or by name", () => {
        assert.deepEqual(plan.options("api-svc"), { ...NO_OPTIONS, ignoreChanges: ["desiredCount"] });
        assert.deepEqual(plan.options(plan.child("web", "svc")), NO_OPTIONS);
    });

    it("violations lists the policy findings, optionally of one severity", () => {
        assert.deepEqual(
            plan.violations().map((v) => v.ruleId),
            ["tasks-private", "circuit-breaker"],
        );
        assert.deepEqual(
            plan.violations({ severity: "high" }).map((v) => v.ruleId),
            ["tasks-private"],
        );
        assert.deepEqual(plan.violations({ severity: "low" }), []);
    });
});

describe("testing kit: synth", () => {
    const attachment = {
        listenerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web-alb/50dc6c495c0c9188/f2f7dc8efc522ab2",
        securityGroupId: "sg-alb",
        loadBalancerArnSuffix: "app/web-alb/50dc6c495c0c9188",
    };
    const args: ElasticServiceArgs = { image: "nginx", vpcId: "vpc-1", subnetIds: ["subnet-a"], loadBalancer: attachment };

    it("asserts on a component as a user's test does, and fails showing the actual value", async () => {
        const plan = await synth(() => new ElasticService("api", args));
        plan.hasResource("aws:ecs/service:Service", { deploymentCircuitBreaker: { rollback: true } });
        assert.equal(
            failure(() => plan.hasResource("aws:ecs/service:Service", { deploymentCircuitBreaker: { rollback: false } })),
            [
                "hasResource: no aws:ecs/service:Service has inputs matching",
                "  { deploymentCircuitBreaker: { rollback: false } }",
                "1 resource of that type:",
                "  api-svc (1 differing path):",
                "    deploymentCircuitBreaker.rollback: expected false, actual true",
            ].join("\n"),
        );
    });

    it("returns a Plan whose JSON is the plan document", async () => {
        const plan = await synth(() => new aws.sns.Topic("t"));
        assert.ok(plan instanceof Plan);
        assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(plan))), [
            "project",
            "stack",
            "config",
            "resources",
            "outputs",
            "policy",
            "cost",
        ]);
    });

    it("keeps two synths apart: resources of the same name land each in its own plan", async () => {
        const first = await synth(() => new aws.sns.Topic("t", { displayName: "first" }));
        const firstJson = JSON.stringify(first);
        const second = await synth(() => {
            new aws.sns.Topic("t", { displayName: "second" });
            new aws.sns.Topic("u");
        });
        first.hasResourceCount("aws:sns/topic:Topic", 1);
        first.hasResource("aws:sns/topic:Topic", { displayName: "first" });
        second.hasResourceCount("aws:sns/topic:Topic", 2);
        second.hasNoResource("aws:sns/topic:Topic", { displayName: "first" });
        assert.equal(JSON.stringify(first), firstJson);
    });

    it("keeps synths started together apart", async () => {
        const [a, b] = await Promise.all([synth(() => new ElasticService("a", args)), synth(() => new ElasticService("b", args))]);
        assert.deepEqual([...new Set(a.resources.map((r) => r.name.split("-")[0]))], ["a"]);
        assert.deepEqual([...new Set(b.resources.map((r) => r.name.split("-")[0]))], ["b"]);
        assert.equal(a.resources.length, b.resources.length);
    });

    it("runs a program module given by path like the same program given as a function", async () => {
        const opts = { stack: "dev", config: readStackConfig(ROOT, "dev") };
        const byPath = await synth(path.join(ROOT, "index"), opts);
        const byFunction = await synth(() => require("../index")(), opts);
        assert.equal(JSON.stringify(byPath), JSON.stringify(byFunction));
        assert.ok(byPath.resources.length > 0);
    });

    it("leaves the policy findings empty unless asked, and fills them from the policy rules when asked", async () => {
        const program = () => new aws.sns.Topic("t");
        assert.deepEqual((await synth(program)).violations(), []);
        const plan = await synth(program, { policy: "prod" });
        assert.deepEqual(plan.violations(), await evaluatePolicy(plan.resources, "prod"));
    });
});

describe("testing kit: evaluatePolicy", () => {
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "elastic-web-policy-"));
        fs.writeFileSync(
            path.join(dir, "list.js"),
            "exports.evaluate = (resources, env) => [{ severity: 'high', env, count: resources.length }];\n",
        );
        fs.writeFileSync(
            path.join(dir, "object.js"),
            "exports.evaluate = async (resources, env) => ({ violations: [{ severity: 'low', env }] });\n",
        );
        fs.writeFileSync(path.join(dir, "broken.js"), "require('./missing-helper');\n");
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    const resources = [resource("aws:sns/topic:Topic", "t", null)];

    it("passes the resources and the environment to evaluate and takes its violations, listed or in an object", async () => {
        assert.deepEqual(await evaluatePolicy(resources, "prod", path.join(dir, "list.js")), [{ severity: "high", env: "prod", count: 1 }]);
        assert.deepEqual(await evaluatePolicy(resources, "dev", path.join(dir, "object.js")), [{ severity: "low", env: "dev" }]);
    });

    it("gives no findings where the policy module does not exist", async () => {
        assert.deepEqual(await evaluatePolicy(resources, "prod", path.join(dir, "absent")), []);
    });

    it("passes on the error of a policy module that fails to load", async () => {
        await assert.rejects(evaluatePolicy(resources, "prod", path.join(dir, "broken.js")), {
            code: "MODULE_NOT_FOUND",
            message: /^Cannot find module '\.\/missing-helper'/,
        });
    });
});

/**
 * What the mocks must compute for each resource type the stack creates: attributes other
 * resources read (ARNs, names, DNS names, ids). Each must be present and carry the resource's
 * logical name or the name it was given, except those in ID_ARNS.
 */
const COMPUTED: Readonly<Record<string, readonly string[]>> = {
    "awsx:ec2:Vpc": ["vpcId", "publicSubnetIds", "privateSubnetIds"],
    "aws:appautoscaling/policy:Policy": ["arn", "name"],
    "aws:appautoscaling/scheduledAction:ScheduledAction": ["arn", "name"],
    "aws:appautoscaling/target:Target": ["arn"],
    "aws:cloudwatch/compositeAlarm:CompositeAlarm": ["arn", "alarmName"],
    "aws:cloudwatch/dashboard:Dashboard": ["dashboardArn", "dashboardName"],
    "aws:cloudwatch/logGroup:LogGroup": ["arn", "name"],
    "aws:cloudwatch/metricAlarm:MetricAlarm": ["arn", "name"],
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": ["arn"],
    "aws:ec2/flowLog:FlowLog": ["arn"],
    "aws:ec2/securityGroup:SecurityGroup": ["arn", "name"],
    "aws:ecs/cluster:Cluster": ["arn", "name"],
    "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": [],
    "aws:ecs/service:Service": ["arn", "name"],
    "aws:ecs/taskDefinition:TaskDefinition": ["arn", "arnWithoutRevision", "family"],
    "aws:iam/role:Role": ["arn", "name"],
    "aws:iam/rolePolicy:RolePolicy": ["name"],
    "aws:kms/alias:Alias": ["arn", "name"],
    "aws:kms/key:Key": ["arn", "keyId"],
    "aws:lb/listener:Listener": ["arn"],
    "aws:lb/listenerRule:ListenerRule": ["arn"],
    "aws:lb/loadBalancer:LoadBalancer": ["arn", "arnSuffix", "dnsName", "name"],
    "aws:lb/targetGroup:TargetGroup": ["arn", "arnSuffix", "name"],
    "aws:s3/bucket:Bucket": ["arn", "bucket", "bucketRegionalDomainName"],
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": [],
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": [],
    "aws:s3/bucketPolicy:BucketPolicy": [],
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": [],
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig": [],
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": [],
    "aws:s3/bucketVersioning:BucketVersioning": [],
    "aws:sns/topic:Topic": ["arn", "name"],
    "aws:sns/topicPolicy:TopicPolicy": [],
    "aws:sns/topicSubscription:TopicSubscription": ["arn"],
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": ["arn", "securityGroupRuleId"],
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ["arn", "securityGroupRuleId"],
    "pulumi:providers:aws": [],
};

/**
 * ARNs whose last part AWS makes a hex or UUID id (listeners, rules, scalable targets,
 * subscriptions): the mocks derive it from the logical name, so each is present and distinct,
 * and carries the name of what it belongs to (load balancer, topic) where AWS puts it there.
 */
const ID_ARNS: ReadonlySet<string> = new Set([
    "aws:lb/listener:Listener",
    "aws:lb/listenerRule:ListenerRule",
    "aws:appautoscaling/target:Target",
    "aws:sns/topicSubscription:TopicSubscription",
]);

/** The state the mocks give a resource of a plan, in the region the plan records. */
function mockState(r: PlanResource): Record<string, unknown> {
    const inputs = r.type.startsWith("aws:") ? { ...r.inputs, region: r.region } : r.inputs;
    return new ElasticMocks().newResource({ type: r.type, name: r.name, inputs, custom: true }).state;
}

/** `aws:s3/bucketV2:BucketV2` for `aws.s3.BucketV2`; `awsx:ec2:Vpc` for `awsx.ec2.Vpc`. */
function typeToken(pkg: string, module: string, cls: string): string {
    if (pkg === "awsx") return `awsx:${module}:${cls}`;
    return `aws:${module}/${cls[0].toLowerCase()}${cls.slice(1)}:${cls}`;
}

/** Every source file of the library (its component folders included), the testing kit aside. */
function componentSources(): string {
    const dir = path.join(ROOT, "components");
    return (fs.readdirSync(dir, { recursive: true }) as string[])
        .filter((f) => f.endsWith(".ts") && !f.startsWith("testing"))
        .map((f) => fs.readFileSync(path.join(dir, f), "utf8"))
        .join("\n");
}

describe("testing kit: the mocks cover our components", () => {
    const plans: Plan[] = [];
    before(async () => {
        for (const stack of ["dev", "staging", "prod"]) {
            plans.push(await shippedStack(stack as "dev" | "staging" | "prod"));
        }
    });

    it("knows every resource type dev, staging and prod create", () => {
        const types = new Set(plans.flatMap((p) => p.resources.filter((r) => !r.type.startsWith("elastic-web:")).map((r) => r.type)));
        assert.deepEqual([...types].sort(), Object.keys(COMPUTED).sort());
    });

    it("has a rule of its own for each of those types", () => {
        const unruled = Object.keys(COMPUTED).filter((t) => t !== "pulumi:providers:aws" && !MOCKED_TYPES.includes(t));
        assert.deepEqual(unruled, []);
    });

    it("computes the ARNs, names and DNS names other resources read, each carrying the resource's name", () => {
        const problems: string[] = [];
        for (const plan of plans) {
            const idArns = new Set<string>();
            for (const r of plan.resources.filter((x) => !x.type.startsWith("elastic-web:"))) {
                const state = mockState(r);
                if (ID_ARNS.has(r.type)) {
                    if (typeof state.arn !== "string" || idArns.has(state.arn))
                        problems.push(`${plan.stack} ${r.name}.arn = ${state.arn} (missing or shared)`);
                    idArns.add(String(state.arn));
                    continue;
                }
                const names = [r.name, r.inputs.name, r.inputs.bucket, r.inputs.family, r.inputs.dashboardName, r.inputs.alarmName].filter(
                    (n): n is string => typeof n === "string",
                );
                for (const attribute of COMPUTED[r.type] ?? []) {
                    const value = state[attribute];
                    const text = JSON.stringify(value) ?? "";
                    if (value === undefined || !names.some((n) => text.includes(n))) {
                        problems.push(`${plan.stack} ${r.name}.${attribute} = ${text}`);
                    }
                }
                const arn = state.arn;
                if (typeof arn === "string" && !new RegExp(`^arn:aws:[a-z0-9-]+:(${r.region})?:(123456789012)?:.+`).test(arn)) {
                    problems.push(`${plan.stack} ${r.name}.arn = ${arn} (region ${r.region})`);
                }
            }
        }
        assert.deepEqual(problems, []);
    });

    it("has a rule for every resource type the components construct, optional ones included", () => {
        const constructed = new Set<string>();
        for (const m of componentSources().matchAll(/new (awsx?)\.([a-z0-9]+)\.([A-Z]\w*)\(/g))
            constructed.add(typeToken(m[1], m[2], m[3]));
        assert.ok(constructed.has("aws:ecs/service:Service"), "the scan finds constructors");
        assert.deepEqual(
            [...constructed].filter((t) => !MOCKED_TYPES.includes(t)),
            [],
        );
    });

    it("answers every data-source call the components make", () => {
        const mocks = new ElasticMocks();
        const calls = new Set<string>();
        for (const m of componentSources().matchAll(/\baws\.(?:([a-z0-9]+)\.)?(get[A-Z]\w*?)(?:Output)?\(/g)) {
            calls.add(`aws:${m[1] ?? "index"}/${m[2]}:${m[2]}`);
        }
        assert.ok(calls.has("aws:index/getCallerIdentity:getCallerIdentity"), "the scan finds calls");
        for (const token of calls) assert.doesNotThrow(() => mocks.call({ token, inputs: {} }), token);
    });
});

function jsonError(text: string): string {
    try {
        JSON.parse(text);
    } catch (error) {
        return (error as Error).message;
    }
    return "";
}
