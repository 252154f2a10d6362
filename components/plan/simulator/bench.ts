/** The simulator's benchmark: a whole-stack run of many services over many days. */
import { PROFILES } from "../../stack/profiles";
import type { ServiceProfile } from "../../stack/profiles";
import type { StackConfig } from "../../stack/config";
import { defaultBaseRps } from "./options";
import { round } from "./report";
import { simulateStack } from "./stack";
import { traces } from "./traces";
import type { SimulatedService, Trace } from "./types";

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
