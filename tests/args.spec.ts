import * as assert from "node:assert/strict";
import { formatOptions, readCommandLine, readOptions } from "../tools/args";
import { HELP, parseBenchArgs } from "../tools/bench";
import { parseCheckDocsArgs } from "../tools/check-docs";

const OPTIONS = {
    stack: { type: "string", short: "s" },
    fault: { type: "string" },
    help: { type: "boolean", short: "h" },
} as const;

const MESSAGES = {
    unknown: (word: string) => `unknown ${word}`,
    unexpected: (word: string) => `unexpected ${word}`,
    error: (message: string) => new RangeError(message),
};

describe("tools/args: the command line through util.parseArgs", () => {
    it("returns the options in the order given, long, short, with = and repeated", () => {
        assert.deepEqual(readOptions(["-s", "prod", "--fault=az@1", "--fault", "deploy@2", "-h", "-sdev"], OPTIONS, MESSAGES), [
            { name: "stack", flag: "-s", value: "prod" },
            { name: "fault", flag: "--fault", value: "az@1" },
            { name: "fault", flag: "--fault", value: "deploy@2" },
            { name: "help", flag: "-h" },
            { name: "stack", flag: "-s", value: "dev" },
        ]);
    });

    it("takes a value that starts with a single dash", () => {
        assert.deepEqual(readOptions(["--stack", "-1"], OPTIONS, MESSAGES), [{ name: "stack", flag: "--stack", value: "-1" }]);
    });

    const bad: [string[], string][] = [
        [["--verbose=3", "--stack"], "unknown --verbose=3"],
        [["-x"], "unknown -x"],
        [["prod"], "unexpected prod"],
        [["--"], "unknown --"],
        [["--stack"], "Option --stack needs a value."],
        [["-s", "--help"], "Option -s needs a value."],
        [["--stack="], "Option --stack needs a value."],
        [["--help=yes"], "Option --help takes no value."],
    ];
    for (const [argv, message] of bad) {
        it(`refuses ${JSON.stringify(argv)} with the first mistake: ${message}`, () => {
            assert.throws(() => readOptions(argv, OPTIONS, MESSAGES), new RangeError(message));
        });
    }

    it("returns the other words when the tool takes them", () => {
        assert.deepEqual(readCommandLine(["a.ts", "--help", "b.ts"], OPTIONS, { unknown: MESSAGES.unknown, error: MESSAGES.error }), {
            options: [{ name: "help", flag: "--help" }],
            positionals: ["a.ts", "b.ts"],
        });
    });

    it("aligns the descriptions of a --help text", () => {
        assert.equal(
            formatOptions([
                ["--a", "first"],
                ["--bbb <x>", "second"],
            ]),
            "  --a        first\n  --bbb <x>  second",
        );
    });
});

describe("bench and check-docs: options beyond the tested ones", () => {
    it("bench reads --compile-cache and --help, and its help lists every option", () => {
        assert.deepEqual(parseBenchArgs(["--compile-cache", "-h"]), {
            runs: 5,
            cdk: false,
            skipTests: false,
            json: "bench/results.json",
            compileCache: true,
            help: true,
        });
        for (const flag of ["--runs <n>", "--cdk", "--skip-tests", "--compile-cache", "--json <file>", "-h, --help"]) {
            assert.ok(HELP.includes(`\n  ${flag} `), flag);
        }
    });

    it("check-docs reads its switches and files, and --compare with its two folders", () => {
        assert.deepEqual(parseCheckDocsArgs(["--strict", "a.ts", "--no-baseline"]), {
            strict: true,
            verbose: false,
            noBaseline: true,
            files: ["a.ts"],
            help: false,
        });
        assert.deepEqual(parseCheckDocsArgs(["--compare", "out/api-check", "docs/api"]), {
            strict: false,
            verbose: false,
            noBaseline: false,
            files: [],
            compare: { generated: "out/api-check", committed: "docs/api" },
            help: false,
        });
        assert.throws(
            () => parseCheckDocsArgs(["--compare", "out/api-check"]),
            new Error("Option --compare takes two folders: --compare <generated> <committed>."),
        );
        assert.throws(() => parseCheckDocsArgs(["--fix"]), new Error('Unknown option "--fix".'));
    });
});
