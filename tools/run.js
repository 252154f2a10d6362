#!/usr/bin/env node
/**
 * `node tools/run.js <tool.ts> [args…]`: runs a tool of this package (tools/preview.ts,
 * tools/bench.ts) as JavaScript compiled into `out/`, first compiling the sources that changed
 * since the last run. The tool exports `main(argv)`, which resolves to the exit code.
 *
 * Why not ts-node: start-up is most of a preview's time, and ts-node compiles every file on every
 * run and maps the stack trace the Pulumi SDK captures for each resource (about 1.5 s of a 2 s
 * preview on a 2-core machine). Here a file is compiled once, by TypeScript's `transpileModule`
 * (no type-check: `npm test` runs `tsc --noEmit`), and later runs load plain JavaScript.
 *
 * Plain JavaScript on purpose: it must start without a compiler.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const Module = require("module");

const ROOT = path.resolve(__dirname, "..");
const OUT = path.join(ROOT, "out");
/** What a tool may load: the program, the library, the tools and the policy rules. */
const SOURCES = ["index.ts", "components", "tools", "policy"];

/** Source files under `SOURCES` (`.ts` without `.d.ts`, and `.json` data), relative to the root. */
function sourceFiles() {
    const files = [];
    const walk = (rel) => {
        const abs = path.join(ROOT, rel);
        let stat;
        try {
            stat = fs.statSync(abs);
        } catch {
            return;
        }
        if (stat.isDirectory()) {
            for (const entry of fs.readdirSync(abs)) {
                if (entry !== "node_modules" && !entry.startsWith(".")) walk(path.join(rel, entry));
            }
        } else if (
            (rel.endsWith(".ts") && !rel.endsWith(".d.ts")) ||
            (rel.endsWith(".json") && !rel.endsWith("tsconfig.json") && !rel.endsWith("package.json"))
        ) {
            files.push({ rel, mtimeMs: stat.mtimeMs });
        }
    };
    for (const s of SOURCES) walk(s);
    return files;
}

function outPath(rel) {
    return path.join(OUT, rel.endsWith(".ts") ? rel.slice(0, -3) + ".js" : rel);
}

function mtime(file) {
    try {
        return fs.statSync(file).mtimeMs;
    } catch {
        return -1;
    }
}

/** Writes through a temporary file, so a concurrent run never loads half a file. */
function writeAtomic(file, text) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
}

/**
 * Removes compiled files whose source is gone. Node resolves `require("./x")` to `x.js` before
 * `x/index.js`, so the output of a file that became a folder (components/plan/cost.ts →
 * cost/index.ts) would otherwise keep being loaded in its place.
 */
function pruneOrphans(sources) {
    const wanted = new Set(sources.map((f) => outPath(f.rel)));
    const walk = (abs) => {
        let entries;
        try {
            entries = fs.readdirSync(abs, { withFileTypes: true });
        } catch {
            return;
        }
        for (const e of entries) {
            const file = path.join(abs, e.name);
            if (e.isDirectory()) walk(file);
            else if (e.name.endsWith(".js") && !wanted.has(file)) fs.rmSync(file, { force: true });
        }
    };
    for (const s of SOURCES) {
        if (s.endsWith(".ts")) continue;
        walk(path.join(OUT, s));
    }
}

/** Compiles each source newer than its output (all of them when tsconfig.json or this file changed). */
function compileStale() {
    const files = sourceFiles();
    pruneOrphans(files);
    const configTime = Math.max(mtime(path.join(ROOT, "tsconfig.json")), mtime(__filename));
    const stale = files.filter((f) => {
        const out = mtime(outPath(f.rel));
        return out < f.mtimeMs || out < configTime;
    });
    if (stale.length === 0) return;

    const ts = require("typescript");
    const read = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), ts.sys.readFile);
    if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, "\n"));
    const { options } = ts.convertCompilerOptionsFromJson(read.config.compilerOptions ?? {}, ROOT);
    const compilerOptions = { ...options, sourceMap: false, inlineSourceMap: false, declaration: false, noEmit: false };
    for (const f of stale) {
        const src = path.join(ROOT, f.rel);
        const text = fs.readFileSync(src, "utf8");
        if (f.rel.endsWith(".json")) {
            writeAtomic(outPath(f.rel), text);
            continue;
        }
        const { outputText } = ts.transpileModule(text, { compilerOptions, fileName: src, reportDiagnostics: false });
        writeAtomic(outPath(f.rel), outputText);
    }
}

async function run() {
    // V8 keeps the compiled code of every module it loads here, so later runs skip compiling the SDK.
    Module.enableCompileCache?.(path.join(OUT, ".compile-cache"));
    const [tool, ...argv] = process.argv.slice(2);
    if (!tool || !tool.endsWith(".ts")) {
        process.stderr.write("Usage: node tools/run.js <tool.ts> [args…]\n");
        return 2;
    }
    compileStale();
    const rel = path.relative(ROOT, path.resolve(tool));
    const mod = require(outPath(rel));
    if (typeof mod.main !== "function") throw new Error(`${tool} exports no main(argv)`);
    return mod.main(argv);
}

run().then(
    (code) => {
        process.exitCode = typeof code === "number" ? code : 0;
    },
    (error) => {
        process.stderr.write(`${(error && error.stack) || String(error)}\n`);
        process.exitCode = 1;
    },
);
