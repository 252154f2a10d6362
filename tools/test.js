#!/usr/bin/env node
"use strict";
/**
 * `npm test`: the type-check (`tsc --noEmit`, once for the whole tree) and the mocha suite, run
 * side by side on the machine's two cores; fails when either fails. Mocha's report streams;
 * the type-check's diagnostics follow it. Arguments go to mocha (`npm test -- --grep alarms`).
 *
 * The first line says which Node runs the suite: under npm, the `node` devDependency's (first on
 * the PATH of every npm script), else whichever started this file. Both children run on that
 * same Node, not on whatever `node` their shebang would find.
 */
const { spawn } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const modules = path.join(root, "node_modules");

/** `Node v22.23.3 (node_modules/node), TypeScript 5.9.3`: the runtime, where it comes from, and the compiler. */
function versions() {
    const exec = process.execPath;
    // realpath: node_modules may be a symbolic link, execPath never is.
    const local = path.relative(fs.realpathSync(modules), exec);
    // node_modules/node/bin/node names the package; the machine's Node is named by its path.
    const from = local.startsWith("..") || path.isAbsolute(local) ? exec : `node_modules/${local.split(path.sep)[0]}`;
    const typescript = require(path.join(modules, "typescript", "package.json")).version;
    return `Node ${process.version} (${from}), TypeScript ${typescript}`;
}

function run(command, args, capture) {
    return new Promise((resolve) => {
        const child = spawn(command, args, { cwd: root, stdio: capture ? ["ignore", "pipe", "pipe"] : "inherit" });
        let output = "";
        if (capture) {
            child.stdout.on("data", (d) => (output += d));
            child.stderr.on("data", (d) => (output += d));
        }
        child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
    });
}

async function main() {
    const tsbuildinfo = path.join(root, "node_modules", ".cache", "tsc-test.tsbuildinfo");
    process.stdout.write(`${versions()}\n`);
    const node = process.execPath;
    const [types, tests] = await Promise.all([
        run(
            node,
            [path.join(modules, "typescript", "bin", "tsc"), "--noEmit", "-p", ".", "--incremental", "--tsBuildInfoFile", tsbuildinfo],
            true,
        ),
        run(node, [path.join(modules, "mocha", "bin", "mocha.js"), ...process.argv.slice(2)], false),
    ]);
    if (types.code !== 0) {
        process.stdout.write(`\nType-check (tsc --noEmit) failed:\n${types.output}`);
    }
    process.exitCode = types.code !== 0 ? types.code : tests.code;
}

main();
