import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The layout README's "How the code is organised" describes, held as rules: no import circle
 * anywhere in the source, no library or tool source file over 800 lines, dependencies one way
 * (tools → plan/testing → stack → components → core), no component importing another.
 */
const ROOT = path.resolve(__dirname, "..");
const SOURCE_DIRS = ["components", "tools", "policy", "tests"];
const MAX_LINES = 800;

/** Source files (`.ts`, not `.d.ts`), relative to the root, with `/` separators. */
function sources(): string[] {
    const files = ["index.ts"];
    for (const dir of SOURCE_DIRS) {
        for (const f of fs.readdirSync(path.join(ROOT, dir), { recursive: true }) as string[]) {
            if (f.endsWith(".ts") && !f.endsWith(".d.ts") && !f.includes("node_modules"))
                files.push(`${dir}/${f.split(path.sep).join("/")}`);
        }
    }
    return files.sort();
}

const IMPORT = /(?:\bfrom\s*|\brequire\(\s*|\bimport\(\s*)"(\.{1,2}\/[^"]*)"/g;

/** The source files `file` imports (relative imports only), resolved to files. */
export function importsOf(file: string, text: string, exists: (f: string) => boolean): string[] {
    const out = new Set<string>();
    for (const m of text.matchAll(IMPORT)) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1]));
        const hit = [`${target}.ts`, `${target}/index.ts`].find(exists);
        if (hit) out.add(hit);
    }
    return [...out].sort();
}

/** The import circles of a graph (strongly connected components of two or more files, or a self-import). */
export function importCircles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
    let counter = 0;
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const circles: string[][] = [];
    const visit = (v: string) => {
        index.set(v, counter);
        low.set(v, counter++);
        stack.push(v);
        onStack.add(v);
        for (const w of graph.get(v) ?? []) {
            if (!index.has(w)) {
                visit(w);
                low.set(v, Math.min(low.get(v)!, low.get(w)!));
            } else if (onStack.has(w)) {
                low.set(v, Math.min(low.get(v)!, index.get(w)!));
            }
        }
        if (low.get(v) === index.get(v)) {
            const scc: string[] = [];
            let w: string;
            do {
                w = stack.pop()!;
                onStack.delete(w);
                scc.push(w);
            } while (w !== v);
            if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) circles.push(scc.sort());
        }
    };
    for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
    return circles;
}

/** The layer of a library file: core 0, a component 1, stack 2, plan tools and the testing kit 3. */
function layer(file: string): number | undefined {
    const [top, folder] = file.split("/");
    if (top !== "components" || folder === undefined || folder.endsWith(".ts")) return undefined;
    if (folder === "core") return 0;
    if (folder === "stack") return 2;
    if (folder === "plan" || folder === "testing") return 3;
    return 1;
}

describe("layout", () => {
    const files = sources();
    const set = new Set(files);
    const texts = new Map(files.map((f) => [f, fs.readFileSync(path.join(ROOT, f), "utf8")]));
    const graph = new Map(files.map((f) => [f, importsOf(f, texts.get(f)!, (x) => set.has(x))]));

    it("finds the circle in a graph with one, and none in a line", () => {
        const circular = new Map([
            ["a.ts", ["b.ts"]],
            ["b.ts", ["c.ts"]],
            ["c.ts", ["a.ts"]],
            ["d.ts", ["a.ts"]],
        ]);
        assert.deepEqual(importCircles(circular), [["a.ts", "b.ts", "c.ts"]]);
        assert.deepEqual(
            importCircles(
                new Map([
                    ["a.ts", ["b.ts"]],
                    ["b.ts", []],
                ]),
            ),
            [],
        );
    });

    it("resolves relative imports, type-only ones included, to files and folder indexes", () => {
        const text = 'import type { A } from "../core/types";\nexport * from "./args";\nconst x = require("../network");';
        const known = new Set(["components/core/types.ts", "components/service/args.ts", "components/network/index.ts"]);
        assert.deepEqual(
            importsOf("components/service/index.ts", text, (f) => known.has(f)),
            ["components/core/types.ts", "components/network/index.ts", "components/service/args.ts"],
        );
    });

    it("has no import circle anywhere in the source", () => {
        assert.deepEqual(importCircles(graph), []);
    });

    it("has no library or tool source file over 800 lines", () => {
        const long = files
            .filter((f) => !f.startsWith("tests/"))
            .map((f) => `${f} (${texts.get(f)!.split("\n").length} lines)`)
            .filter((line) => Number(/\((\d+) lines\)/.exec(line)![1]) > MAX_LINES);
        assert.deepEqual(long, []);
    });

    it("has library dependencies only downward, and no component importing another", () => {
        const wrong: string[] = [];
        for (const [file, deps] of graph) {
            const from = layer(file);
            if (from === undefined) continue;
            for (const dep of deps) {
                const to = layer(dep);
                if (to === undefined) continue;
                const sideways = from === 1 && to === 1 && file.split("/")[1] !== dep.split("/")[1];
                if (to > from || sideways) wrong.push(`${file} -> ${dep}`);
            }
        }
        assert.deepEqual(wrong, []);
    });
});
