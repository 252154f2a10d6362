/** The estimate as text. */
import { HOURS_PER_MONTH } from "./prices";
import type { CostEstimate, CostLine } from "./types";
import { num } from "./util";

/** The widest line {@link formatCostTable} prints unless told otherwise: the preview's line width. */
export const COST_TABLE_WIDTH = 120;

/**
 * The estimate as an aligned table: one row per line, then the total (equal to
 * `estimate.monthlyUsd`) and any resources that could not be priced.
 *
 * A table whose rows would pass `width` columns is printed grouped instead: a heading per
 * resource (with its region), its items below it, and each item's note on the lines under it,
 * wrapped at `width`.
 */
export function formatCostTable(estimate: CostEstimate, width = COST_TABLE_WIDTH): string {
    const flat = flatTable(estimate);
    const out = [
        `Monthly cost estimate: ${estimate.monthlyUsd.toFixed(2)} ${estimate.currency} ` +
            `(${HOURS_PER_MONTH} h month, prices ${estimate.pricesVersion}, region ${estimate.region})`,
        ...(flat.every((l) => l.length <= width) ? flat : groupedTable(estimate, width)),
    ];
    for (const u of estimate.unpriced) out.push(`Not priced: ${nameOf(u.resource)} (${u.type}): ${u.reason}.`);
    return out.join("\n") + "\n";
}

/** Columns padded to their widths, numbers right-aligned, the last cell left as it is. */
function aligner(rows: string[][], numeric: ReadonlySet<number>): (cells: string[]) => string {
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    return (cells) =>
        cells
            .map((c, i) => (i === cells.length - 1 ? c : numeric.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
            .join("  ")
            .trimEnd();
}

/** The numbers of a line, as the table prints them. */
function figures(l: CostLine): string[] {
    return [num(l.quantity), l.unit, String(l.unitUsd), l.monthlyUsd.toFixed(2)];
}

/** One row per line: item, resource, region, the figures, the note. */
function flatTable(estimate: CostEstimate): string[] {
    const header = ["Item", "Resource", "Region", "Quantity", "Unit", "USD/unit", "USD/month", "Note"];
    const rows = estimate.lines.map((l) => [l.item, nameOf(l.resource), l.region, ...figures(l), l.note]);
    const total = ["Total", "", "", "", "", "", estimate.monthlyUsd.toFixed(2), ""];
    const line = aligner([header, ...rows, total], new Set([3, 5, 6]));
    const ruleWidth = line(total).length;
    return [line(header), ...rows.map(line), "-".repeat(ruleWidth), line(total)];
}

/** A heading per resource, its items indented under it, each note on its own wrapped lines. */
function groupedTable(estimate: CostEstimate, width: number): string[] {
    const header = ["Resource, item", "Quantity", "Unit", "USD/unit", "USD/month", ""];
    const rows = estimate.lines.map((l) => [`  ${l.item}`, ...figures(l), ""]);
    const total = ["Total", "", "", "", estimate.monthlyUsd.toFixed(2), ""];
    const line = aligner([header, ...rows, total], new Set([1, 3, 4]));
    const out = [line(header)];
    let resource: string | undefined;
    estimate.lines.forEach((l, i) => {
        if (l.resource !== resource) out.push(`${nameOf(l.resource)} (${l.region})`);
        resource = l.resource;
        out.push(line(rows[i]));
        if (l.note !== "") out.push(...wrap(l.note, "      ", width));
    });
    return [...out, "-".repeat(line(total).length), line(total)];
}

/** `text` in lines of at most `width` columns, each starting with `indent`, broken at spaces. */
export function wrap(text: string, indent: string, width: number): string[] {
    const lines: string[] = [];
    let current = "";
    for (const word of text.split(" ")) {
        if (current !== "" && indent.length + current.length + 1 + word.length > width) {
            lines.push(indent + current);
            current = word;
        } else current = current === "" ? word : `${current} ${word}`;
    }
    lines.push(indent + current);
    return lines;
}

function nameOf(urn: string): string {
    const i = urn.lastIndexOf("::");
    return i >= 0 ? urn.slice(i + 2) : urn;
}
