/**
 * The simulator's inputs and outputs: the service settings it reads, load traces, faults, the
 * simulation-only knobs and everything a run produces.
 */
import type { ServiceProfile } from "../../stack/profiles";

/** CPU architecture of a task, as the stack's service settings name it. */
export type Architecture = ServiceProfile["architecture"];

/** A scheduled action of a service's scaling settings. */
export type ScheduleArgs = ServiceProfile["scaling"]["schedules"][number];

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

/** A fault injected into a run. */
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
