import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import type { Plan, PlanResource } from "../components/testing";
import { ConfigError } from "../components/validate";
import {
    formatCount,
    formatOutputs,
    formatTree,
    parseArgs,
    readStackConfig,
    runPreview,
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

function handMadePlan(): Plan {
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

    const bad: [string[], string][] = [
        [["--verbose"], 'Unknown option "--verbose".'],
        [["prod"], 'Unexpected argument "prod".'],
        [["--stack"], "Option --stack needs a value."],
        [["--stack", "--json", "x"], "Option --stack needs a value."],
        [["--json="], "Option --json needs a value."],
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

    it("prints every configuration problem, one per line, and exits 1 without a stack trace", async () => {
        const root = stackDir({ "Pulumi.qa.yaml": "config:\n  aws:region: us-east-1\n" });
        const problems = [
            "stack config: `elastic-web:services.web.cpu` (300) must be one of 256, 512, 1024, 2048, 4096, 8192, 16384.",
            "stack config: `elastic-web:environment` (\"qa\") must be one of \"dev\", \"staging\", \"prod\".",
        ];
        const result = await runPreview(["--stack", "qa"], {
            root,
            program: () => {
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
                const topic = new aws.sns.Topic("alarms");
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
                "",
                "2 resources to create",
                "",
                "Outputs:",
                '    topicArn: "arn:aws:sns:eu-west-1:123456789012:alarms"',
                "",
            ].join("\n"),
        );
        assert.deepEqual(result.plan?.config, { "aws:region": "eu-west-1", "elastic-web:greeting": "hello" });
    });
});

describe("preview: printing", () => {
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
    for (const stack of ["dev", "staging", "prod"]) {
        it(`previews ${stack}: every resource once in the tree, the count and the outputs`, async () => {
            const result = await runPreview(["--stack", stack]);
            assert.equal(result.stderr, "");
            assert.equal(result.code, 0);
            const plan = result.plan!;
            assert.equal(plan.stack, stack);
            const lines = result.stdout.split("\n");
            assert.equal(lines.filter((l) => l === `+ pulumi:pulumi:Stack elastic-web-${stack}`).length, 1);
            for (const r of plan.resources) {
                const line = new RegExp(`^ +\\+ ${r.type.replace(/[$.*+?^(){}|[\]\\/]/g, "\\$&")} ${r.name}( \\(.+\\))?$`);
                assert.equal(lines.filter((l) => line.test(l)).length, plan.resources.filter((o) => o.type === r.type && o.name === r.name).length, `${r.type} ${r.name}`);
            }
            assert.ok(lines.includes(`${plan.resources.length + 1} resources to create`));
            assert.ok(plan.resources.length > 10, `only ${plan.resources.length} resources`);
            assert.ok(lines.includes("Outputs:"));
            for (const key of Object.keys(plan.outputs)) {
                assert.ok(lines.some((l) => l.startsWith(`    ${key}: `)), `output ${key} not printed`);
            }
        });
    }

    it("writes the plan as formatted JSON with --json", async () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "elastic-web-plan-")), "plan.json");
        const result = await runPreview(["--stack", "dev", "--json", file]);
        assert.equal(result.code, 0, result.stderr);
        assert.equal(fs.readFileSync(file, "utf8"), JSON.stringify(result.plan, null, 2) + "\n");
        assert.ok(result.stdout.endsWith(`\nPlan written to ${file}\n`));
    });

    it("runs as `npm run preview` in a child process", () => {
        const stdout = execFileSync("npm", ["run", "-s", "preview", "--", "--stack", "dev"], { cwd: ROOT, encoding: "utf8" });
        assert.ok(stdout.startsWith("Previewing update (dev), offline under mocks:\n\n+ pulumi:pulumi:Stack elastic-web-dev\n"), stdout);
    });
});
