/** Small helpers of the estimate: joining references to resources, and rounding. */

/**
 * True when `ref` (an ARN, id, name or URN recorded in some input) names one of `ids`.
 * Mock ids are `${name}-id` and ARNs carry the name as one `/`- or `:`-separated segment;
 * real auto-names add a 7-character hex suffix.
 */
export function refersTo(ref: unknown, ids: readonly unknown[]): boolean {
    if (typeof ref !== "string" || ref.length === 0) return false;
    const names = ids.filter((id): id is string => typeof id === "string" && id.length > 0);
    if (names.includes(ref)) return true;
    const segments = ref.split(/[/:]/);
    return names.some((id) =>
        segments.some((s) => s === id || s === `${id}-id` || (s.startsWith(`${id}-`) && /^[0-9a-f]{7}$/.test(s.slice(id.length + 1)))),
    );
}

/** The last `/`-separated segment of a reference, e.g. the service name of a scaling target's resource id. */
export function lastSegment(ref: unknown): string | undefined {
    return typeof ref === "string" ? ref.split("/").pop() : undefined;
}

/** The length of `v` when it is an array, else 0. */
export function arrayLength(v: unknown): number {
    return Array.isArray(v) ? v.length : 0;
}

/** A copy of `o` without its undefined values. */
export function definedOnly<T extends object>(o: T): Partial<T> {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Integer cents of a dollar amount, rounding half up after clearing binary noise. */
export function toCents(usd: number): number {
    return Math.round(Number((usd * 100).toPrecision(12)));
}

/** Clears binary noise from a computed quantity (3 × 0.1 → 0.3). */
export function tidy(n: number): number {
    return Number(n.toPrecision(12));
}

/** A number as notes print it: at most 4 decimals, no trailing zeros. */
export function num(n: number): string {
    return String(Number(n.toFixed(4)));
}
