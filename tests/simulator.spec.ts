import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    CDK_DEFAULT_SCALING,
    SimulatedService,
    SimulationResult,
    aggregateResults,
    benchSimulator,
    defaultBaseRps,
    fargatePrices,
    parseFault,
    parseTraceCsv,
    renderChartSvg,
    resolveSimulationOptions,
    simulate,
    simulateStack,
    simulationToJson,
    stackAzCount,
    startupTimes,
    traces,
    withScaling,
} from "../components/plan/simulator";
import { ENVIRONMENTS, Environment, PROFILES } from "../components/stack/profiles";
import type { ServiceConfig } from "../components/stack/config";
import { PRICES, unknownRegionMessage } from "../components/plan/cost";
import type { ScheduleArgs } from "../components/service";
import { ConfigError } from "../components/core/validate";
import { SimulatedStackConfig, parseSimulateArgs, runSimulate, UsageError, USAGE } from "../tools/simulate";
import { stackFiles, UnknownStackError } from "../tools/preview";

const ROOT = path.resolve(__dirname, "..");

/** A service of `env`'s profile with scaling overrides and no schedules unless given. */
function service(env: Environment, scaling: Partial<ServiceConfig["scaling"]> = {}, rest: Partial<ServiceConfig> = {}): ServiceConfig {
    const p = PROFILES[env].service;
    return {
        ...p,
        ...rest,
        scaling: { ...p.scaling, schedules: [], ...scaling },
        image: "public.ecr.aws/nginx/nginx-unprivileged:stable-alpine",
        routing: {},
        environment: {},
        secrets: {},
    };
}

/** What the simulator reads of a stack, built from a profile; stands in for resolveStackConfig in these tests. */
function stackConfig(
    env: Environment,
    services: Record<string, ServiceConfig> = { web: service(env) },
    stack: string = env,
): SimulatedStackConfig {
    return { stack, region: "us-east-1", network: { create: PROFILES[env].network }, services };
}

/** Resolves a `Pulumi.<stack>.yaml` config map from the profiles: environment, and per service its scaling overrides. */
function profileResolver(raw: Record<string, unknown>, stack: string): SimulatedStackConfig {
    const env = (raw["elastic-web:environment"] ?? stack) as Environment;
    const declared = (raw["elastic-web:services"] ?? { web: {} }) as Record<string, { scaling?: Partial<ServiceConfig["scaling"]> }>;
    const services: Record<string, ServiceConfig> = {};
    for (const [name, s] of Object.entries(declared)) {
        services[name] = service(env, { schedules: [], ...(s.scaling ?? {}) });
    }
    return stackConfig(env, services, stack);
}

const PROD_SCHEDULES: ScheduleArgs[] = [
    { name: "business-hours", schedule: "cron(0 8 ? * MON-FRI *)", timezone: "America/New_York", minTasks: 4, maxTasks: 12 },
    { name: "after-hours", schedule: "cron(0 20 ? * MON-FRI *)", timezone: "America/New_York", minTasks: 3, maxTasks: 12 },
];

/** CPU-only scaling, 2-20 tasks, 100 rps per task at 100% CPU: 50 rps per task at the 50% target. */
function cpuOnly(scaleOutCooldownSeconds = 60): ServiceConfig {
    return service("prod", { minTasks: 2, maxTasks: 20, memoryTarget: 0, requestsPerTarget: 0, scaleOutCooldownSeconds });
}

/** 80 rps, then 330 rps from minute 10 to `fallMinute`, then 80 again. */
function step(minutes: number, fallMinute = minutes) {
    const rps = new Float64Array(minutes).fill(80);
    for (let m = 10; m < fallMinute; m++) rps[m] = 330;
    return { name: "step", rps, riseMinute: 10, fallMinute: fallMinute < minutes ? fallMinute : undefined };
}

const policyEvents = (r: SimulationResult) =>
    r.events.filter((e) => e.kind === "scale-out" || e.kind === "scale-in").map((e) => [e.minute, e.kind, e.from, e.to]);

function problems(fn: () => unknown): string[] {
    try {
        fn();
    } catch (e) {
        if (e instanceof ConfigError) return e.problems;
        throw e;
    }
    assert.fail("expected a ConfigError");
}

describe("simulator traces", () => {
    it("spike holds the base, then multiple × base from atMinute for durationMinutes", () => {
        const t = traces.spike({ baseRps: 10, multiple: 3, atMinute: 2, durationMinutes: 2, minutes: 6 });
        assert.deepEqual(Array.from(t.rps), [10, 10, 30, 30, 10, 10]);
        assert.equal(t.riseMinute, 2);
        assert.equal(t.fallMinute, 4);
    });

    it("daily peaks at peakMinuteOfDay and bottoms out twelve hours away", () => {
        const t = traces.daily({ troughRps: 10, peakRps: 50, minutes: 1440, peakMinuteOfDay: 900 });
        assert.equal(t.rps[900], 50);
        assert.equal(Math.round(t.rps[180] * 1e9) / 1e9, 10);
    });

    it("ramp climbs linearly over rampMinutes, then holds", () => {
        assert.deepEqual(Array.from(traces.ramp({ fromRps: 0, toRps: 100, rampMinutes: 4, minutes: 6 }).rps), [0, 25, 50, 75, 100, 100]);
    });

    it("flash crowd climbs within riseMinutes, then halves every halfLifeMinutes", () => {
        const t = traces.flashCrowd({ baseRps: 10, peakMultiple: 11, atMinute: 1, riseMinutes: 2, halfLifeMinutes: 1, minutes: 6 });
        assert.deepEqual(Array.from(t.rps), [10, 60, 110, 60, 35, 22.5]);
    });

    it("rejects a negative rate with the exact message", () => {
        assert.deepEqual(
            problems(() => traces.steady({ rps: -1 })),
            ["traces.steady: `rps` (-1) must be a number from 0 to 1000000000."],
        );
    });

    it("reads a CSV's rps column by its header, skipping comments and blank lines", () => {
        const t = parseTraceCsv("# Monday\nminute,rps,note\n0,12,a\n1,13.5,b\n\n2,0,c\n", "monday.csv");
        assert.equal(t.name, "monday.csv");
        assert.deepEqual(Array.from(t.rps), [12, 13.5, 0]);
    });

    it("reads a CSV of bare numbers", () => {
        assert.deepEqual(Array.from(parseTraceCsv("5\n6\n7").rps), [5, 6, 7]);
    });

    it("names every row of a CSV that is not a rate", () => {
        assert.deepEqual(
            problems(() => parseTraceCsv("minute,rps\n0,12\n1,abc\n2,-3\n", "load.csv")),
            [
                'trace CSV "load.csv" line 3: "abc" is not a number of requests per second (0 or more).',
                'trace CSV "load.csv" line 4: "-3" is not a number of requests per second (0 or more).',
            ],
        );
    });
});

describe("simulator faults", () => {
    it("parses zone, task-share and deployment faults", () => {
        assert.deepEqual(parseFault("az@120"), { kind: "az", atMinute: 120, az: 0 });
        assert.deepEqual(parseFault("az:b@120+30"), { kind: "az", atMinute: 120, az: 1, durationMinutes: 30 });
        assert.deepEqual(parseFault("tasks:50%@90"), { kind: "tasks", share: 0.5, atMinute: 90 });
        assert.deepEqual(parseFault("deploy@200"), { kind: "deploy", atMinute: 200 });
    });

    it("says how to write a fault it cannot read", () => {
        assert.deepEqual(
            problems(() => parseFault("tasks:150%@9")),
            [
                'fault "tasks:150%@9" is not understood; write "az@120", "az:b@120+30" (zone b down for 30 minutes), "tasks:50%@90" or "deploy@200".',
            ],
        );
    });
});

describe("simulator analytic cases", () => {
    for (const env of ENVIRONMENTS) {
        it(`keeps ${env} at its task count under steady load, with no scaling event`, () => {
            const svc = service(env);
            const r = simulate(svc, traces.steady({ rps: defaultBaseRps(svc), minutes: 240 }), { azCount: PROFILES[env].network.azCount });
            assert.deepEqual(r.events, []);
            assert.equal(r.summary.minDesired, svc.scaling.minTasks);
            assert.equal(r.summary.maxDesired, svc.scaling.minTasks);
            assert.equal(r.summary.droppedRequests, 0);
            assert.equal(r.summary.overloadedMinutes, 0);
        });
    }

    it("scales out on a step no sooner than 3 datapoints plus start-up, and settles at ceil(load / per-task capacity at target)", () => {
        const r = simulate(cpuOnly(), step(120), { requestsPerSecondPerTask: 100 });
        const startup = r.startup.total;
        assert.equal(startup, 65);
        // Datapoints of minutes 10, 11, 12 breach; the last reaches the alarm one minute after minute 12 ends.
        const first = r.events.find((e) => e.kind === "scale-out");
        assert.equal(first?.minute, 14);
        assert.ok(first!.minute >= 10 + 3);
        const firstMoreHealthy = Array.from(r.series.healthy).findIndex((h) => h > 2);
        assert.equal(firstMoreHealthy, 15);
        assert.ok((firstMoreHealthy + 1) * 60 >= (10 + 3) * 60 + startup);
        assert.equal(r.series.desired[119], Math.ceil(330 / (100 * 0.5)));
    });

    it("overshoots with a scale-out cooldown shorter than start-up plus metric delay, then scales back to the need", () => {
        const r = simulate(cpuOnly(60), step(120), { requestsPerSecondPerTask: 100 });
        assert.deepEqual(policyEvents(r), [
            [14, "scale-out", 2, 4],
            [15, "scale-out", 4, 8],
            [16, "scale-out", 8, 12],
            [17, "scale-out", 12, 14],
            [32, "scale-in", 14, 7],
        ]);
    });

    it("reaches the need without overshoot when the scale-out cooldown covers start-up and metric delay", () => {
        const r = simulate(cpuOnly(300), step(120), { requestsPerSecondPerTask: 100 });
        assert.deepEqual(policyEvents(r), [
            [14, "scale-out", 2, 4],
            [17, "scale-out", 4, 7],
        ]);
        assert.equal(r.summary.maxDesired, 7);
    });

    it("waits at least 15 minutes below 90% of target before scaling in", () => {
        const r = simulate(cpuOnly(300), step(120, 40), { requestsPerSecondPerTask: 100 });
        const scaleIn = r.events.filter((e) => e.kind === "scale-in");
        assert.deepEqual(
            scaleIn.map((e) => [e.minute, e.from, e.to]),
            [[40 + 15 + 1, 7, 2]],
        );
        assert.equal(r.summary.scaleInMinutes, 16);
    });

    it("never scales in within 15 minutes of a scale-out", () => {
        const r = simulate(service("prod"), traces.flashCrowd({ baseRps: 30, minutes: 600 }), { azCount: 3 });
        let lastOut = -Infinity;
        for (const e of r.events) {
            if (e.kind === "scale-out") lastOut = e.minute;
            if (e.kind === "scale-in") assert.ok(e.minute - lastOut >= 15, `scale-in at ${e.minute}, scale-out at ${lastOut}`);
        }
        assert.ok(r.events.some((e) => e.kind === "scale-in"));
    });

    it("keeps desired tasks within the bounds in force and healthy tasks under the maximum", () => {
        const svc = service("prod", { schedules: PROD_SCHEDULES });
        const t = traces.daily({ troughRps: 5, peakRps: 2000, minutes: 2880 });
        const flash = traces.flashCrowd({ baseRps: 0, peakMultiple: 1, minutes: 2880 });
        for (let m = 0; m < 2880; m++) t.rps[m] += flash.rps[m] + (m % 97 === 0 ? 900 : 0);
        const r = simulate(svc, t, { azCount: 3, faults: [parseFault("tasks:50%@300"), parseFault("az@900+60")] });
        const s = r.series;
        for (let i = 0; i < s.desired.length; i++) {
            assert.ok(
                s.desired[i] >= s.minTasks[i] && s.desired[i] <= s.maxTasks[i],
                `desired ${s.desired[i]} outside ${s.minTasks[i]}-${s.maxTasks[i]} at step ${i}`,
            );
            assert.ok(s.healthy[i] <= s.maxTasks[i], `healthy ${s.healthy[i]} above ${s.maxTasks[i]} at step ${i}`);
        }
        assert.equal(r.summary.maxDesired, 12);
        assert.equal(r.summary.minDesired, 3);
    });

    it("applies cron schedules at their minute in their time zone", () => {
        const r = simulate(service("prod", { schedules: PROD_SCHEDULES }), traces.steady({ rps: 10, minutes: 2880 }), { azCount: 3 });
        // Minute 0 is Monday 2026-01-05 00:00Z; New York is UTC-5 in January.
        assert.deepEqual(
            r.events.map((e) => [e.minute, e.kind, e.from, e.to]),
            [
                [780, "schedule", 3, 4],
                [1500, "schedule", 4, 4],
                [1500, "scale-in", 4, 3],
                [2220, "schedule", 3, 4],
            ],
        );
        assert.deepEqual([r.series.minTasks[779], r.series.minTasks[780], r.series.desired[779], r.series.desired[780]], [3, 4, 3, 4]);
    });

    it("follows daylight saving time", () => {
        const r = simulate(service("prod", { schedules: PROD_SCHEDULES }), traces.steady({ rps: 10, minutes: 1440 }), {
            azCount: 3,
            startTime: "2026-07-06T00:00:00Z",
        });
        assert.deepEqual(
            r.events.map((e) => [e.minute, e.reason]),
            [[720, "business-hours: min 4, max 12"]],
        );
    });

    it("starts with the bounds of the latest scheduled action before minute 0", () => {
        const r = simulate(service("prod", { schedules: PROD_SCHEDULES }), traces.steady({ rps: 10, minutes: 60 }), {
            azCount: 3,
            startTime: "2026-01-06T15:00:00Z",
        });
        assert.deepEqual([r.series.minTasks[0], r.series.desired[0], r.events.length], [4, 4, 0]);
    });

    it("runs at() once and rate() from minute 0", () => {
        const schedules: ScheduleArgs[] = [
            { name: "once", schedule: "at(2026-01-05T02:00:00)", minTasks: 5, maxTasks: 12 },
            { name: "every6h", schedule: "rate(6 hours)", minTasks: 3, maxTasks: 12 },
        ];
        const r = simulate(service("prod", { schedules }), traces.steady({ rps: 10, minutes: 800 }), { azCount: 3 });
        assert.deepEqual(
            r.events.map((e) => [e.minute, e.kind, e.from, e.to]),
            [
                [0, "schedule", 3, 3],
                [120, "schedule", 3, 5],
                [360, "schedule", 5, 5],
                [360, "scale-in", 5, 3],
                [720, "schedule", 3, 3],
            ],
        );
    });

    it("recovers from losing an AZ within the start-up time of the replacements", () => {
        const r = simulate(service("prod"), traces.steady({ rps: 150, minutes: 60 }), { azCount: 3, faults: [parseFault("az@30")] });
        // 150 rps at 1000 requests per target per minute needs 9 tasks, 3 per zone.
        assert.equal(r.series.healthy[29], 9);
        assert.equal(r.series.healthy[30], 6);
        const recovered = 30 + Math.ceil(r.startup.total / 60);
        for (let m = recovered - 1; m < 60; m++) assert.equal(r.series.healthy[m], 9, `minute ${m}`);
        assert.equal(r.events[0].reason, "AZ a down (3 tasks stopped)");
        assert.equal(r.summary.droppedRequests, 0);
    });

    it("places replacements only in the zones still up", () => {
        const r = simulate(service("prod"), traces.steady({ rps: 150, minutes: 60 }), {
            azCount: 3,
            faults: [parseFault("az@30"), parseFault("az:b@40")],
        });
        // After zone a fails, b and c hold 3 each and the 3 replacements go b, c, b: b holds 5.
        assert.deepEqual(
            r.events.map((e) => e.reason),
            ["AZ a down (3 tasks stopped)", "AZ b down (5 tasks stopped)"],
        );
        assert.equal(r.series.healthy[59], 9);
    });

    it("replaces a lost share of tasks, oldest first, rounded to whole tasks", () => {
        const r = simulate(service("prod"), traces.steady({ rps: 150, minutes: 40 }), { azCount: 3, faults: [parseFault("tasks:50%@20")] });
        assert.equal(r.events[0].reason, "50% of tasks lost (5 tasks stopped)");
        assert.deepEqual(Array.from(r.series.healthy.slice(19, 23)), [9, 4, 9, 9]);
    });

    it("gives identical results for identical inputs", () => {
        const run = () =>
            simulationToJson(
                simulate(service("prod", { schedules: PROD_SCHEDULES }), traces.flashCrowd({ baseRps: 40, minutes: 900 }), {
                    azCount: 3,
                    stepSeconds: 15,
                    queueSeconds: 10,
                    faults: [parseFault("az@100+20"), parseFault("deploy@300"), parseFault("tasks:30%@500")],
                }),
            );
        assert.deepEqual(run(), run());
    });
});

describe("simulator policies and cooldowns", () => {
    it("sets the CDK preset to one CPU policy at 50% with 300 s cooldowns, keeping the task bounds", () => {
        assert.deepEqual(withScaling(service("prod"), CDK_DEFAULT_SCALING).scaling, {
            minTasks: 3,
            maxTasks: 12,
            cpuTarget: 50,
            memoryTarget: 0,
            requestsPerTarget: 0,
            scaleOutCooldownSeconds: 300,
            scaleInCooldownSeconds: 300,
            schedules: [],
        });
    });

    it("lets the largest policy win on scale-out: prod's request policy goes to the maximum, CDK's CPU policy doubles", () => {
        const t = traces.spike({ baseRps: 30 });
        const prod = simulate(service("prod"), t, { azCount: 3 });
        const cdk = simulate(withScaling(service("prod"), CDK_DEFAULT_SCALING), t, { azCount: 3 });
        assert.deepEqual(
            prod.events.filter((e) => e.kind === "scale-out"),
            [{ minute: 34, kind: "scale-out", from: 3, to: 12, reason: "requests 6000 > 1000" }],
        );
        assert.deepEqual(policyEvents(cdk), [
            [34, "scale-out", 3, 6],
            [37, "scale-out", 6, 12],
            [76, "scale-in", 12, 3],
        ]);
        assert.deepEqual([prod.summary.absorbMinutes, cdk.summary.absorbMinutes], [5, 6]);
    });

    it("scales in only as far as every policy allows: prod's memory policy holds 5 tasks first", () => {
        const r = simulate(service("prod"), traces.spike({ baseRps: 30 }), { azCount: 3 });
        assert.deepEqual(
            r.events.filter((e) => e.kind === "scale-in"),
            [
                { minute: 76, kind: "scale-in", from: 12, to: 5, reason: "cpu 5 < 45, memory 27 < 63, requests 150 < 900" },
                { minute: 81, kind: "scale-in", from: 5, to: 3, reason: "cpu 12 < 45, memory 29.8 < 63, requests 360 < 900" },
            ],
        );
    });

    it("acts on the alarms at the same minutes with a finer step", () => {
        const t = traces.spike({ baseRps: 30, minutes: 120 });
        const coarse = simulate(service("prod"), t, { azCount: 3 });
        const fine = simulate(service("prod"), t, { azCount: 3, stepSeconds: 10 });
        assert.equal(fine.series.offered.length, 120 * 6);
        assert.deepEqual(fine.events, coarse.events);
    });

    it("scales out one minute sooner without metric delay", () => {
        const r = simulate(service("prod"), traces.spike({ baseRps: 30 }), { azCount: 3, metricDelaySeconds: 0 });
        assert.equal(r.events[0].minute, 33);
    });

    it("queues up to queueSeconds of capacity and drops the rest", () => {
        const r = simulate(service("prod"), traces.spike({ baseRps: 30, minutes: 90 }), { azCount: 3, queueSeconds: 30 });
        assert.deepEqual(Array.from(r.series.queued.slice(29, 37)), [0, 4500, 4500, 4500, 4500, 4500, 0, 0]);
        assert.deepEqual(Array.from(r.series.dropped.slice(29, 37)), [0, 75, 150, 150, 150, 150, 0, 0]);
    });
});

describe("simulator deployments and start-up", () => {
    it("keeps every task healthy through a deployment with minHealthyPercent 100", () => {
        const r = simulate(service("prod"), traces.steady({ rps: 30, minutes: 20 }), { azCount: 3, faults: [parseFault("deploy@5")] });
        assert.deepEqual(Array.from(r.series.healthy.slice(3, 10)), [3, 3, 3, 6, 3, 3, 3]);
        assert.deepEqual(Array.from(r.series.running.slice(3, 10)), [3, 3, 6, 6, 3, 3, 3]);
        assert.deepEqual(
            r.events.map((e) => [e.minute, e.kind]),
            [
                [5, "fault"],
                [7, "deployment-done"],
            ],
        );
        assert.equal(r.summary.droppedRequests, 0);
    });

    it("drops requests during a deployment with minHealthyPercent 0 and one task", () => {
        const r = simulate(service("dev"), traces.steady({ rps: 5, minutes: 20 }), { faults: [parseFault("deploy@5")] });
        assert.equal(r.series.healthy[5], 0);
        assert.equal(r.summary.droppedRequests, 300);
    });

    it("suspends scale-in while a deployment is in progress", () => {
        // The new tasks never turn healthy, so the deployment never ends and the spike's tasks stay.
        const r = simulate(service("prod"), traces.spike({ baseRps: 30 }), {
            azCount: 3,
            containerStartSeconds: 120,
            faults: [parseFault("deploy@60")],
        });
        assert.deepEqual(
            r.events.filter((e) => e.kind === "scale-in"),
            [],
        );
        assert.deepEqual(r.summary.warnings, [
            "tasks never turn healthy: the app needs 120 s to answer, the target is judged unhealthy after 3 × 15 s and the grace period is 60 s; raise healthCheckGracePeriodSeconds.",
            "the deployment had not finished when the trace ended.",
        ]);
    });

    it("adds provisioning, image pull and health checks to a task's start-up", () => {
        const svc = service("prod");
        assert.deepEqual(startupTimes(svc, { provisioningSeconds: 20, imagePullSeconds: 15, containerStartSeconds: 10 }), {
            provisioning: 20,
            imagePull: 15,
            running: 35,
            healthChecks: 30,
            total: 65,
            killedBeforeHealthy: false,
        });
        // Checks at 15 and 30 s fail, 45 and 60 s pass: 2 failures stay under the unhealthy threshold of 3.
        assert.deepEqual(startupTimes(svc, { provisioningSeconds: 20, imagePullSeconds: 15, containerStartSeconds: 40 }), {
            provisioning: 20,
            imagePull: 15,
            running: 35,
            healthChecks: 60,
            total: 95,
            killedBeforeHealthy: false,
        });
    });

    it("lets a slow starter survive when the grace period outlasts its boot", () => {
        const svc = service("prod", {}, { healthCheckGracePeriodSeconds: 180 });
        const t = startupTimes(svc, { provisioningSeconds: 20, imagePullSeconds: 15, containerStartSeconds: 120 });
        assert.deepEqual([t.healthChecks, t.total, t.killedBeforeHealthy], [135, 170, false]);
    });

    it("never serves from tasks stopped for failing health checks before they are up", () => {
        const r = simulate(service("prod"), traces.steady({ rps: 30, minutes: 20 }), {
            azCount: 3,
            containerStartSeconds: 120,
            faults: [parseFault("tasks:100%@2")],
        });
        assert.equal(r.startup.killedBeforeHealthy, true);
        assert.deepEqual(Array.from(r.series.healthy.slice(0, 6)), [3, 3, 0, 0, 0, 0]);
        assert.equal(r.summary.droppedRequests, 30 * 60 * 18);
    });
});

describe("simulator cost", () => {
    it("bills on-demand Fargate per vCPU-hour and GB-hour", () => {
        const r = simulate(service("prod"), traces.steady({ rps: 5, minutes: 60 }), { azCount: 3 });
        assert.equal(r.summary.taskHours, 3);
        assert.equal(r.summary.costUsd, Math.round(3 * (1 * 0.04048 + 2 * 0.004445) * 1e6) / 1e6);
    });

    it("splits tasks between FARGATE and FARGATE_SPOT by spotBase and spotShare", () => {
        // staging: 2 tasks of 0.5 vCPU and 1 GB; the first on demand, half of the rest on spot.
        const r = simulate(service("staging"), traces.steady({ rps: 5, minutes: 60 }));
        assert.deepEqual([r.summary.onDemandTaskHours, r.summary.spotTaskHours], [1.5, 0.5]);
        const p = PRICES.regions["us-east-1"];
        assert.equal(
            r.summary.costUsd,
            Math.round((1.5 * (0.5 * 0.04048 + 0.004445) + 0.5 * (0.5 * p.fargateSpotVcpuHour + p.fargateSpotGbHour)) * 1e6) / 1e6,
        );
    });

    it("bills a stack at its own region's prices", () => {
        const config = { ...stackConfig("prod"), region: "eu-central-1" };
        const r = simulateStack(config, traces.steady({ rps: 5, minutes: 60 })).services.web;
        const p = PRICES.regions["eu-central-1"];
        assert.equal(r.options.prices.region, "eu-central-1");
        assert.equal(r.summary.costUsd, Math.round(3 * (p.fargateVcpuHour + 2 * p.fargateGbHour) * 1e6) / 1e6);
    });

    it("names the known regions for a region without prices", () => {
        assert.deepEqual(
            problems(() => fargatePrices("mars-north-1")),
            [unknownRegionMessage("mars-north-1")],
        );
    });

    it("uses the arm64 price for Graviton tasks", () => {
        const r = simulate(service("prod", {}, { architecture: "arm64" }), traces.steady({ rps: 5, minutes: 60 }), { azCount: 3 });
        assert.equal(r.summary.costUsd, Math.round(3 * (0.03238 + 2 * 0.00356) * 1e6) / 1e6);
    });
});

describe("simulator validation", () => {
    const svc = service("prod");
    const t = traces.steady({ rps: 10 });

    it("names every bad knob", () => {
        assert.deepEqual(
            problems(() =>
                resolveSimulationOptions(svc, t, { stepSeconds: 7, azCount: 3, faults: [{ kind: "az", atMinute: 500, az: 3 }] }),
            ),
            [
                "simulator: `stepSeconds` (7) must be one of 1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60.",
                "simulator: `faults[0].atMinute` (500) must be a minute of the trace, 0 to 239.",
                "simulator: `faults[0].az` (3) must be an integer from 0 to 2.",
            ],
        );
    });

    it("rejects a cron expression with both day fields", () => {
        const bad = service("prod", { schedules: [{ name: "x", schedule: "cron(0 8 * * MON-FRI *)", minTasks: 3, maxTasks: 12 }] });
        assert.deepEqual(
            problems(() => simulate(bad, t)),
            [
                'simulator: `scaling.schedules[0].schedule` ("cron(0 8 * * MON-FRI *)") gives both day-of-month and day-of-week; one of them must be ?; write e.g. cron(0 8 ? * MON-FRI *), at(2026-01-05T08:00:00) or rate(1 hour).',
            ],
        );
    });

    it("rejects an unknown time zone", () => {
        const bad = service("prod", {
            schedules: [{ name: "x", schedule: "cron(0 8 ? * MON-FRI *)", timezone: "Mars/Olympus", minTasks: 3, maxTasks: 12 }],
        });
        assert.deepEqual(
            problems(() => simulate(bad, t)),
            ['simulator: `scaling.schedules[0].timezone` ("Mars/Olympus") is not an IANA time zone such as "America/New_York".'],
        );
    });
});

describe("simulator stacks", () => {
    it("takes the zone count from the network it creates or the private subnets it is given", () => {
        assert.equal(stackAzCount(stackConfig("prod")), 3);
        assert.equal(
            stackAzCount({ network: { existing: { vpcId: "vpc-1", publicSubnetIds: ["a", "b"], privateSubnetIds: ["c", "d"] } } }),
            2,
        );
    });

    it("simulates every service and sums them", () => {
        const config = stackConfig("staging", { web: service("staging"), api: service("staging", { minTasks: 3, maxTasks: 6 }) });
        const r = simulateStack(config, (name) => traces.steady({ rps: name === "web" ? 5 : 7, minutes: 30 }));
        assert.deepEqual(Object.keys(r.services), ["web", "api"]);
        assert.equal(r.services.api.options.azCount, 2);
        assert.equal(r.total.series.offered[0], 12);
        assert.equal(r.total.series.desired[0], 5);
        assert.equal(r.total.summary.costUsd, Math.round((r.services.web.summary.costUsd + r.services.api.summary.costUsd) * 1e6) / 1e6);
    });

    it("refuses a service the stack does not have", () => {
        assert.deepEqual(
            problems(() => simulateStack(stackConfig("dev"), traces.steady({ rps: 1 }), { services: ["api"] })),
            ['simulator: service "api" is not in stack "dev"; its services are web.'],
        );
    });

    it("refuses to add up results of different lengths", () => {
        const a = simulate(service("dev"), traces.steady({ rps: 1, minutes: 10 }), { name: "a" });
        const b = simulate(service("dev"), traces.steady({ rps: 1, minutes: 20 }), { name: "b" });
        assert.deepEqual(
            problems(() => aggregateResults("x", [a, b])),
            ['simulator: results to aggregate must share length and step; "b" has 20 minutes at 60 s, "a" 10 at 60 s.'],
        );
    });

    it("benchmarks deterministically apart from the time taken", () => {
        const a = benchSimulator({ services: 2, days: 1 });
        const b = benchSimulator({ services: 2, days: 1 });
        assert.deepEqual(
            [a.services, a.minutes, a.steps, a.taskHours, a.costUsd],
            [b.services, b.minutes, b.steps, b.taskHours, b.costUsd],
        );
        assert.equal(a.steps, 2 * 1440);
    });
});

describe("simulator chart", () => {
    const r = simulate(service("prod"), traces.spike({ baseRps: 30 }), { azCount: 3, faults: [parseFault("az@90")] });

    it("draws load, capacity, tasks, overloaded minutes and faults", () => {
        const svg = renderChartSvg(r);
        assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="520"'));
        assert.ok(svg.endsWith("</svg>\n"));
        for (const label of [
            "offered load (rps)",
            "capacity (rps)",
            "desired tasks",
            "running tasks",
            "overloaded",
            "AZ a down",
            "requests per second",
            "tasks",
        ]) {
            assert.ok(svg.includes(`>${label}<`), label);
        }
        assert.equal((svg.match(/<path /g) ?? []).length, 4);
        // The spike overloads minutes 30-34: one shaded block.
        assert.equal((svg.match(/<g fill="#d62728" fill-opacity="0.14">\n<rect [^>]*\/>\n<\/g>/g) ?? []).length, 1);
        assert.equal((svg.match(/<g[ >]/g) ?? []).length, (svg.match(/<\/g>/g) ?? []).length);
        assert.ok(!/NaN|Infinity|undefined/.test(svg));
    });

    it("draws the compared run dashed", () => {
        const cdk = simulate(withScaling(service("prod"), CDK_DEFAULT_SCALING), traces.spike({ baseRps: 30 }), { azCount: 3, name: "cdk" });
        const svg = renderChartSvg(r, { vs: cdk });
        assert.equal((svg.match(/<path /g) ?? []).length, 6);
        assert.ok(svg.includes(">capacity: cdk<") && svg.includes(">desired: cdk<"));
    });
});

describe("npm run simulate", () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "simulate-"));
    });
    afterEach(() => {
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("parses every option", () => {
        assert.deepEqual(
            parseSimulateArgs([
                "--stack",
                "prod",
                "--service=web",
                "--trace",
                "daily",
                "--rps",
                "12.5",
                "--minutes",
                "600",
                "--step",
                "30",
                "--fault",
                "az@120",
                "--fault",
                "deploy@200",
                "--vs",
                "cdk",
                "--json",
                "a.json",
                "--chart",
                "a.svg",
                "--every",
                "10",
                "--rps-per-task",
                "80",
                "--queue-seconds",
                "5",
                "--start",
                "2026-03-02T00:00:00Z",
            ]),
            {
                stack: "prod",
                service: "web",
                trace: "daily",
                rps: 12.5,
                minutes: 600,
                step: 30,
                faults: [
                    { kind: "az", atMinute: 120, az: 0 },
                    { kind: "deploy", atMinute: 200 },
                ],
                vs: "cdk",
                json: "a.json",
                chart: "a.svg",
                every: 10,
                rpsPerTask: 80,
                queueSeconds: 5,
                start: "2026-03-02T00:00:00Z",
                help: false,
            },
        );
    });

    for (const [argv, message] of [
        [[], "Option --stack is required, e.g. --stack prod."],
        [["--stack", "prod", "--trace", "wave"], 'Option --trace takes steady, daily, spike, ramp, flash or a .csv file; got "wave".'],
        [["--stack", "prod", "--minutes", "ten"], 'Option --minutes takes a whole number from 1 to 527040; got "ten".'],
        [["--stack", "prod", "--step", "7"], "Option --step takes a divisor of 60 (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60); got 7."],
        [["--stack", "prod", "--json"], "Option --json needs a value."],
        [
            ["--stack", "prod", "--fault", "az@x"],
            'Option --fault: fault "az@x" is not understood; write "az@120", "az:b@120+30" (zone b down for 30 minutes), "tasks:50%@90" or "deploy@200".',
        ],
        [
            ["--stack", "prod", "--bogus"],
            'Unknown option "--bogus"; the options are --stack, --service, --trace, --rps, --minutes, --step, --fault, --vs, --json, --chart, --every, --rps-per-task, --queue-seconds, --start, --help.',
        ],
    ] as [string[], string][]) {
        it(`rejects ${JSON.stringify(argv)} with a clear message and exit code 1`, () => {
            assert.throws(() => parseSimulateArgs(argv), new UsageError(message));
            assert.deepEqual(runSimulate(argv, { root: ROOT, cwd: dir, resolve: profileResolver }), {
                code: 1,
                stdout: "",
                stderr: `${message}\n\n${USAGE}`,
            });
        });
    }

    it("prints the summary and writes the JSON and the chart for prod's spike", () => {
        const run = runSimulate(["--stack", "prod", "--trace", "spike", "--json", "sim.json", "--chart", "sim.svg"], {
            root: ROOT,
            cwd: dir,
            resolve: profileResolver,
        });
        assert.equal(run.stderr, "");
        assert.equal(run.code, 0);
        assert.ok(run.stdout.startsWith("Simulating stack prod: service web, spike 30 rps → 300 rps from 0:30 to 1:00, 240 min.\n"));
        assert.match(run.stdout, /\nminutes overloaded +5\n/);
        assert.match(run.stdout, /\n {5}0:34  scale-out {7}3 → 12 {4}requests 6000 > 1000\n/);
        assert.ok(run.stdout.endsWith("Wrote sim.json.\nWrote sim.svg.\n"));
        const json = JSON.parse(fs.readFileSync(path.join(dir, "sim.json"), "utf8"));
        assert.deepEqual(Object.keys(json), ["stack", "trace", "services"]);
        assert.equal(json.services.web.summary.overloadedMinutes, 5);
        assert.equal(json.services.web.series.offered.length, 240);
        assert.ok(fs.readFileSync(path.join(dir, "sim.svg"), "utf8").startsWith("<svg "));
    });

    it("compares with the CDK defaults", () => {
        const run = runSimulate(["--stack", "prod", "--vs", "cdk", "--json", "vs.json"], {
            root: ROOT,
            cwd: dir,
            resolve: profileResolver,
        });
        assert.equal(run.code, 0);
        assert.ok(run.stdout.includes("prod/web") && run.stdout.includes("cdk/web"));
        const json = JSON.parse(fs.readFileSync(path.join(dir, "vs.json"), "utf8"));
        assert.equal(json.vs.label, "cdk");
        assert.equal(json.vs.services.web.service.scaleOutCooldownSeconds, 300);
    });

    it("reads a CSV trace relative to the working directory", () => {
        fs.writeFileSync(path.join(dir, "load.csv"), "minute,rps\n0,10\n1,10\n2,500\n");
        const run = runSimulate(["--stack", "dev", "--trace", "load.csv", "--json", "out.json"], {
            root: ROOT,
            cwd: dir,
            resolve: profileResolver,
        });
        assert.equal(run.code, 0);
        assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, "out.json"), "utf8")).services.web.series.offered, [10, 10, 500]);
    });

    it("names the stack files when the stack does not exist", () => {
        const run = runSimulate(["--stack", "nope"], { root: ROOT, cwd: dir, resolve: profileResolver });
        assert.deepEqual(run, { code: 1, stdout: "", stderr: new UnknownStackError("nope", stackFiles(ROOT)).message + "\n" });
    });

    it("names the services when the service does not exist", () => {
        const run = runSimulate(["--stack", "prod", "--service", "api"], { root: ROOT, cwd: dir, resolve: profileResolver });
        assert.deepEqual(run, { code: 1, stdout: "", stderr: 'Stack "prod" has no service "api"; its services are web.\n' });
    });

    it("rejects a fault after the end of the trace", () => {
        const run = runSimulate(["--stack", "prod", "--fault", "az@500"], { root: ROOT, cwd: dir, resolve: profileResolver });
        assert.deepEqual(run, {
            code: 1,
            stdout: "",
            stderr: "simulator: `faults[0].atMinute` (500) must be a minute of the trace, 0 to 239.\n",
        });
    });
});

/** Keeps the helper's type honest: a ServiceConfig is a SimulatedService. */
const _typeCheck: SimulatedService = service("dev");
void _typeCheck;
