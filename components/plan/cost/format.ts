/** The estimate as text. */
import { HOURS_PER_MONTH } from "./prices";
import type { CostEstimate } from "./types";
import { num } from "./util";

/**
 * The estimate as an aligned table: one row per line, then the total (equal to
 * `estimate.monthlyUsd`) and any resources that could not be priced.
 */
export function formatCostTable(estimate: CostEstimate): string {
    const header = ["Item", "Resource", "Region", "Quantity", "Unit", "USD/unit", "USD/month", "Note"];
    const rows = estimate.lines.map((l) => [
        l.item,
        nameOf(l.resource),
        l.region,
        num(l.quantity),
        l.unit,
        String(l.unitUsd),
        l.monthlyUsd.toFixed(2),
        l.note,
    ]);
    const total = ["Total", "", "", "", "", "", estimate.monthlyUsd.toFixed(2), ""];
    const numeric = new Set([3, 5, 6]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length), total[i].length));
    const line = (cells: string[]) =>
        cells
            .map((c, i) => (i === cells.length - 1 ? c : numeric.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
            .join("  ")
            .trimEnd();
    const rule = "-".repeat(widths.slice(0, 7).reduce((a, b) => a + b, 0) + 2 * 6);
    const out = [
        `Monthly cost estimate: ${estimate.monthlyUsd.toFixed(2)} ${estimate.currency} ` +
            `(${HOURS_PER_MONTH} h month, prices ${estimate.pricesVersion}, region ${estimate.region})`,
        line(header),
        ...rows.map(line),
        rule,
        line(total),
    ];
    for (const u of estimate.unpriced) out.push(`Not priced: ${nameOf(u.resource)} (${u.type}): ${u.reason}.`);
    return out.join("\n") + "\n";
}

function nameOf(urn: string): string {
    const i = urn.lastIndexOf("::");
    return i >= 0 ? urn.slice(i + 2) : urn;
}
