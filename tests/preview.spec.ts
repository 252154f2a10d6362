import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import { estimateCost, formatCostTable } from "../components/plan/cost";
import type { PlanData, PlanResource } from "../components/testing";
import { ConfigError } from "../components/core/validate";
import { environmentOf, evaluate, formatFindings, Violation } from "../policy";
import {
    costAssumptions,
    diagramBase,
    fitLines,
    formatCost,
    formatCount,
    formatOutputs,
    formatPlan,
    formatPolicy,
    formatTree,
    loadProgram,
    packageRoot,
    parseArgs,
    planCost,
    PreviewResult,
    readStackConfig,
    runPreview,
    shortType,
    USAGE,
} from "../tools/preview";

const ROOT = path.resolve(__dirname, "..");
const STACK = "urn:pulumi:prod::elastic-web::pulumi:pulumi:Stack::elastic-web-prod";

function resource(name: string, type: string, parent: string | null, region = "us-east-1"): PlanResource {
    const qualified = parent === STACK || parent === null ? type : `${parent.split("::")[2].split("$").pop()}$${type}`;
    return {
        urn: `urn:pulumi:prod::elastic-web::${qualified}::${name}`,
        type,
        name,
        custom: !type.startsWith("elastic-web:"),
        parent,
        provider: null,
        region,
        inputs: {},
        options: { protect: false, retainOnDelete: false, ignoreChanges: [], dependsOn: [], deleteBeforeReplace: false },
    };
}

function handMadePlan(): PlanData {
    const bucket = resource("web-data", "elastic-web:aws:ReplicatedBucket", STACK);
    return {
        project: "elastic-web",
        stack: "prod",
        config: { "aws:region": "us-east-1" },
        resources: [
            bucket,
            resource("web-data-replica-provider", "pulumi:providers:aws", bucket.urn, "us-west-2"),
            resource("web-data", "aws:s3/bucket:Bucket", bucket.urn),
            resource("web-data-replica", "aws:s3/bucket:Bucket", bucket.urn, "us-west-2"),
            resource("web-alarms", "aws:sns/topic:Topic", STACK),
        ],
        outputs: { url: "http://web-alb-1234567890.us-east-1.elb.amazonaws.com", names: { web: "web-svc" } },
        policy: { violations: [] },
        cost: { monthlyUsd: 0, lines: [] },
    };
}

/**
 * An SNS topic no policy rule flags in any environment: encrypted with a customer-managed key
 * (sns-encrypted) and refusing publishes without TLS (sns-tls-only). A bare topic breaks both,
 * which are mandatory everywhere.
 */
function policyCleanTopic(name: string): aws.sns.Topic {
    const topic = new aws.sns.Topic(name, { kmsMasterKeyId: "alias/alarms" });
    new aws.sns.TopicPolicy(`${name}-policy`, {
        arn: topic.arn,
        policy: topic.arn.apply((arn) =>
            JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "DenyInsecureTransport",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "sns:Publish",
                        Resource: arn,
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    },
                ],
            }),
        ),
    });
    return topic;
}

/** A program whose bare SNS topic breaks two rules mandatory everywhere: sns-encrypted and sns-tls-only. */
function bareTopicProgram(): Record<string, never> {
    new aws.sns.Topic("alarms");
    return {};
}

/** A directory with a Pulumi.yaml and the given stack files. */
function stackDir(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "elastic-web-preview-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: elastic-web\nruntime: nodejs\n");
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
}

describe("preview: command line", () => {
    it("previews the dev stack when no stack is named", () => {
        assert.deepEqual(parseArgs([]), { stack: "dev", help: false });
    });

    it("reads --stack and --json, as separate words or with =", () => {
        assert.deepEqual(parseArgs(["--stack", "prod", "--json", "plan.json"]), { stack: "prod", json: "plan.json", help: false });
        assert.deepEqual(parseArgs(["--stack=staging", "--json=out/p.json"]), { stack: "staging", json: "out/p.json", help: false });
    });

    it("reads --diagram, whose file loses a .mmd or .svg extension to name both files", () => {
        assert.deepEqual(parseArgs(["--diagram", "docs/prod.svg"]), { stack: "dev", diagram: "docs/prod.svg", help: false });
        assert.equal(diagramBase("docs/prod.svg"), "docs/prod");
        assert.equal(diagramBase("docs/prod.mmd"), "docs/prod");
        assert.equal(diagramBase("docs/prod"), "docs/prod");
        assert.equal(diagramBase("docs/prod.v2"), "docs/prod.v2");
    });

    const bad: [string[], string][] = [
        [["--verbose"], 'Unknown option "--verbose".'],
        [["prod"], 'Unexpected argument "prod".'],
        [["--stack"], "Option --stack needs a value."],
        [["--stack", "--json", "x"], "Option --stack needs a value."],
        [["--json="], "Option --json needs a value."],
        [["--diagram"], "Option --diagram needs a value."],
        [["--stack", "../etc"], 'Stack name "../etc" may hold only letters, digits, "_", "." and "-".'],
    ];
    for (const [argv, message] of bad) {
        it(`refuses ${JSON.stringify(argv)}: ${message}`, () => {
            assert.throws(() => parseArgs(argv), { name: "UsageError", message });
        });
    }

    it("exits 2 with the usage on an unknown flag, before loading any program", async () => {
        const result = await runPreview(["--force"], { program: () => assert.fail("the program must not run") });
        assert.deepEqual(result, { code: 2, stdout: "", stderr: `Unknown option "--force".\n${USAGE}\n` });
    });

    it("prints the usage for --help", async () => {
        assert.deepEqual(await runPreview(["--help"]), { code: 0, stdout: `${USAGE}\n`, stderr: "" });
    });
});

describe("preview: stack config", () => {
    it("names the stack files that exist when the stack has none", async () => {
        const root = stackDir({ "Pulumi.alpha.yaml": "config: {}\n", "Pulumi.beta.yaml": "config: {}\n" });
        const result = await runPreview(["--stack", "gamma"], { root, program: () => assert.fail("the program must not run") });
        assert.deepEqual(result, {
            code: 1,
            stdout: "",
            stderr: 'Unknown stack "gamma": Pulumi.gamma.yaml does not exist. Stack files: Pulumi.alpha.yaml, Pulumi.beta.yaml.\n',
        });
    });

    it("reads the stack file over the project defaults, namespacing bare keys and hiding secure values", () => {
        const root = stackDir({
            "Pulumi.yaml": [
                "name: elastic-web",
                "config:",
                "  elastic-web:environment:",
                "    type: string",
                "    default: dev",
                "  owner:",
                "    default: platform",
                "  aws:region: us-east-1",
            ].join("\n"),
            "Pulumi.qa.yaml": [
                "config:",
                "  aws:region: eu-west-1",
                "  elastic-web:environment: staging",
                "  elastic-web:services:",
                "    web:",
                "      image: nginx",
                "      cpu: 512",
                "  token:",
                "    secure: v1:abc",
            ].join("\n"),
        });
        assert.deepEqual(readStackConfig(root, "qa"), {
            "aws:region": "eu-west-1",
            "elastic-web:environment": "staging",
            "elastic-web:owner": "platform",
            "elastic-web:services": { web: { image: "nginx", cpu: 512 } },
            "elastic-web:token": "[secret]",
        });
    });

    it("prints every configuration problem, one per line, and exits 1 without a stack trace or policy findings", async () => {
        const root = stackDir({ "Pulumi.qa.yaml": "config:\n  aws:region: us-east-1\n" });
        const problems = [
            "stack config: `elastic-web:services.web.cpu` (300) must be one of 256, 512, 1024, 2048, 4096, 8192, 16384.",
            'stack config: `elastic-web:environment` ("qa") must be one of "dev", "staging", "prod".',
        ];
        const result = await runPreview(["--stack", "qa"], {
            root,
            program: () => {
                // Unencrypted: a mandatory policy violation, which the config error hides.
                new aws.sns.Topic("made-before-the-error");
                throw new ConfigError(problems);
            },
        });
        assert.deepEqual(result, {
            code: 1,
            stdout: "",
            stderr: ["Configuration errors in Pulumi.qa.yaml:", ...problems.map((p) => `  - ${p}`)].join("\n") + "\n",
        });
    });

    it("runs the program with the stack's config and prints what it returns", async () => {
        const root = stackDir({ "Pulumi.qa.yaml": "config:\n  aws:region: eu-west-1\n  elastic-web:greeting: hello\n" });
        const result = await runPreview(["--stack", "qa"], {
            root,
            program: () => {
                const topic = policyCleanTopic("alarms");
                return { topicArn: topic.arn };
            },
        });
        assert.equal(result.code, 0, result.stderr);
        assert.equal(
            result.stdout,
            [
                "Previewing update (qa), offline under mocks:",
                "",
                "+ pulumi:pulumi:Stack elastic-web-qa",
                "    + aws:sns/topic:Topic alarms",
                "    + aws:sns/topicPolicy:TopicPolicy alarms-policy",
                "",
                "3 resources to create",
                "",
                "Outputs:",
                '    topicArn: "arn:aws:sns:eu-west-1:123456789012:alarms"',
                "",
                "Policy findings: none",
                "",
                "Monthly cost estimate: 0.00 USD (730 h month, prices 2026-11, region eu-west-1)",
                "Item           Resource  Region     Quantity  Unit              USD/unit  USD/month  Note",
                "SNS publishes  alarms    eu-west-1     0.001  million requests       0.5       0.00  1000 messages published",
                "-----------------------------------------------------------------------------------",
                "Total                                                                          0.00",
                "",
            ].join("\n"),
        );
        assert.deepEqual(result.plan?.config, { "aws:region": "eu-west-1", "elastic-web:greeting": "hello" });
        assert.deepEqual(result.plan?.policy, { violations: [] });
    });
});

describe("preview: cost", () => {
    const topicProgram = () => {
        policyCleanTopic("alarms");
        return {};
    };

    it("prices with the stack's elastic-web:costAssumptions and puts the estimate in the plan", async () => {
        const root = stackDir({
            "Pulumi.qa.yaml": "config:\n  aws:region: us-east-1\n  elastic-web:costAssumptions:\n    snsPublishesPerTopicMonth: 3000000\n",
        });
        const result = await runPreview(["--stack", "qa"], { root, program: topicProgram });
        assert.equal(result.code, 0, result.stderr);
        const cost = result.plan!.cost as ReturnType<typeof estimateCost>;
        // 3 million publishes × 0.50 USD per million
        assert.equal(cost.monthlyUsd, 1.5);
        assert.deepEqual(
            cost.lines.map((l) => [l.item, l.monthlyUsd]),
            [["SNS publishes", 1.5]],
        );
        assert.equal(cost.assumptions.snsPublishesPerTopicMonth, 3_000_000);
        assert.ok(result.stdout.endsWith(formatCostTable(cost)), result.stdout);
    });

    it("reads usage figures given as an object or as JSON text, and none when unset", () => {
        assert.deepEqual(costAssumptions({ "elastic-web:costAssumptions": { requestsPerSecond: 50 } }, "elastic-web"), {
            requestsPerSecond: 50,
        });
        assert.deepEqual(costAssumptions({ "shop:costAssumptions": '{"storedGbPerBucket": 200}' }, "shop"), { storedGbPerBucket: 200 });
        assert.deepEqual(costAssumptions({ "other:costAssumptions": { requestsPerSecond: 50 } }, "elastic-web"), {});
    });

    it("says why there is no estimate for a region without prices, and still exits 0", async () => {
        const root = stackDir({ "Pulumi.qa.yaml": "config:\n  aws:region: sa-east-1\n" });
        const result = await runPreview(["--stack", "qa"], { root, program: topicProgram });
        assert.equal(result.code, 0, result.stderr);
        const message =
            'No prices for region "sa-east-1" in components/plan/prices.json (version 2026-11); ' +
            "known regions: us-east-1, us-west-2, eu-west-1, eu-central-1, ap-southeast-1, ap-northeast-1.";
        assert.deepEqual(result.plan!.cost, { monthlyUsd: 0, lines: [], unavailable: message });
        assert.ok(result.stdout.endsWith(`\nMonthly cost estimate: not available: ${message}\n`), result.stdout);
    });

    it("exits 1 listing bad usage figures of a program that does not check them itself, before any policy finding", async () => {
        const root = stackDir({
            "Pulumi.qa.yaml": "config:\n  aws:region: us-east-1\n  elastic-web:costAssumptions:\n    averageScaleShare: 2\n",
        });
        // The bare topic breaks mandatory rules (see "preview: policy"); the config error hides them.
        const result = await runPreview(["--stack", "qa"], { root, program: bareTopicProgram });
        assert.deepEqual(result, {
            code: 1,
            stdout: "",
            stderr: "Configuration errors in Pulumi.qa.yaml:\n  - cost estimate: `usage.averageScaleShare` (2) must be a number from 0 to 1.\n",
        });
    });

    it("prints the cost last, and nothing for a plan without an estimate", () => {
        const plan = handMadePlan();
        assert.deepEqual(formatCost(plan.cost), []);
        assert.ok(formatPlan(plan).endsWith('    url: "http://web-alb-1234567890.us-east-1.elb.amazonaws.com"\n\nPolicy findings: none\n'));
        plan.resources = [resource("key", "aws:kms/key:Key", STACK)];
        plan.cost = planCost(plan);
        assert.equal(plan.cost.monthlyUsd, 1.03);
        assert.deepEqual(formatCost(plan.cost), formatCostTable(estimateCost(plan)).trimEnd().split("\n"));
        assert.ok(formatPlan(plan).endsWith(formatCostTable(estimateCost(plan))));
    });
});

describe("preview: policy", () => {
    it("exits 1 on a mandatory violation, still printing the whole plan, naming the stack on stderr", async () => {
        const root = stackDir({ "Pulumi.qa.yaml": "config:\n  aws:region: us-east-1\n" });
        const result = await runPreview(["--stack", "qa"], { root, program: bareTopicProgram });
        assert.deepEqual(
            { code: result.code, stderr: result.stderr, stdout: result.stdout },
            {
                code: 1,
                stderr: "Mandatory policy violations in stack qa: fix them or the stack's config before `pulumi up`.\n",
                stdout: [
                    "Previewing update (qa), offline under mocks:",
                    "",
                    "+ pulumi:pulumi:Stack elastic-web-qa",
                    "    + aws:sns/topic:Topic alarms",
                    "",
                    "2 resources to create",
                    "",
                    "Policy findings: 2 mandatory, 0 advisory",
                    "  medium:",
                    "    MANDATORY  sns-encrypted  alarms (aws:sns/topic:Topic)",
                    "               Is not encrypted: set kmsMasterKeyId to a customer-managed KMS key.",
                    "    MANDATORY  sns-tls-only  alarms (aws:sns/topic:Topic)",
                    '               Accepts publishing without TLS: add a topic policy statement that denies sns:Publish to "*" when',
                    '               aws:SecureTransport is "false".',
                    "",
                    "Monthly cost estimate: 0.00 USD (730 h month, prices 2026-11, region us-east-1)",
                    "Item           Resource  Region     Quantity  Unit              USD/unit  USD/month  Note",
                    "SNS publishes  alarms    us-east-1     0.001  million requests       0.5       0.00  1000 messages published",
                    "-----------------------------------------------------------------------------------",
                    "Total                                                                          0.00",
                    "",
                ].join("\n"),
            },
        );
    });
});

describe("preview: printing", () => {
    it("prints the policy findings after the outputs, mandatory first within a severity, and the cost after them", () => {
        const plan = handMadePlan();
        const topic = resource("web-alarms", "aws:sns/topic:Topic", STACK);
        plan.resources = [topic];
        const finding = (ruleId: string, mandatory: boolean, message: string): Violation => ({
            ruleId,
            severity: "medium",
            mandatory,
            resource: topic.urn,
            resourceName: topic.name,
            resourceType: topic.type,
            message,
        });
        plan.policy.violations = [
            finding("sns-tls-only", false, "Accepts publishing without TLS."),
            finding("sns-encrypted", true, "Is not encrypted."),
        ];
        plan.cost = planCost(plan);
        assert.equal(
            formatPlan(plan),
            [
                "Previewing update (prod), offline under mocks:",
                "",
                "+ pulumi:pulumi:Stack elastic-web-prod",
                "    + aws:sns/topic:Topic web-alarms",
                "",
                "2 resources to create",
                "",
                "Outputs:",
                "    names: {",
                '        "web": "web-svc"',
                "    }",
                '    url: "http://web-alb-1234567890.us-east-1.elb.amazonaws.com"',
                "",
                "Policy findings: 1 mandatory, 1 advisory",
                "  medium:",
                "    MANDATORY  sns-encrypted  web-alarms (aws:sns/topic:Topic)",
                "               Is not encrypted.",
                "    advisory   sns-tls-only  web-alarms (aws:sns/topic:Topic)",
                "               Accepts publishing without TLS.",
                "",
                "Monthly cost estimate: 0.00 USD (730 h month, prices 2026-11, region us-east-1)",
                "Item           Resource    Region     Quantity  Unit              USD/unit  USD/month  Note",
                "SNS publishes  web-alarms  us-east-1     0.001  million requests       0.5       0.00  1000 messages published",
                "-------------------------------------------------------------------------------------",
                "Total                                                                            0.00",
                "",
            ].join("\n"),
        );
    });

    it("draws the tree under the root stack, one level deeper per parent, with foreign regions shown", () => {
        assert.deepEqual(formatTree(handMadePlan()), [
            "+ pulumi:pulumi:Stack elastic-web-prod",
            "    + elastic-web:aws:ReplicatedBucket web-data",
            "        + pulumi:providers:aws web-data-replica-provider (us-west-2)",
            "        + aws:s3/bucket:Bucket web-data",
            "        + aws:s3/bucket:Bucket web-data-replica (us-west-2)",
            "    + aws:sns/topic:Topic web-alarms",
        ]);
    });

    it("hangs a resource whose parent is not in the plan off the root stack", () => {
        const plan = handMadePlan();
        plan.resources = [resource("orphan", "aws:sns/topic:Topic", "urn:pulumi:prod::elastic-web::x:y:Z::gone")];
        assert.deepEqual(formatTree(plan), ["+ pulumi:pulumi:Stack elastic-web-prod", "    + aws:sns/topic:Topic orphan"]);
    });

    it("counts the root stack with the resources", () => {
        assert.deepEqual(formatCount(handMadePlan()), ["6 resources to create"]);
        assert.deepEqual(formatCount({ ...handMadePlan(), resources: [] }), ["1 resource to create"]);
    });

    it("prints outputs sorted by name as JSON", () => {
        assert.deepEqual(formatOutputs(handMadePlan().outputs), [
            "Outputs:",
            "    names: {",
            '        "web": "web-svc"',
            "    }",
            '    url: "http://web-alb-1234567890.us-east-1.elb.amazonaws.com"',
        ]);
        assert.deepEqual(formatOutputs({}), []);
    });
});

describe("preview: the stacks of this repository", () => {
    type Shipped = "dev" | "staging" | "prod";
    interface ShippedPreview {
        result: PreviewResult;
        /** What was printed about the plan: stdout without the line about the files written. */
        report: string;
        /** The --json file (prod) or the --diagram base (dev). */
        file?: string;
    }

    // One preview per shipped stack, made on first use and shared: dev also draws the diagram,
    // prod also writes the plan JSON.
    const previews = new Map<Shipped, Promise<ShippedPreview>>();
    function preview(stack: Shipped): Promise<ShippedPreview> {
        let p = previews.get(stack);
        if (!p) {
            p = (async () => {
                const dir = fs.mkdtempSync(path.join(os.tmpdir(), `elastic-web-${stack}-`));
                let file: string | undefined;
                let args: string[] = [];
                let written = "";
                if (stack === "dev") {
                    file = path.join(dir, "sub", "dev");
                    args = ["--diagram", `${file}.svg`];
                    written = `\nDiagram written to ${file}.mmd and ${file}.svg\n`;
                } else if (stack === "prod") {
                    file = path.join(dir, "plan.json");
                    args = ["--json", file];
                    written = `\nPlan written to ${file}\n`;
                }
                const result = await runPreview(["--stack", stack, ...args]);
                const report = result.stdout.endsWith(written)
                    ? result.stdout.slice(0, result.stdout.length - written.length)
                    : result.stdout;
                return { result, report, file };
            })();
            previews.set(stack, p);
        }
        return p;
    }

    /** A package root holding this repository's Pulumi.yaml and its Pulumi.prod.yaml changed by `edit`. */
    function editedProd(edit: (text: string) => string): string {
        const original = fs.readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8");
        const text = edit(original);
        assert.notEqual(text, original, "the edit changed nothing");
        return stackDir({ "Pulumi.yaml": fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8"), "Pulumi.prod.yaml": text });
    }
    const program = () => loadProgram(path.join(ROOT, "index"));
    const MANDATORY_PROD = "Mandatory policy violations in stack prod: fix them or the stack's config before `pulumi up`.\n";

    /** The findings prod's shipped config leaves, all advisory, as printed. */
    const PROD_ADVISORY = {
        medium: [
            "    advisory   alb-waf  app-alb (aws:lb/loadBalancer:LoadBalancer)",
            '               Internet-facing and not protected by a web ACL: set `wafWebAclArn: "<web ACL ARN>"` on LoadBalancer "app" (stack config `elastic-web:loadBalancer.wafWebAclArn`).',
        ],
        low: [
            "  low:",
            "    advisory   ecs-non-root-user  app-web-task (aws:ecs/taskDefinition:TaskDefinition)",
            '               Container "app": does not set user, so it runs as the image\'s user (root unless the image says otherwise): not configurable through ElasticService "app-web" yet (it has no `user` arg); build the image with a non-root USER instruction (README "Your own image"), or set user on its child app-web-task with a transformation (README "Adjusting a child").',
            "    advisory   logs-kms  app-flow-logs (aws:cloudwatch/logGroup:LogGroup)",
            '               Is not encrypted with a customer-managed key: not configurable through Network "app" yet; adjust its child app-flow-logs with a transformation (README "Adjusting a child") to set kmsKeyId to a KMS key whose policy allows logs.<region>.amazonaws.com.',
            "    advisory   logs-kms  app-web-logs (aws:cloudwatch/logGroup:LogGroup)",
            '               Is not encrypted with a customer-managed key: not configurable through ElasticService "app-web" yet; adjust its child app-web-logs with a transformation (README "Adjusting a child") to set kmsKeyId to a KMS key whose policy allows logs.<region>.amazonaws.com.',
        ],
    };

    for (const stack of ["dev", "staging", "prod"] as const) {
        it(`previews ${stack}: every resource once in the tree, the count, the outputs, the policy findings, then the cost`, async () => {
            const { result, report } = await preview(stack);
            assert.equal(result.stderr, "");
            assert.equal(result.code, 0);
            const plan = result.plan!;
            assert.equal(plan.stack, stack);
            const lines = report.split("\n");
            assert.equal(lines.filter((l) => l === `+ pulumi:pulumi:Stack elastic-web-${stack}`).length, 1);
            for (const r of plan.resources) {
                const escape = (t: string) => t.replace(/[$.*+?^(){}|[\]\\/]/g, "\\$&");
                // A line that would pass 120 columns shows the type shortened, as the Pulumi CLI does.
                const line = new RegExp(`^ +\\+ (${escape(r.type)}|${escape(shortType(r.type))}) ${r.name}( \\(.+\\))?$`);
                assert.equal(
                    lines.filter((l) => line.test(l)).length,
                    plan.resources.filter((o) => o.type === r.type && o.name === r.name).length,
                    `${r.type} ${r.name}`,
                );
            }
            // The children of the awsx Vpc are derived from its inputs and counted apart.
            const derived = plan.resources.filter((r) => r.derived === "awsx").length;
            assert.ok(derived > 0);
            assert.ok(
                lines.includes(`${plan.resources.length + 1} resources to create (${derived} derived from awsx:ec2:Vpc app-vpc's inputs)`),
            );
            assert.ok(plan.resources.length > 10, `only ${plan.resources.length} resources`);
            assert.ok(lines.includes("Outputs:"));
            for (const key of Object.keys(plan.outputs)) {
                assert.ok(
                    lines.some((l) => l.startsWith(`    ${key}: `) || l === `    ${key}:`),
                    `output ${key} not printed`,
                );
            }
            // The stack's own environment: its config names it.
            assert.equal(environmentOf(plan.config, stack), stack);
            const violations = evaluate(plan.resources, stack);
            assert.deepEqual(plan.policy.violations, violations);
            assert.deepEqual(
                violations.filter((v) => v.mandatory),
                [],
            );
            assert.ok(violations.length > 0);
            const cost = plan.cost as ReturnType<typeof estimateCost>;
            const tail = [
                formatOutputs(plan.outputs).join("\n"),
                fitLines(formatFindings(violations)).join("\n"),
                formatCostTable(cost),
            ].join("\n\n");
            assert.ok(report.endsWith(`\n${tail}`), "outputs, policy findings and cost table last, in that order");
            assert.equal(lines[lines.length - 2].split(/ +/).pop(), plan.cost.monthlyUsd.toFixed(2));
        });
    }

    it("prints prod's findings, all advisory, exits 0 and writes the same findings with --json", async () => {
        const { result, report, file } = await preview("prod");
        assert.equal(result.code, 0, result.stderr);
        assert.equal(result.stderr, "");
        const section = ["Policy findings: 0 mandatory, 4 advisory", "  medium:", ...PROD_ADVISORY.medium, ...PROD_ADVISORY.low];
        assert.ok(report.includes(`\n\n${fitLines(section).join("\n")}\n\nMonthly cost estimate: `), report);
        assert.equal(report.split("\nPolicy findings: ").length, 2, "one policy section");
        const written = JSON.parse(fs.readFileSync(file!, "utf8")) as { policy: { violations: Violation[] } };
        assert.deepEqual(written.policy.violations, result.plan!.policy.violations);
        assert.deepEqual(formatFindings(written.policy.violations), section);
        assert.deepEqual(
            written.policy.violations.map((v) => [v.ruleId, v.resourceName, v.severity, v.mandatory]),
            [
                ["alb-waf", "app-alb", "medium", false],
                ["ecs-non-root-user", "app-web-task", "low", false],
                ["logs-kms", "app-flow-logs", "low", false],
                ["logs-kms", "app-web-logs", "low", false],
            ],
        );
    });

    it("fails a prod stack whose ALB may be deleted: exit 1, alb-deletion-protection on app-alb MANDATORY", async () => {
        const root = editedProd((t) =>
            t.replace("  elastic-web:loadBalancer:\n", "  elastic-web:loadBalancer:\n    deletionProtection: false\n"),
        );
        const result = await runPreview(["--stack", "prod"], { root, program });
        assert.equal(result.stderr, MANDATORY_PROD);
        assert.equal(result.code, 1);
        const alb = result.plan!.resources.find((r) => r.name === "app-alb")!;
        assert.equal(alb.inputs.enableDeletionProtection, false);
        const section = [
            "Policy findings: 1 mandatory, 4 advisory",
            "  medium:",
            "    MANDATORY  alb-deletion-protection  app-alb (aws:lb/loadBalancer:LoadBalancer)",
            '               Deletion protection is off: set `deletionProtection: true` on LoadBalancer "app" (stack config `elastic-web:loadBalancer.deletionProtection`).',
            ...PROD_ADVISORY.medium,
            ...PROD_ADVISORY.low,
        ];
        assert.ok(result.stdout.includes(`\n\n${fitLines(section).join("\n")}\n\nMonthly cost estimate: `), result.stdout);
        assert.deepEqual(formatPolicy(result.plan!), section);
    });

    it("fails a prod stack whose services allow ECS Exec: exit 1, ecs-exec-disabled on app-web-svc MANDATORY", async () => {
        const root = editedProd(
            (t) => `${t}  elastic-web:serviceDefaults:\n    enableExecuteCommand: true\n    readonlyRootFilesystem: false\n`,
        );
        const result = await runPreview(["--stack", "prod"], { root, program });
        assert.equal(result.stderr, MANDATORY_PROD);
        assert.equal(result.code, 1);
        const service = result.plan!.resources.find((r) => r.name === "app-web-svc")!;
        assert.equal(service.inputs.enableExecuteCommand, true);
        const section = [
            "Policy findings: 2 mandatory, 4 advisory",
            "  high:",
            "    MANDATORY  ecs-exec-disabled  app-web-svc (aws:ecs/service:Service)",
            '               ECS Exec is enabled: set `enableExecuteCommand: false` on ElasticService "app-web" (stack config `elastic-web:services.web.enableExecuteCommand`).',
            "  medium:",
            "    MANDATORY  ecs-readonly-root  app-web-task (aws:ecs/taskDefinition:TaskDefinition)",
            '               Container "app": has a writable root filesystem: set `readonlyRootFilesystem: true` on ElasticService "app-web" (stack config `elastic-web:services.web.readonlyRootFilesystem`) and list the paths it writes in `writablePaths`.',
            ...PROD_ADVISORY.medium,
            ...PROD_ADVISORY.low,
        ];
        assert.ok(result.stdout.includes(`\n\n${fitLines(section).join("\n")}\n\nMonthly cost estimate: `), result.stdout);
        assert.deepEqual(formatPolicy(result.plan!), section);
    });

    it("refuses ECS Exec on prod's read-only root filesystem before synthesizing anything", async () => {
        const root = editedProd((t) => `${t}  elastic-web:serviceDefaults:\n    enableExecuteCommand: true\n`);
        const result = await runPreview(["--stack", "prod"], { root, program });
        assert.deepEqual(result, {
            code: 1,
            stdout: "",
            stderr:
                "Configuration errors in Pulumi.prod.yaml:\n" +
                "  - stack config: `elastic-web:serviceDefaults.enableExecuteCommand` (true) does not work with `elastic-web:services.web.readonlyRootFilesystem` from the prod profile (true): the ECS Exec agent must write to the container's root filesystem and fails on a read-only one; set enableExecuteCommand to false to keep the read-only root, or readonlyRootFilesystem to false to use ECS Exec.\n",
        });
    });

    it("writes the plan as formatted JSON with --json, its cost total the table's", async () => {
        const { result, file } = await preview("prod");
        assert.equal(result.code, 0, result.stderr);
        assert.equal(fs.readFileSync(file!, "utf8"), JSON.stringify(result.plan, null, 2) + "\n");
        assert.ok(result.stdout.endsWith(`\nPlan written to ${file}\n`));
        const written = JSON.parse(fs.readFileSync(file!, "utf8"));
        const total = result.stdout.split("\n").find((l) => l.startsWith("Total "));
        assert.equal(total?.split(/ +/).pop(), written.cost.monthlyUsd.toFixed(2));
        assert.ok(written.cost.monthlyUsd > 0);
        assert.ok(written.cost.lines.length > 5);
    });

    it("writes the Mermaid and SVG diagram with --diagram", async () => {
        const { result, file: base } = await preview("dev");
        assert.equal(result.code, 0, result.stderr);
        assert.ok(result.stdout.endsWith(`\nDiagram written to ${base}.mmd and ${base}.svg\n`), result.stdout);
        assert.ok(fs.readFileSync(`${base}.mmd`, "utf8").startsWith("flowchart LR\n"));
        assert.match(fs.readFileSync(`${base}.svg`, "utf8"), /<svg [^]*ALB app&#45;alb[^]*<\/svg>/);
    });

    it("finds the stack files from its own directory", () => {
        assert.equal(packageRoot(), ROOT);
    });

    it("runs as `npm run preview` in a child process, printing what runPreview prints", async function () {
        // The first run after a change compiles the sources (tools/run.js).
        this.timeout(120_000);
        const { report } = await preview("prod");
        const stdout = execFileSync("npm", ["run", "-s", "preview", "--", "--stack", "prod"], { cwd: ROOT, encoding: "utf8" });
        assert.ok(stdout.startsWith("Previewing update (prod), offline under mocks:\n\n+ pulumi:pulumi:Stack elastic-web-prod\n"), stdout);
        assert.equal(stdout, report);
    });
});
