/**
 * The minute-by-minute engine: one run of one service against one trace. The model it follows,
 * with its sources, is described at the top of `index.ts`. Each minute takes the same steps in
 * the same order: forget stopped tasks, apply scheduled actions, read the datapoints that have
 * reached the alarms and let the policies decide, inject faults, then serve the minute's load
 * step by step, launching and stopping tasks toward the desired count.
 */
import { describeFault } from "./faults";
import {
    CPU,
    MEMORY,
    POLICY_NAMES,
    REQUESTS,
    SCALE_IN_DATAPOINTS,
    SCALE_IN_THRESHOLD,
    SCALE_OUT_DATAPOINTS,
    perTaskAtTarget,
    resolveSimulationOptions,
    startupTimes,
} from "./options";
import { round } from "./report";
import { Firing, compileSchedules } from "./schedules";
import { summarize } from "./summary";
import { StepTotals, StopBilling, TaskPool } from "./tasks";
import type {
    ResolvedSimulationOptions,
    SimulatedService,
    SimulationEvent,
    SimulationOptions,
    SimulationResult,
    SimulationSeries,
    SimulationSummary,
    StartupTimes,
    Trace,
} from "./types";

/** On-demand and Spot task-seconds billed, split by the service's capacity provider strategy. */
class Bill implements StopBilling {
    odTaskSeconds = 0;
    spotTaskSeconds = 0;
    private readonly spotShare: number;
    private readonly spotBase: number;

    constructor(service: SimulatedService) {
        this.spotShare = service.spotShare / 100;
        this.spotBase = service.spotBase;
    }

    /** Fargate's one-minute minimum, split like the rest of the bill. */
    minimum(billed: number): void {
        if (billed > 0 && billed < 60) {
            this.odTaskSeconds += (60 - billed) * (1 - this.spotShare);
            this.spotTaskSeconds += (60 - billed) * this.spotShare;
        }
    }

    /** Bills one step: `spotBase` tasks on demand, then `spotShare` of the rest on Spot. */
    addStep(billSec: number, step: number): void {
        const billedTasks = billSec / step;
        const od = billedTasks <= this.spotBase ? billedTasks : this.spotBase + (billedTasks - this.spotBase) * (1 - this.spotShare);
        this.odTaskSeconds += od * step;
        this.spotTaskSeconds += (billedTasks - od) * step;
    }
}

function emptySeries(steps: number): SimulationSeries {
    return {
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
}

/** The state of one run, advanced a minute at a time by {@link Run.minute}. */
class Run {
    readonly o: ResolvedSimulationOptions;
    readonly minutes: number;
    private readonly sc: SimulatedService["scaling"];
    private readonly step: number;
    private readonly spm: number;
    private readonly cap: number;
    readonly autoscaled: boolean;
    readonly startup: StartupTimes;
    readonly warnings: string[] = [];
    readonly events: SimulationEvent[] = [];

    // Policies, in the order CPU, memory, requests.
    private readonly polKind: number[] = [];
    private readonly polTarget: number[] = [];
    private readonly nPol: number;
    private readonly highRun: Int32Array;
    private readonly lowRun: Int32Array;

    private readonly firings: Firing[];
    private fi = 0;
    private minBound: number;
    private maxBound: number;
    private desired: number;

    private readonly tasks: TaskPool;
    private deploying = false;
    private launchFailed = false;
    readonly bill: Bill;
    readonly series: SimulationSeries;
    private readonly totals = new StepTotals();

    // One-minute datapoints as CloudWatch aggregates them.
    private readonly dpCpu: Float64Array;
    private readonly dpMem: Float64Array;
    private readonly dpReq: Float64Array;
    private readonly dpRunning: Float64Array;
    private readonly dpHealthy: Float64Array;
    private nextDp = 0;
    private lastDp = -1;
    private outCooldownUntil = -Infinity;
    private inCooldownUntil = -Infinity;
    private readonly memBase: number;
    private readonly memSlope: number;
    private backlog = 0;
    private fk = 0;

    constructor(
        private readonly service: SimulatedService,
        private readonly trace: Trace,
        options: SimulationOptions,
    ) {
        const o = (this.o = resolveSimulationOptions(service, trace, options));
        const sc = (this.sc = service.scaling);
        const minutes = (this.minutes = trace.rps.length);
        this.step = o.stepSeconds;
        this.spm = 60 / this.step;
        this.cap = o.requestsPerSecondPerTask;
        const startMs = Date.parse(o.startTime);
        this.autoscaled = sc.maxTasks > sc.minTasks || sc.schedules.length > 0;
        this.startup = startupTimes(service, o);
        if (this.startup.killedBeforeHealthy) {
            this.warnings.push(
                `tasks never turn healthy: the app needs ${o.containerStartSeconds} s to answer, the target is judged unhealthy after ${service.healthCheck.unhealthyThreshold} × ${service.healthCheck.intervalSeconds} s and the grace period is ${service.healthCheckGracePeriodSeconds} s; raise healthCheckGracePeriodSeconds.`,
            );
        }
        if (this.autoscaled) {
            if (sc.cpuTarget > 0) this.addPolicy(CPU, sc.cpuTarget);
            if (sc.memoryTarget > 0) this.addPolicy(MEMORY, sc.memoryTarget);
            if (sc.requestsPerTarget > 0) this.addPolicy(REQUESTS, sc.requestsPerTarget);
        }
        this.nPol = this.polKind.length;
        this.highRun = new Int32Array(this.nPol);
        this.lowRun = new Int32Array(this.nPol);

        // Bounds: the latest scheduled action before minute 0 is already in force.
        this.firings = this.autoscaled ? compileSchedules(sc.schedules, startMs, minutes) : [];
        this.minBound = sc.minTasks;
        this.maxBound = sc.maxTasks;
        while (this.fi < this.firings.length && this.firings[this.fi].minute < 0) {
            this.minBound = this.firings[this.fi].min;
            this.maxBound = this.firings[this.fi].max;
            this.fi++;
        }
        this.desired = this.initialDesired();

        this.tasks = new TaskPool(o.azCount, this.startup, service);
        this.bill = new Bill(service);
        for (let k = 0; k < this.desired; k++) this.tasks.launch(-Infinity, true);
        this.series = emptySeries(minutes * this.spm);
        this.dpCpu = new Float64Array(minutes);
        this.dpMem = new Float64Array(minutes);
        this.dpReq = new Float64Array(minutes);
        this.dpRunning = new Float64Array(minutes);
        this.dpHealthy = new Float64Array(minutes);
        this.memBase = o.memoryBasePercent;
        this.memSlope = (o.memoryAtFullCpuPercent - o.memoryBasePercent) / 100;
    }

    private addPolicy(kind: number, target: number): void {
        this.polKind.push(kind);
        this.polTarget.push(target);
    }

    /** Desired tasks at minute 0: given, or what the policies hold for the first minute's load, within the bounds. */
    private initialDesired(): number {
        let desired: number;
        if (this.o.initialTasks !== undefined) desired = this.o.initialTasks;
        else if (this.nPol === 0) desired = this.minBound;
        else {
            desired = 0;
            for (let p = 0; p < this.nPol; p++) {
                const per = perTaskAtTarget(this.polKind[p], this.polTarget[p], this.o);
                const need = per === Infinity ? 0 : per === 0 ? this.maxBound : Math.ceil(this.trace.rps[0] / per - 1e-9);
                if (need > desired) desired = need;
            }
        }
        return Math.min(Math.max(desired, this.minBound), this.maxBound);
    }

    /** Advances the run by minute m. */
    minute(m: number): void {
        const T = m * 60;
        this.tasks.forgetStopped(T, this.bill);
        this.applySchedules(m);
        if (this.nPol > 0) {
            this.readDatapoints(T, m);
            if (this.lastDp >= 0) this.decide(T, m);
        }
        this.injectFaults(T, m);
        this.serveMinute(m, T);
    }

    private applySchedules(m: number): void {
        const firings = this.firings;
        while (this.fi < firings.length && firings[this.fi].minute === m) {
            const f = firings[this.fi++];
            this.minBound = f.min;
            this.maxBound = f.max;
            const to = Math.min(Math.max(this.desired, this.minBound), this.maxBound);
            this.events.push({ minute: m, kind: "schedule", from: this.desired, to, reason: `${f.name}: min ${f.min}, max ${f.max}` });
            this.desired = to;
        }
    }

    private dpValue(p: number, j: number): number {
        const kind = this.polKind[p];
        return kind === CPU ? this.dpCpu[j] : kind === MEMORY ? this.dpMem[j] : this.dpReq[j];
    }

    private dpBase(p: number, j: number): number {
        return this.polKind[p] === REQUESTS ? this.dpHealthy[j] : this.dpRunning[j];
    }

    private describePolicy(p: number, j: number, cmp: string, threshold: number): string {
        return `${POLICY_NAMES[this.polKind[p]]} ${round(this.dpValue(p, j), 1)} ${cmp} ${round(threshold, 1)}`;
    }

    /** Feeds the alarms every datapoint that has reached them by T. */
    private readDatapoints(T: number, m: number): void {
        const newest = Math.floor((T - this.o.metricDelaySeconds) / 60) - 1;
        while (this.nextDp <= newest && this.nextDp < m) {
            for (let p = 0; p < this.nPol; p++) {
                const v = this.dpValue(p, this.nextDp);
                if (Number.isNaN(v)) {
                    this.highRun[p] = 0;
                    this.lowRun[p] = 0;
                    continue;
                }
                this.highRun[p] = v > this.polTarget[p] ? this.highRun[p] + 1 : 0;
                this.lowRun[p] = v < this.polTarget[p] * SCALE_IN_THRESHOLD ? this.lowRun[p] + 1 : 0;
            }
            this.lastDp = this.nextDp++;
        }
    }

    /** The policies' decision at T: scale out if any AlarmHigh is in ALARM, in only if every AlarmLow is. */
    private decide(T: number, minute: number): void {
        const j = this.lastDp;
        const inCooldown = T < this.outCooldownUntil;
        let want = this.desired;
        let why = -1;
        for (let p = 0; p < this.nPol; p++) {
            if (this.highRun[p] < SCALE_OUT_DATAPOINTS) continue;
            const base = inCooldown ? this.dpBase(p, j) : this.desired;
            const w = Math.ceil((base * this.dpValue(p, j)) / this.polTarget[p] - 1e-9);
            if (w > want) {
                want = w;
                why = p;
            }
        }
        if (want > this.maxBound) want = this.maxBound;
        if (want > this.desired) {
            const reason = this.describePolicy(why, j, ">", this.polTarget[why]);
            this.events.push({ minute, kind: "scale-out", from: this.desired, to: want, reason });
            this.desired = want;
            this.outCooldownUntil = T + this.sc.scaleOutCooldownSeconds;
            this.inCooldownUntil = T;
            return;
        }
        if (this.deploying || T < this.inCooldownUntil) return;
        for (let p = 0; p < this.nPol; p++) if (this.lowRun[p] < SCALE_IN_DATAPOINTS) return;
        want = this.minBound;
        for (let p = 0; p < this.nPol; p++) {
            const w = Math.ceil((this.dpBase(p, j) * this.dpValue(p, j)) / this.polTarget[p] - 1e-9);
            if (w > want) want = w;
        }
        if (want < this.desired) {
            const reason = Array.from({ length: this.nPol }, (_, p) =>
                this.describePolicy(p, j, "<", this.polTarget[p] * SCALE_IN_THRESHOLD),
            ).join(", ");
            this.events.push({ minute, kind: "scale-in", from: this.desired, to: want, reason });
            this.desired = want;
            this.inCooldownUntil = T + this.sc.scaleInCooldownSeconds;
        }
    }

    private injectFaults(T: number, m: number): void {
        const faults = this.o.faults;
        const tasks = this.tasks;
        while (this.fk < faults.length && faults[this.fk].atMinute === m) {
            const f = faults[this.fk++];
            const before = tasks.current;
            if (f.kind === "az") {
                const a = f.az ?? 0;
                tasks.azDownUntil[a] = f.durationMinutes === undefined ? Infinity : T + f.durationMinutes * 60;
                for (let k = 0; k < tasks.nActive; k++) if (tasks.zone[tasks.active[k]] === a) tasks.stopTask(tasks.active[k], T, true);
            } else if (f.kind === "tasks") {
                const order: number[] = [];
                for (let k = 0; k < tasks.nActive; k++) {
                    const i = tasks.active[k];
                    if (!tasks.stopping[i] && tasks.runAt[i] <= T) order.push(i);
                }
                order.sort((a, b) => tasks.launchAt[a] - tasks.launchAt[b] || a - b);
                const lose = Math.round(f.share * order.length);
                for (let k = 0; k < lose; k++) tasks.stopTask(order[k], T, true);
            } else {
                tasks.deployVersion++;
                this.deploying = true;
            }
            this.events.push({
                minute: m,
                kind: "fault",
                from: this.desired,
                to: this.desired,
                reason: `${describeFault(f)} (${before - tasks.current} tasks stopped)`,
            });
        }
    }

    /** Launches and stops tasks toward the desired count at t; a deployment goes its own way. */
    private reconcile(t: number, minute: number): void {
        if (this.deploying) {
            this.reconcileDeployment(t, minute);
            return;
        }
        const tasks = this.tasks;
        while (tasks.current < this.desired) {
            if (!tasks.launch(t, false)) {
                this.launchFailed = true;
                break;
            }
        }
        while (tasks.current > this.desired) {
            const v = tasks.pickVictim(t, -1);
            if (v < 0) break;
            tasks.stopTask(v, t, false);
        }
    }

    /** A rolling deployment's step at t, within minHealthyPercent and maxPercent. */
    private reconcileDeployment(t: number, minute: number): void {
        const tasks = this.tasks;
        const desired = this.desired;
        let oldCur = 0,
            newCur = 0,
            healthyOld = 0,
            healthyNew = 0;
        for (let k = 0; k < tasks.nActive; k++) {
            const i = tasks.active[k];
            if (tasks.stopping[i]) continue;
            const healthy = tasks.healthyAt[i] <= t;
            if (tasks.version[i] === tasks.deployVersion) {
                newCur++;
                if (healthy) healthyNew++;
            } else {
                oldCur++;
                if (healthy) healthyOld++;
            }
        }
        const maxTotal = Math.floor((desired * this.service.maxPercent) / 100);
        const minHealthy = Math.ceil((desired * this.service.minHealthyPercent) / 100);
        while (newCur < desired && oldCur + newCur < maxTotal) {
            if (!tasks.launch(t, false)) {
                this.launchFailed = true;
                break;
            }
            newCur++;
        }
        while (newCur > desired) {
            const v = tasks.pickVictim(t, tasks.deployVersion);
            if (v < 0) break;
            tasks.stopTask(v, t, false);
            newCur--;
        }
        // Old tasks that serve nothing go first; healthy ones only while enough stay healthy.
        while (oldCur > 0) {
            let v = tasks.findOld(t, false);
            if (v < 0) {
                if (healthyOld + healthyNew - 1 < minHealthy) break;
                v = tasks.findOld(t, true);
                healthyOld--;
            }
            tasks.stopTask(v, t, false);
            oldCur--;
        }
        if (oldCur === 0 && healthyNew >= desired) {
            this.deploying = false;
            this.events.push({ minute, kind: "deployment-done", from: desired, to: desired, reason: "all tasks replaced" });
        }
    }

    /** Serves minute m step by step, then records its one-minute datapoints. */
    private serveMinute(m: number, T: number): void {
        const step = this.step;
        const rps = this.trace.rps[m];
        const totals = this.totals;
        let offMin = 0,
            servMin = 0,
            runSecMin = 0,
            healthySecMin = 0;
        for (let s = 0; s < this.spm; s++) {
            const t0 = T + s * step;
            const t1 = t0 + step;
            if (this.tasks.current !== this.desired || this.deploying) this.reconcile(t0, m);
            this.tasks.measure(t0, t1, totals);
            const served = this.serveStep(m * this.spm + s, rps, totals);
            offMin += rps * step;
            servMin += served;
            runSecMin += totals.runSec;
            healthySecMin += totals.servSec;
        }
        const cpuDp = runSecMin > 0 ? (100 * servMin) / (this.cap * runSecMin) : NaN;
        this.dpCpu[m] = cpuDp;
        this.dpMem[m] = runSecMin > 0 ? this.memBase + this.memSlope * cpuDp : NaN;
        this.dpReq[m] = healthySecMin > 0 ? offMin / (healthySecMin / 60) : NaN;
        this.dpRunning[m] = runSecMin / 60;
        this.dpHealthy[m] = healthySecMin / 60;
    }

    /** Serves step g's load with what the tasks offered, queues or drops the rest, records and bills the step; returns requests served. */
    private serveStep(g: number, rps: number, totals: StepTotals): number {
        const step = this.step;
        const cap = this.cap;
        const { runSec, servSec } = totals;
        const capReq = servSec * cap;
        const offered = rps * step;
        const avail = offered + this.backlog;
        const served = avail < capReq ? avail : capReq;
        const excess = avail - served;
        const queueMax = this.o.queueSeconds * (servSec / step) * cap;
        const queued = excess < queueMax ? excess : queueMax;
        const dropped = excess - queued;
        this.backlog = queued;
        const cpu = runSec > 0 ? (100 * served) / (cap * runSec) : 0;

        const series = this.series;
        series.offered[g] = rps;
        series.capacity[g] = capReq / step;
        series.served[g] = served / step;
        series.dropped[g] = dropped / step;
        series.queued[g] = queued;
        series.cpu[g] = cpu;
        series.memory[g] = runSec > 0 ? this.memBase + this.memSlope * cpu : 0;
        series.desired[g] = this.desired;
        series.running[g] = totals.running;
        series.pending[g] = totals.pending;
        series.healthy[g] = totals.healthy;
        series.minTasks[g] = this.minBound;
        series.maxTasks[g] = this.maxBound;

        this.bill.addStep(totals.billSec, step);
        return served;
    }

    /** The warnings of the finished run. */
    finish(): void {
        if (this.launchFailed) this.warnings.push("ECS could not place some tasks: every availability zone was down.");
        if (this.deploying) this.warnings.push("the deployment had not finished when the trace ended.");
    }
}

/**
 * Replays `trace` against one service. Deterministic: equal inputs give equal results.
 * @example simulate(PROFILES.prod.service, traces.spike({ baseRps: 30 }), { azCount: 3 })
 */
export function simulate(service: SimulatedService, trace: Trace, options: SimulationOptions = {}): SimulationResult {
    const run = new Run(service, trace, options);
    for (let m = 0; m < run.minutes; m++) run.minute(m);
    run.finish();
    return resultOf(run, service, trace);
}

function resultOf(run: Run, service: SimulatedService, trace: Trace): SimulationResult {
    const o = run.o;
    const sc = service.scaling;
    const { odTaskSeconds, spotTaskSeconds } = run.bill;
    const vcpu = service.cpu / 1024;
    const gb = service.memory / 1024;
    const od = o.prices.onDemand[service.architecture];
    const sp = o.prices.spot[service.architecture];
    const costUsd =
        (odTaskSeconds / 3600) * (vcpu * od.vcpuHour + gb * od.gbHour) + (spotTaskSeconds / 3600) * (vcpu * sp.vcpuHour + gb * sp.gbHour);

    const { faults, ...knobs } = o;
    const result: SimulationResult = {
        name: o.name,
        trace: { name: trace.name, minutes: run.minutes, riseMinute: trace.riseMinute, fallMinute: trace.fallMinute },
        stepSeconds: o.stepSeconds,
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
            autoscaled: run.autoscaled,
        },
        startup: run.startup,
        faults: faults.map((f) => ({ ...f })),
        events: run.events,
        series: run.series,
        summary: undefined as unknown as SimulationSummary,
    };
    result.summary = summarize(result, trace, { odTaskSeconds, spotTaskSeconds, costUsd }, run.warnings);
    return result;
}
