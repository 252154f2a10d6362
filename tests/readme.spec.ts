import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { withProfileTable } from "../tools/profile-table";

describe("README", () => {
    it("shows the profiles exactly as components/stack/profiles.ts defines them (npm run docs:profiles rewrites it)", () => {
        const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
        assert.equal(readme, withProfileTable(readme));
    });
});

describe("README configuration example", () => {
    it("resolves as the stack config it shows", () => {
        const yaml = require("js-yaml") as { load(text: string): { config: Record<string, unknown> } };
        const { resolveStackConfig } = require("../components/stack/config") as typeof import("../components/stack/config");
        const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
        const block = /```yaml\n(config:\n {2}aws:region: eu-west-1\n[^]*?)```/.exec(readme);
        assert.ok(block, "the README's configuration example");
        const config = resolveStackConfig(yaml.load(block[1]).config, "prod");
        assert.deepEqual(Object.keys(config.services), ["web", "api"]);
        assert.equal(config.name, "shop");
        assert.equal(config.services.api.architecture, "arm64");
        assert.deepEqual(config.services.api.routing, { pathPatterns: ["/api/*"], priority: 10 });
        assert.equal(config.bucket && config.bucket.replicaRegion, "eu-central-1");
    });
});
