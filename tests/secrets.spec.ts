import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { ElasticService } from "../components/service/elastic-service";
import { Match, Plan, SECRET, synth } from "../components/testing";
import { diagramGraph, toDot, toMermaid } from "../components/plan/diagram";
import { formatPlan, runPreview } from "../tools/preview";

const CLEAR = "hunter2-super-secret";
const SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion";

/** A program with a secret in a SecretVersion, a container's environment and a tag, and a secret output. */
function program() {
    const secret = new aws.secretsmanager.Secret("db");
    new aws.secretsmanager.SecretVersion("db-value", { secretId: secret.id, secretString: pulumi.secret(CLEAR) });
    const topic = new aws.sns.Topic("alerts", { tags: { team: "web", token: pulumi.secret(CLEAR) } });
    const svc = new ElasticService("web", {
        image: "public.ecr.aws/nginx/nginx-unprivileged:stable-alpine",
        vpcId: "vpc-1",
        subnetIds: ["subnet-a", "subnet-b"],
        loadBalancer: {
            listenerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web-alb/50dc6c495c0c9188/f2f7dc8efc522ab2",
            securityGroupId: "sg-alb",
            loadBalancerArnSuffix: "app/web-alb/50dc6c495c0c9188",
        },
        environment: { DB_URL: pulumi.secret(CLEAR), MODE: "prod" },
    });
    return { topicArn: topic.arn, dbUrl: pulumi.secret(CLEAR), service: svc.service.name };
}

describe("secrets in a plan", () => {
    let plan: Plan;
    before(async () => {
        plan = await synth(program);
    });

    it("holds no secret's clear text anywhere in the plan's JSON", () => {
        const json = JSON.stringify(plan);
        assert.equal(json.includes(CLEAR), false);
        assert.equal(json.includes(Buffer.from(CLEAR).toString("base64")), false);
    });

    it("records a secret input as [secret] and lists its path in secretPaths", () => {
        const version = plan.named("db-value", SECRET_VERSION);
        assert.deepEqual(version.inputs, { secretId: "db-id", secretString: "[secret]" });
        assert.deepEqual(version.secretPaths, ["secretString"]);
        const topic = plan.named("alerts", "aws:sns/topic:Topic");
        assert.deepEqual(topic.inputs.tags, { team: "web", token: "[secret]" });
        assert.deepEqual(topic.secretPaths, ["tags.token"]);
        assert.equal(SECRET, "[secret]");
    });

    it("masks the whole container definitions a secret environment value flows into, as the engine shows them", () => {
        const task = plan.child("web", "task");
        assert.equal(task.inputs.containerDefinitions, "[secret]");
        assert.deepEqual(task.secretPaths, ["containerDefinitions"]);
    });

    it("lists no secretPaths on a resource without secrets", () => {
        assert.equal("secretPaths" in plan.named("db", "aws:secretsmanager/secret:Secret"), false);
    });

    it("records a secret output as [secret]", () => {
        assert.equal(plan.outputs.dbUrl, "[secret]");
        assert.equal(plan.outputs.topicArn, "arn:aws:sns:us-east-1:123456789012:alerts");
    });

    it("matches a secret with Match.secret(), and its clear value with Match.secret(inner)", () => {
        assert.equal(plan.hasResource(SECRET_VERSION, { secretString: Match.secret() }).name, "db-value");
        assert.equal(plan.hasResource(SECRET_VERSION, { secretString: Match.secret(CLEAR) }).name, "db-value");
        assert.equal(
            plan.hasResource("aws:sns/topic:Topic", { tags: { token: Match.secret(Match.stringLike("hunter2-*")) } }).name,
            "alerts",
        );
        assert.equal(plan.hasResource("aws:sns/topic:Topic", { tags: { team: Match.not(Match.secret()) } }).name, "alerts");
    });

    it("never prints a secret's value in a failure message", () => {
        assert.throws(
            () => plan.hasResource(SECRET_VERSION, { secretString: Match.secret("other") }),
            (e: Error) => {
                assert.equal(
                    e.message,
                    [
                        `hasResource: no ${SECRET_VERSION} has inputs matching`,
                        '  { secretString: Match.secret("other") }',
                        "1 resource of that type:",
                        "  db-value (1 differing path):",
                        '    secretString: expected a secret matching "other", actual "[secret]" (the secret\'s value differs (not shown))',
                    ].join("\n"),
                );
                return true;
            },
        );
        assert.throws(
            () => plan.hasResource("aws:sns/topic:Topic", { tags: { team: Match.secret() } }),
            (e: Error) => e.message.endsWith('    tags.team: expected a secret, actual "web"') && !e.message.includes(CLEAR),
        );
        assert.throws(
            () => plan.hasResource(SECRET_VERSION, { secretString: "guess" }),
            (e: Error) => e.message.endsWith('    secretString: expected "guess", actual "[secret]"') && !e.message.includes(CLEAR),
        );
    });

    it("cannot check a secret's value in a plan read from JSON", () => {
        const read = Plan.from(JSON.stringify(plan));
        assert.equal(read.hasResource(SECRET_VERSION, { secretString: Match.secret() }).name, "db-value");
        assert.throws(
            () => read.hasResource(SECRET_VERSION, { secretString: Match.secret(CLEAR) }),
            (e: Error) =>
                e.message.endsWith(
                    `    secretString: expected a secret matching "${CLEAR}", actual "[secret]" (its clear value is not in this process (a plan read from JSON keeps none))`,
                ),
        );
    });

    it("keeps the clear text out of the preview's text and the diagram", () => {
        const text = formatPlan(plan);
        assert.ok(text.includes('\n    dbUrl: "[secret]"\n'), text);
        assert.equal(text.includes(CLEAR), false);
        const d = diagramGraph(plan);
        assert.equal(toMermaid(d).includes(CLEAR), false);
        assert.equal(toDot(d).includes(CLEAR), false);
    });

    it("keeps the clear text out of what `npm run preview -- --json --diagram` writes and prints", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "secrets-"));
        const file = path.join(dir, "plan.json");
        const result = await runPreview(["--stack", "dev", "--json", file, "--diagram", path.join(dir, "diagram")], { program });
        const written = [file, path.join(dir, "diagram.mmd"), path.join(dir, "diagram.svg")].map((f) => fs.readFileSync(f, "utf8"));
        for (const text of [result.stdout, result.stderr, ...written]) assert.equal(text.includes(CLEAR), false);
        assert.deepEqual(JSON.parse(written[0]).outputs.dbUrl, "[secret]");
    });
});
