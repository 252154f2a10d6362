import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { SCHEMA_COMMENT, SCHEMA_FILE, projectConfig, staleFiles, stackFileSchema, withConfigTable } from "../tools/config-schema";
import { JsonSchema, validate } from "../tools/json-schema-check";
import { STACK_CONFIG_KEYS } from "../components/stack/config";

const ROOT = path.join(__dirname, "..");
const yaml = require("js-yaml") as { load(text: string): unknown };
const STACK_FILES = fs.readdirSync(ROOT).filter((f) => /^Pulumi\.[^.]+\.yaml$/.test(f));

describe("stack file schema (npm run schema:config)", () => {
    const schema = stackFileSchema() as Exclude<JsonSchema, boolean>;
    const check = (config: Record<string, unknown>) => validate(schema, { config });
    const minimal = (extra: Record<string, unknown>) => ({
        "aws:region": "us-east-1",
        "elastic-web:services": { web: { image: "nginx" } },
        ...extra,
    });

    it("is committed as generated: the schema file, Pulumi.yaml's config section, the stack files' schema line, the README's key table", async () => {
        assert.deepEqual(await staleFiles(), []);
    });

    it("is a draft 2020-12 schema of the whole file, with every elastic-web: key of the stack config described", () => {
        assert.equal(schema.$schema, "https://json-schema.org/draft/2020-12/schema");
        const config = (schema.properties as Record<string, { properties: Record<string, { description?: string }> }>).config;
        assert.deepEqual(Object.keys(config.properties), ["aws:region", ...STACK_CONFIG_KEYS.map((k) => `elastic-web:${k}`)]);
        for (const [key, value] of Object.entries(config.properties)) assert.ok(value.description, `${key} has a description`);
        assert.equal(
            config.properties["elastic-web:name"].description,
            'Prefix of every resource name: 1-12 lowercase letters, digits and hyphens, starting with a letter. Default: "app".',
        );
    });

    for (const file of STACK_FILES) {
        it(`validates ${file}, whose first line points editors at the schema`, () => {
            const text = fs.readFileSync(path.join(ROOT, file), "utf8");
            assert.equal(text.split("\n")[0], SCHEMA_COMMENT);
            assert.deepEqual(validate(schema, yaml.load(text)), []);
        });
    }

    it("lists every elastic-web: key in the README with the keys its section takes, as the schemas say", () => {
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        assert.equal(readme, withConfigTable(readme));
        const rows = readme.split("\n").filter((l) => /^\| `[a-zA-Z]+` \| [A-Z]/.test(l));
        assert.deepEqual(
            rows.map((l) => l.split("`")[1]).filter((k) => (STACK_CONFIG_KEYS as readonly string[]).includes(k)),
            [...STACK_CONFIG_KEYS],
        );
        assert.ok(
            readme.includes(
                "| `alarms` | Alarm settings over the profile's; thresholds merge key by key. Default: the profile's alarms. Keys: `topicArn`, `replicaTopicArn`, `emails`, `httpsEndpoints`, `thresholds`, `deploymentAlarms`, `requireSubscription`, `dashboard`. |",
            ),
        );
    });

    it("validates the README's configuration example", () => {
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        const block = /```yaml\n(config:\n {2}aws:region: eu-west-1\n[^]*?)```/.exec(readme);
        assert.ok(block, "the README's configuration example");
        assert.deepEqual(validate(schema, yaml.load(block[1])), []);
    });

    it("refuses a misspelt key at the top, in a section and in a component section, and keeps other namespaces open", () => {
        assert.deepEqual(check(minimal({ "elastic-web:service": {}, "aws:profile": "dev" })), [
            "/config/elastic-web:service: is not an allowed key",
        ]);
        assert.deepEqual(check(minimal({ "elastic-web:costAssumptions": { rps: 5 } })), [
            "/config/elastic-web:costAssumptions/rps: is not a known key",
        ]);
        assert.deepEqual(check(minimal({ "elastic-web:loadBalancer": { idleTimeout: 5 } })), [
            "/config/elastic-web:loadBalancer/idleTimeout: is not a known key",
        ]);
        assert.deepEqual(check(minimal({ "elastic-web:services": { web: { imag: "nginx" } } })), [
            '/config/elastic-web:services/web: must have "image"',
            "/config/elastic-web:services/web/imag: is not a known key",
        ]);
        assert.deepEqual(validate(schema, { confg: {} }), ['/: must have "config"', "/confg: is not a known key"]);
    });

    it("refuses values the stack config refuses: a bad environment, name or figure, a network mixing a new VPC and an existing one", () => {
        assert.deepEqual(check(minimal({ "elastic-web:environment": "test", "elastic-web:name": "Shop" })), [
            '/config/elastic-web:environment: must be one of ["dev","staging","prod"]',
            "/config/elastic-web:name: must match ^[a-z][a-z0-9-]{0,11}$",
        ]);
        assert.deepEqual(check(minimal({ "elastic-web:costAssumptions": { perResource: { "web-alb": { requestsPerConnection: 0 } } } })), [
            "/config/elastic-web:costAssumptions/perResource/web-alb/requestsPerConnection: must be greater than 0",
        ]);
        const existing = { vpcId: "vpc-0123456789abcdef0", publicSubnetIds: ["subnet-0aaaaaaa"], privateSubnetIds: ["subnet-0bbbbbbb"] };
        assert.deepEqual(check(minimal({ "elastic-web:network": { ...existing, azCount: 3 } })), [
            "/config/elastic-web:network: matches none of the allowed forms",
        ]);
        assert.deepEqual(check(minimal({ "elastic-web:network": { azCount: 3 }, "elastic-web:bucket": false })), []);
    });

    it("requires aws:region and elastic-web:services, as the stack config does", () => {
        assert.deepEqual(check({}), ['/config: must have "aws:region"', '/config: must have "elastic-web:services"']);
    });

    it("declares each key in Pulumi.yaml: scalars typed, a default for every key a stack may leave out but environment", () => {
        const declared = projectConfig();
        assert.deepEqual(
            Object.keys(declared),
            STACK_CONFIG_KEYS.map((k) => `elastic-web:${k}`),
        );
        assert.deepEqual(
            Object.entries(declared).map(([k, d]) => [k, d.type, d.default]),
            [
                ["elastic-web:environment", "string", undefined],
                ["elastic-web:name", "string", "app"],
                ["elastic-web:network", undefined, {}],
                ["elastic-web:loadBalancer", undefined, {}],
                ["elastic-web:serviceDefaults", undefined, {}],
                ["elastic-web:services", undefined, undefined],
                ["elastic-web:tags", undefined, {}],
                ["elastic-web:bucket", undefined, {}],
                ["elastic-web:alarms", undefined, {}],
                ["elastic-web:costAssumptions", undefined, {}],
            ],
        );
        const project = yaml.load(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as { config: unknown };
        assert.deepEqual(project.config, JSON.parse(JSON.stringify(declared)));
        assert.ok(fs.existsSync(path.join(ROOT, SCHEMA_FILE)));
    });
});
