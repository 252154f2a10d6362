/** Faults injected into a run: their command-line syntax and their labels. */
import { ConfigError } from "../../core/validate";
import { round } from "./report";
import type { AzFault, Fault } from "./types";

const FAULT_SYNTAX = `"az@120", "az:b@120+30" (zone b down for 30 minutes), "tasks:50%@90" or "deploy@200"`;

/** Parses `az@120`, `az:b@120+30`, `tasks:50%@90`, `deploy@200` (minutes from the start). */
export function parseFault(text: string): Fault {
    const s = text.trim();
    let m = /^az(?::([a-z]|\d))?@(\d+)(?:\+(\d+))?$/.exec(s);
    if (m) {
        const az = m[1] === undefined ? 0 : /\d/.test(m[1]) ? Number(m[1]) : m[1].charCodeAt(0) - 97;
        const fault: AzFault = { kind: "az", atMinute: Number(m[2]), az };
        if (m[3] !== undefined) fault.durationMinutes = Number(m[3]);
        return fault;
    }
    m = /^tasks:(\d+(?:\.\d+)?)%@(\d+)$/.exec(s);
    if (m && Number(m[1]) <= 100) return { kind: "tasks", share: Number(m[1]) / 100, atMinute: Number(m[2]) };
    m = /^deploy@(\d+)$/.exec(s);
    if (m) return { kind: "deploy", atMinute: Number(m[1]) };
    throw new ConfigError([`fault ${JSON.stringify(text)} is not understood; write ${FAULT_SYNTAX}.`]);
}

/** A fault as the chart and the table label it. */
export function describeFault(f: Fault): string {
    switch (f.kind) {
        case "az":
            return `AZ ${String.fromCharCode(97 + (f.az ?? 0))} down${f.durationMinutes !== undefined ? ` for ${f.durationMinutes} min` : ""}`;
        case "tasks":
            return `${round(f.share * 100, 1)}% of tasks lost`;
        case "deploy":
            return "deployment";
    }
}
