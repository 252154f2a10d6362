/**
 * The simulation-only knobs (defaults, checks), a task's start-up times and the load one task
 * takes before a scaling policy reaches its target.
 */
import { Problems } from "../../core/validate";
import { FARGATE_PRICES } from "./prices";
import { round } from "./report";
import type { ResolvedSimulationOptions, SimulatedService, SimulationOptions, StartupTimes, Trace } from "./types";

/** Defaults of the simulation-only knobs; the `@default` tags above repeat them. */
export const SIMULATION_DEFAULTS = {
    name: "service",
    azCount: 2,
    requestsPerSecondPerVcpu: 50,
    memoryBasePercent: 25,
    memoryAtFullCpuPercent: 65,
    provisioningSeconds: 20,
    imagePullSeconds: 15,
    containerStartSeconds: 10,
    metricDelaySeconds: 60,
    stepSeconds: 60,
    queueSeconds: 0,
    startTime: "2026-01-05T00:00:00Z",
} as const;

/** Datapoints above target that put AlarmHigh in ALARM (3 of 3 one-minute periods). */
export const SCALE_OUT_DATAPOINTS = 3;
/** Datapoints below the low threshold that put AlarmLow in ALARM (15 of 15 one-minute periods). */
export const SCALE_IN_DATAPOINTS = 15;
/** AlarmLow's threshold as a share of the target. */
export const SCALE_IN_THRESHOLD = 0.9;

const STEP_DIVISORS = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60];

/** Requests per second a task of `cpu` units serves at 100% CPU by default. */
export function defaultRequestsPerSecondPerTask(cpu: number): number {
    return (SIMULATION_DEFAULTS.requestsPerSecondPerVcpu * cpu) / 1024;
}

/** Fills the defaults and checks every knob; throws a ConfigError listing all problems. */
export function resolveSimulationOptions(
    service: SimulatedService,
    trace: Trace,
    options: SimulationOptions = {},
): ResolvedSimulationOptions {
    const d = SIMULATION_DEFAULTS;
    const p = new Problems("simulator");
    const minutes = trace.rps.length;
    p.int("azCount", options.azCount, 1, 6);
    p.num("requestsPerSecondPerTask", options.requestsPerSecondPerTask, 1e-6, 1e9);
    p.num("memoryBasePercent", options.memoryBasePercent, 0, 100);
    p.num("memoryAtFullCpuPercent", options.memoryAtFullCpuPercent, 0, 100);
    for (const k of ["provisioningSeconds", "imagePullSeconds", "containerStartSeconds", "metricDelaySeconds", "queueSeconds"] as const) {
        p.num(k, options[k], 0, 86400);
    }
    p.oneOf("stepSeconds", options.stepSeconds, STEP_DIVISORS);
    if (options.startTime !== undefined && !Number.isFinite(Date.parse(options.startTime))) {
        p.add("startTime", options.startTime, 'must be an ISO date-time such as "2026-01-05T00:00:00Z".');
    }
    p.int("initialTasks", options.initialTasks, 0, 5000);
    if (minutes === 0) p.list.push(`simulator: trace ${JSON.stringify(trace.name)} is empty; give at least one minute of load.`);
    for (let m = 0; m < minutes; m++) {
        const v = trace.rps[m];
        if (!Number.isFinite(v) || v < 0) {
            p.list.push(
                `simulator: trace ${JSON.stringify(trace.name)} minute ${m} (${v}) must be a number of requests per second, 0 or more.`,
            );
            break;
        }
    }
    const azCount = options.azCount ?? d.azCount;
    (options.faults ?? []).forEach((f, i) => {
        if (!Number.isInteger(f.atMinute) || f.atMinute < 0 || f.atMinute >= minutes) {
            p.add(`faults[${i}].atMinute`, f.atMinute, `must be a minute of the trace, 0 to ${minutes - 1}.`);
        }
        if (f.kind === "az") {
            p.int(`faults[${i}].az`, f.az, 0, azCount - 1);
            p.int(`faults[${i}].durationMinutes`, f.durationMinutes, 1, 527040);
        }
        if (f.kind === "tasks") p.num(`faults[${i}].share`, f.share, 0, 1);
    });
    const sc = service.scaling;
    if (sc.maxTasks < sc.minTasks) p.add("scaling.maxTasks", sc.maxTasks, `is below scaling.minTasks (${sc.minTasks}).`);
    p.throwIfAny();
    const faults = [...(options.faults ?? [])].sort((a, b) => a.atMinute - b.atMinute);
    return {
        name: options.name ?? d.name,
        azCount,
        requestsPerSecondPerTask: options.requestsPerSecondPerTask ?? defaultRequestsPerSecondPerTask(service.cpu),
        memoryBasePercent: options.memoryBasePercent ?? d.memoryBasePercent,
        memoryAtFullCpuPercent: options.memoryAtFullCpuPercent ?? d.memoryAtFullCpuPercent,
        provisioningSeconds: options.provisioningSeconds ?? d.provisioningSeconds,
        imagePullSeconds: options.imagePullSeconds ?? d.imagePullSeconds,
        containerStartSeconds: options.containerStartSeconds ?? d.containerStartSeconds,
        metricDelaySeconds: options.metricDelaySeconds ?? d.metricDelaySeconds,
        stepSeconds: options.stepSeconds ?? d.stepSeconds,
        queueSeconds: options.queueSeconds ?? d.queueSeconds,
        startTime: new Date(Date.parse(options.startTime ?? d.startTime)).toISOString(),
        initialTasks: options.initialTasks,
        faults,
        prices: options.prices ?? FARGATE_PRICES,
    };
}

/**
 * How long a new task takes to serve. The target is registered when the task is RUNNING and
 * checked every interval; checks before the app is up fail, then `healthyThreshold` passes make
 * it healthy. If `unhealthyThreshold` failures come first and the grace period is over by the
 * time the target is judged unhealthy, ECS stops the task (and starts another, which fares the same).
 */
export function startupTimes(
    service: SimulatedService,
    o: Pick<ResolvedSimulationOptions, "provisioningSeconds" | "imagePullSeconds" | "containerStartSeconds">,
): StartupTimes {
    const hc = service.healthCheck;
    const interval = hc.intervalSeconds;
    const running = o.provisioningSeconds + o.imagePullSeconds;
    const firstPass = Math.max(1, Math.ceil(o.containerStartSeconds / interval));
    const healthChecks = interval * (firstPass + hc.healthyThreshold - 1);
    const failures = firstPass - 1;
    const judgedAt = Math.max(hc.unhealthyThreshold * interval, service.healthCheckGracePeriodSeconds);
    const killedBeforeHealthy = failures >= hc.unhealthyThreshold && healthChecks > judgedAt;
    return {
        provisioning: o.provisioningSeconds,
        imagePull: o.imagePullSeconds,
        running,
        healthChecks,
        total: killedBeforeHealthy ? Infinity : running + healthChecks,
        killedBeforeHealthy,
    };
}

/** Policy kind: CPU target tracking. */
export const CPU = 0;
/** Policy kind: memory target tracking. */
export const MEMORY = 1;
/** Policy kind: ALB requests per target. */
export const REQUESTS = 2;
/** Names of the policy kinds, as events and reports print them. */
export const POLICY_NAMES = ["cpu", "memory", "requests"];

/** Requests per second one task takes before policy `kind` is at its target (Infinity: never). */
export function perTaskAtTarget(kind: number, target: number, o: ResolvedSimulationOptions): number {
    const cap = o.requestsPerSecondPerTask;
    if (kind === CPU) return (cap * target) / 100;
    if (kind === REQUESTS) return target / 60;
    const span = o.memoryAtFullCpuPercent - o.memoryBasePercent;
    const u = span === 0 ? (target > o.memoryBasePercent ? Infinity : 0) : (target - o.memoryBasePercent) / span;
    return u <= 0 ? 0 : u >= 1 ? Infinity : cap * u;
}

/**
 * The steady load (rps) at which the service sits at `share` of the load its minimum task count
 * holds at its tightest policy target; the CLI's default base load.
 */
export function defaultBaseRps(service: SimulatedService, options: SimulationOptions = {}, share = 0.6): number {
    const o = resolveSimulationOptions(service, { name: "probe", rps: new Float64Array(1) }, { ...options, faults: [] });
    const sc = service.scaling;
    let perTask = Infinity;
    const targets: [number, number][] = [
        [CPU, sc.cpuTarget],
        [MEMORY, sc.memoryTarget],
        [REQUESTS, sc.requestsPerTarget],
    ];
    for (const [kind, target] of targets) if (target > 0) perTask = Math.min(perTask, perTaskAtTarget(kind, target, o));
    if (!Number.isFinite(perTask) || perTask <= 0) perTask = o.requestsPerSecondPerTask * 0.5;
    return round(share * Math.max(1, sc.minTasks) * perTask, 2);
}
