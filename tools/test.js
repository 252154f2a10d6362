#!/usr/bin/env node
"use strict";
/**
 * `npm test`: the type-check (`tsc --noEmit`, once for the whole tree) and the mocha suite, run
 * side by side on the machine's two cores; fails when either fails. Mocha's report streams;
 * the type-check's diagnostics follow it. Arguments go to mocha (`npm test -- --grep alarms`).
 */
const { spawn } = require("child_process");
const path = require("path");

const root = path.resolve(__dirname, "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);

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
    const [types, tests] = await Promise.all([
        run(bin("tsc"), ["--noEmit", "-p", ".", "--incremental", "--tsBuildInfoFile", tsbuildinfo], true),
        run(bin("mocha"), process.argv.slice(2), false),
    ]);
    if (types.code !== 0) {
        process.stdout.write(`\nType-check (tsc --noEmit) failed:\n${types.output}`);
    }
    process.exitCode = types.code !== 0 ? types.code : tests.code;
}

main();
