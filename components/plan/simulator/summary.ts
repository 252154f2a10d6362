/** The summary of a run, derived from its series; shared by single services and stack totals. */
import { round } from "./report";
import type { SimulationResult, SimulationSummary, Trace } from "./types";

/** Derives the summary from the series; shared by single services and stack totals. */
export function summarize(
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
