/** Text reports of a run: the summary table, the per-minute series and a JSON-ready copy. */
import type { SimulationResult } from "./types";

/** `v` rounded to `digits` decimals; non-finite values pass through. */
export function round(v: number, digits: number): number {
    if (!Number.isFinite(v)) return v;
    const f = 10 ** digits;
    return Math.round(v * f) / f;
}

/** A number as reports print it: grouped, `digits` decimals, `—` for none and `∞` for Infinity. */
export function fmt(v: number | null | undefined, digits = 0): string {
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
