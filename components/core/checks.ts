/**
 * Helpers the settings checks of every component share. Each checker records problems on a
 * {@link Problems} and returns nothing, so one rule serves both a component's
 * `resolveXArgs(name, args)` (keys print as `scaling.maxTasks`) and `resolveStackConfig`
 * (keys print as `elastic-web:services.web.scaling.maxTasks`).
 *
 * - Values that are not plain (pulumi Outputs, Promises) are skipped: they are known only at deployment.
 * - A cross-field rule applies when every value it involves is present in the checked object;
 *   check the filled object (defaults applied) to catch combinations with defaults.
 * - Nested keys are always passed as full paths (`scaling.maxTasks`, `routing.pathPatterns[0]`)
 *   rather than through `Problems.at`, so a collector that overrides `key()` sees every path.
 */
import { Problems, isPlain } from "./validate";

/**
 * Retention periods (days) CloudWatch Logs accepts.
 * Source: CloudWatch Logs API reference, PutRetentionPolicy `retentionInDays`.
 */
export const LOG_RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

// --- helpers -----------------------------------------------------------------------------

/** The value at `key`, or undefined when absent or not plain (an Output is checked at deployment). */
export function get(o: Record<string, unknown>, key: string): unknown {
    const v = o[key];
    return isPlain(v) ? v : undefined;
}

/** Joins a key onto a path prefix. */
export function join(prefix: string, key: string): string {
    return prefix ? `${prefix}.${key}` : key;
}

/** Records ``<where>: `<key>` <text>`` without a value: for values that may be secret, or keys that are the point. */
export function note(p: Problems, path: string, text: string): void {
    p.list.push(`${p.where}: ${p.key(path)} ${text}`);
}

/** Reports a value at `path` that is not a plain object, and its unknown keys; true when it is an object. */
export function nested(p: Problems, path: string, value: unknown, known: readonly string[]): value is Record<string, unknown> {
    if (value === undefined) return false;
    return p.knownKeys(path, value, known);
}

/** The items of a list, or undefined (and a problem) when `value` is not an array of the allowed size. */
export function list(p: Problems, path: string, value: unknown, rule: string, min = 0): unknown[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.length < min) {
        p.add(path, value, rule);
        return undefined;
    }
    return value;
}

/** Reports a value that is neither 0 (off) nor a number (an integer when `integer`) in [min, max]. */
export function offOrRange(p: Problems, path: string, value: unknown, min: number, max: number, integer: boolean): boolean {
    if (value === undefined || value === 0) return true;
    const ok = typeof value === "number" && Number.isFinite(value) && (!integer || Number.isInteger(value)) && value >= min && value <= max;
    if (!ok) p.add(path, value, `must be 0 (off) or ${integer ? "an integer" : "a number"} from ${min} to ${max}.`);
    return ok;
}

/** A CloudWatch Logs retention in days; `allowOff` also accepts 0. */
export function retention(p: Problems, path: string, value: unknown, allowOff: boolean): void {
    if (value === undefined) return;
    if ((allowOff && value === 0) || (LOG_RETENTION_DAYS as readonly unknown[]).includes(value)) return;
    p.add(path, value, `must be ${allowOff ? "0 (off) or " : ""}a CloudWatch Logs retention in days: ${LOG_RETENTION_DAYS.join(", ")}.`);
}

/** An ARN of `service` whose resource starts with `resource`; `example` is shown when it is not. */
export function arnOf(p: Problems, path: string, value: unknown, service: string, resource: string, example: string): boolean {
    if (value === undefined || !isPlain(value)) return true;
    const parts = typeof value === "string" ? value.split(":") : [];
    const ok = p.arn(path, value, service);
    if (ok && !parts.slice(5).join(":").startsWith(resource)) {
        p.add(path, value, `must be an ARN like ${example}.`);
        return false;
    }
    return ok;
}
