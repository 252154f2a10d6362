/**
 * `npm run simulate -- --stack prod [--service web] [--trace spike] [--json sim.json] [--chart sim.svg]`:
 * replays a load trace against a stack's scaling configuration, minute by minute, the way
 * Application Auto Scaling and ECS on Fargate would act on it, and prints what happened:
 * a summary table (overloaded minutes, worst shortfall, time to absorb the spike and to scale
 * back in, task-hours, elasticity, Fargate cost) and the per-minute series. `--vs cdk` runs
 * the same trace against the AWS CDK defaults, `--vs <stack>` against another stack.
 */
import * as fs from "fs";
import * as path from "path";
import type { StackConfig } from "../components/stack/config";
import {
    CDK_DEFAULT_SCALING,
    Fault,
    SimulatedService,
    SimulationResult,
    StackSimulationResult,
    Trace,
    defaultBaseRps,
    describeFault,
    formatMinute,
    formatSeries,
    formatSummary,
    parseFault,
    parseTraceCsv,
    renderChartSvg,
    simulateStack,
    simulationToJson,
    startupTimes,
    SIMULATION_DEFAULTS,
    traces,
    withScaling,
} from "../components/plan/simulator";
import { ConfigError } from "../components/core/validate";
import { readOptions } from "./args";
import { formatConfigErrors, readStackConfig, stackName, UnknownStackError, UsageError } from "./preview";

/** What the simulator reads of a resolved stack config. */
export type SimulatedStackConfig = Pick<StackConfig, "stack" | "region" | "network" | "services">;

/** Built-in trace shapes `--trace` accepts besides a CSV file. */
export const TRACE_KINDS = ["steady", "daily", "spike", "ramp", "flash"] as const;

/** Minutes each built-in trace runs unless `--minutes` says otherwise. */
export const TRACE_MINUTES: Record<(typeof TRACE_KINDS)[number], number> = {
    steady: 240,
    daily: 2880,
    spike: 240,
    ramp: 240,
    flash: 240,
};

/** Parsed command line. */
export interface SimulateArgs {
    /** Stack whose `Pulumi.<stack>.yaml` is simulated. */
    stack: string;
    /** @default - every service of the stack */
    service?: string;
    /**
     * `steady`, `daily`, `spike`, `ramp`, `flash`, or a CSV file of per-minute requests per second.
     * @default "spike"
     */
    trace: string;
    /** @default - 60% of what the minimum task count holds at the tightest policy target, per service */
    rps?: number;
    /** @default - per trace: 240, daily 2880, a CSV its length */
    minutes?: number;
    /** @default 60 */
    step?: number;
    /** @default [] */
    faults: Fault[];
    /** `cdk`, or another stack. */
    vs?: string;
    json?: string;
    chart?: string;
    /** Rows of the series table every N minutes. @default - about 48 rows */
    every?: number;
    /** Requests per second per task at 100% CPU. @default - 50 per vCPU */
    rpsPerTask?: number;
    /** @default 0 */
    queueSeconds?: number;
    /** @default "2026-01-05T00:00:00Z" */
    start?: string;
    help: boolean;
}

export { UsageError };

export const USAGE = `Usage: npm run simulate -- --stack <name> [options]

Replays a load trace against the stack's scaling configuration and reports overload,
scaling behaviour, task-hours and Fargate cost.

Options:
  --stack <name>          stack to simulate (reads Pulumi.<name>.yaml)            required
  --service <name>        one service of the stack                               default: all
  --trace <shape|file>    steady, daily, spike, ramp, flash, or a per-minute CSV  default: spike
  --rps <n>               base load in requests per second                       default: 60% of min tasks at target
  --minutes <n>           length of the run                                      default: 240 (daily: 2880)
  --step <seconds>        simulation step, a divisor of 60                       default: 60
  --fault <spec>          az@120, az:b@120+30, tasks:50%@90, deploy@200 (repeatable)
  --vs <cdk|stack>        compare with the AWS CDK defaults or another stack
  --json <file>           write the series, events and summary as JSON
  --chart <file>          draw load, capacity and tasks as an SVG chart
  --every <minutes>       rows of the series table every N minutes
  --rps-per-task <n>      requests per second one task serves at 100% CPU        default: 50 per vCPU
  --queue-seconds <n>     seconds of capacity requests may queue before dropping default: 0
  --start <iso time>      wall-clock time of minute 0 (for cron schedules)       default: ${SIMULATION_DEFAULTS.startTime}
  --help                  this text
`;

/** The options of the simulator, for {@link readOptions}; their order is the one an unknown option lists. */
const OPTIONS = {
    stack: { type: "string" },
    service: { type: "string" },
    trace: { type: "string" },
    rps: { type: "string" },
    minutes: { type: "string" },
    step: { type: "string" },
    fault: { type: "string" },
    vs: { type: "string" },
    json: { type: "string" },
    chart: { type: "string" },
    every: { type: "string" },
    "rps-per-task": { type: "string" },
    "queue-seconds": { type: "string" },
    start: { type: "string" },
    help: { type: "boolean", short: "h" },
} as const;

const FLAGS = Object.keys(OPTIONS).map((name) => `--${name}`);

/** Parses the command line (`--flag value` or `--flag=value`) with Node's `util.parseArgs`; throws a {@link UsageError}. */
export function parseSimulateArgs(argv: readonly string[]): SimulateArgs {
    const args: SimulateArgs = { stack: "", trace: "spike", faults: [], help: false };
    const given = readOptions(argv, OPTIONS, {
        unknown: (word) => `Unknown option ${JSON.stringify(word)}; the options are ${FLAGS.join(", ")}.`,
        unexpected: (word) => `Unexpected argument ${JSON.stringify(word)}; options start with --.`,
        error: (message) => new UsageError(message),
    });
    for (const { name, flag, value: raw = "" } of given) {
        const number = (min: number, max: number, integer: boolean): number => {
            const v = Number(raw);
            if (!/^\d+(\.\d+)?$/.test(raw) || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
                throw new UsageError(
                    `Option ${flag} takes ${integer ? "a whole number" : "a number"} from ${min} to ${max}; got ${JSON.stringify(raw)}.`,
                );
            }
            return v;
        };
        switch (name as keyof typeof OPTIONS) {
            case "stack":
                args.stack = stackName(raw);
                break;
            case "service":
                args.service = raw;
                break;
            case "trace":
                args.trace = raw;
                if (!(TRACE_KINDS as readonly string[]).includes(args.trace) && !/\.csv$/i.test(args.trace)) {
                    throw new UsageError(
                        `Option --trace takes ${TRACE_KINDS.join(", ")} or a .csv file; got ${JSON.stringify(args.trace)}.`,
                    );
                }
                break;
            case "rps":
                args.rps = number(0, 1e9, false);
                break;
            case "minutes":
                args.minutes = number(1, 527040, true);
                break;
            case "step":
                args.step = number(1, 60, true);
                if (60 % args.step !== 0)
                    throw new UsageError(
                        `Option --step takes a divisor of 60 (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60); got ${args.step}.`,
                    );
                break;
            case "fault":
                try {
                    args.faults.push(parseFault(raw));
                } catch (e) {
                    throw new UsageError(`Option --fault: ${(e as Error).message}`);
                }
                break;
            case "vs":
                args.vs = raw;
                break;
            case "json":
                args.json = raw;
                break;
            case "chart":
                args.chart = raw;
                break;
            case "every":
                args.every = number(1, 527040, true);
                break;
            case "rps-per-task":
                args.rpsPerTask = number(0.001, 1e9, false);
                break;
            case "queue-seconds":
                args.queueSeconds = number(0, 3600, false);
                break;
            case "start":
                args.start = raw;
                if (!Number.isFinite(Date.parse(args.start)))
                    throw new UsageError(
                        `Option --start takes an ISO date-time such as ${SIMULATION_DEFAULTS.startTime}; got ${JSON.stringify(args.start)}.`,
                    );
                break;
            case "help":
                args.help = true;
                break;
        }
    }
    if (!args.help && args.stack === "") throw new UsageError("Option --stack is required, e.g. --stack prod.");
    return args;
}

/** The trace `args` asks for, for one service; CSV text is passed in already read. */
export function buildTrace(args: Pick<SimulateArgs, "trace" | "minutes">, baseRps: number, csv?: { name: string; text: string }): Trace {
    const kind = args.trace as (typeof TRACE_KINDS)[number];
    if (!(TRACE_KINDS as readonly string[]).includes(kind)) {
        const t = parseTraceCsv(csv?.text ?? "", csv?.name ?? args.trace);
        if (args.minutes === undefined) return t;
        if (args.minutes > t.rps.length)
            throw new UsageError(`Option --minutes ${args.minutes} is longer than the trace (${t.rps.length} minutes in ${args.trace}).`);
        return { ...t, rps: t.rps.slice(0, args.minutes) };
    }
    const minutes = args.minutes ?? TRACE_MINUTES[kind];
    switch (kind) {
        case "steady":
            return traces.steady({ rps: baseRps, minutes });
        case "daily":
            return traces.daily({ troughRps: baseRps, peakRps: baseRps * 5, minutes });
        case "spike":
            return traces.spike({ baseRps, minutes });
        case "ramp":
            return traces.ramp({ fromRps: baseRps, toRps: baseRps * 10, minutes });
        case "flash":
            return traces.flashCrowd({ baseRps, minutes });
    }
}

/** One line describing a trace, e.g. `spike: 30 rps, 300 rps from 0:30 to 1:00`. */
export function describeTrace(kind: string, t: Trace, baseRps: number): string {
    const n = t.rps.length;
    const max = t.rps.reduce((a, b) => Math.max(a, b), 0);
    const r = (v: number) => `${Math.round(v * 10) / 10} rps`;
    switch (kind) {
        case "steady":
            return `steady ${r(baseRps)}, ${n} min`;
        case "daily":
            return `daily cycle ${r(baseRps)} to ${r(max)}, ${n} min`;
        case "spike":
            return `spike ${r(baseRps)} → ${r(max)} from ${formatMinute(t.riseMinute ?? 0)}${t.fallMinute !== undefined ? ` to ${formatMinute(t.fallMinute)}` : ""}, ${n} min`;
        case "ramp":
            return `ramp ${r(t.rps[0])} → ${r(t.rps[n - 1])}, ${n} min`;
        case "flash":
            return `flash crowd ${r(baseRps)} → ${r(max)} at ${formatMinute(t.riseMinute ?? 0)}, decaying, ${n} min`;
        default:
            return `${t.name}: ${n} min, peak ${r(max)}`;
    }
}

/** Injected for tests; the defaults read the repository. */
export interface SimulateOptions {
    /**
     * Directory holding the `Pulumi.<stack>.yaml` files.
     * @default - the current directory
     */
    root?: string;
    /**
     * Directory output files are relative to.
     * @default - the current directory
     */
    cwd?: string;
    /**
     * Turns a stack's config map into a resolved config.
     * @default - resolveStackConfig from components/config
     */
    resolve?: (raw: Record<string, unknown>, stack: string) => SimulatedStackConfig;
}

/** What a run printed and its exit code. */
export interface SimulateRun {
    code: number;
    stdout: string;
    stderr: string;
}

function loadConfig(root: string, stack: string, resolve: NonNullable<SimulateOptions["resolve"]>): SimulatedStackConfig {
    return resolve(readStackConfig(root, stack), stack);
}

function renamed(r: StackSimulationResult, prefix: string): StackSimulationResult {
    const services: Record<string, SimulationResult> = {};
    for (const [k, v] of Object.entries(r.services)) services[k] = { ...v, name: `${prefix}/${k}` };
    return { ...r, services, total: { ...r.total, name: `${prefix} (all services)` } };
}

/** Runs the simulator for a command line; writes `--json` and `--chart` files, prints nothing itself. */
export function runSimulate(argv: readonly string[], options: SimulateOptions = {}): SimulateRun {
    const root = options.root ?? process.cwd();
    const cwd = options.cwd ?? process.cwd();
    const fail = (message: string): SimulateRun => ({ code: 1, stdout: "", stderr: message.endsWith("\n") ? message : message + "\n" });
    let args: SimulateArgs;
    try {
        args = parseSimulateArgs(argv);
    } catch (e) {
        return fail(`${(e as Error).message}\n\n${USAGE}`);
    }
    if (args.help) return { code: 0, stdout: USAGE, stderr: "" };

    const resolve =
        options.resolve ?? (require("../components/stack/config") as typeof import("../components/stack/config")).resolveStackConfig;
    const load = (stack: string): SimulatedStackConfig | SimulateRun => {
        try {
            return loadConfig(root, stack, resolve);
        } catch (e) {
            if (e instanceof UnknownStackError) return fail(e.message);
            if (e instanceof ConfigError) return fail(formatConfigErrors(stack, e.problems).join("\n"));
            return fail(`Cannot read the config of stack ${JSON.stringify(stack)}: ${(e as Error).message}`);
        }
    };
    const config = load(args.stack);
    if ("code" in config) return config;

    const names = args.service !== undefined ? [args.service] : Object.keys(config.services);
    if (args.service !== undefined && !(args.service in config.services)) {
        return fail(
            `Stack ${JSON.stringify(args.stack)} has no service ${JSON.stringify(args.service)}; its services are ${Object.keys(config.services).join(", ")}.`,
        );
    }

    let csv: { name: string; text: string } | undefined;
    if (!(TRACE_KINDS as readonly string[]).includes(args.trace)) {
        const file = path.resolve(cwd, args.trace);
        if (!fs.existsSync(file)) return fail(`Trace file ${args.trace} does not exist.`);
        csv = { name: path.basename(args.trace), text: fs.readFileSync(file, "utf8") };
    }

    const tracesByService: Record<string, Trace> = {};
    const baseByService: Record<string, number> = {};
    const simOptions = {
        stepSeconds: args.step,
        faults: args.faults,
        queueSeconds: args.queueSeconds,
        startTime: args.start,
        requestsPerSecondPerTask: args.rpsPerTask,
    };
    let primary: StackSimulationResult;
    let vs: StackSimulationResult | undefined;
    let vsLabel = "";
    try {
        for (const name of names) {
            const service = config.services[name];
            baseByService[name] = args.rps ?? defaultBaseRps(service, { requestsPerSecondPerTask: args.rpsPerTask });
            tracesByService[name] = buildTrace(args, baseByService[name], csv);
        }
        const traceFor = (name: string) => tracesByService[name];
        primary = renamed(simulateStack(config, traceFor, { ...simOptions, services: names }), args.stack);
        if (args.vs !== undefined) {
            let vsConfig: SimulatedStackConfig;
            if (args.vs === "cdk") {
                vsLabel = "cdk";
                const services: Record<string, StackConfig["services"][string]> = {};
                for (const [k, s] of Object.entries(config.services)) services[k] = withScaling(s, CDK_DEFAULT_SCALING);
                vsConfig = { ...config, services };
            } else {
                vsLabel = args.vs;
                const loaded = load(args.vs);
                if ("code" in loaded) return loaded;
                vsConfig = loaded;
                const missing = names.filter((n) => !(n in vsConfig.services));
                if (missing.length > 0) {
                    return fail(
                        `Stack ${JSON.stringify(args.vs)} has no service ${missing.map((n) => JSON.stringify(n)).join(", ")} to compare with; its services are ${Object.keys(vsConfig.services).join(", ")}.`,
                    );
                }
            }
            vs = renamed(simulateStack(vsConfig, traceFor, { ...simOptions, services: names }), vsLabel);
        }
    } catch (e) {
        if (e instanceof UsageError) return fail(e.message);
        if (e instanceof ConfigError) return fail(e.problems.join("\n"));
        throw e;
    }

    const columns: SimulationResult[] = [];
    for (const name of names) {
        columns.push(primary.services[name]);
        if (vs) columns.push(vs.services[name]);
    }
    if (names.length > 1) {
        columns.push(primary.total);
        if (vs) columns.push(vs.total);
    }
    const main = names.length > 1 ? primary.total : primary.services[names[0]];
    const other = vs ? (names.length > 1 ? vs.total : vs.services[names[0]]) : undefined;

    const out: string[] = [];
    const first = names[0];
    const traceLine =
        names.length === 1 || args.rps !== undefined || csv
            ? describeTrace(args.trace, tracesByService[first], baseByService[first])
            : `${args.trace} trace per service (base ${names.map((n) => `${n} ${baseByService[n]} rps`).join(", ")})`;
    out.push(
        `Simulating stack ${args.stack}${vs ? ` against ${vsLabel === "cdk" ? "the AWS CDK defaults (cpu 50%, cooldowns 300 s)" : `stack ${vsLabel}`}` : ""}: ${names.length === 1 ? `service ${first}` : `${names.length} services`}, ${traceLine}.`,
    );
    if (args.faults.length > 0)
        out.push(`Faults: ${args.faults.map((f) => `${describeFault(f)} at ${formatMinute(f.atMinute)}`).join("; ")}.`);
    out.push("");
    out.push(formatSummary(columns));
    out.push("");
    out.push(`Per-minute series of ${main.name}:`);
    out.push(formatSeries(main, args.every));
    out.push("");
    const events = main.events;
    out.push(`Events of ${main.name} (${events.length}):`);
    for (const e of events.slice(0, 40)) {
        const change = e.from !== e.to ? `${e.from} → ${e.to}` : `${e.to}`;
        out.push(`  ${formatMinute(e.minute).padStart(7)}  ${e.kind.padEnd(15)} ${change.padEnd(9)} ${e.reason}`);
    }
    if (events.length > 40) out.push(`  … ${events.length - 40} more (all in --json)`);
    out.push("");
    const svc = config.services[first] as SimulatedService;
    const rpsPerTask = args.rpsPerTask ?? (SIMULATION_DEFAULTS.requestsPerSecondPerVcpu * svc.cpu) / 1024;
    const startup = startupTimes(svc, main.options);
    out.push(
        `Assumptions: ${rpsPerTask} requests/s per task at 100% CPU${args.rpsPerTask === undefined ? ` (${SIMULATION_DEFAULTS.requestsPerSecondPerVcpu} per vCPU)` : ""}; ` +
            `task start-up ${startup.provisioning} s provisioning + ${startup.imagePull} s image pull + ${startup.healthChecks} s to pass health checks; ` +
            `metric delay ${main.options.metricDelaySeconds} s; Fargate prices of ${main.options.prices.region} read ${main.options.prices.readOn}.`,
    );

    try {
        if (args.json) {
            const json = (r: StackSimulationResult) => ({
                services: Object.fromEntries(names.map((n) => [n, simulationToJson(r.services[n])])),
                ...(names.length > 1 ? { total: simulationToJson(r.total) } : {}),
            });
            const doc = {
                stack: args.stack,
                trace: { kind: args.trace, baseRps: baseByService, faults: args.faults },
                ...json(primary),
                ...(vs ? { vs: { label: vsLabel, ...json(vs) } } : {}),
            };
            fs.writeFileSync(path.resolve(cwd, args.json), JSON.stringify(doc) + "\n");
            out.push(`Wrote ${args.json}.`);
        }
        if (args.chart) {
            fs.writeFileSync(path.resolve(cwd, args.chart), renderChartSvg(main, { vs: other }));
            out.push(`Wrote ${args.chart}.`);
        }
    } catch (e) {
        return { code: 1, stdout: out.join("\n") + "\n", stderr: `Cannot write output: ${(e as Error).message}\n` };
    }
    return { code: 0, stdout: out.join("\n") + "\n", stderr: "" };
}

if (require.main === module) {
    const run = runSimulate(process.argv.slice(2));
    process.stdout.write(run.stdout);
    process.stderr.write(run.stderr);
    process.exitCode = run.code;
}
