import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * npm shows the README of the published tarball, where a relative link leads nowhere: every link
 * of README.md is an in-page anchor, an external address, or an absolute unpkg.com address of a
 * file this version of the package ships. And no file of the repository refers to documents
 * that are not in it.
 */
const ROOT = path.resolve(__dirname, "..");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { name: string; version: string; files: string[] };
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

/** The Markdown link and image targets of a text, outside fenced code blocks. */
export function linkTargets(markdown: string): string[] {
    const prose = markdown.replace(/^```[^]*?^```/gm, "");
    return [...prose.matchAll(/\]\(([^)\s]+)\)|<img[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1] ?? m[2]);
}

/** The anchor GitHub and npm give a heading: lower case, spaces to `-`, punctuation dropped. */
export function headingAnchor(heading: string): string {
    return heading
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, "")
        .replace(/\s/g, "-");
}

/** Whether the package's `files` list ships `file` (a path relative to the root). */
function shipped(file: string): boolean {
    return pkg.files.some((f) => (f.endsWith("/") ? file.startsWith(f) : file === f));
}

describe("README links", () => {
    const targets = linkTargets(README);
    const unpkg = `https://unpkg.com/${pkg.name}@${pkg.version}/`;

    it("finds the links it checks", () => {
        assert.ok(targets.includes(`${unpkg}docs/diagrams/prod.svg`), targets.join("\n"));
        assert.ok(targets.includes("#testing-your-program"), targets.join("\n"));
    });

    it("has no relative link, which the npm registry's page could not follow", () => {
        assert.deepEqual(
            targets.filter((t) => !t.startsWith("#") && !/^https:\/\//.test(t)),
            [],
        );
    });

    it("points every unpkg.com link at this version of the package", () => {
        const other = targets.filter((t) => t.startsWith("https://unpkg.com/") && !t.startsWith(unpkg));
        assert.deepEqual(other, [], `links of another package or version: after a version bump, point them at ${unpkg}`);
    });

    it("points every link to the package's files at a file of the repository that the package ships", () => {
        for (const file of targets.filter((t) => t.startsWith(unpkg)).map((t) => t.slice(unpkg.length))) {
            assert.ok(fs.existsSync(path.join(ROOT, file)), `${file} is not in the repository`);
            assert.ok(shipped(file), `${file} is not in package.json's files`);
        }
    });

    it("points every anchor at a heading of the README", () => {
        const anchors = new Set([...README.matchAll(/^#{1,6} (.+)$/gm)].map((m) => headingAnchor(m[1])));
        assert.deepEqual(
            targets.filter((t) => t.startsWith("#") && !anchors.has(t.slice(1))),
            [],
        );
    });

    it("reads link targets and anchors as the registry does", () => {
        assert.deepEqual(linkTargets("[a](#x) ![b](https://e/c.svg)\n```\n[c](d.md)\n```\n<img alt='' src=\"e.svg\">"), [
            "#x",
            "https://e/c.svg",
            "e.svg",
        ]);
        assert.equal(
            headingAnchor("What is verified offline, and what only a real deployment shows"),
            "what-is-verified-offline-and-what-only-a-real-deployment-shows",
        );
    });
});

describe("references to documents outside the repository", () => {
    // Spelled in pieces so that this file does not match itself.
    const OUTSIDE = ["DESIGN" + ".md", "STYLE" + ".md", "seed-elastic" + "-architecture", "../" + "shared", "/work" + "/"];
    const SKIP = new Set(["node_modules", ".git", "out", "dist", "models"]);

    /** Text files of the repository, relative to the root. */
    function files(dir = ""): string[] {
        const out: string[] = [];
        for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
            if (SKIP.has(entry.name)) continue;
            const rel = dir === "" ? entry.name : `${dir}/${entry.name}`;
            if (entry.isDirectory()) out.push(...files(rel));
            else if (/\.(ts|js|json|md|yaml|yml|txt|mmd)$/.test(entry.name) || entry.name === ".gitignore") out.push(rel);
        }
        return out;
    }

    it("names none: the bench and the docs state their figures and sources themselves", () => {
        const found: string[] = [];
        for (const file of files()) {
            const text = fs.readFileSync(path.join(ROOT, file), "utf8");
            for (const needle of OUTSIDE) if (text.includes(needle)) found.push(`${file}: ${needle}`);
        }
        assert.deepEqual(found, []);
    });
});
