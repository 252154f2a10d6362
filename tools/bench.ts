/**
 * `npm run bench -- [--runs <n>] [--cdk] [--skip-tests] [--compile-cache] [--json <file>]`: measures, each case in
 * child processes on this machine, the preview of each stack of the repository, the program with
 * 1, 10 and 50 services, the simulator, the test suite, a reference mocha + ts-node suite and,
 * with `--cdk`, AWS CDK v2 synthesizing the equivalent of the prod stack (bench/cdk/app.ts,
 * installed on demand with `npm ci --prefix bench/cdk`). Prints a table and writes the figures
 * as JSON (default `bench/results.json`).
 *
 * `--compile-cache` adds the prod preview with Node's compile cache off (the preview runs with it
 * on, tools/run.js), in the same rounds as the preview with it on.
 *
 * Wall times are medians of `--runs` runs, taken from the parent around each child; cases compared
 * with each other run in rounds (one run of each per round) so they share the machine's load.
 * Peak memory and CPU time are the child's own `process.resourceUsage()`, written at exit by a
 * `--require`d hook; "work" is what a child measures around the work itself, modules loaded.
 */
import { spawnSync, SpawnSyncReturns } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { formatOptions, readOptions } from "./args";
import { packageRoot, readStackConfig } from "./preview";

/** Parsed command line. */
export interface BenchArgs {
    /**
     * Runs of each repeated case; the median is reported.
     * @default 5
     */
    runs: number;
    /**
     * Also time AWS CDK v2 on the equivalent stack (installs bench/cdk when missing).
     * @default false
     */
    cdk: boolean;
    /**
     * Leave out `npm test` and the reference suite (the two slowest cases).
     * @default false
     */
    skipTests: boolean;
    /**
     * File the results are written to.
     * @default "bench/results.json"
     */
    json: string;
    /**
     * Also time the prod preview with Node's compile cache off (`NODE_DISABLE_COMPILE_CACHE=1`),
     * directly and through npm, in the same rounds as the preview with it on.
     * @default false
     */
    compileCache?: boolean;
    /**
     * Print the options and exit.
     * @default false
     */
    help?: boolean;
    /**
     * Internal: the case a child process runs (`services:<n>`, `simulator`).
     * @default - none: this process is the parent
     */
    child?: string;
}

/** One measured case. */
export interface BenchCase {
    /** e.g. `preview prod`, `services 10`. */
    name: string;
    /** Resources the case records (the preview's count without the root stack). */
    resources?: number;
    /** Median wall time of the child process, milliseconds. */
    wallMs: number;
    /** Every run's wall time, milliseconds. */
    runsMs: number[];
    /** CPU time (user + system) of the child process, milliseconds, median. */
    cpuMs?: number;
    /** Time measured inside the child for the work itself (synth + cost + policy, or CDK's `app.synth()`), median. */
    workMs?: number;
    /** CPU time of that work, milliseconds, median. */
    workCpuMs?: number;
    /** Peak resident memory of the child, MB (largest of the runs). */
    peakRssMb?: number;
    /** What the case ran. */
    command: string;
    /** Anything worth knowing next to the figures. */
    note?: string;
}

/** The whole result, as written to JSON. */
export interface BenchResult {
    /** When it ran (ISO 8601). */
    date: string;
    machine: { cpu: string; cores: number; memoryGb: number; os: string; node: string; loadAverage: { start: number; end: number } };
    cases: BenchCase[];
    /** The targets of the issue, each with the figures it compares and whether it is met. */
    targets: BenchTarget[];
}

/** A target: the figures compared and whether it is met. */
export interface BenchTarget {
    name: string;
    /** The comparison, e.g. `519 ms ≤ 0.5 × 1603 ms`. */
    detail: string;
    met: boolean;
}

const SERVICE_COUNTS = [1, 10, 50];
const PROFILES = ["dev", "staging", "prod"];
const USAGE = "Usage: npm run bench -- [--runs <n>] [--cdk] [--skip-tests] [--json <file>]";

/** The options of the bench, for {@link readOptions}. */
const OPTIONS = {
    runs: { type: "string" },
    cdk: { type: "boolean" },
    "skip-tests": { type: "boolean" },
    "compile-cache": { type: "boolean" },
    json: { type: "string" },
    child: { type: "string" },
    help: { type: "boolean", short: "h" },
} as const;

/** What `--help` prints: the usage line, then every option. */
export const HELP = `${USAGE}

Options:
${formatOptions([
    ["--runs <n>", "runs of each repeated case, the median reported       default: 5"],
    ["--cdk", "also time AWS CDK v2 on the equivalent stack (installs bench/cdk)"],
    ["--skip-tests", "leave out npm test and the reference suite"],
    ["--compile-cache", "also time the prod preview with Node's compile cache off"],
    ["--json <file>", "where the results are written                         default: bench/results.json"],
    ["-h, --help", "this text"],
])}
`;

/** Parses the command line with Node's `util.parseArgs`; throws an Error with the usage on anything unknown. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
    const args: BenchArgs = { runs: 5, cdk: false, skipTests: false, json: path.join("bench", "results.json") };
    const given = readOptions(argv, OPTIONS, {
        unknown: (word) => `Unknown option ${JSON.stringify(word)}.`,
        unexpected: (word) => `Unknown option ${JSON.stringify(word)}.`,
        error: (message) => new Error(`${message}\n${USAGE}`),
    });
    for (const { name, value } of given) {
        switch (name as keyof typeof OPTIONS) {
            case "runs": {
                const n = Number(value);
                if (!Number.isInteger(n) || n < 1) throw new Error(`--runs must be a whole number of at least 1.\n${USAGE}`);
                args.runs = n;
                break;
            }
            case "cdk":
                args.cdk = true;
                break;
            case "skip-tests":
                args.skipTests = true;
                break;
            case "compile-cache":
                args.compileCache = true;
                break;
            case "json":
                args.json = value!;
                break;
            case "child":
                args.child = value;
                break;
            case "help":
                args.help = true;
                break;
        }
    }
    return args;
}

/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
    const s = [...values].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * The raw config of a stack with `n` services on the prod stack file's settings: service `svc-<i>`
 * routed by path `/svc-<i>/*` at listener rule priority `i`.
 */
export function servicesConfig(prod: Record<string, unknown>, n: number): Record<string, unknown> {
    const web = (prod["elastic-web:services"] as Record<string, Record<string, unknown>> | undefined)?.web ?? {};
    const services: Record<string, unknown> = {};
    for (let i = 1; i <= n; i++) {
        services[`svc-${i}`] = { ...web, routing: { priority: i, pathPatterns: [`/svc-${i}/*`] } };
    }
    return { ...prod, "elastic-web:services": services };
}

/** The results as an aligned table, then the targets. */
export function formatBench(result: BenchResult): string {
    const header = ["case", "resources", "wall ms", "CPU ms", "work ms", "work CPU ms", "peak RSS MB", "runs"];
    const cell = (n: number | undefined) => (n === undefined ? "" : String(Math.round(n)));
    const rows = result.cases.map((c) => [
        c.name,
        cell(c.resources),
        cell(c.wallMs),
        cell(c.cpuMs),
        cell(c.workMs),
        cell(c.workCpuMs),
        cell(c.peakRssMb),
        String(c.runsMs.length),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
    const m = result.machine;
    const out = [
        `Benchmark ${result.date} on ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}, Node ${m.node}; ` +
            `load average ${m.loadAverage.start} at the start, ${m.loadAverage.end} at the end`,
        line(header),
        ...rows.map(line),
        "",
        ...result.targets.map((t) => `${t.met ? "met    " : "NOT MET"}  ${t.name}: ${t.detail}`),
    ];
    const notes = result.cases.filter((c) => c.note);
    if (notes.length > 0) out.push("", ...notes.map((c) => `${c.name}: ${c.note}`));
    return out.join("\n") + "\n";
}

/** Runs the bench (or, with `--child`, one case inside this process); resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
    let args: BenchArgs;
    try {
        args = parseBenchArgs(argv);
    } catch (error) {
        process.stderr.write(`${(error as Error).message}\n`);
        return 2;
    }
    if (args.help) {
        process.stdout.write(HELP);
        return 0;
    }
    if (args.child) {
        process.stdout.write(JSON.stringify(await runChild(args.child)) + "\n");
        return 0;
    }
    const result = runBench(args, (line) => process.stderr.write(`${line}\n`));
    process.stdout.write(formatBench(result));
    const file = path.resolve(ROOT, args.json);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(result, null, 2) + "\n");
    process.stdout.write(`\nResults written to ${path.relative(process.cwd(), file) || file}\n`);
    return 0;
}

const ROOT = packageRoot();
const RUN_JS = path.join(ROOT, "tools", "run.js");

/** What a child case prints. */
interface ChildResult {
    resources?: number;
    /** The work itself, without loading modules, milliseconds. */
    workMs: number;
    [key: string]: unknown;
}

/** One case inside this process: the program with `services:<n>`, or the simulator. */
async function runChild(which: string): Promise<ChildResult> {
    const services = /^services:(\d+)$/.exec(which);
    if (services) {
        const n = Number(services[1]);
        const raw = servicesConfig(readStackConfig(ROOT, "prod"), n);
        const t0 = performance.now();
        const { synth } = require("../components/testing/synth") as typeof import("../components/testing/synth");
        const { estimateCost } = require("../components/plan/cost") as typeof import("../components/plan/cost");
        // The program's modules load here, so the work below is the synth itself.
        const program = path.resolve(__dirname, "..", "index");
        require(program);
        const cpu = process.cpuUsage();
        const t1 = performance.now();
        const plan = await synth(program, { stack: `bench-${n}`, config: raw });
        const t2 = performance.now();
        const cost = estimateCost(plan);
        const t3 = performance.now();
        const policy = loadPolicy();
        const violations = policy ? policy.evaluate(plan.resources, "prod").length : undefined;
        const t4 = performance.now();
        const used = process.cpuUsage(cpu);
        return {
            resources: plan.resources.length,
            workMs: t4 - t1,
            workCpuMs: (used.user + used.system) / 1000,
            loadMs: t1 - t0,
            synthMs: t2 - t1,
            costMs: t3 - t2,
            policyMs: policy ? t4 - t3 : undefined,
            violations,
            monthlyUsd: cost.monthlyUsd,
        };
    }
    if (which === "simulator") {
        const sim = require("../components/plan/simulator") as {
            benchSimulator?: (a: { services?: number; days?: number }) => { elapsedMs: number; steps: number };
        };
        if (typeof sim.benchSimulator !== "function") throw new Error("components/plan/simulator exports no benchSimulator");
        const cpu = process.cpuUsage();
        const r = sim.benchSimulator({ services: 50, days: 30 });
        const used = process.cpuUsage(cpu);
        return { workMs: r.elapsedMs, workCpuMs: (used.user + used.system) / 1000, ...r };
    }
    throw new Error(`Unknown bench case ${JSON.stringify(which)}`);
}

/** The package's policy rules, when the package has them. */
function loadPolicy(): { evaluate(resources: unknown[], env: string): unknown[] } | undefined {
    try {
        const policy = require("../policy");
        return typeof policy.evaluate === "function" ? policy : undefined;
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND") return undefined;
        throw error;
    }
}

interface Timed {
    wallMs: number;
    result: SpawnSyncReturns<string>;
    /** From the hook: the child's peak RSS (KB) and CPU time (user + system, ms). */
    usage?: { rssKb: number; cpuMs: number };
}

/** Runs a command as a child, timing it; with `hook`, the child reports its peak memory and CPU time at exit. */
function timed(command: string, args: readonly string[], opts: { env?: NodeJS.ProcessEnv; hook?: boolean } = {}): Timed {
    let usageFile: string | undefined;
    const env = { ...process.env, ...opts.env };
    if (opts.hook) {
        usageFile = path.join(TMP, `usage-${process.pid}-${Math.random().toString(36).slice(2)}`);
        env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ""} --require ${USAGE_HOOK}`.trim();
        env.BENCH_USAGE_FILE = usageFile;
    }
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { cwd: ROOT, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    let usage: Timed["usage"];
    if (usageFile && fs.existsSync(usageFile)) {
        usage = JSON.parse(fs.readFileSync(usageFile, "utf8"));
        fs.rmSync(usageFile);
    }
    return { wallMs, result, usage };
}

function check(t: Timed, what: string): Timed {
    if (t.result.error) throw new Error(`${what}: ${t.result.error.message}`);
    if (t.result.status !== 0) throw new Error(`${what} exited ${t.result.status}:\n${t.result.stderr}${t.result.stdout.slice(-2000)}`);
    return t;
}

let TMP = "";
/** bench/cdk/app.ts as JavaScript, beside bench/cdk/node_modules so `require` finds aws-cdk-lib; removed after the run. */
const CDK_APP_JS = path.join(ROOT, "bench", "cdk", "node_modules", ".bench-app.js");
let USAGE_HOOK = "";
const HOOK_SOURCE = `process.on("exit", () => {
    const u = process.resourceUsage();
    require("fs").writeFileSync(process.env.BENCH_USAGE_FILE, JSON.stringify({ rssKb: u.maxRSS, cpuMs: Math.round((u.userCPUTime + u.systemCPUTime) / 1000) }));
});
`;

/** A case to measure. */
interface Spec {
    name: string;
    command: string;
    argv: string[];
    env?: NodeJS.ProcessEnv;
    /**
     * Variables of `env` to show before the command in the results, e.g. `NODE_DISABLE_COMPILE_CACHE=1`.
     * @default - none
     */
    shownEnv?: string[];
    /**
     * Report the child's memory and CPU time through the `--require`d hook (node children only:
     * npm would report its own).
     * @default true
     */
    hook?: boolean;
    /** The child prints a {@link ChildResult} as its last line. */
    parse?: boolean;
    resources?: number;
    note?: string;
}

/**
 * Measures cases in rounds, one run of each case per round, so cases compared with each other
 * see the same load on the machine.
 */
function measure(specs: readonly Spec[], runs: number, log: (line: string) => void): { c: BenchCase; outputs: string[] }[] {
    const timings = specs.map(() => [] as Timed[]);
    for (let i = 0; i < runs; i++) {
        specs.forEach((spec, j) =>
            timings[j].push(check(timed(spec.command, spec.argv, { env: spec.env, hook: spec.hook ?? true }), spec.name)),
        );
    }
    return specs.map((spec, j) => {
        const runsOf = timings[j];
        const parsed = spec.parse ? runsOf.map((r) => JSON.parse(r.result.stdout.trim().split("\n").pop()!) as ChildResult) : [];
        const usages = runsOf.map((r) => r.usage).filter((u): u is NonNullable<Timed["usage"]> => u !== undefined);
        const workCpu = parsed.map((p) => p.workCpuMs).filter((x): x is number => typeof x === "number");
        const c: BenchCase = {
            name: spec.name,
            resources: spec.resources ?? parsed[0]?.resources,
            wallMs: Math.round(median(runsOf.map((r) => r.wallMs))),
            runsMs: runsOf.map((r) => Math.round(r.wallMs)),
            cpuMs: usages.length > 0 ? Math.round(median(usages.map((u) => u.cpuMs))) : undefined,
            workMs: parsed.length > 0 ? Math.round(median(parsed.map((p) => p.workMs))) : undefined,
            workCpuMs: workCpu.length > 0 ? Math.round(median(workCpu)) : undefined,
            peakRssMb: usages.length > 0 ? Math.round(Math.max(...usages.map((u) => u.rssKb)) / 1024) : undefined,
            command: [
                ...(spec.shownEnv ?? []).map((name) => `${name}=${spec.env?.[name] ?? ""}`),
                spec.command === process.execPath ? "node" : spec.command,
                ...spec.argv,
            ]
                .map((a) => (path.isAbsolute(a) ? path.relative(ROOT, a) : a))
                .join(" "),
            note: spec.note,
        };
        log(`${c.name}: ${c.wallMs} ms`);
        return { c, outputs: runsOf.map((r) => r.result.stdout) };
    });
}

/** Runs every case; `log` tells progress. */
export function runBench(args: BenchArgs, log: (line: string) => void): BenchResult {
    const loadAtStart = os.loadavg()[0];
    TMP = fs.mkdtempSync(path.join(os.tmpdir(), "elastic-web-bench-"));
    USAGE_HOOK = path.join(TMP, "usage-hook.js");
    fs.writeFileSync(USAGE_HOOK, HOOK_SOURCE);
    const node = process.execPath;
    const preview = (stack: string) => [RUN_JS, "tools/preview.ts", "--stack", stack];
    try {
        // Compiles out/ and fills the compile cache, so every timed run below starts warm.
        check(timed(node, [RUN_JS, "tools/preview.ts", "--help"]), "warm-up");
        check(timed(node, preview("dev")), "warm-up");

        const resources: Record<string, number> = {};
        for (const stack of PROFILES) {
            const planFile = path.join(TMP, `${stack}.json`);
            check(timed(node, [...preview(stack), "--json", planFile]), `preview ${stack}`);
            resources[stack] = (JSON.parse(fs.readFileSync(planFile, "utf8")) as { resources: unknown[] }).resources.length;
        }
        const cdk = args.cdk ? cdkSpecs(node, log) : undefined;
        const head = measure(
            [
                ...PROFILES.map((stack) => ({
                    name: `preview ${stack}`,
                    command: node,
                    argv: preview(stack),
                    resources: resources[stack],
                })),
                {
                    name: "preview prod through npm",
                    command: "npm",
                    argv: ["run", "-s", "preview", "--", "--stack", "prod"],
                    hook: false,
                    resources: resources.prod,
                    note: "`npm run -s preview -- --stack prod`: the same preview, plus npm's own start-up and whatever the script runs",
                },
                ...(args.compileCache ? compileCacheSpecs(preview("prod"), resources.prod) : []),
                ...(cdk?.fast ?? []),
            ],
            args.runs,
            log,
        ).map((m) => m.c);

        const services = measure(
            SERVICE_COUNTS.map((n) => ({
                name: `services ${n}`,
                command: node,
                argv: [RUN_JS, "tools/bench.ts", "--child", `services:${n}`],
                parse: true,
                note:
                    n === SERVICE_COUNTS[0]
                        ? "the prod program with n services (svc-i at /svc-i/*); work: synth + cost + policy in the child, modules already loaded"
                        : undefined,
            })),
            args.runs,
            log,
        ).map((m) => m.c);

        const rest: BenchCase[] = [];
        if (/export function benchSimulator\b/.test(readIfExists(path.join(ROOT, "components", "plan", "simulator", "bench.ts")))) {
            rest.push(
                ...measure(
                    [
                        {
                            name: "simulator, 50 services × 30 days",
                            command: node,
                            argv: [RUN_JS, "tools/bench.ts", "--child", "simulator"],
                            parse: true,
                            note: "work: benchSimulator() of components/plan/simulator, 2,160,000 service-minutes",
                        },
                    ],
                    Math.min(args.runs, 3),
                    log,
                ).map((m) => m.c),
            );
        }
        if (cdk) rest.push(...measure(cdk.slow, Math.min(args.runs, 2), log).map((m) => m.c));

        let tests: BenchCase | undefined;
        let reference: BenchCase | undefined;
        if (!args.skipTests) {
            [reference] = measure(
                [
                    {
                        name: "reference: 4-test mocha + ts-node, type-checked",
                        command: node,
                        argv: [
                            path.join(ROOT, "node_modules", "mocha", "bin", "mocha.js"),
                            "--no-config",
                            "--require",
                            "ts-node/register",
                            "--extension",
                            "ts",
                            "--timeout",
                            "120000",
                            "--reporter",
                            "dot",
                            "bench/reference/reference.spec.ts",
                        ],
                        env: { TS_NODE_PROJECT: path.join(ROOT, "bench", "reference", "tsconfig.json") },
                        hook: false,
                        note: "bench/reference: four tests of @pulumi/aws resources under mocks, `mocha -r ts-node/register` with type-checking",
                    },
                ],
                1,
                log,
            ).map((m) => m.c);
            const [npmTest] = measure([{ name: "npm test", command: "npm", argv: ["test"], hook: false }], 1, log);
            tests = npmTest.c;
            const passing = /(\d+) passing/.exec(npmTest.outputs[0])?.[1];
            tests.note = `the whole suite as package.json runs it (type-check and mocha)${passing ? `, ${passing} tests passing` : ""}`;
        }

        const cases = [...head, ...services, ...rest, ...(reference ? [reference] : []), ...(tests ? [tests] : [])];
        return {
            date: new Date().toISOString(),
            machine: machine(loadAtStart),
            cases,
            targets: targetsOf(cases, services, tests, reference),
        };
    } finally {
        fs.rmSync(TMP, { recursive: true, force: true });
        fs.rmSync(CDK_APP_JS, { force: true });
    }
}

function readIfExists(file: string): string {
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
}

/** The issue's targets, judged on the medians. */
export function targetsOf(
    cases: readonly BenchCase[],
    services: readonly BenchCase[],
    tests?: BenchCase,
    reference?: BenchCase,
): BenchTarget[] {
    const targets: BenchTarget[] = [];
    const prod = cases.find((c) => c.name === "preview prod")!;
    const cdk = cases.filter((c) => c.name.startsWith("AWS CDK"));
    for (const c of cdk) {
        targets.push({
            name: `prod preview in at most half the time of ${c.name}`,
            detail: `${prod.wallMs} ms vs ${c.wallMs} ms (${(prod.wallMs / c.wallMs).toFixed(2)}×)`,
            met: prod.wallMs <= c.wallMs / 2,
        });
    }
    if (cdk.length === 0) {
        targets.push({
            name: "prod preview in at most half the time of AWS CDK v2 (4.4 s: cdk synth of the equivalent 67-resource stack, bench/cdk/app.ts, measured once on a 2-core machine; not measured here without --cdk)",
            detail: `${prod.wallMs} ms vs 4400 ms (${(prod.wallMs / 4400).toFixed(2)}×)`,
            met: prod.wallMs <= 2200,
        });
    }
    const first = services[0];
    const last = services[services.length - 1];
    if (first?.workCpuMs !== undefined && last?.workCpuMs !== undefined && first.resources && last.resources) {
        const grow = last.resources / first.resources;
        const per = services.map((c) => (c.workCpuMs! / c.resources!).toFixed(2));
        targets.push({
            name: `growth from ${SERVICE_COUNTS[0]} to ${SERVICE_COUNTS[SERVICE_COUNTS.length - 1]} services no worse than linear in resources`,
            detail:
                `resources ×${grow.toFixed(1)}, work CPU time ×${(last.workCpuMs / first.workCpuMs).toFixed(1)}; ` +
                `CPU ms per resource ${per.join(", ")} at ${SERVICE_COUNTS.join(", ")} services`,
            // 10 % for measurement noise: per-resource time must not grow.
            met: last.workCpuMs / first.workCpuMs <= grow * 1.1,
        });
    }
    if (tests && reference) {
        targets.push({
            name: "npm test in less wall time than the reference suite",
            detail: `${tests.wallMs} ms vs ${reference.wallMs} ms`,
            met: tests.wallMs < reference.wallMs,
        });
    }
    return targets;
}

/** The compile cache's cases: the prod preview with it off, directly and through npm, to compare with the cases above. */
function compileCacheSpecs(argv: string[], resources: number): Spec[] {
    // Node 20 has no compile cache: both ways would run without one.
    const supported = typeof (require("module") as { enableCompileCache?: unknown }).enableCompileCache === "function";
    const off = { NODE_DISABLE_COMPILE_CACHE: "1" };
    const shownEnv = Object.keys(off);
    const why = supported
        ? "NODE_DISABLE_COMPILE_CACHE=1 makes tools/run.js's module.enableCompileCache() a no-op: every module is compiled again on each run"
        : `Node ${process.versions.node} has no module.enableCompileCache(): the cache is off in "preview prod" too`;
    return [
        { name: "preview prod, compile cache off", command: process.execPath, argv, env: off, shownEnv, resources, note: why },
        {
            name: "preview prod through npm, compile cache off",
            command: "npm",
            argv: ["run", "-s", "preview", "--", "--stack", "prod"],
            env: off,
            shownEnv,
            hook: false,
            resources,
            note: "the same through `npm run -s preview`, to compare with preview prod through npm",
        },
    ];
}

/** CDK's cases: the app as JavaScript (with and without Node's compile cache), and as TypeScript under ts-node. */
function cdkSpecs(node: string, log: (line: string) => void): { fast: Spec[]; slow: Spec[] } {
    const dir = path.join(ROOT, "bench", "cdk");
    if (!fs.existsSync(path.join(dir, "node_modules", "aws-cdk-lib"))) {
        log("installing AWS CDK into bench/cdk (npm ci)…");
        check(timed("npm", ["ci", "--prefix", dir, "--no-audit", "--no-fund"]), "npm ci --prefix bench/cdk");
    }
    const version = (
        JSON.parse(fs.readFileSync(path.join(dir, "node_modules", "aws-cdk-lib", "package.json"), "utf8")) as { version: string }
    ).version;
    // The same source as JavaScript, beside bench/cdk/node_modules so `require` finds aws-cdk-lib.
    const ts = require("typescript") as typeof import("typescript");
    const js = ts.transpileModule(fs.readFileSync(path.join(dir, "app.ts"), "utf8"), {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    const appJs = CDK_APP_JS;
    fs.writeFileSync(appJs, js);
    const cache = path.join(TMP, "cdk-compile-cache");
    check(timed(node, [appJs], { env: { NODE_COMPILE_CACHE: cache } }), "CDK warm-up");
    return {
        fast: [
            {
                name: `AWS CDK ${version}, JavaScript`,
                command: node,
                argv: [appJs],
                parse: true,
                note: "`node app.js` of bench/cdk/app.ts: aws-cdk-lib loaded, two stacks built, app.synth() with its default validation; work: app.synth() alone",
            },
            {
                name: `AWS CDK ${version}, JavaScript, compile cache`,
                command: node,
                argv: [appJs],
                env: { NODE_COMPILE_CACHE: cache },
                parse: true,
                note: "the same with Node's compile cache on (NODE_COMPILE_CACHE), as the preview runs",
            },
        ],
        slow: [
            {
                name: `AWS CDK ${version}, TypeScript under ts-node`,
                command: node,
                argv: ["--require", "ts-node/register", path.join(dir, "app.ts")],
                env: { TS_NODE_PROJECT: path.join(dir, "tsconfig.json") },
                parse: true,
                note: "type-checked, as `cdk synth` runs an app made by `cdk init app --language typescript` (npx ts-node --prefer-ts-exts bin/app.ts)",
            },
        ],
    };
}

/** This machine; the 1-minute load average tells how busy it was while the bench ran. */
function machine(loadAtStart: number): BenchResult["machine"] {
    const cpus = os.cpus();
    return {
        cpu: cpus[0]?.model.trim() ?? "unknown",
        cores: cpus.length,
        memoryGb: Math.round(os.totalmem() / 1024 ** 3),
        os: `${os.type()} ${os.release()}`,
        node: process.versions.node,
        loadAverage: { start: Number(loadAtStart.toFixed(2)), end: Number(os.loadavg()[0].toFixed(2)) },
    };
}

if (require.main === module) {
    main(process.argv.slice(2)).then((code) => {
        process.exitCode = code;
    });
}
