/**
 * The tasks of one run, as a struct of arrays with a free list: where ECS places a new task,
 * how a task stops (at once or after draining), which task ECS stops first, and what the tasks
 * did during one step. Times are seconds from minute 0.
 */
import type { SimulatedService, StartupTimes } from "./types";

/** What the tasks did during one step: task-seconds, and counts at the step's end. */
export class StepTotals {
    /** Task-seconds in RUNNING. */
    runSec = 0;
    /** Task-seconds healthy in the target group, receiving requests. */
    servSec = 0;
    /** Task-seconds Fargate bills. */
    billSec = 0;
    /** Tasks launched and not yet RUNNING. */
    pending = 0;
    /** Tasks in RUNNING (draining ones included). */
    running = 0;
    /** Tasks healthy in the target group. */
    healthy = 0;
}

/** Something that takes the billed seconds of a stopped task (Fargate's one-minute minimum). */
export interface StopBilling {
    /** Called once per stopped task with the seconds it was billed. */
    minimum(billed: number): void;
}

/** Every task of one run; slot `i` of each array describes one task. */
export class TaskPool {
    private capacity = 64;
    /** Launch time; -Infinity for a task that started warm. */
    launchAt = new Float64Array(this.capacity);
    /** Start of billing (the image pull). */
    billAt = new Float64Array(this.capacity);
    /** Time the task reaches RUNNING. */
    runAt = new Float64Array(this.capacity);
    /** Time the target turns healthy; Infinity when it never does. */
    healthyAt = new Float64Array(this.capacity);
    /** Time the target stops receiving requests. */
    drainAt = new Float64Array(this.capacity);
    /** Time the task stops. */
    stopAt = new Float64Array(this.capacity);
    /** Availability zone index. */
    zone = new Int8Array(this.capacity);
    /** Deployment the task belongs to. */
    version = new Int32Array(this.capacity);
    /** 1 once the task has been told to stop. */
    stopping = new Uint8Array(this.capacity);
    /** Slots in use, `nActive` of them. */
    active = new Int32Array(this.capacity);
    /** Slots in use. */
    nActive = 0;
    private readonly free: number[] = [];
    private nextSlot = 0;
    /** Tasks not told to stop. */
    current = 0;
    /** Tasks not told to stop, per zone. */
    readonly azCurrent: Int32Array;
    /** Until when each zone is down. */
    readonly azDownUntil: Float64Array;
    /** Version new tasks get; a deployment raises it. */
    deployVersion = 0;

    /** An empty pool over `azN` zones; new tasks start as `startup` says. */
    constructor(
        private readonly azN: number,
        private readonly startup: StartupTimes,
        private readonly service: SimulatedService,
    ) {
        this.azCurrent = new Int32Array(azN);
        this.azDownUntil = new Float64Array(azN).fill(-Infinity);
    }

    private grow(): void {
        const n = this.capacity * 2;
        const f64 = (a: Float64Array) => {
            const b = new Float64Array(n);
            b.set(a);
            return b;
        };
        this.launchAt = f64(this.launchAt);
        this.billAt = f64(this.billAt);
        this.runAt = f64(this.runAt);
        this.healthyAt = f64(this.healthyAt);
        this.drainAt = f64(this.drainAt);
        this.stopAt = f64(this.stopAt);
        const z = new Int8Array(n);
        z.set(this.zone);
        this.zone = z;
        const v = new Int32Array(n);
        v.set(this.version);
        this.version = v;
        const s = new Uint8Array(n);
        s.set(this.stopping);
        this.stopping = s;
        const a = new Int32Array(n);
        a.set(this.active);
        this.active = a;
        this.capacity = n;
    }

    /** Launches a task at t in the zone with the fewest tasks that is up; false when every zone is down. */
    launch(t: number, warm: boolean): boolean {
        let best = -1;
        for (let a = 0; a < this.azN; a++) {
            if (this.azDownUntil[a] > t) continue;
            if (best < 0 || this.azCurrent[a] < this.azCurrent[best]) best = a;
        }
        if (best < 0) return false;
        if (this.free.length === 0 && this.nextSlot === this.capacity) this.grow();
        const i = this.free.length > 0 ? (this.free.pop() as number) : this.nextSlot++;
        const startup = this.startup;
        const service = this.service;
        if (warm) {
            this.launchAt[i] = this.billAt[i] = this.runAt[i] = this.healthyAt[i] = -Infinity;
            this.drainAt[i] = this.stopAt[i] = Infinity;
        } else {
            this.launchAt[i] = t;
            this.billAt[i] = t + startup.provisioning;
            this.runAt[i] = t + startup.running;
            if (startup.killedBeforeHealthy) {
                this.healthyAt[i] = Infinity;
                this.drainAt[i] = this.stopAt[i] =
                    this.runAt[i] +
                    Math.max(
                        service.healthCheck.unhealthyThreshold * service.healthCheck.intervalSeconds,
                        service.healthCheckGracePeriodSeconds,
                    );
            } else {
                this.healthyAt[i] = this.runAt[i] + startup.healthChecks;
                this.drainAt[i] = this.stopAt[i] = Infinity;
            }
        }
        this.zone[i] = best;
        this.version[i] = this.deployVersion;
        this.stopping[i] = 0;
        this.active[this.nActive++] = i;
        this.azCurrent[best]++;
        this.current++;
        return true;
    }

    private markStopping(i: number): void {
        if (!this.stopping[i]) {
            this.stopping[i] = 1;
            this.current--;
            this.azCurrent[this.zone[i]]--;
        }
    }

    /** Tells task i to stop at t: a crash stops it at once, otherwise it drains first. */
    stopTask(i: number, t: number, crash: boolean): void {
        this.markStopping(i);
        if (crash || this.runAt[i] > t) {
            if (this.drainAt[i] > t) this.drainAt[i] = t;
            if (this.stopAt[i] > t) this.stopAt[i] = t;
        } else {
            if (this.drainAt[i] > t) this.drainAt[i] = t;
            const end = t + this.service.deregistrationDelaySeconds;
            if (this.stopAt[i] > end) this.stopAt[i] = end;
        }
    }

    /** Frees the slots of tasks stopped by t, billing each one's one-minute minimum. */
    forgetStopped(t: number, billing: StopBilling): void {
        for (let k = 0; k < this.nActive;) {
            const i = this.active[k];
            if (this.stopAt[i] <= t) {
                this.markStopping(i);
                billing.minimum(this.stopAt[i] - this.billAt[i]);
                this.active[k] = this.active[--this.nActive];
                this.free.push(i);
            } else k++;
        }
    }

    /** Picks the task ECS stops first on scale-in: not yet RUNNING, then from the fullest zone, unhealthy, newest. */
    pickVictim(t: number, onlyVersion: number): number {
        let best = -1;
        let bestScore = -Infinity;
        for (let k = 0; k < this.nActive; k++) {
            const i = this.active[k];
            if (this.stopping[i]) continue;
            if (onlyVersion >= 0 && this.version[i] !== onlyVersion) continue;
            const score =
                (this.runAt[i] > t ? 1e15 : 0) +
                this.azCurrent[this.zone[i]] * 1e12 +
                (this.healthyAt[i] > t ? 1e11 : 0) +
                (this.launchAt[i] === -Infinity ? 0 : this.launchAt[i] + 1);
            if (score > bestScore) {
                bestScore = score;
                best = i;
            }
        }
        return best;
    }

    /** An old-version task still meant to run: a healthy one, or one not (yet) healthy; -1 if none. */
    findOld(t: number, healthy: boolean): number {
        let best = -1;
        for (let k = 0; k < this.nActive; k++) {
            const i = this.active[k];
            if (this.stopping[i] || this.version[i] === this.deployVersion || this.healthyAt[i] <= t !== healthy) continue;
            if (best < 0 || this.launchAt[i] < this.launchAt[best]) best = i;
        }
        return best;
    }

    /**
     * Measures the step [t0, t1) into `out`. A task whose stop falls in the step without having
     * been told to stop was stopped by ECS after failing its health checks; it is replaced at the
     * next step.
     */
    measure(t0: number, t1: number, out: StepTotals): void {
        const { active, stopAt, drainAt, runAt, healthyAt, billAt, stopping, zone, azCurrent } = this;
        let runSec = 0,
            servSec = 0,
            billSec = 0,
            pending = 0,
            running = 0,
            healthy = 0;
        for (let k = 0; k < this.nActive; k++) {
            const i = active[k];
            const st = stopAt[i];
            const dr = drainAt[i];
            const ra = runAt[i];
            const ha = healthyAt[i];
            const ba = billAt[i];
            if (!stopping[i] && st <= t1) {
                stopping[i] = 1;
                this.current--;
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
        out.runSec = runSec;
        out.servSec = servSec;
        out.billSec = billSec;
        out.pending = pending;
        out.running = running;
        out.healthy = healthy;
    }
}
