"use strict";
/**
 * Loads the TypeScript sources of the tests as ts-node's transpile-only mode does (TypeScript's
 * `transpileModule`, no type-check: `npm test` runs `tsc --noEmit` once), but without ts-node's
 * source-map hook. The Pulumi SDK formats a stack trace for every promise it makes; through that
 * hook each frame is source-mapped, which took two thirds of a stack synthesis. Stack traces of
 * failures point at the emitted JavaScript, whose lines stay close to the source's.
 */
const fs = require("fs");
const ts = require("typescript");

const compilerOptions = {
    module: ts.ModuleKind.CommonJS,
    target: ts.ScriptTarget.ES2022,
    esModuleInterop: true,
    resolveJsonModule: true,
    sourceMap: false,
};

require.extensions[".ts"] = function (module, filename) {
    const source = fs.readFileSync(filename, "utf8");
    const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
    module._compile(outputText, filename);
};
