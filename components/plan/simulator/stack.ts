/** Whole-stack runs: every service of a resolved stack config, and their sum. */
import { ConfigError } from "../../core/validate";
import type { StackConfig } from "../../stack/config";
import { simulate } from "./engine";
import { fargatePrices } from "./prices";
import { summarize } from "./summary";
import type { SimulatedService, SimulationOptions, SimulationResult, SimulationSeries, SimulationSummary, Trace } from "./types";

/** Options of a whole-stack run; per-service capacities may differ. */
export interface StackSimulationOptions extends Omit<SimulationOptions, "name" | "azCount" | "requestsPerSecondPerTask"> {
    /**
     * Requests per second per task at 100% CPU, for all services or by service name.
     * @default - 50 per vCPU of each service's task
     */
    requestsPerSecondPerTask?: number | Record<string, number>;
    /**
     * Only these services.
     * @default - every service of the stack
     */
    services?: string[];
}

/** Results of a whole-stack run. */
export interface StackSimulationResult {
    stack: string;
    services: Record<string, SimulationResult>;
    /** Every service summed: load, capacity, tasks, cost. */
    total: SimulationResult;
}

/** Availability zones of a stack's tasks: the zones it creates, or the private subnets it is given. */
export function stackAzCount(config: Pick<StackConfig, "network">): number {
    const n = config.network;
    return "create" in n ? n.create.azCount : Math.max(1, n.existing.privateSubnetIds.length);
}

/**
 * Simulates every service of a resolved stack config against its trace.
 * @example simulateStack(config, (name) => traces.spike({ baseRps: 30 }))
 */
export function simulateStack(
    config: Pick<StackConfig, "stack" | "network" | "services"> & { region?: string },
    traceFor: Trace | ((serviceName: string, service: SimulatedService) => Trace),
    options: StackSimulationOptions = {},
): StackSimulationResult {
    const names = options.services ?? Object.keys(config.services);
    const unknown = names.filter((n) => !(n in config.services));
    if (unknown.length > 0) {
        throw new ConfigError(
            unknown.map(
                (n) =>
                    `simulator: service ${JSON.stringify(n)} is not in stack ${JSON.stringify(config.stack)}; its services are ${Object.keys(config.services).join(", ")}.`,
            ),
        );
    }
    const azCount = stackAzCount(config);
    const { services: _only, requestsPerSecondPerTask, ...rest } = options;
    const prices = rest.prices ?? fargatePrices(config.region ?? "us-east-1");
    const results: Record<string, SimulationResult> = {};
    for (const name of names) {
        const service = config.services[name];
        const trace = typeof traceFor === "function" ? traceFor(name, service) : traceFor;
        const rpsPerTask = typeof requestsPerSecondPerTask === "number" ? requestsPerSecondPerTask : requestsPerSecondPerTask?.[name];
        results[name] = simulate(service, trace, { ...rest, name, azCount, prices, requestsPerSecondPerTask: rpsPerTask });
    }
    return { stack: config.stack, services: results, total: aggregateResults(`${config.stack} (all services)`, Object.values(results)) };
}

/**
 * Sums several results of equal length and step into one: load, capacity, tasks and cost add
 * up, CPU and memory are averaged over running tasks. Used for stack totals and their chart.
 */
export function aggregateResults(name: string, results: SimulationResult[]): SimulationResult {
    if (results.length === 0) throw new ConfigError(["simulator: nothing to aggregate; give at least one result."]);
    const first = results[0];
    if (results.length === 1) return { ...first, name };
    for (const r of results) {
        if (r.trace.minutes !== first.trace.minutes || r.stepSeconds !== first.stepSeconds) {
            throw new ConfigError([
                `simulator: results to aggregate must share length and step; ${JSON.stringify(r.name)} has ${r.trace.minutes} minutes at ${r.stepSeconds} s, ${JSON.stringify(first.name)} ${first.trace.minutes} at ${first.stepSeconds} s.`,
            ]);
        }
    }
    const n = first.series.offered.length;
    const f32 = () => new Float32Array(n);
    const u16 = () => new Uint16Array(n);
    const s: SimulationSeries = {
        offered: f32(),
        capacity: f32(),
        served: f32(),
        dropped: f32(),
        queued: f32(),
        cpu: f32(),
        memory: f32(),
        desired: u16(),
        running: u16(),
        pending: u16(),
        healthy: u16(),
        minTasks: u16(),
        maxTasks: u16(),
    };
    const sums = ["offered", "capacity", "served", "dropped", "queued"] as const;
    const counts = ["desired", "running", "pending", "healthy", "minTasks", "maxTasks"] as const;
    for (const r of results) {
        for (const k of sums) {
            const a = s[k],
                b = r.series[k];
            for (let i = 0; i < n; i++) a[i] += b[i];
        }
        for (const k of counts) {
            const a = s[k],
                b = r.series[k];
            for (let i = 0; i < n; i++) a[i] += b[i];
        }
        for (let i = 0; i < n; i++) {
            s.cpu[i] += r.series.cpu[i] * r.series.running[i];
            s.memory[i] += r.series.memory[i] * r.series.running[i];
        }
    }
    for (let i = 0; i < n; i++) {
        const running = s.running[i];
        s.cpu[i] = running > 0 ? s.cpu[i] / running : 0;
        s.memory[i] = running > 0 ? s.memory[i] / running : 0;
    }
    const rps = new Float64Array(first.trace.minutes);
    const spm = 60 / first.stepSeconds;
    for (let m = 0; m < rps.length; m++) rps[m] = s.offered[m * spm];
    let od = 0,
        spot = 0,
        cost = 0;
    const warnings: string[] = [];
    for (const r of results) {
        od += r.summary.onDemandTaskHours * 3600;
        spot += r.summary.spotTaskHours * 3600;
        cost += r.summary.costUsd;
        for (const w of r.summary.warnings) warnings.push(`${r.name}: ${w}`);
    }
    const events = results
        .flatMap((r) => r.events.map((e) => ({ ...e, reason: `${r.name}: ${e.reason}` })))
        .sort((a, b) => a.minute - b.minute);
    const faults = first.faults;
    const result: SimulationResult = {
        ...first,
        name,
        trace: { name: first.trace.name, minutes: first.trace.minutes },
        faults,
        events,
        series: s,
        summary: undefined as unknown as SimulationSummary,
    };
    // Per-service rise and fall minutes do not carry over to a sum of differently shaped traces.
    const sameTrace = results.every((r) => r.trace.riseMinute === first.trace.riseMinute && r.trace.fallMinute === first.trace.fallMinute);
    const marks = sameTrace ? { riseMinute: first.trace.riseMinute, fallMinute: first.trace.fallMinute } : {};
    result.trace = { ...result.trace, ...marks };
    result.summary = summarize(result, { rps, ...marks }, { odTaskSeconds: od, spotTaskSeconds: spot, costUsd: cost }, warnings);
    return result;
}
