/**
 * Contract tests: every payload the shipped stacks (dev, staging, prod) pass to AWS, checked
 * against AWS's own API models, so that a malformed payload fails the tests instead of a
 * deployment.
 *
 * What is checked, for every profile's plan:
 * - ECS container definitions (the task definition's `containerDefinitions` JSON, which the
 *   provider passes verbatim): member names exactly as the model spells them, types, required
 *   members, enums, min/max and patterns of the ECS model's ContainerDefinition.
 * - CloudWatch PutMetricAlarm (each MetricAlarm), PutCompositeAlarm, PutDashboard; Application
 *   Auto Scaling PutScalingPolicy (TargetTrackingScalingPolicyConfiguration) and
 *   PutScheduledAction; S3 ReplicationConfiguration and BucketLifecycleConfiguration: the
 *   Pulumi inputs mapped to the API's members (names matched case-insensitively, as the provider
 *   derives them; maps to Name/Value and Key/Value lists; `metricQueries[].metric` to MetricStat;
 *   see apiRequest in tests/contracts/checker.ts), then the same checks.
 * - The dashboard body: its grammar is not in the API model (DashboardBody is a string), so the
 *   structure CloudWatch documents is checked (tests/contracts/grammars.ts): keys, widget types,
 *   grid positions, metric lines, views, periods, region.
 * - IAM role trust and inline policies, KMS key, S3 bucket and SNS topic policies: the policy
 *   grammar (Version, Statement, Sid, Effect, Action/NotAction, Resource/NotResource,
 *   Principal/NotPrincipal, condition operators), with the rules of where each is attached.
 *
 * What it cannot see: whether a value exists or is allowed in the account (an image, an ARN, a
 * metric name, an IAM action's name beyond its `service:action` form); rules between members that
 * the model does not state (ECS's memory vs. task memory, Fargate's CPU/memory pairs, that a
 * MetricAlarm has either a metric or metricQueries); quotas (see components/plan/quotas.ts); the
 * provider's own translation where it is not a rename (its request is rebuilt here, not
 * recorded); validation AWS performs only server-side and does not publish; payloads of
 * resources this suite has no contract for. Models: botocore's shapes committed in
 * tests/contracts/models/ (tools/extract-api-models.py), cross-checked with aws-sdk v2's
 * apis/*.min.json where that package is installed (it is not a dependency; the check skips
 * without it). Where aws-sdk v2 still requires a member botocore made optional, the stricter
 * model wins (EXTRA_REQUIRED in tests/contracts/checker.ts). Patterns are applied as Smithy
 * defines them: unanchored, so `[...]*` patterns accept any value.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { PlanData, PlanResource } from "../components/testing";
import { ApiModel, EXTRA_REQUIRED, apiRequest, checkShape, loadModel, where } from "./contracts/checker";
import { PolicyKind, checkDashboardBody, checkPolicy } from "./contracts/grammars";
import { shippedStack } from "./stacks";

const MODELS: Record<string, ApiModel> = Object.fromEntries(
    ["ecs", "cloudwatch", "application-autoscaling", "s3"].map((s) => [s, loadModel(s)]),
);

/** Which input of which type holds a policy document, and where it is attached. */
const POLICIES: Record<string, [input: string, kind: PolicyKind]> = {
    "aws:iam/role:Role": ["assumeRolePolicy", "trust"],
    "aws:iam/rolePolicy:RolePolicy": ["policy", "identity"],
    "aws:iam/policy:Policy": ["policy", "identity"],
    "aws:kms/key:Key": ["policy", "resource"],
    "aws:s3/bucketPolicy:BucketPolicy": ["policy", "resource"],
    "aws:sns/topicPolicy:TopicPolicy": ["policy", "resource"],
};

/** The contracts a resource is checked against, by name; none for resources without one. */
function contractsOf(r: PlanResource): string[] {
    const names: string[] = [];
    if (r.type === "aws:ecs/taskDefinition:TaskDefinition") names.push("ecs ContainerDefinition");
    const request = apiRequest(r);
    if (request) names.push(`${request.service} ${request.shape}`);
    if (r.type === "aws:cloudwatch/dashboard:Dashboard") names.push("dashboard body");
    if (POLICIES[r.type] && r.inputs[POLICIES[r.type][0]] !== undefined) names.push(`${POLICIES[r.type][1]} policy`);
    return names;
}

/** Every contract problem of a plan, each prefixed with its resource. */
function contractProblems(plan: Pick<PlanData, "resources">): string[] {
    const problems: string[] = [];
    for (const r of plan.resources) {
        const add = (list: string[]) => problems.push(...list.map((p) => `${where(r)}: ${p}`));
        if (r.type === "aws:ecs/taskDefinition:TaskDefinition") {
            const defs: unknown =
                typeof r.inputs.containerDefinitions === "string"
                    ? JSON.parse(r.inputs.containerDefinitions)
                    : r.inputs.containerDefinitions;
            if (!Array.isArray(defs)) add(["containerDefinitions: expected a list"]);
            else defs.forEach((d, i) => add(checkShape(MODELS.ecs, "ContainerDefinition", d, `containerDefinitions[${i}]`)));
        }
        const request = apiRequest(r);
        if (request) add(checkShape(MODELS[request.service], request.shape, request.value, "inputs", "pulumi"));
        if (r.type === "aws:cloudwatch/dashboard:Dashboard") add(checkDashboardBody(r.inputs.dashboardBody, "inputs.dashboardBody"));
        const policy = POLICIES[r.type];
        if (policy && r.inputs[policy[0]] !== undefined) add(checkPolicy(r.inputs[policy[0]], policy[1], `inputs.${policy[0]}`));
    }
    return problems;
}

describe("contract: the shipped stacks' payloads against AWS's API models", () => {
    for (const stack of ["dev", "staging", "prod"] as const) {
        it(`${stack}: every payload passes its contract`, async () => {
            const plan = await shippedStack(stack);
            assert.deepEqual(contractProblems(plan), []);
        });

        it(`${stack}: checks every kind of payload the stack makes`, async () => {
            const plan = await shippedStack(stack);
            const seen = new Set(plan.resources.flatMap(contractsOf));
            const expected = [
                "ecs ContainerDefinition",
                "cloudwatch PutMetricAlarmInput",
                "cloudwatch PutCompositeAlarmInput",
                "cloudwatch PutDashboardInput",
                "dashboard body",
                "application-autoscaling PutScalingPolicyRequest",
                "s3 BucketLifecycleConfiguration",
                "trust policy",
                "identity policy",
                "resource policy",
            ];
            if (stack !== "dev") expected.push("s3 ReplicationConfiguration");
            if (stack === "prod") expected.push("application-autoscaling PutScheduledActionRequest");
            assert.deepEqual([...seen].filter((c) => expected.includes(c)).sort(), [...expected].sort());
        });
    }
});

describe("contract: the checker fails a malformed payload with the member's path and what the model allows", () => {
    /** A deep copy of prod's plan with `edit` applied to the resource named `name`. */
    async function prodWith(name: string, edit: (r: PlanResource) => void): Promise<Pick<PlanData, "resources">> {
        const plan = JSON.parse(JSON.stringify(await shippedStack("prod"))) as PlanData;
        const r = plan.resources.find((x) => x.name === name);
        assert.ok(r, `no resource ${name}`);
        edit(r);
        return plan;
    }

    it("a misspelt container definition key: portMappings[0].containerport", async () => {
        const plan = await prodWith("app-web-task", (r) => {
            const defs = JSON.parse(r.inputs.containerDefinitions);
            defs[1].portMappings[0] = { containerport: 8080, protocol: "tcp" };
            r.inputs.containerDefinitions = JSON.stringify(defs);
        });
        assert.deepEqual(contractProblems(plan), [
            "app-web-task (aws:ecs/taskDefinition:TaskDefinition): containerDefinitions[1].portMappings[0].containerport: unknown member of PortMapping (did you mean containerPort?); the model allows containerPort, hostPort, protocol, name, appProtocol, containerPortRange",
        ]);
    });

    it("an alarm statistic the API does not know: Averages", async () => {
        const plan = await prodWith("app-alarms-web-cpu-high", (r) => {
            r.inputs.statistic = "Averages";
        });
        assert.deepEqual(contractProblems(plan), [
            'app-alarms-web-cpu-high (aws:cloudwatch/metricAlarm:MetricAlarm): inputs.statistic: string "Averages" is not a Statistic; the model allows SampleCount, Average, Sum, Minimum, Maximum',
        ]);
    });

    it("a metric alarm without the comparison operator AWS still requires", async () => {
        const plan = await prodWith("app-alarms-web-cpu-high", (r) => {
            delete r.inputs.comparisonOperator;
        });
        assert.deepEqual(contractProblems(plan), [
            "app-alarms-web-cpu-high (aws:cloudwatch/metricAlarm:MetricAlarm): inputs: missing member ComparisonOperator, which PutMetricAlarmInput requires",
        ]);
    });

    it("a value out of the model's bounds, a wrong type and a missing required member", async () => {
        const plan = await prodWith("app-web-cpu-scaling", (r) => {
            r.inputs.targetTrackingScalingPolicyConfiguration.scaleInCooldown = "300";
            delete r.inputs.targetTrackingScalingPolicyConfiguration.targetValue;
            r.inputs.resourceId = "";
        });
        assert.deepEqual(contractProblems(plan), [
            "app-web-cpu-scaling (aws:appautoscaling/policy:Policy): inputs.resourceId: 0 characters, below the minimum of ResourceIdMaxLen1600: 1",
            'app-web-cpu-scaling (aws:appautoscaling/policy:Policy): inputs.targetTrackingScalingPolicyConfiguration.scaleInCooldown: expected an integer (Cooldown), got string "300"',
            "app-web-cpu-scaling (aws:appautoscaling/policy:Policy): inputs.targetTrackingScalingPolicyConfiguration: missing member TargetValue, which TargetTrackingScalingPolicyConfiguration requires",
        ]);
    });

    it("policy grammar: a trust policy with a Resource, an Effect the grammar does not know", async () => {
        const plan = await prodWith("app-web-task-role", (r) => {
            const doc = JSON.parse(r.inputs.assumeRolePolicy);
            doc.Statement[0].Resource = "*";
            doc.Statement[0].Effect = "allow";
            r.inputs.assumeRolePolicy = JSON.stringify(doc);
        });
        assert.deepEqual(contractProblems(plan), [
            'app-web-task-role (aws:iam/role:Role): inputs.assumeRolePolicy.Statement[0].Effect: "allow"; the grammar allows "Allow", "Deny"',
            "app-web-task-role (aws:iam/role:Role): inputs.assumeRolePolicy.Statement[0]: a trust policy has no Resource or NotResource",
        ]);
    });

    it("dashboard body: a widget wider than the grid", async () => {
        const plan = await prodWith("app-alarms-dashboard", (r) => {
            const body = JSON.parse(r.inputs.dashboardBody);
            body.widgets[0].width = 25;
            r.inputs.dashboardBody = JSON.stringify(body);
        });
        assert.deepEqual(contractProblems(plan), [
            "app-alarms-dashboard (aws:cloudwatch/dashboard:Dashboard): inputs.dashboardBody.widgets[0].width: 25; an integer from 1 to 24",
            "app-alarms-dashboard (aws:cloudwatch/dashboard:Dashboard): inputs.dashboardBody.widgets[0]: x + width is more than the 24 columns of the grid",
        ]);
    });
});

describe("contract: the committed botocore shapes agree with aws-sdk v2's models", () => {
    /** Each fixture root and where aws-sdk v2's min.json (whose shape names are shortened) holds it. */
    const ROOTS: [service: string, file: string, root: string, v2Path: string[]][] = [
        ["ecs", "ecs-2014-11-13", "ContainerDefinition", ["RegisterTaskDefinition", "containerDefinitions", "[]"]],
        ["cloudwatch", "monitoring-2010-08-01", "PutMetricAlarmInput", ["PutMetricAlarm"]],
        ["cloudwatch", "monitoring-2010-08-01", "PutCompositeAlarmInput", ["PutCompositeAlarm"]],
        ["cloudwatch", "monitoring-2010-08-01", "PutDashboardInput", ["PutDashboard"]],
        ["application-autoscaling", "application-autoscaling-2016-02-06", "PutScalingPolicyRequest", ["PutScalingPolicy"]],
        ["application-autoscaling", "application-autoscaling-2016-02-06", "PutScheduledActionRequest", ["PutScheduledAction"]],
        ["s3", "s3-2006-03-01", "ReplicationConfiguration", ["PutBucketReplication", "ReplicationConfiguration"]],
        ["s3", "s3-2006-03-01", "BucketLifecycleConfiguration", ["PutBucketLifecycleConfiguration", "LifecycleConfiguration"]],
    ];
    for (const [service, file, root, v2Path] of ROOTS) {
        it(`${service} ${root}: every member aws-sdk v2 knows is in the fixture, with the same type`, function () {
            // aws-sdk v2 is not a dependency of this package (it is on this machine, not necessarily on CI).
            let v2Dir: string;
            try {
                v2Dir = path.join(path.dirname(require.resolve("aws-sdk/package.json")), "apis");
            } catch {
                return this.skip();
            }
            const v2 = JSON.parse(fs.readFileSync(path.join(v2Dir, `${file}.min.json`), "utf8"));
            const model = MODELS[service];
            const deref = (ref: any): any => (ref?.shape ? deref(v2.shapes[ref.shape]) : (ref ?? {}));
            let start = deref(v2.operations[v2Path[0]].input);
            for (const step of v2Path.slice(1)) start = deref(step === "[]" ? start.member : start.members[step]);
            const problems: string[] = [];
            const seen = new Set<string>();
            const compare = (name: string, old: any, at: string) => {
                const shape = model.shapes[name];
                const oldType = old.type ?? "string";
                if (oldType !== shape.type) return void problems.push(`${at}: ${shape.type} in the fixture, ${oldType} in aws-sdk v2`);
                if (seen.has(name)) return;
                seen.add(name);
                if (shape.type === "list") compare(shape.member!.shape, deref(old.member), `${at}[]`);
                if (shape.type === "map") compare(shape.value!.shape, deref(old.value), `${at}{}`);
                if (shape.type !== "structure") return;
                for (const [member, ref] of Object.entries<any>(old.members ?? {})) {
                    const mine = shape.members?.[member];
                    if (!mine) problems.push(`${at}.${member}: in aws-sdk v2, not in the fixture`);
                    else compare(mine.shape, deref(ref), `${at}.${member}`);
                }
                for (const req of old.required ?? []) {
                    if (!(shape.required ?? []).includes(req)) problems.push(`${at}: aws-sdk v2 requires ${req}, the fixture does not`);
                }
            };
            compare(root, start, root);
            // What aws-sdk v2 requires beyond botocore is exactly what the checker adds (EXTRA_REQUIRED).
            const extra = Object.entries(EXTRA_REQUIRED).flatMap(([shape, members]) =>
                seen.has(shape) ? members.map((m) => `${shape}: aws-sdk v2 requires ${m}, the fixture does not`) : [],
            );
            assert.deepEqual(problems, extra);
            assert.ok(seen.size >= 3, `only ${seen.size} shapes compared`);
        });
    }
});
