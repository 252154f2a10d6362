import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { withProfileTable } from "../tools/profile-table";

describe("README", () => {
    it("shows the profiles exactly as components/profiles.ts defines them (npm run docs:profiles rewrites it)", () => {
        const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
        assert.equal(readme, withProfileTable(readme));
    });
});
