/** A run drawn as a standalone SVG chart. */
import { fmt, formatMinute } from "./report";
import type { SimulationResult } from "./types";

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

/** Where things go: the plot area, its scales and the per-pixel series. */
interface Frame {
    W: number;
    H: number;
    left: number;
    top: number;
    /** Plot width and height. */
    pw: number;
    ph: number;
    minutes: number;
    rpsMax: number;
    taskMax: number;
    tStep: number;
    X: (m: number) => number;
    Yr: (v: number) => number;
    Yt: (v: number) => number;
}

type Buckets = { x: number[]; y: number[] };

const n2 = (v: number) => (Math.round(v * 10) / 10).toString();

function stepped(f: Frame, b: Buckets, Y: (v: number) => number): string {
    let d = `M${n2(f.X(b.x[0]))},${n2(Y(b.y[0]))}`;
    for (let i = 1; i < b.x.length; i++) {
        if (b.y[i] !== b.y[i - 1]) d += `H${n2(f.X(b.x[i]))}V${n2(Y(b.y[i]))}`;
    }
    return d + `H${n2(f.X(f.minutes))}`;
}

/** True when minute m of the series dropped or queued requests. */
function overloadedAt(s: SimulationResult["series"], spm: number, m: number): boolean {
    let over = false;
    for (let g = m * spm; g < (m + 1) * spm; g++) if (s.dropped[g] > 1e-9 || s.queued[g] > 1e-6) over = true;
    return over;
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
    const f: Frame = {
        W,
        H,
        left,
        top,
        pw,
        ph,
        minutes,
        rpsMax,
        taskMax,
        tStep,
        X: (m: number) => left + (m / minutes) * pw,
        Yr: (v: number) => top + ph - (Math.min(v, rpsMax) / rpsMax) * ph,
        Yt: (v: number) => top + ph - (Math.min(v, taskMax) / taskMax) * ph,
    };

    const out: string[] = [];
    drawHeader(out, f, r, options);
    drawOverloads(out, f, r);
    drawAxes(out, f, r);
    drawMarkers(out, f, r);

    // Series.
    out.push(`<g fill="none" stroke-linejoin="round">`);
    if (vsCapacity)
        out.push(
            `<path d="${stepped(f, vsCapacity, f.Yr)}" stroke="#2ca02c" stroke-width="1.5" stroke-dasharray="6 4" stroke-opacity="0.8"/>`,
        );
    if (vsDesired)
        out.push(
            `<path d="${stepped(f, vsDesired, f.Yt)}" stroke="#e6550d" stroke-width="1.5" stroke-dasharray="2 3" stroke-opacity="0.9"/>`,
        );
    out.push(`<path d="${stepped(f, capacity, f.Yr)}" stroke="#2ca02c" stroke-width="2"/>`);
    out.push(`<path d="${stepped(f, offered, f.Yr)}" stroke="#1f77b4" stroke-width="2"/>`);
    out.push(`<path d="${stepped(f, running, f.Yt)}" stroke="#756bb1" stroke-width="1.5" stroke-dasharray="4 2"/>`);
    out.push(`<path d="${stepped(f, desired, f.Yt)}" stroke="#e6550d" stroke-width="2"/>`);
    out.push(`</g>`);

    drawLegend(out, f, vs);
    out.push(`</svg>`);
    return out.join("\n") + "\n";
}

/** The SVG element, background, title and the summary line. */
function drawHeader(out: string[], f: Frame, r: SimulationResult, options: ChartOptions): void {
    const { W, H, left } = f;
    const vs = options.vs;
    out.push(
        `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    );
    out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
    const title = options.title ?? `${r.name}: ${r.trace.name} trace, ${f.minutes} min${vs ? ` (dashed: ${vs.name})` : ""}`;
    out.push(`<text x="${left}" y="24" font-size="16" font-weight="bold" fill="#222">${escapeXml(title)}</text>`);
    const sm = r.summary;
    const subtitle = `overloaded ${sm.overloadedMinutes} min · worst shortfall ${fmt(sm.worstShortfallRps, 1)} rps · absorb ${fmt(sm.absorbMinutes)} min · scale-in ${fmt(sm.scaleInMinutes)} min · tasks ${sm.minDesired}-${sm.maxDesired} · ${fmt(sm.taskHours, 1)} task-h · $${fmt(sm.costUsd, 2)}`;
    out.push(`<text x="${left}" y="42" fill="#555">${escapeXml(subtitle)}</text>`);
}

/** Overloaded minutes, shaded. */
function drawOverloads(out: string[], f: Frame, r: SimulationResult): void {
    const { minutes, X, top, ph } = f;
    const spm = 60 / r.stepSeconds;
    const s = r.series;
    out.push(`<g fill="#d62728" fill-opacity="0.14">`);
    for (let m = 0; m < minutes;) {
        if (!overloadedAt(s, spm, m)) {
            m++;
            continue;
        }
        let end = m + 1;
        for (; end < minutes; end++) {
            if (!overloadedAt(s, spm, end)) break;
        }
        out.push(`<rect x="${n2(X(m))}" y="${top}" width="${n2(Math.max(1, X(end) - X(m)))}" height="${ph}"/>`);
        m = end;
    }
    out.push(`</g>`);
}

/** Grid, tick labels, the plot frame and the axis titles. */
function drawAxes(out: string[], f: Frame, r: SimulationResult): void {
    const { W, H, left, top, pw, ph, minutes, rpsMax, taskMax, tStep, X, Yr, Yt } = f;
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
}

/** Faults, then scheduled actions; a label that would overlap another is left out. */
function drawMarkers(out: string[], f: Frame, r: SimulationResult): void {
    const { left, top, pw, ph, X } = f;
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
}

/** The legend line under the title. */
function drawLegend(out: string[], f: Frame, vs: SimulationResult | undefined): void {
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
    let lx = f.left;
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
}
