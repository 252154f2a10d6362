/**
 * Scheduled actions compiled to the minutes they fire: AWS cron(), at() and rate() expressions,
 * evaluated in the schedule's IANA time zone, DST included.
 */
import { Problems } from "../../core/validate";
import type { ScheduleArgs } from "./types";

/** One firing of a scheduled action, in minutes from the start (negative: before it). */
export interface Firing {
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
export function compileSchedules(schedules: ScheduleArgs[], startMs: number, minutes: number): Firing[] {
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
