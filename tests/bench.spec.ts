import * as assert from "node:assert/strict";
import { BenchResult, formatBench, median, parseBenchArgs, servicesConfig } from "../tools/bench";
import { resolveStackConfig } from "../components/stack/config";

describe("bench: command line", () => {
    it("runs five times, without CDK, into bench/results.json by default", () => {
        assert.deepEqual(parseBenchArgs([]), { runs: 5, cdk: false, skipTests: false, json: "bench/results.json" });
    });

    it("reads --runs, --cdk, --skip-tests and --json", () => {
        assert.deepEqual(parseBenchArgs(["--runs", "3", "--cdk", "--skip-tests", "--json=out/b.json"]), {
            runs: 3,
            cdk: true,
            skipTests: true,
            json: "out/b.json",
        });
    });

    it("refuses a bad run count and unknown options", () => {
        assert.throws(() => parseBenchArgs(["--runs", "0"]), {
            message:
                "--runs must be a whole number of at least 1.\nUsage: npm run bench -- [--runs <n>] [--cdk] [--skip-tests] [--json <file>]",
        });
        assert.throws(() => parseBenchArgs(["--fast"]), {
            message: 'Unknown option "--fast".\nUsage: npm run bench -- [--runs <n>] [--cdk] [--skip-tests] [--json <file>]',
        });
    });
});

describe("bench: figures", () => {
    it("takes the middle value, or the mean of the middle two", () => {
        assert.equal(median([5, 1, 3]), 3);
        assert.equal(median([4, 1, 3, 2]), 2.5);
    });

    it("builds a stack of n services, each routed by its own path at priority i, that the config accepts", () => {
        const prod = {
            "aws:region": "us-east-1",
            "elastic-web:environment": "prod",
            "elastic-web:alarms": { emails: ["oncall@example.com"] },
            "elastic-web:services": { web: { image: "nginx:1.27", cpu: 512 } },
        };
        const raw = servicesConfig(prod, 3);
        assert.deepEqual(raw["elastic-web:services"], {
            "svc-1": { image: "nginx:1.27", cpu: 512, routing: { priority: 1, pathPatterns: ["/svc-1/*"] } },
            "svc-2": { image: "nginx:1.27", cpu: 512, routing: { priority: 2, pathPatterns: ["/svc-2/*"] } },
            "svc-3": { image: "nginx:1.27", cpu: 512, routing: { priority: 3, pathPatterns: ["/svc-3/*"] } },
        });
        assert.deepEqual(prod["elastic-web:services"], { web: { image: "nginx:1.27", cpu: 512 } });
        assert.deepEqual(Object.keys(resolveStackConfig(raw, "bench").services), ["svc-1", "svc-2", "svc-3"]);
    });

    it("prints one aligned row per case, then the targets and the notes", () => {
        const result: BenchResult = {
            date: "2026-11-27T19:00:00.000Z",
            machine: { cpu: "AMD EPYC", cores: 2, memoryGb: 24, os: "Linux 6.1", node: "22.23.3", loadAverage: { start: 0.5, end: 1.25 } },
            cases: [
                {
                    name: "preview prod",
                    resources: 87,
                    wallMs: 604,
                    runsMs: [604, 610, 590],
                    cpuMs: 650,
                    peakRssMb: 174,
                    command: "node tools/run.js tools/preview.ts --stack prod",
                },
                {
                    name: "services 50",
                    resources: 1410,
                    wallMs: 5225,
                    runsMs: [5225],
                    workMs: 4950.2,
                    workCpuMs: 4800,
                    peakRssMb: 566,
                    command: "x",
                    note: "one run",
                },
            ],
            targets: [
                { name: "growth", detail: "×11.2 for ×16.2 resources", met: true },
                { name: "tests", detail: "9 s vs 8 s", met: false },
            ],
        };
        assert.equal(
            formatBench(result),
            [
                "Benchmark 2026-11-27T19:00:00.000Z on AMD EPYC, 2 cores, 24 GB, Linux 6.1, Node 22.23.3; load average 0.5 at the start, 1.25 at the end",
                "case          resources  wall ms  CPU ms  work ms  work CPU ms  peak RSS MB  runs",
                "preview prod         87      604     650                                174     3",
                "services 50        1410     5225             4950         4800          566     1",
                "",
                "met      growth: ×11.2 for ×16.2 resources",
                "NOT MET  tests: 9 s vs 8 s",
                "",
                "services 50: one run",
                "",
            ].join("\n"),
        );
    });
});
