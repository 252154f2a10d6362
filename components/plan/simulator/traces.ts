/** Load traces: the built-in shapes and CSV input. */
import { ConfigError, Problems } from "../../core/validate";
import type { Trace } from "./types";

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
