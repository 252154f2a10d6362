/**
 * A deterministic elasticity simulator: replays a load trace against a service's scaling
 * configuration the way Application Auto Scaling, CloudWatch and ECS on Fargate behave as
 * AWS documents them, and reports what the users of the service would have seen (offered
 * load, capacity, dropped or queued requests), what the service did (desired, running and
 * pending tasks, scaling events) and what it cost.
 *
 * Model, per one-minute CloudWatch period (steps may be finer):
 * - Each target-tracking policy (CPU, memory, ALB requests per target) has the two alarms
 *   Application Auto Scaling creates for it: AlarmHigh (metric > target for 3 of 3 one-minute
 *   datapoints) and AlarmLow (metric < 90% of target for 15 of 15 datapoints). Those are the
 *   alarms' settings as the CloudWatch console shows them for ECS target tracking, e.g.
 *   "CPUUtilization > 50 for 3 datapoints within 3 minutes" and "CPUUtilization < 45 for 15
 *   datapoints within 15 minutes"; the Application Auto Scaling User Guide describes the
 *   asymmetry ("more aggressive in adding capacity … removing capacity only when utilization
 *   passes a threshold that is far enough below the target value (usually more than 10% lower)").
 *   https://docs.aws.amazon.com/autoscaling/application/userguide/target-tracking-scaling-policy-overview.html
 * - An alarm in ALARM invokes its policy once per minute while it stays in ALARM (CloudWatch
 *   User Guide, "Using Amazon CloudWatch alarms": "For Auto Scaling actions, the alarm
 *   continues to invoke the action once per minute that the alarm remains in the new state").
 * - New capacity = ceil(capacity × metric / target), rounded up for scale-out and kept at or
 *   above the need for scale-in (same guide, "Considerations": rounding "prevents it from adding
 *   insufficient capacity or removing too much capacity").
 * - Several policies: scale out if any policy's AlarmHigh is in ALARM, scale in only if every
 *   policy's AlarmLow is; the largest capacity wins (same guide, "Multiple scaling policies").
 * - Cooldowns (same guide, "Define cooldown periods"): during the scale-out cooldown a further
 *   scale-out happens only when it is larger than the capacity already added (the metric is
 *   then read against the tasks that produced it); after it, the metric is read against the
 *   current desired count, so a cooldown shorter than start-up plus metric delay over-scales.
 *   Scale-in is blocked until the scale-in cooldown ends; a scale-out cancels it. ECS defaults
 *   both cooldowns to 300 s.
 * - Scheduled actions set min and max at their minute and move the desired count into the new
 *   bounds at once, cooldowns notwithstanding (Application Auto Scaling User Guide, "Scheduled
 *   scaling"); cron() fields are evaluated in the schedule's time zone, DST included.
 * - Application Auto Scaling turns scale-in off while an ECS deployment is in progress;
 *   scale-out continues (ECS Developer Guide, "Scale your Amazon ECS service using a target
 *   metric value"). Deployments honour minimumHealthyPercent and maximumPercent.
 * - Task start-up: provisioning (microVM and ENI), image pull (Fargate caches no images:
 *   every task pulls its whole image, ECS Developer Guide "Fargate pull behavior"), container
 *   start, then the target group's healthy threshold × interval before the ALB sends requests.
 *   AWS re:Post puts a normal Fargate start at "30-45 seconds or longer" before health checks.
 *   The health-check grace period decides whether a slow starter survives: a task whose target
 *   turns unhealthy before it is ready and after the grace period is stopped and replaced.
 * - Metric: ECS service CPU is the average over RUNNING tasks (warming and draining tasks
 *   count, at no load); ALBRequestCountPerTarget is the minute's request count over healthy
 *   targets. Datapoints reach the alarms `metricDelaySeconds` after their minute ends.
 * - Cost: Fargate bills vCPU and memory per second from the start of the image pull until the
 *   task stops, one-minute minimum (https://aws.amazon.com/fargate/pricing/), at the prices of
 *   `components/plan/prices.json`. Tasks split between FARGATE and FARGATE_SPOT by the service's
 *   capacity provider strategy: `spotBase` tasks on demand, then `spotShare`% of the rest on Spot.
 *
 * Everything is a pure function of its inputs: no clock, no randomness.
 */
import type { ServiceProfile } from "../stack/profiles";
import type { StackConfig } from "../stack/config";
import type { Architecture, ScheduleArgs, ScalingArgs } from "../service";
import { PROFILES } from "../stack/profiles";
import { PRICES, PriceData, unknownRegionMessage } from "./cost";
import { ConfigError, Problems } from "../core/validate";

type Filled<T> = { [K in keyof T]-?: Exclude<T[K], undefined> };

// ---------------------------------------------------------------------------------------------
// Prices and presets
// ---------------------------------------------------------------------------------------------

/** Price of one vCPU-hour and one GB-hour of Fargate capacity (USD). */
export interface FargateRate {
    vcpuHour: number;
    gbHour: number;
}

/** A Fargate price table for one region. */
export interface FargatePrices {
    region: string;
    /** When the prices were read, ISO date. */
    readOn: string;
    onDemand: Record<Architecture, FargateRate>;
    spot: Record<Architecture, FargateRate>;
}

/**
 * A region's Fargate Linux prices from the package's price table (`components/plan/prices.json`,
 * owned by the cost estimate). us-east-1 on-demand, per https://aws.amazon.com/fargate/pricing/:
 * x86 $0.04048 per vCPU-hour and $0.004445 per GB-hour, ARM $0.03238 and $0.00356, read
 * 2026-11-27. Spot prices move with spare capacity (AWS: "up to a 70% discount"); the table
 * holds a snapshot. Throws a ConfigError for a region the table lacks.
 */
export function fargatePrices(region = "us-east-1", data: PriceData = PRICES): FargatePrices {
    const r = data.regions[region];
    if (!r) throw new ConfigError([unknownRegionMessage(region, data)]);
    return {
        region,
        readOn: data.readOn,
        onDemand: {
            x86_64: { vcpuHour: r.fargateVcpuHour, gbHour: r.fargateGbHour },
            arm64: { vcpuHour: r.fargateArmVcpuHour, gbHour: r.fargateArmGbHour },
        },
        spot: {
            x86_64: { vcpuHour: r.fargateSpotVcpuHour, gbHour: r.fargateSpotGbHour },
            arm64: { vcpuHour: r.fargateSpotArmVcpuHour, gbHour: r.fargateSpotArmGbHour },
        },
    };
}

/** us-east-1's Fargate prices, the default of every simulation; swap through `SimulationOptions.prices`. */
export const FARGATE_PRICES: FargatePrices = fargatePrices("us-east-1");

/** The scaling settings a preset replaces; task bounds stay the service's own. */
export type ScalingPreset = Omit<Filled<ScalingArgs>, "minTasks" | "maxTasks">;

/**
 * What AWS CDK sets up for `service.autoScaleTaskCount({...}).scaleOnCpuUtilization("Cpu",
 * { targetUtilizationPercent: 50 })`: one CPU target-tracking policy, no memory or request
 * policy, cooldowns left unset so Application Auto Scaling applies its ECS default of 300 s
 * to both (CDK `BaseTargetTrackingProps`: "Default: Duration.seconds(300) for … ECS services";
 * Application Auto Scaling User Guide, "Define cooldown periods").
 */
export const CDK_DEFAULT_SCALING: ScalingPreset = {
    cpuTarget: 50,
    memoryTarget: 0,
    requestsPerTarget: 0,
    scaleOutCooldownSeconds: 300,
    scaleInCooldownSeconds: 300,
    schedules: [],
};

/** The service with its scaling policies replaced by `preset`; min and max tasks are kept. */
export function withScaling<S extends SimulatedService>(service: S, preset: ScalingPreset): S {
    return { ...service, scaling: { ...service.scaling, ...preset, schedules: [...preset.schedules] } };
}

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/** The settings of a service the simulation reads; a `ServiceConfig` or a profile's `service` fits. */
export type SimulatedService = Pick<
    ServiceProfile,
    | "cpu"
    | "memory"
    | "architecture"
    | "scaling"
    | "healthCheck"
    | "spotShare"
    | "spotBase"
    | "minHealthyPercent"
    | "maxPercent"
    | "healthCheckGracePeriodSeconds"
    | "deregistrationDelaySeconds"
>;

/** Offered load, one value per minute, in requests per second. */
export interface Trace {
    /** Shown in reports, e.g. `spike`. */
    name: string;
    /** Requests per second offered during each minute. */
    rps: Float64Array;
    /** Minute the load jumps up (a spike's start); used for "time to absorb". */
    riseMinute?: number;
    /** Minute the load falls back; used for "time to scale back in". */
    fallMinute?: number;
}

/** Losing every task in one availability zone; no task is placed there until it comes back. */
export interface AzFault {
    kind: "az";
    atMinute: number;
    /** Zone index, 0 = the first (`a`). @default 0 */
    az?: number;
    /** @default - the rest of the run */
    durationMinutes?: number;
}

/** Losing a share of the running tasks at once (crash, spot interruption); ECS replaces them. */
export interface TaskLossFault {
    kind: "tasks";
    atMinute: number;
    /** Share of the RUNNING tasks lost, 0-1, rounded to whole tasks; the oldest go first. */
    share: number;
}

/** A rolling deployment replacing every task, within minHealthyPercent and maxPercent. */
export interface DeploymentFault {
    kind: "deploy";
    atMinute: number;
}

export type Fault = AzFault | TaskLossFault | DeploymentFault;

/** Simulation-only knobs; every one has a default. */
export interface SimulationOptions {
    /**
     * Name shown in reports.
     * @default "service"
     */
    name?: string;
    /**
     * Availability zones the tasks spread over.
     * @default 2
     */
    azCount?: number;
    /**
     * Requests per second one task serves at 100% CPU; replace with a load-test result.
     * @default - 50 per vCPU of the task (20 ms of CPU per request: a dynamic page or API call with a database round trip)
     */
    requestsPerSecondPerTask?: number;
    /**
     * Memory utilization (%) of an idle task.
     * @default 25
     */
    memoryBasePercent?: number;
    /**
     * Memory utilization (%) of a task at 100% CPU; memory grows linearly with CPU in between.
     * @default 65
     */
    memoryAtFullCpuPercent?: number;
    /**
     * Seconds from launch to the start of the image pull (Fargate capacity, ENI attachment).
     * @default 20
     */
    provisioningSeconds?: number;
    /**
     * Seconds to pull and unpack the image; Fargate caches no images.
     * @default 15
     */
    imagePullSeconds?: number;
    /**
     * Seconds from RUNNING until the application answers its health check.
     * @default 10
     */
    containerStartSeconds?: number;
    /**
     * Seconds after a minute ends before its datapoint reaches the alarms.
     * @default 60
     */
    metricDelaySeconds?: number;
    /**
     * Simulation step; a divisor of 60. Metrics and alarms stay on one-minute periods.
     * @default 60
     */
    stepSeconds?: number;
    /**
     * Seconds of current capacity that may wait in a queue before requests are dropped; `0` drops at once.
     * @default 0
     */
    queueSeconds?: number;
    /**
     * Wall-clock time of minute 0, for cron schedules.
     * @default "2026-01-05T00:00:00Z" (a Monday)
     */
    startTime?: string;
    /**
     * Desired tasks at minute 0; tasks start warm (healthy).
     * @default - what the policies hold for the first minute's load, within the bounds in force
     */
    initialTasks?: number;
    /** @default [] */
    faults?: Fault[];
    /**
     * Fargate prices to bill at.
     * @default FARGATE_PRICES (us-east-1; a stack run uses its own region's)
     */
    prices?: FargatePrices;
}

/** The options with every default filled in, as a report shows them. */
export interface ResolvedSimulationOptions {
    name: string;
    azCount: number;
    requestsPerSecondPerTask: number;
    memoryBasePercent: number;
    memoryAtFullCpuPercent: number;
    provisioningSeconds: number;
    imagePullSeconds: number;
    containerStartSeconds: number;
    metricDelaySeconds: number;
    stepSeconds: number;
    queueSeconds: number;
    startTime: string;
    initialTasks: number | undefined;
    faults: Fault[];
    prices: FargatePrices;
}

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

// ---------------------------------------------------------------------------------------------
// Outputs
// ---------------------------------------------------------------------------------------------

/** Something that changed the service during the run. */
export interface SimulationEvent {
    minute: number;
    kind: "scale-out" | "scale-in" | "schedule" | "fault" | "deployment-done";
    /** Desired tasks before and after. */
    from: number;
    to: number;
    /** Which policy, schedule or fault, e.g. `cpu 100.0 > 50`, `business-hours`, `AZ a down`. */
    reason: string;
}

/** Per-step series; index i covers seconds [i × step, (i + 1) × step); counts are at the step's end. */
export interface SimulationSeries {
    /** Offered load, requests per second. */
    offered: Float32Array;
    /** Requests per second the healthy tasks can serve. */
    capacity: Float32Array;
    served: Float32Array;
    /** Requests per second turned away. */
    dropped: Float32Array;
    /** Requests waiting at the step's end. */
    queued: Float32Array;
    /** Average CPU utilization of RUNNING tasks, %. */
    cpu: Float32Array;
    /** Average memory utilization of RUNNING tasks, %. */
    memory: Float32Array;
    desired: Uint16Array;
    /** Tasks in RUNNING (draining ones included). */
    running: Uint16Array;
    /** Tasks launched and not yet RUNNING. */
    pending: Uint16Array;
    /** Tasks healthy in the target group, receiving requests. */
    healthy: Uint16Array;
    /** Bounds in force (scheduled actions change them). */
    minTasks: Uint16Array;
    maxTasks: Uint16Array;
}

/** How long a new task takes to serve, in seconds from launch. */
export interface StartupTimes {
    provisioning: number;
    imagePull: number;
    /** Launch to RUNNING. */
    running: number;
    /** RUNNING to healthy in the target group (container start within the health checks). */
    healthChecks: number;
    /** Launch to first request; Infinity when the task is stopped before it turns healthy. */
    total: number;
    /** True when the target turns unhealthy before the app is up and after the grace period. */
    killedBeforeHealthy: boolean;
}

/** The numbers a person reads first. */
export interface SimulationSummary {
    minutes: number;
    peakOfferedRps: number;
    /** Minutes with dropped or queued requests. */
    overloadedMinutes: number;
    droppedRequests: number;
    /** Largest one-minute gap between offered load and capacity, rps (0 when never short). */
    worstShortfallRps: number;
    worstShortfallMinute: number | null;
    /** Minute the load rose (trace's `riseMinute`, or its largest one-minute increase). */
    riseMinute: number | null;
    /** Minutes from the rise until nothing is dropped or queued; 0 when nothing was; null when never. */
    absorbMinutes: number | null;
    /** Minute the load fell (trace's `fallMinute`, or its largest one-minute decrease after the rise). */
    fallMinute: number | null;
    /** Minutes from the fall until desired tasks are back at their level before the rise; null when never. */
    scaleInMinutes: number | null;
    /** Changes of the desired count by policies and schedules. */
    scalingEvents: number;
    minDesired: number;
    maxDesired: number;
    /** maxDesired / minDesired. */
    elasticity: number;
    peakCpu: number;
    meanCpu: number;
    taskHours: number;
    onDemandTaskHours: number;
    spotTaskHours: number;
    costUsd: number;
    warnings: string[];
}

/** Everything one simulation produced. */
export interface SimulationResult {
    name: string;
    trace: { name: string; minutes: number; riseMinute?: number; fallMinute?: number };
    stepSeconds: number;
    startTime: string;
    options: Omit<ResolvedSimulationOptions, "faults">;
    service: {
        cpu: number;
        memory: number;
        architecture: Architecture;
        minTasks: number;
        maxTasks: number;
        cpuTarget: number;
        memoryTarget: number;
        requestsPerTarget: number;
        scaleOutCooldownSeconds: number;
        scaleInCooldownSeconds: number;
        schedules: number;
        autoscaled: boolean;
    };
    startup: StartupTimes;
    faults: Fault[];
    events: SimulationEvent[];
    series: SimulationSeries;
    summary: SimulationSummary;
}

// ---------------------------------------------------------------------------------------------
// Traces
// ---------------------------------------------------------------------------------------------

function checkTraceArgs(what: string, args: Record<string, number | undefined>, minutes: number): void {
    const p = new Problems(`traces.${what}`);
    for (const [k, v] of Object.entries(args)) p.num(k, v, 0, 1e9);
    p.int("minutes", minutes, 1, 527040);
    p.throwIfAny();
}

/** Built-in load shapes; every one is a pure function of its arguments. */
export const traces = {
    /** The same load every minute. */
    steady(a: { rps: number; minutes?: number }): Trace {
        const minutes = a.minutes ?? 240;
        checkTraceArgs("steady", { rps: a.rps }, minutes);
        return { name: "steady", rps: new Float64Array(minutes).fill(a.rps) };
    },
    /** A daily cycle: cosine between trough and peak, peaking at `peakMinuteOfDay` (minutes after minute 0's midnight). */
    daily(a: { troughRps: number; peakRps: number; minutes?: number; peakMinuteOfDay?: number }): Trace {
        const minutes = a.minutes ?? 2880;
        const peakAt = a.peakMinuteOfDay ?? 15 * 60;
        checkTraceArgs("daily", { troughRps: a.troughRps, peakRps: a.peakRps, peakMinuteOfDay: peakAt }, minutes);
        const rps = new Float64Array(minutes);
        for (let m = 0; m < minutes; m++) {
            const phase = (2 * Math.PI * (m - peakAt)) / 1440;
            rps[m] = a.troughRps + ((a.peakRps - a.troughRps) * (1 + Math.cos(phase))) / 2;
        }
        return { name: "daily", rps };
    },
    /** A step up to `multiple` × base at `atMinute` for `durationMinutes`, then back. */
    spike(a: { baseRps: number; multiple?: number; atMinute?: number; durationMinutes?: number; minutes?: number }): Trace {
        const minutes = a.minutes ?? 240;
        const multiple = a.multiple ?? 10;
        const at = a.atMinute ?? 30;
        const duration = a.durationMinutes ?? 30;
        checkTraceArgs("spike", { baseRps: a.baseRps, multiple, atMinute: at, durationMinutes: duration }, minutes);
        const rps = new Float64Array(minutes).fill(a.baseRps);
        for (let m = at; m < Math.min(minutes, at + duration); m++) rps[m] = a.baseRps * multiple;
        return { name: "spike", rps, riseMinute: at, fallMinute: at + duration < minutes ? at + duration : undefined };
    },
    /** A linear climb from `fromRps` to `toRps` over `rampMinutes`, then held. */
    ramp(a: { fromRps: number; toRps: number; rampMinutes?: number; minutes?: number }): Trace {
        const minutes = a.minutes ?? 240;
        const rampMinutes = a.rampMinutes ?? Math.round(minutes / 2);
        checkTraceArgs("ramp", { fromRps: a.fromRps, toRps: a.toRps, rampMinutes }, minutes);
        const rps = new Float64Array(minutes);
        for (let m = 0; m < minutes; m++) {
            const f = rampMinutes === 0 ? 1 : Math.min(1, m / rampMinutes);
            rps[m] = a.fromRps + (a.toRps - a.fromRps) * f;
        }
        return { name: "ramp", rps };
    },
    /**
     * A flash crowd: the load climbs to `peakMultiple` × base within `riseMinutes` of `atMinute`,
     * then decays back toward base with a half-life of `halfLifeMinutes`.
     */
    flashCrowd(a: {
        baseRps: number;
        peakMultiple?: number;
        atMinute?: number;
        riseMinutes?: number;
        halfLifeMinutes?: number;
        minutes?: number;
    }): Trace {
        const minutes = a.minutes ?? 240;
        const peak = a.peakMultiple ?? 15;
        const at = a.atMinute ?? 30;
        const rise = a.riseMinutes ?? 2;
        const halfLife = a.halfLifeMinutes ?? 20;
        checkTraceArgs(
            "flashCrowd",
            { baseRps: a.baseRps, peakMultiple: peak, atMinute: at, riseMinutes: rise, halfLifeMinutes: halfLife },
            minutes,
        );
        const rps = new Float64Array(minutes);
        const extra = a.baseRps * (peak - 1);
        for (let m = 0; m < minutes; m++) {
            let f = 0;
            if (m >= at && m < at + rise) f = (m - at + 1) / rise;
            else if (m >= at + rise) f = halfLife === 0 ? 0 : Math.pow(0.5, (m - at - rise + 1) / halfLife);
            rps[m] = a.baseRps + extra * f;
        }
        const peakMinute = at + rise - 1;
        return { name: "flash", rps, riseMinute: at, fallMinute: peakMinute + 1 < minutes ? peakMinute + 1 : undefined };
    },
};

/**
 * Reads a trace from CSV: one row per minute, in order. The requests-per-second column is the
 * one whose header names `rps` or `requests`, else the last column; a header row and `#`
 * comment lines are optional. Example: `minute,rps\n0,120\n1,135`.
 */
export function parseTraceCsv(text: string, name = "csv"): Trace {
    const rows: string[][] = [];
    const lineNumbers: number[] = [];
    text.split(/\r?\n/).forEach((line, i) => {
        const t = line.trim();
        if (t === "" || t.startsWith("#")) return;
        rows.push(t.split(/[,;\t]/).map((f) => f.trim()));
        lineNumbers.push(i + 1);
    });
    if (rows.length === 0)
        throw new ConfigError([`trace CSV ${JSON.stringify(name)} has no rows; give one requests-per-second value per minute.`]);
    let column = rows[0].length - 1;
    let first = 0;
    if (rows[0].some((f) => f !== "" && !Number.isFinite(Number(f)))) {
        const named = rows[0].findIndex((f) => /rps|requests/i.test(f));
        if (named >= 0) column = named;
        first = 1;
    }
    const problems: string[] = [];
    const rps = new Float64Array(rows.length - first);
    for (let r = first; r < rows.length; r++) {
        const field = rows[r][column];
        const v = field === undefined || field === "" ? NaN : Number(field);
        if (!Number.isFinite(v) || v < 0) {
            if (problems.length < 10)
                problems.push(
                    `trace CSV ${JSON.stringify(name)} line ${lineNumbers[r]}: ${JSON.stringify(field ?? "")} is not a number of requests per second (0 or more).`,
                );
        }
        rps[r - first] = v;
    }
    if (rps.length === 0)
        problems.push(`trace CSV ${JSON.stringify(name)} has a header but no rows; give one requests-per-second value per minute.`);
    if (problems.length > 0) throw new ConfigError(problems);
    return { name, rps };
}

// ---------------------------------------------------------------------------------------------
// Faults
// ---------------------------------------------------------------------------------------------

const FAULT_SYNTAX = `"az@120", "az:b@120+30" (zone b down for 30 minutes), "tasks:50%@90" or "deploy@200"`;

/** Parses `az@120`, `az:b@120+30`, `tasks:50%@90`, `deploy@200` (minutes from the start). */
export function parseFault(text: string): Fault {
    const s = text.trim();
    let m = /^az(?::([a-z]|\d))?@(\d+)(?:\+(\d+))?$/.exec(s);
    if (m) {
        const az = m[1] === undefined ? 0 : /\d/.test(m[1]) ? Number(m[1]) : m[1].charCodeAt(0) - 97;
        const fault: AzFault = { kind: "az", atMinute: Number(m[2]), az };
        if (m[3] !== undefined) fault.durationMinutes = Number(m[3]);
        return fault;
    }
    m = /^tasks:(\d+(?:\.\d+)?)%@(\d+)$/.exec(s);
    if (m && Number(m[1]) <= 100) return { kind: "tasks", share: Number(m[1]) / 100, atMinute: Number(m[2]) };
    m = /^deploy@(\d+)$/.exec(s);
    if (m) return { kind: "deploy", atMinute: Number(m[1]) };
    throw new ConfigError([`fault ${JSON.stringify(text)} is not understood; write ${FAULT_SYNTAX}.`]);
}

/** A fault as the chart and the table label it. */
export function describeFault(f: Fault): string {
    switch (f.kind) {
        case "az":
            return `AZ ${String.fromCharCode(97 + (f.az ?? 0))} down${f.durationMinutes !== undefined ? ` for ${f.durationMinutes} min` : ""}`;
        case "tasks":
            return `${round(f.share * 100, 1)}% of tasks lost`;
        case "deploy":
            return "deployment";
    }
}

// ---------------------------------------------------------------------------------------------
// Schedules
// ---------------------------------------------------------------------------------------------

/** One firing of a scheduled action, in minutes from the start (negative: before it). */
interface Firing {
    minute: number;
    order: number;
    name: string;
    min: number;
    max: number;
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/** A parsed field: `values[v]` is 1 when v matches; `any` for `*` and `?`. */
interface CronField {
    any: boolean;
    values: Uint8Array;
}

function cronField(text: string, lo: number, hi: number, names: string[] | undefined, what: string): CronField {
    const values = new Uint8Array(hi + 1);
    if (text === "*" || text === "?") return { any: true, values: values.fill(1) };
    const value = (t: string): number => {
        const upper = t.toUpperCase();
        const named = names ? names.indexOf(upper) : -1;
        const v = named >= 0 ? named + lo : /^\d+$/.test(t) ? Number(t) : NaN;
        if (!Number.isInteger(v) || v < lo || v > hi)
            throw new Error(
                `${what} value ${JSON.stringify(t)} is not ${lo}-${hi}${names ? ` or ${names[0]}-${names[names.length - 1]}` : ""}`,
            );
        return v;
    };
    for (const part of text.split(",")) {
        const m = /^([^/-]+)(?:-([^/]+))?(?:\/(\d+))?$/.exec(part);
        if (!m) throw new Error(`${what} ${JSON.stringify(part)} is not a value, range or step (L, W and # are not supported)`);
        const from = m[1] === "*" ? lo : value(m[1]);
        const to = m[2] !== undefined ? value(m[2]) : m[3] !== undefined || m[1] === "*" ? hi : from;
        const by = m[3] !== undefined ? Number(m[3]) : 1;
        if (by < 1) throw new Error(`${what} step ${JSON.stringify(part)} must be at least 1`);
        for (let v = from; v <= to; v += by) values[v] = 1;
    }
    return { any: false, values };
}

/** A compiled AWS cron expression: minutes hours day-of-month month day-of-week year. */
interface Cron {
    minute: CronField;
    hour: CronField;
    dom: CronField;
    month: CronField;
    /** Indexed 1-7 = SUN-SAT as AWS numbers them. */
    dow: CronField;
    years: [number, number][] | undefined;
}

function parseCron(body: string): Cron {
    const f = body.trim().split(/\s+/);
    if (f.length !== 6) throw new Error(`has ${f.length} fields; AWS cron takes 6: minutes hours day-of-month month day-of-week year`);
    const cron: Cron = {
        minute: cronField(f[0], 0, 59, undefined, "minutes"),
        hour: cronField(f[1], 0, 23, undefined, "hours"),
        dom: cronField(f[2], 1, 31, undefined, "day-of-month"),
        month: cronField(f[3], 1, 12, MONTHS, "month"),
        dow: cronField(f[4], 1, 7, DAYS, "day-of-week"),
        years: undefined,
    };
    if (f[2] !== "?" && f[4] !== "?") throw new Error("gives both day-of-month and day-of-week; one of them must be ?");
    if (f[5] !== "*") {
        cron.years = f[5].split(",").map((part) => {
            const m = /^(\d{4})(?:-(\d{4}))?$/.exec(part);
            if (!m) throw new Error(`year ${JSON.stringify(part)} is not a year or range of years`);
            return [Number(m[1]), Number(m[2] ?? m[1])] as [number, number];
        });
    }
    return cron;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();

/** Milliseconds to add to UTC to get wall-clock time in `tz` at instant `utcMs`. */
function tzOffsetMs(tz: string, utcMs: number): number {
    if (tz === "UTC" || tz === "Etc/UTC" || tz === "GMT") return 0;
    const key = `${tz}|${utcMs}`;
    const cached = offsetCache.get(key);
    if (cached !== undefined) return cached;
    let f = formatters.get(tz);
    if (!f) {
        f = new Intl.DateTimeFormat("en-US", {
            timeZone: tz,
            hourCycle: "h23",
            year: "numeric",
            month: "numeric",
            day: "numeric",
            hour: "numeric",
            minute: "numeric",
            second: "numeric",
        });
        formatters.set(tz, f);
    }
    const parts: Record<string, number> = {};
    for (const p of f.formatToParts(utcMs)) if (p.type !== "literal") parts[p.type] = Number(p.value);
    const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
    const offset = wall - Math.floor(utcMs / 1000) * 1000;
    if (offsetCache.size > 200000) offsetCache.clear();
    offsetCache.set(key, offset);
    return offset;
}

/** Year, month (1-12) and day of month of a day count since 1970-01-01 (H. Hinnant's civil_from_days). */
function civilFromDays(days: number): { y: number; m: number; d: number } {
    const z = days + 719468;
    const era = Math.floor(z / 146097);
    const doe = z - era * 146097;
    const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153);
    const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
    const m = mp < 10 ? mp + 3 : mp - 9;
    return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

function isTimeZone(tz: string): boolean {
    try {
        new Intl.DateTimeFormat("en-US", { timeZone: tz });
        return true;
    } catch {
        return false;
    }
}

/** Minutes from `startMs` in [from, to) at which the cron expression fires in `tz`. */
function cronFirings(cron: Cron, tz: string, startMs: number, from: number, to: number): number[] {
    const out: number[] = [];
    let offset = 0;
    for (let k = from; k < to; k++) {
        const utc = startMs + k * 60000;
        // Offsets change only at quarter-hour instants, so one look-up per quarter suffices.
        if (k === from || (((utc / 60000) % 15) + 15) % 15 === 0) offset = tzOffsetMs(tz, utc);
        const local = utc + offset;
        const minuteOfDay = (((local / 60000) % 1440) + 1440) % 1440;
        if (!cron.minute.values[minuteOfDay % 60] || !cron.hour.values[Math.floor(minuteOfDay / 60)]) continue;
        const days = Math.floor(local / 86400000);
        const { y, m, d } = civilFromDays(days);
        if (!cron.month.values[m]) continue;
        const dow = ((((days + 4) % 7) + 7) % 7) + 1;
        if (!cron.dom.any && !cron.dom.values[d]) continue;
        if (!cron.dow.any && !cron.dow.values[dow]) continue;
        if (cron.years && !cron.years.some(([a, b]) => y >= a && y <= b)) continue;
        out.push(k);
    }
    return out;
}

/** The UTC instant of a wall-clock time in `tz`. */
function wallToUtc(wallMs: number, tz: string): number {
    let utc = wallMs - tzOffsetMs(tz, wallMs);
    utc = wallMs - tzOffsetMs(tz, utc);
    return utc;
}

const LOOKBACK_MINUTES = 7 * 1440;
const firingCache = new Map<string, number[]>();

/**
 * Compiles the service's scheduled actions to the minutes they fire in [-7 days, minutes).
 * Throws a ConfigError naming every expression it cannot read.
 */
function compileSchedules(schedules: ScheduleArgs[], startMs: number, minutes: number): Firing[] {
    const p = new Problems("simulator", "scaling.");
    const firings: Firing[] = [];
    schedules.forEach((s, i) => {
        const key = `schedules[${i}]`;
        const tz = s.timezone ?? "UTC";
        if (!isTimeZone(tz)) {
            p.add(`${key}.timezone`, tz, 'is not an IANA time zone such as "America/New_York".');
            return;
        }
        const cacheKey = `${s.schedule}|${tz}|${startMs}|${minutes}`;
        let at = firingCache.get(cacheKey);
        if (!at) {
            const expr = s.schedule.trim();
            let m: RegExpExecArray | null;
            try {
                if ((m = /^cron\((.*)\)$/.exec(expr))) {
                    at = cronFirings(parseCron(m[1]), tz, startMs, -LOOKBACK_MINUTES, minutes);
                } else if ((m = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?\)$/.exec(expr))) {
                    const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
                    at = [Math.ceil((wallToUtc(wall, tz) - startMs) / 60000)];
                } else if ((m = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(expr))) {
                    const every = Number(m[1]) * (m[2].startsWith("minute") ? 1 : m[2].startsWith("hour") ? 60 : 1440);
                    if (every < 1) throw new Error("has a rate of 0");
                    at = [];
                    for (let k = 0; k < minutes; k += every) at.push(k);
                } else {
                    throw new Error("is not cron(…), at(…) or rate(…)");
                }
            } catch (e) {
                p.add(
                    `${key}.schedule`,
                    s.schedule,
                    `${(e as Error).message}; write e.g. cron(0 8 ? * MON-FRI *), at(2026-01-05T08:00:00) or rate(1 hour).`,
                );
                return;
            }
            if (firingCache.size > 500) firingCache.clear();
            firingCache.set(cacheKey, at);
        }
        for (const minute of at) firings.push({ minute, order: i, name: s.name, min: s.minTasks, max: s.maxTasks });
    });
    p.throwIfAny();
    firings.sort((a, b) => a.minute - b.minute || a.order - b.order);
    return firings;
}

// ---------------------------------------------------------------------------------------------
// Options and start-up
// ---------------------------------------------------------------------------------------------

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

const CPU = 0;
const MEMORY = 1;
const REQUESTS = 2;
const POLICY_NAMES = ["cpu", "memory", "requests"];

/** Requests per second one task takes before policy `kind` is at its target (Infinity: never). */
function perTaskAtTarget(kind: number, target: number, o: ResolvedSimulationOptions): number {
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

// ---------------------------------------------------------------------------------------------
// The simulation
// ---------------------------------------------------------------------------------------------

/**
 * Replays `trace` against one service. Deterministic: equal inputs give equal results.
 * @example simulate(PROFILES.prod.service, traces.spike({ baseRps: 30 }), { azCount: 3 })
 */
export function simulate(service: SimulatedService, trace: Trace, options: SimulationOptions = {}): SimulationResult {
    const o = resolveSimulationOptions(service, trace, options);
    const sc = service.scaling;
    const minutes = trace.rps.length;
    const step = o.stepSeconds;
    const spm = 60 / step;
    const steps = minutes * spm;
    const cap = o.requestsPerSecondPerTask;
    const startMs = Date.parse(o.startTime);
    const autoscaled = sc.maxTasks > sc.minTasks || sc.schedules.length > 0;
    const startup = startupTimes(service, o);
    const warnings: string[] = [];
    if (startup.killedBeforeHealthy) {
        warnings.push(
            `tasks never turn healthy: the app needs ${o.containerStartSeconds} s to answer, the target is judged unhealthy after ${service.healthCheck.unhealthyThreshold} × ${service.healthCheck.intervalSeconds} s and the grace period is ${service.healthCheckGracePeriodSeconds} s; raise healthCheckGracePeriodSeconds.`,
        );
    }

    // Policies, in the order CPU, memory, requests.
    const polKind: number[] = [];
    const polTarget: number[] = [];
    if (autoscaled) {
        if (sc.cpuTarget > 0) {
            polKind.push(CPU);
            polTarget.push(sc.cpuTarget);
        }
        if (sc.memoryTarget > 0) {
            polKind.push(MEMORY);
            polTarget.push(sc.memoryTarget);
        }
        if (sc.requestsPerTarget > 0) {
            polKind.push(REQUESTS);
            polTarget.push(sc.requestsPerTarget);
        }
    }
    const nPol = polKind.length;
    const highRun = new Int32Array(nPol);
    const lowRun = new Int32Array(nPol);

    // Bounds: the latest scheduled action before minute 0 is already in force.
    const firings = autoscaled ? compileSchedules(sc.schedules, startMs, minutes) : [];
    let minBound = sc.minTasks;
    let maxBound = sc.maxTasks;
    let fi = 0;
    while (fi < firings.length && firings[fi].minute < 0) {
        minBound = firings[fi].min;
        maxBound = firings[fi].max;
        fi++;
    }

    let desired: number;
    if (o.initialTasks !== undefined) desired = o.initialTasks;
    else if (nPol === 0) desired = minBound;
    else {
        desired = 0;
        for (let p = 0; p < nPol; p++) {
            const per = perTaskAtTarget(polKind[p], polTarget[p], o);
            const need = per === Infinity ? 0 : per === 0 ? maxBound : Math.ceil(trace.rps[0] / per - 1e-9);
            if (need > desired) desired = need;
        }
    }
    desired = Math.min(Math.max(desired, minBound), maxBound);

    // Tasks, as a struct of arrays with a free list.
    let capacity = 64;
    let launchAt = new Float64Array(capacity);
    let billAt = new Float64Array(capacity);
    let runAt = new Float64Array(capacity);
    let healthyAt = new Float64Array(capacity);
    let drainAt = new Float64Array(capacity);
    let stopAt = new Float64Array(capacity);
    let zone = new Int8Array(capacity);
    let version = new Int32Array(capacity);
    let stopping = new Uint8Array(capacity);
    let active = new Int32Array(capacity);
    let nActive = 0;
    const free: number[] = [];
    let nextSlot = 0;
    let current = 0; // tasks not told to stop
    const azN = o.azCount;
    const azCurrent = new Int32Array(azN);
    const azDownUntil = new Float64Array(azN).fill(-Infinity);
    let deployVersion = 0;
    let deploying = false;

    const grow = () => {
        const n = capacity * 2;
        const f64 = (a: Float64Array) => {
            const b = new Float64Array(n);
            b.set(a);
            return b;
        };
        launchAt = f64(launchAt);
        billAt = f64(billAt);
        runAt = f64(runAt);
        healthyAt = f64(healthyAt);
        drainAt = f64(drainAt);
        stopAt = f64(stopAt);
        const z = new Int8Array(n);
        z.set(zone);
        zone = z;
        const v = new Int32Array(n);
        v.set(version);
        version = v;
        const s = new Uint8Array(n);
        s.set(stopping);
        stopping = s;
        const a = new Int32Array(n);
        a.set(active);
        active = a;
        capacity = n;
    };

    let odTaskSeconds = 0;
    let spotTaskSeconds = 0;
    const spotShare = service.spotShare / 100;
    const spotBase = service.spotBase;
    const billMinimum = (billed: number) => {
        // Fargate's one-minute minimum, split like the rest of the bill.
        if (billed > 0 && billed < 60) {
            odTaskSeconds += (60 - billed) * (1 - spotShare);
            spotTaskSeconds += (60 - billed) * spotShare;
        }
    };

    const launch = (t: number, warm: boolean): boolean => {
        let best = -1;
        for (let a = 0; a < azN; a++) {
            if (azDownUntil[a] > t) continue;
            if (best < 0 || azCurrent[a] < azCurrent[best]) best = a;
        }
        if (best < 0) return false;
        if (free.length === 0 && nextSlot === capacity) grow();
        const i = free.length > 0 ? (free.pop() as number) : nextSlot++;
        if (warm) {
            launchAt[i] = billAt[i] = runAt[i] = healthyAt[i] = -Infinity;
            drainAt[i] = stopAt[i] = Infinity;
        } else {
            launchAt[i] = t;
            billAt[i] = t + startup.provisioning;
            runAt[i] = t + startup.running;
            if (startup.killedBeforeHealthy) {
                healthyAt[i] = Infinity;
                drainAt[i] = stopAt[i] =
                    runAt[i] +
                    Math.max(
                        service.healthCheck.unhealthyThreshold * service.healthCheck.intervalSeconds,
                        service.healthCheckGracePeriodSeconds,
                    );
            } else {
                healthyAt[i] = runAt[i] + startup.healthChecks;
                drainAt[i] = stopAt[i] = Infinity;
            }
        }
        zone[i] = best;
        version[i] = deployVersion;
        stopping[i] = 0;
        active[nActive++] = i;
        azCurrent[best]++;
        current++;
        return true;
    };

    /** Tells task i to stop at t: a crash stops it at once, otherwise it drains first. */
    const stopTask = (i: number, t: number, crash: boolean) => {
        if (!stopping[i]) {
            stopping[i] = 1;
            current--;
            azCurrent[zone[i]]--;
        }
        if (crash || runAt[i] > t) {
            if (drainAt[i] > t) drainAt[i] = t;
            if (stopAt[i] > t) stopAt[i] = t;
        } else {
            if (drainAt[i] > t) drainAt[i] = t;
            const end = t + service.deregistrationDelaySeconds;
            if (stopAt[i] > end) stopAt[i] = end;
        }
    };

    /** Picks the task ECS stops first on scale-in: not yet RUNNING, then from the fullest zone, unhealthy, newest. */
    const pickVictim = (t: number, onlyVersion: number): number => {
        let best = -1;
        let bestScore = -Infinity;
        for (let k = 0; k < nActive; k++) {
            const i = active[k];
            if (stopping[i]) continue;
            if (onlyVersion >= 0 && version[i] !== onlyVersion) continue;
            const score =
                (runAt[i] > t ? 1e15 : 0) +
                azCurrent[zone[i]] * 1e12 +
                (healthyAt[i] > t ? 1e11 : 0) +
                (launchAt[i] === -Infinity ? 0 : launchAt[i] + 1);
            if (score > bestScore) {
                bestScore = score;
                best = i;
            }
        }
        return best;
    };

    /** An old-version task still meant to run: a healthy one, or one not (yet) healthy; -1 if none. */
    const findOld = (t: number, healthy: boolean): number => {
        let best = -1;
        for (let k = 0; k < nActive; k++) {
            const i = active[k];
            if (stopping[i] || version[i] === deployVersion || healthyAt[i] <= t !== healthy) continue;
            if (best < 0 || launchAt[i] < launchAt[best]) best = i;
        }
        return best;
    };

    const events: SimulationEvent[] = [];
    let launchFailed = false;

    const reconcile = (t: number, minute: number) => {
        if (deploying) {
            let oldCur = 0,
                newCur = 0,
                healthyOld = 0,
                healthyNew = 0;
            for (let k = 0; k < nActive; k++) {
                const i = active[k];
                if (stopping[i]) continue;
                const healthy = healthyAt[i] <= t;
                if (version[i] === deployVersion) {
                    newCur++;
                    if (healthy) healthyNew++;
                } else {
                    oldCur++;
                    if (healthy) healthyOld++;
                }
            }
            const maxTotal = Math.floor((desired * service.maxPercent) / 100);
            const minHealthy = Math.ceil((desired * service.minHealthyPercent) / 100);
            while (newCur < desired && oldCur + newCur < maxTotal) {
                if (!launch(t, false)) {
                    launchFailed = true;
                    break;
                }
                newCur++;
            }
            while (newCur > desired) {
                const v = pickVictim(t, deployVersion);
                if (v < 0) break;
                stopTask(v, t, false);
                newCur--;
            }
            // Old tasks that serve nothing go first; healthy ones only while enough stay healthy.
            while (oldCur > 0) {
                let v = findOld(t, false);
                if (v < 0) {
                    if (healthyOld + healthyNew - 1 < minHealthy) break;
                    v = findOld(t, true);
                    healthyOld--;
                }
                stopTask(v, t, false);
                oldCur--;
            }
            if (oldCur === 0 && healthyNew >= desired) {
                deploying = false;
                events.push({ minute, kind: "deployment-done", from: desired, to: desired, reason: "all tasks replaced" });
            }
            return;
        }
        while (current < desired) {
            if (!launch(t, false)) {
                launchFailed = true;
                break;
            }
        }
        while (current > desired) {
            const v = pickVictim(t, -1);
            if (v < 0) break;
            stopTask(v, t, false);
        }
    };

    for (let k = 0; k < desired; k++) launch(-Infinity, true);

    // Series.
    const series: SimulationSeries = {
        offered: new Float32Array(steps),
        capacity: new Float32Array(steps),
        served: new Float32Array(steps),
        dropped: new Float32Array(steps),
        queued: new Float32Array(steps),
        cpu: new Float32Array(steps),
        memory: new Float32Array(steps),
        desired: new Uint16Array(steps),
        running: new Uint16Array(steps),
        pending: new Uint16Array(steps),
        healthy: new Uint16Array(steps),
        minTasks: new Uint16Array(steps),
        maxTasks: new Uint16Array(steps),
    };

    // One-minute datapoints as CloudWatch aggregates them.
    const dpCpu = new Float64Array(minutes);
    const dpMem = new Float64Array(minutes);
    const dpReq = new Float64Array(minutes);
    const dpRunning = new Float64Array(minutes);
    const dpHealthy = new Float64Array(minutes);
    const dpValue = (p: number, j: number) => (polKind[p] === CPU ? dpCpu[j] : polKind[p] === MEMORY ? dpMem[j] : dpReq[j]);
    const dpBase = (p: number, j: number) => (polKind[p] === REQUESTS ? dpHealthy[j] : dpRunning[j]);
    let nextDp = 0;
    let lastDp = -1;
    let outCooldownUntil = -Infinity;
    let inCooldownUntil = -Infinity;
    const memBase = o.memoryBasePercent;
    const memSlope = (o.memoryAtFullCpuPercent - o.memoryBasePercent) / 100;
    let backlog = 0;
    let fk = 0;
    const faults = o.faults;
    const describePolicy = (p: number, j: number, cmp: string, threshold: number) =>
        `${POLICY_NAMES[polKind[p]]} ${round(dpValue(p, j), 1)} ${cmp} ${round(threshold, 1)}`;

    const decide = (T: number, minute: number) => {
        const j = lastDp;
        const inCooldown = T < outCooldownUntil;
        let want = desired;
        let why = -1;
        for (let p = 0; p < nPol; p++) {
            if (highRun[p] < SCALE_OUT_DATAPOINTS) continue;
            const base = inCooldown ? dpBase(p, j) : desired;
            const w = Math.ceil((base * dpValue(p, j)) / polTarget[p] - 1e-9);
            if (w > want) {
                want = w;
                why = p;
            }
        }
        if (want > maxBound) want = maxBound;
        if (want > desired) {
            events.push({ minute, kind: "scale-out", from: desired, to: want, reason: describePolicy(why, j, ">", polTarget[why]) });
            desired = want;
            outCooldownUntil = T + sc.scaleOutCooldownSeconds;
            inCooldownUntil = T;
            return;
        }
        if (deploying || T < inCooldownUntil) return;
        for (let p = 0; p < nPol; p++) if (lowRun[p] < SCALE_IN_DATAPOINTS) return;
        want = minBound;
        for (let p = 0; p < nPol; p++) {
            const w = Math.ceil((dpBase(p, j) * dpValue(p, j)) / polTarget[p] - 1e-9);
            if (w > want) want = w;
        }
        if (want < desired) {
            const reason = Array.from({ length: nPol }, (_, p) => describePolicy(p, j, "<", polTarget[p] * SCALE_IN_THRESHOLD)).join(", ");
            events.push({ minute, kind: "scale-in", from: desired, to: want, reason });
            desired = want;
            inCooldownUntil = T + sc.scaleInCooldownSeconds;
        }
    };

    let g = 0;
    for (let m = 0; m < minutes; m++) {
        const T = m * 60;

        // Forget tasks that have stopped.
        for (let k = 0; k < nActive;) {
            const i = active[k];
            if (stopAt[i] <= T) {
                if (!stopping[i]) {
                    stopping[i] = 1;
                    current--;
                    azCurrent[zone[i]]--;
                }
                billMinimum(stopAt[i] - billAt[i]);
                active[k] = active[--nActive];
                free.push(i);
            } else k++;
        }

        while (fi < firings.length && firings[fi].minute === m) {
            const f = firings[fi++];
            minBound = f.min;
            maxBound = f.max;
            const to = Math.min(Math.max(desired, minBound), maxBound);
            events.push({ minute: m, kind: "schedule", from: desired, to, reason: `${f.name}: min ${f.min}, max ${f.max}` });
            desired = to;
        }

        if (nPol > 0) {
            const newest = Math.floor((T - o.metricDelaySeconds) / 60) - 1;
            while (nextDp <= newest && nextDp < m) {
                for (let p = 0; p < nPol; p++) {
                    const v = dpValue(p, nextDp);
                    if (Number.isNaN(v)) {
                        highRun[p] = 0;
                        lowRun[p] = 0;
                        continue;
                    }
                    highRun[p] = v > polTarget[p] ? highRun[p] + 1 : 0;
                    lowRun[p] = v < polTarget[p] * SCALE_IN_THRESHOLD ? lowRun[p] + 1 : 0;
                }
                lastDp = nextDp++;
            }
            if (lastDp >= 0) decide(T, m);
        }

        while (fk < faults.length && faults[fk].atMinute === m) {
            const f = faults[fk++];
            const before = current;
            if (f.kind === "az") {
                const a = f.az ?? 0;
                azDownUntil[a] = f.durationMinutes === undefined ? Infinity : T + f.durationMinutes * 60;
                for (let k = 0; k < nActive; k++) if (zone[active[k]] === a) stopTask(active[k], T, true);
            } else if (f.kind === "tasks") {
                const order: number[] = [];
                for (let k = 0; k < nActive; k++) {
                    const i = active[k];
                    if (!stopping[i] && runAt[i] <= T) order.push(i);
                }
                order.sort((a, b) => launchAt[a] - launchAt[b] || a - b);
                const lose = Math.round(f.share * order.length);
                for (let k = 0; k < lose; k++) stopTask(order[k], T, true);
            } else {
                deployVersion++;
                deploying = true;
            }
            events.push({
                minute: m,
                kind: "fault",
                from: desired,
                to: desired,
                reason: `${describeFault(f)} (${before - current} tasks stopped)`,
            });
        }

        const rps = trace.rps[m];
        let offMin = 0,
            servMin = 0,
            runSecMin = 0,
            healthySecMin = 0;
        for (let s = 0; s < spm; s++, g++) {
            const t0 = T + s * step;
            const t1 = t0 + step;
            if (current !== desired || deploying) reconcile(t0, m);
            let runSec = 0,
                servSec = 0,
                billSec = 0,
                pending = 0,
                running = 0,
                healthy = 0;
            for (let k = 0; k < nActive; k++) {
                const i = active[k];
                const st = stopAt[i];
                const dr = drainAt[i];
                const ra = runAt[i];
                const ha = healthyAt[i];
                const ba = billAt[i];
                if (!stopping[i] && st <= t1) {
                    // Stopped by ECS after failing its health checks; replaced at the next step.
                    stopping[i] = 1;
                    current--;
                    azCurrent[zone[i]]--;
                }
                let a = ra > t0 ? ra : t0;
                let b = st < t1 ? st : t1;
                if (b > a) runSec += b - a;
                a = ha > t0 ? ha : t0;
                b = dr < t1 ? dr : t1;
                if (b > a) servSec += b - a;
                a = ba > t0 ? ba : t0;
                b = st < t1 ? st : t1;
                if (b > a) billSec += b - a;
                if (t1 < st) {
                    if (t1 < ra) pending++;
                    else running++;
                }
                if (ha <= t1 && t1 < dr) healthy++;
            }
            const capReq = servSec * cap;
            const offered = rps * step;
            const avail = offered + backlog;
            const served = avail < capReq ? avail : capReq;
            const excess = avail - served;
            const queueMax = o.queueSeconds * (servSec / step) * cap;
            const queued = excess < queueMax ? excess : queueMax;
            const dropped = excess - queued;
            backlog = queued;
            const cpu = runSec > 0 ? (100 * served) / (cap * runSec) : 0;

            series.offered[g] = rps;
            series.capacity[g] = capReq / step;
            series.served[g] = served / step;
            series.dropped[g] = dropped / step;
            series.queued[g] = queued;
            series.cpu[g] = cpu;
            series.memory[g] = runSec > 0 ? memBase + memSlope * cpu : 0;
            series.desired[g] = desired;
            series.running[g] = running;
            series.pending[g] = pending;
            series.healthy[g] = healthy;
            series.minTasks[g] = minBound;
            series.maxTasks[g] = maxBound;

            const billedTasks = billSec / step;
            const od = billedTasks <= spotBase ? billedTasks : spotBase + (billedTasks - spotBase) * (1 - spotShare);
            odTaskSeconds += od * step;
            spotTaskSeconds += (billedTasks - od) * step;

            offMin += offered;
            servMin += served;
            runSecMin += runSec;
            healthySecMin += servSec;
        }
        const cpuDp = runSecMin > 0 ? (100 * servMin) / (cap * runSecMin) : NaN;
        dpCpu[m] = cpuDp;
        dpMem[m] = runSecMin > 0 ? memBase + memSlope * cpuDp : NaN;
        dpReq[m] = healthySecMin > 0 ? offMin / (healthySecMin / 60) : NaN;
        dpRunning[m] = runSecMin / 60;
        dpHealthy[m] = healthySecMin / 60;
    }

    if (launchFailed) warnings.push("ECS could not place some tasks: every availability zone was down.");
    if (deploying) warnings.push("the deployment had not finished when the trace ended.");

    const vcpu = service.cpu / 1024;
    const gb = service.memory / 1024;
    const od = o.prices.onDemand[service.architecture];
    const sp = o.prices.spot[service.architecture];
    const costUsd =
        (odTaskSeconds / 3600) * (vcpu * od.vcpuHour + gb * od.gbHour) + (spotTaskSeconds / 3600) * (vcpu * sp.vcpuHour + gb * sp.gbHour);

    const { faults: _faults, ...knobs } = o;
    const result: SimulationResult = {
        name: o.name,
        trace: { name: trace.name, minutes, riseMinute: trace.riseMinute, fallMinute: trace.fallMinute },
        stepSeconds: step,
        startTime: o.startTime,
        options: knobs,
        service: {
            cpu: service.cpu,
            memory: service.memory,
            architecture: service.architecture,
            minTasks: sc.minTasks,
            maxTasks: sc.maxTasks,
            cpuTarget: sc.cpuTarget,
            memoryTarget: sc.memoryTarget,
            requestsPerTarget: sc.requestsPerTarget,
            scaleOutCooldownSeconds: sc.scaleOutCooldownSeconds,
            scaleInCooldownSeconds: sc.scaleInCooldownSeconds,
            schedules: sc.schedules.length,
            autoscaled,
        },
        startup,
        faults: faults.map((f) => ({ ...f })),
        events,
        series,
        summary: undefined as unknown as SimulationSummary,
    };
    result.summary = summarize(result, trace, { odTaskSeconds, spotTaskSeconds, costUsd }, warnings);
    return result;
}

/** Derives the summary from the series; shared by single services and stack totals. */
function summarize(
    r: SimulationResult,
    trace: Pick<Trace, "rps" | "riseMinute" | "fallMinute">,
    bill: { odTaskSeconds: number; spotTaskSeconds: number; costUsd: number },
    warnings: string[],
): SimulationSummary {
    const s = r.series;
    const spm = 60 / r.stepSeconds;
    const minutes = r.trace.minutes;
    const overloaded = new Uint8Array(minutes);
    const desiredEnd = new Int32Array(minutes);
    let overloadedMinutes = 0,
        droppedRequests = 0,
        worst = 0,
        worstMinute: number | null = null;
    let peakOffered = 0,
        peakCpu = 0,
        cpuWeighted = 0,
        runningSum = 0;
    let minDesired = Infinity,
        maxDesired = 0;
    for (let m = 0, g = 0; m < minutes; m++) {
        let gap = 0;
        for (let k = 0; k < spm; k++, g++) {
            if (s.dropped[g] > 1e-9 || s.queued[g] > 1e-6) overloaded[m] = 1;
            droppedRequests += s.dropped[g] * r.stepSeconds;
            gap += s.offered[g] - s.capacity[g];
            if (s.offered[g] > peakOffered) peakOffered = s.offered[g];
            if (s.cpu[g] > peakCpu) peakCpu = s.cpu[g];
            cpuWeighted += s.cpu[g] * s.running[g];
            runningSum += s.running[g];
            if (s.desired[g] < minDesired) minDesired = s.desired[g];
            if (s.desired[g] > maxDesired) maxDesired = s.desired[g];
        }
        gap /= spm;
        if (gap > worst + 1e-9) {
            worst = gap;
            worstMinute = m;
        }
        overloadedMinutes += overloaded[m];
        desiredEnd[m] = s.desired[g - 1];
    }

    let rise: number | null = trace.riseMinute ?? null;
    let fall: number | null = trace.fallMinute ?? null;
    if (rise === null) {
        let best = 0;
        for (let m = 1; m < minutes; m++) {
            const d = trace.rps[m] - trace.rps[m - 1];
            if (d > best) {
                best = d;
                rise = m;
            }
        }
        if (rise !== null && best < 0.2 * peakOffered) rise = null;
    }
    if (rise !== null && fall === null && trace.riseMinute === undefined) {
        let best = 0;
        for (let m = rise + 1; m < minutes; m++) {
            const d = trace.rps[m - 1] - trace.rps[m];
            if (d > best) {
                best = d;
                fall = m;
            }
        }
        if (fall !== null && best < 0.2 * peakOffered) fall = null;
    }

    let absorbMinutes: number | null = null;
    if (rise !== null) {
        const end = fall ?? minutes;
        let firstOver = -1;
        for (let m = rise; m < end; m++)
            if (overloaded[m]) {
                firstOver = m;
                break;
            }
        if (firstOver < 0) absorbMinutes = 0;
        else {
            for (let m = firstOver; m < end; m++) {
                if (!overloaded[m]) {
                    absorbMinutes = m - rise;
                    break;
                }
            }
        }
    }
    let scaleInMinutes: number | null = null;
    if (rise !== null && fall !== null) {
        const before = rise > 0 ? desiredEnd[rise - 1] : desiredEnd[0];
        for (let m = fall; m < minutes; m++) {
            if (desiredEnd[m] <= before) {
                scaleInMinutes = m - fall;
                break;
            }
        }
    }
    const scalingEvents = r.events.filter(
        (e) => (e.kind === "scale-out" || e.kind === "scale-in" || e.kind === "schedule") && e.from !== e.to,
    ).length;
    if (minDesired === Infinity) minDesired = 0;
    return {
        minutes,
        peakOfferedRps: round(peakOffered, 3),
        overloadedMinutes,
        droppedRequests: Math.round(droppedRequests),
        worstShortfallRps: round(worst, 3),
        worstShortfallMinute: worstMinute,
        riseMinute: rise,
        absorbMinutes,
        fallMinute: fall,
        scaleInMinutes,
        scalingEvents,
        minDesired,
        maxDesired,
        elasticity: minDesired > 0 ? round(maxDesired / minDesired, 3) : maxDesired > 0 ? Infinity : 1,
        peakCpu: round(peakCpu, 2),
        meanCpu: runningSum > 0 ? round(cpuWeighted / runningSum, 2) : 0,
        taskHours: round((bill.odTaskSeconds + bill.spotTaskSeconds) / 3600, 4),
        onDemandTaskHours: round(bill.odTaskSeconds / 3600, 4),
        spotTaskHours: round(bill.spotTaskSeconds / 3600, 4),
        costUsd: round(bill.costUsd, 6),
        warnings,
    };
}

// ---------------------------------------------------------------------------------------------
// Stacks
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Reports
// ---------------------------------------------------------------------------------------------

function round(v: number, digits: number): number {
    if (!Number.isFinite(v)) return v;
    const f = 10 ** digits;
    return Math.round(v * f) / f;
}

function fmt(v: number | null | undefined, digits = 0): string {
    if (v === null || v === undefined) return "—";
    if (v === Infinity) return "∞";
    return v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Minutes as `h:mm` from the start, or `Nd h:mm` past a day. */
export function formatMinute(minute: number): string {
    const d = Math.floor(minute / 1440);
    const h = Math.floor((minute % 1440) / 60);
    const mm = String(minute % 60).padStart(2, "0");
    return d > 0 ? `${d}d ${h}:${mm}` : `${h}:${mm}`;
}

/** The rows of the summary table: label, then one cell per result. */
export function summaryRows(results: SimulationResult[]): string[][] {
    const row = (label: string, cell: (r: SimulationResult) => string) => [label, ...results.map(cell)];
    return [
        row("service", (r) => r.name),
        row("trace", (r) => `${r.trace.name}, ${fmt(r.trace.minutes)} min`),
        row("scaling", (r) => {
            const sv = r.service;
            const pols = [
                sv.cpuTarget > 0 ? `cpu ${sv.cpuTarget}%` : "",
                sv.memoryTarget > 0 ? `mem ${sv.memoryTarget}%` : "",
                sv.requestsPerTarget > 0 ? `${sv.requestsPerTarget} req/min/target` : "",
            ].filter(Boolean);
            return `${sv.minTasks}-${sv.maxTasks} tasks, ${pols.join(" + ") || "no policy"}, cooldown ${sv.scaleOutCooldownSeconds}/${sv.scaleInCooldownSeconds} s`;
        }),
        row("task start-up (s)", (r) => (r.startup.killedBeforeHealthy ? "never healthy" : fmt(r.startup.total))),
        row("peak offered load (rps)", (r) => fmt(r.summary.peakOfferedRps, 1)),
        row("minutes overloaded", (r) => fmt(r.summary.overloadedMinutes)),
        row("requests dropped", (r) => fmt(r.summary.droppedRequests)),
        row("worst shortfall (rps)", (r) =>
            r.summary.worstShortfallMinute === null
                ? "0"
                : `${fmt(r.summary.worstShortfallRps, 1)} at ${formatMinute(r.summary.worstShortfallMinute)}`,
        ),
        row("time to absorb spike (min)", (r) => fmt(r.summary.absorbMinutes)),
        row("time to scale back in (min)", (r) => fmt(r.summary.scaleInMinutes)),
        row("scaling events", (r) => fmt(r.summary.scalingEvents)),
        row("desired tasks min-max", (r) => `${r.summary.minDesired}-${r.summary.maxDesired}`),
        row("elasticity (max/min)", (r) => `${fmt(r.summary.elasticity, 2)}×`),
        row("CPU mean / peak (%)", (r) => `${fmt(r.summary.meanCpu, 1)} / ${fmt(r.summary.peakCpu, 1)}`),
        row("task-hours (spot)", (r) => `${fmt(r.summary.taskHours, 2)} (${fmt(r.summary.spotTaskHours, 2)})`),
        row("Fargate cost (USD)", (r) => `$${fmt(r.summary.costUsd, 2)}`),
    ];
}

/** Lays out rows as an aligned text table; the first row is the header. */
export function formatTable(rows: string[][]): string {
    const widths: number[] = [];
    for (const r of rows)
        r.forEach((c, i) => {
            widths[i] = Math.max(widths[i] ?? 0, c.length);
        });
    const line = (r: string[]) =>
        r
            .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
            .join("  ")
            .trimEnd();
    return [line(rows[0]), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}

/** The summary of one or more results side by side, as text. */
export function formatSummary(results: SimulationResult[]): string {
    const rows = summaryRows(results);
    const lines = [formatTable(rows)];
    for (const r of results) for (const w of r.summary.warnings) lines.push(`warning: ${r.name}: ${w}`);
    return lines.join("\n");
}

/**
 * The per-minute series as text: a row every `everyMinutes` minutes (about 48 rows by default)
 * plus the minutes where something happened (an event, the start or end of an overload).
 */
export function formatSeries(r: SimulationResult, everyMinutes?: number): string {
    const minutes = r.trace.minutes;
    const every = everyMinutes ?? Math.max(1, Math.ceil(minutes / 48));
    const spm = 60 / r.stepSeconds;
    const s = r.series;
    const show = new Uint8Array(minutes);
    for (let m = 0; m < minutes; m += every) show[m] = 1;
    for (const e of r.events) if (e.minute < minutes) show[e.minute] = 1;
    let wasOver = false;
    for (let m = 0; m < minutes; m++) {
        let over = false;
        for (let g = m * spm; g < (m + 1) * spm; g++) if (s.dropped[g] > 1e-9 || s.queued[g] > 1e-6) over = true;
        if (over !== wasOver) show[m] = 1;
        wasOver = over;
    }
    const rows: string[][] = [
        ["time", "offered rps", "capacity rps", "served rps", "dropped rps", "queued", "cpu %", "desired", "running", "pending", "healthy"],
    ];
    for (let m = 0; m < minutes; m++) {
        if (!show[m]) continue;
        const g = m * spm + spm - 1;
        rows.push([
            formatMinute(m),
            fmt(s.offered[g], 1),
            fmt(s.capacity[g], 1),
            fmt(s.served[g], 1),
            fmt(s.dropped[g], 1),
            fmt(s.queued[g]),
            fmt(s.cpu[g], 1),
            String(s.desired[g]),
            String(s.running[g]),
            String(s.pending[g]),
            String(s.healthy[g]),
        ]);
    }
    return formatTable(rows);
}

/** A JSON-ready copy: typed arrays become plain arrays rounded to 3 decimals. */
export function simulationToJson(r: SimulationResult): Record<string, unknown> {
    const series: Record<string, number[]> = {};
    for (const [k, v] of Object.entries(r.series) as [string, ArrayLike<number>][]) {
        const out = new Array<number>(v.length);
        for (let i = 0; i < v.length; i++) out[i] = Math.round(v[i] * 1000) / 1000;
        series[k] = out;
    }
    const startup = { ...r.startup, total: Number.isFinite(r.startup.total) ? r.startup.total : null };
    const summary = { ...r.summary, elasticity: Number.isFinite(r.summary.elasticity) ? r.summary.elasticity : null };
    return { ...r, startup, summary, series };
}

// ---------------------------------------------------------------------------------------------
// Chart
// ---------------------------------------------------------------------------------------------

/** Options of {@link renderChartSvg}. */
export interface ChartOptions {
    /** @default - "<name>: <trace>" */
    title?: string;
    /** A second run of the same trace, drawn dashed for comparison. */
    vs?: SimulationResult;
    /** @default 1000 */
    width?: number;
    /** @default 520 */
    height?: number;
}

function escapeXml(s: string): string {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function niceMax(v: number): number {
    if (v <= 0) return 1;
    const p = 10 ** Math.floor(Math.log10(v));
    for (const k of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (k * p >= v) return k * p;
    return 10 * p;
}

function niceStep(max: number, ticks: number): number {
    const raw = max / ticks;
    const p = 10 ** Math.floor(Math.log10(raw));
    for (const k of [1, 2, 2.5, 5, 10]) if (k * p >= raw) return k * p;
    return 10 * p;
}

/** Per-pixel buckets of a per-step series: max (or min) of each bucket, at minute resolution. */
function buckets(v: ArrayLike<number>, spm: number, minutes: number, width: number, pick: "max" | "min"): { x: number[]; y: number[] } {
    const per = Math.max(1, Math.ceil(minutes / width));
    const x: number[] = [];
    const y: number[] = [];
    for (let m = 0; m < minutes; m += per) {
        let acc = pick === "max" ? -Infinity : Infinity;
        const end = Math.min(minutes, m + per) * spm;
        for (let g = m * spm; g < end; g++) acc = pick === "max" ? Math.max(acc, v[g]) : Math.min(acc, v[g]);
        x.push(m);
        y.push(acc);
    }
    return { x, y };
}

/**
 * Draws a result as a standalone SVG: offered load and capacity (requests per second, left
 * axis) and desired and running tasks (right axis), all as steps since every value holds for
 * its minute; overloaded minutes shaded, faults and scheduled actions marked. Long runs are
 * bucketed per pixel (load and tasks: maximum, capacity: minimum).
 */
export function renderChartSvg(r: SimulationResult, options: ChartOptions = {}): string {
    const W = options.width ?? 1000;
    const H = options.height ?? 520;
    const left = 72,
        right = 64,
        top = 78,
        bottom = 70;
    const pw = W - left - right;
    const ph = H - top - bottom;
    const minutes = r.trace.minutes;
    const spm = 60 / r.stepSeconds;
    const vs = options.vs;
    const s = r.series;

    const offered = buckets(s.offered, spm, minutes, pw, "max");
    const capacity = buckets(s.capacity, spm, minutes, pw, "min");
    const desired = buckets(s.desired, spm, minutes, pw, "max");
    const running = buckets(s.running, spm, minutes, pw, "max");
    const vsCapacity = vs ? buckets(vs.series.capacity, 60 / vs.stepSeconds, vs.trace.minutes, pw, "min") : undefined;
    const vsDesired = vs ? buckets(vs.series.desired, 60 / vs.stepSeconds, vs.trace.minutes, pw, "max") : undefined;

    const maxOf = (...arrays: (number[] | undefined)[]) => Math.max(0, ...arrays.flatMap((a) => a ?? []).filter(Number.isFinite));
    const rpsMax = niceMax(maxOf(offered.y, capacity.y, vsCapacity?.y) * 1.08);
    const taskTop = Math.max(4, maxOf(desired.y, running.y, vsDesired?.y, [r.service.maxTasks]) + 1);
    const tStep = Math.max(1, Math.ceil(niceStep(taskTop, 6)));
    const taskMax = Math.ceil(taskTop / tStep) * tStep;
    const X = (m: number) => left + (m / minutes) * pw;
    const Yr = (v: number) => top + ph - (Math.min(v, rpsMax) / rpsMax) * ph;
    const Yt = (v: number) => top + ph - (Math.min(v, taskMax) / taskMax) * ph;
    const n2 = (v: number) => (Math.round(v * 10) / 10).toString();

    const stepped = (b: { x: number[]; y: number[] }, Y: (v: number) => number) => {
        let d = `M${n2(X(b.x[0]))},${n2(Y(b.y[0]))}`;
        for (let i = 1; i < b.x.length; i++) {
            if (b.y[i] !== b.y[i - 1]) d += `H${n2(X(b.x[i]))}V${n2(Y(b.y[i]))}`;
        }
        return d + `H${n2(X(minutes))}`;
    };

    const out: string[] = [];
    out.push(
        `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    );
    out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
    const title = options.title ?? `${r.name}: ${r.trace.name} trace, ${minutes} min${vs ? ` (dashed: ${vs.name})` : ""}`;
    out.push(`<text x="${left}" y="24" font-size="16" font-weight="bold" fill="#222">${escapeXml(title)}</text>`);
    const sm = r.summary;
    const subtitle = `overloaded ${sm.overloadedMinutes} min · worst shortfall ${fmt(sm.worstShortfallRps, 1)} rps · absorb ${fmt(sm.absorbMinutes)} min · scale-in ${fmt(sm.scaleInMinutes)} min · tasks ${sm.minDesired}-${sm.maxDesired} · ${fmt(sm.taskHours, 1)} task-h · $${fmt(sm.costUsd, 2)}`;
    out.push(`<text x="${left}" y="42" fill="#555">${escapeXml(subtitle)}</text>`);

    // Overloaded minutes.
    out.push(`<g fill="#d62728" fill-opacity="0.14">`);
    for (let m = 0; m < minutes;) {
        let over = false;
        for (let g = m * spm; g < (m + 1) * spm; g++) if (s.dropped[g] > 1e-9 || s.queued[g] > 1e-6) over = true;
        if (!over) {
            m++;
            continue;
        }
        let end = m + 1;
        for (; end < minutes; end++) {
            let o2 = false;
            for (let g = end * spm; g < (end + 1) * spm; g++) if (s.dropped[g] > 1e-9 || s.queued[g] > 1e-6) o2 = true;
            if (!o2) break;
        }
        out.push(`<rect x="${n2(X(m))}" y="${top}" width="${n2(Math.max(1, X(end) - X(m)))}" height="${ph}"/>`);
        m = end;
    }
    out.push(`</g>`);

    // Grid and axes.
    out.push(`<g stroke="#e3e3e3" stroke-width="1">`);
    const rStep = niceStep(rpsMax, 6);
    for (let v = 0; v <= rpsMax + 1e-9; v += rStep) out.push(`<line x1="${left}" x2="${left + pw}" y1="${n2(Yr(v))}" y2="${n2(Yr(v))}"/>`);
    const xStep =
        minutes <= 90
            ? 10
            : minutes <= 360
              ? 30
              : minutes <= 1440
                ? 120
                : minutes <= 4320
                  ? 360
                  : 1440 * Math.max(1, Math.ceil(minutes / 1440 / 15));
    for (let m = 0; m <= minutes; m += xStep) out.push(`<line x1="${n2(X(m))}" x2="${n2(X(m))}" y1="${top}" y2="${top + ph}"/>`);
    out.push(`</g>`);
    out.push(`<g fill="#444" font-size="11">`);
    for (let v = 0; v <= rpsMax + 1e-9; v += rStep)
        out.push(`<text x="${left - 8}" y="${n2(Yr(v) + 4)}" text-anchor="end">${fmt(v, rStep < 1 ? 1 : 0)}</text>`);
    for (let v = 0; v <= taskMax + 1e-9; v += tStep) out.push(`<text x="${left + pw + 8}" y="${n2(Yt(v) + 4)}">${fmt(v)}</text>`);
    for (let m = 0; m <= minutes; m += xStep) {
        const label = minutes > 4320 ? String(m / 1440) : formatMinute(m);
        out.push(`<text x="${n2(X(m))}" y="${top + ph + 18}" text-anchor="middle">${label}</text>`);
    }
    out.push(`</g>`);
    out.push(`<rect x="${left}" y="${top}" width="${pw}" height="${ph}" fill="none" stroke="#888"/>`);
    const unit = minutes > 4320 ? "days" : "h:mm";
    out.push(
        `<text x="${left + pw / 2}" y="${H - 28}" text-anchor="middle" fill="#333">time since start (${unit})${escapeXml(` — minute 0 = ${r.startTime.replace(".000Z", "Z")}`)}</text>`,
    );
    out.push(`<text transform="translate(18 ${top + ph / 2}) rotate(-90)" text-anchor="middle" fill="#1f77b4">requests per second</text>`);
    out.push(`<text transform="translate(${W - 16} ${top + ph / 2}) rotate(90)" text-anchor="middle" fill="#e6550d">tasks</text>`);

    // Faults, then scheduled actions; a label that would overlap another is left out.
    out.push(`<g font-size="10">`);
    const rowEnds = [-Infinity, -Infinity, -Infinity];
    const markers = [...r.events.filter((e) => e.kind === "fault"), ...r.events.filter((e) => e.kind === "schedule")];
    for (const e of markers) {
        const x = X(e.minute);
        const fault = e.kind === "fault";
        const color = fault ? "#b2182b" : "#6a51a3";
        out.push(
            `<line x1="${n2(x)}" x2="${n2(x)}" y1="${top}" y2="${top + ph}" stroke="${color}" stroke-width="1.2" stroke-dasharray="5 3"${fault ? "" : ' stroke-opacity="0.6"'}/>`,
        );
        const label = fault ? e.reason.replace(/ \(.*\)$/, "") : e.reason.replace(/:.*$/, "");
        const width = label.length * 5.6;
        const row = rowEnds.findIndex((end) => x + 4 >= end + 6);
        if (row < 0 || x + 4 + width > left + pw) continue;
        rowEnds[row] = x + 4 + width;
        out.push(`<text x="${n2(x + 4)}" y="${top + 12 + 12 * row}" fill="${color}">${escapeXml(label)}</text>`);
    }
    out.push(`</g>`);

    // Series.
    out.push(`<g fill="none" stroke-linejoin="round">`);
    if (vsCapacity)
        out.push(`<path d="${stepped(vsCapacity, Yr)}" stroke="#2ca02c" stroke-width="1.5" stroke-dasharray="6 4" stroke-opacity="0.8"/>`);
    if (vsDesired)
        out.push(`<path d="${stepped(vsDesired, Yt)}" stroke="#e6550d" stroke-width="1.5" stroke-dasharray="2 3" stroke-opacity="0.9"/>`);
    out.push(`<path d="${stepped(capacity, Yr)}" stroke="#2ca02c" stroke-width="2"/>`);
    out.push(`<path d="${stepped(offered, Yr)}" stroke="#1f77b4" stroke-width="2"/>`);
    out.push(`<path d="${stepped(running, Yt)}" stroke="#756bb1" stroke-width="1.5" stroke-dasharray="4 2"/>`);
    out.push(`<path d="${stepped(desired, Yt)}" stroke="#e6550d" stroke-width="2"/>`);
    out.push(`</g>`);

    // Legend.
    const items: [string, string, string][] = [
        ["offered load (rps)", "#1f77b4", ""],
        ["capacity (rps)", "#2ca02c", ""],
        ["desired tasks", "#e6550d", ""],
        ["running tasks", "#756bb1", "4 2"],
    ];
    if (vs) {
        items.push([`capacity: ${vs.name}`, "#2ca02c", "6 4"]);
        items.push([`desired: ${vs.name}`, "#e6550d", "2 3"]);
    }
    let lx = left;
    const ly = 60;
    out.push(`<g font-size="11" fill="#333">`);
    for (const [label, color, dash] of items) {
        out.push(
            `<line x1="${lx}" x2="${lx + 22}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2.5"${dash ? ` stroke-dasharray="${dash}"` : ""}/>`,
        );
        out.push(`<text x="${lx + 27}" y="${ly + 4}">${escapeXml(label)}</text>`);
        lx += 34 + label.length * 6.2;
    }
    out.push(
        `<rect x="${lx}" y="${ly - 6}" width="14" height="12" fill="#d62728" fill-opacity="0.14" stroke="#d62728" stroke-opacity="0.3"/>`,
    );
    out.push(`<text x="${lx + 19}" y="${ly + 4}">overloaded</text>`);
    out.push(`</g>`);
    out.push(`</svg>`);
    return out.join("\n") + "\n";
}

// ---------------------------------------------------------------------------------------------
// Benchmark
// ---------------------------------------------------------------------------------------------

/** What {@link benchSimulator} measured. */
export interface SimulatorBenchResult {
    services: number;
    minutes: number;
    /** Service-steps simulated. */
    steps: number;
    elapsedMs: number;
    stepsPerSecond: number;
    taskHours: number;
    costUsd: number;
}

/**
 * Times a whole-stack run: `services` copies of the prod profile's service (each with the
 * business-hours schedules of `Pulumi.prod.yaml`), `days` of one-minute steps, a daily cycle
 * with a 10× spike on one day per service. Only `elapsedMs` and `stepsPerSecond` vary between runs.
 */
export function benchSimulator(a: { services?: number; days?: number } = {}): SimulatorBenchResult {
    const n = a.services ?? 50;
    const minutes = (a.days ?? 30) * 1440;
    const base = PROFILES.prod.service;
    const services: Record<string, ServiceProfile> = {};
    for (let i = 0; i < n; i++) {
        services[`svc${String(i).padStart(2, "0")}`] = {
            ...base,
            scaling: {
                ...base.scaling,
                schedules: [
                    {
                        name: "business-hours",
                        schedule: "cron(0 8 ? * MON-FRI *)",
                        timezone: "America/New_York",
                        minTasks: 4,
                        maxTasks: 12,
                    },
                    { name: "after-hours", schedule: "cron(0 20 ? * MON-FRI *)", timezone: "America/New_York", minTasks: 3, maxTasks: 12 },
                ],
            },
        };
    }
    const config = { stack: "bench", network: { create: PROFILES.prod.network }, services } as unknown as Pick<
        StackConfig,
        "stack" | "network" | "services"
    >;
    const traceFor = (name: string, service: SimulatedService): Trace => {
        const i = Number(name.slice(3));
        const trough = defaultBaseRps(service, {}, 0.5);
        const t = traces.daily({ troughRps: trough, peakRps: trough * 4, minutes });
        const at = ((i % Math.max(1, Math.floor(minutes / 1440))) * 1440 + 600) % minutes;
        for (let m = at; m < Math.min(minutes, at + 30); m++) t.rps[m] *= 10;
        return t;
    };
    const start = performance.now();
    const result = simulateStack(config, traceFor);
    const elapsedMs = performance.now() - start;
    const steps = n * minutes;
    return {
        services: n,
        minutes,
        steps,
        elapsedMs: round(elapsedMs, 1),
        stepsPerSecond: Math.round(steps / (elapsedMs / 1000)),
        taskHours: result.total.summary.taskHours,
        costUsd: result.total.summary.costUsd,
    };
}
