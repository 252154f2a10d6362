/**
 * Validation shared by every `resolve…` function: one collector of problems, one error type,
 * and the checks the components and the stack config have in common. Messages always name
 * the key, the value and what is allowed, and all problems of one input are reported together.
 */

/** Thrown by every `resolve…` function; `problems` holds one exact sentence per bad value. */
export class ConfigError extends Error {
    constructor(readonly problems: string[]) {
        super(problems.join("\n"));
        this.name = "ConfigError";
    }
}

/** Renders a value the way messages show it: strings quoted, objects as JSON. */
export function show(value: unknown): string {
    if (typeof value === "string") return JSON.stringify(value);
    if (value === undefined) return "undefined";
    if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
    try {
        const json = JSON.stringify(value);
        return json.length > 80 ? json.slice(0, 77) + "..." : json;
    } catch {
        return String(value);
    }
}

/**
 * Collects problems for one subject. `where` prefixes every message
 * (`elastic-web:aws:ElasticService "api"` or `stack config`), `base` prefixes every key
 * (`elastic-web:services.web.`), so one rule serves a component and the stack config alike.
 */
export class Problems {
    readonly list: string[];

    constructor(
        readonly where: string,
        readonly base = "",
        list?: string[],
    ) {
        this.list = list ?? [];
    }

    /** The full key as messages print it. */
    key(path: string): string {
        return "`" + this.base + path + "`";
    }

    /** A collector for a nested object that shares this one's list. */
    at(path: string): Problems {
        return new Problems(this.where, `${this.base}${path}.`, this.list);
    }

    /** Records ``<where>: `<key>` (<value>) <rule>``; `rule` ends with a period. */
    add(path: string, value: unknown, rule: string): void {
        this.list.push(`${this.where}: ${this.key(path)} (${show(value)}) ${rule}`);
    }

    /** Records a problem about a missing key. */
    missing(path: string, rule: string): void {
        this.list.push(`${this.where}: ${this.key(path)} is required; ${rule}`);
    }

    /** Throws a ConfigError when any problem was recorded. */
    throwIfAny(): void {
        if (this.list.length > 0) throw new ConfigError([...this.list]);
    }

    // --- checks; each returns true when the value is acceptable (or absent) -----------------

    /** An integer in [min, max]; `undefined` passes. */
    int(path: string, value: unknown, min: number, max: number): boolean {
        if (value === undefined) return true;
        if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
            this.add(path, value, `must be an integer from ${min} to ${max}.`);
            return false;
        }
        return true;
    }

    /** A number in [min, max]; `undefined` passes. */
    num(path: string, value: unknown, min: number, max: number): boolean {
        if (value === undefined) return true;
        if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
            this.add(path, value, `must be a number from ${min} to ${max}.`);
            return false;
        }
        return true;
    }

    /** One of the listed values; `undefined` passes. */
    oneOf<T>(path: string, value: unknown, allowed: readonly T[]): boolean {
        if (value === undefined) return true;
        if (!allowed.includes(value as T)) {
            this.add(path, value, `must be one of ${allowed.map(show).join(", ")}.`);
            return false;
        }
        return true;
    }

    /** A boolean; `undefined` passes. */
    bool(path: string, value: unknown): boolean {
        if (value === undefined || typeof value === "boolean") return true;
        this.add(path, value, "must be true or false.");
        return false;
    }

    /** A non-empty string, optionally matching `pattern` (described by `what`); `undefined` passes. */
    str(path: string, value: unknown, pattern?: RegExp, what?: string): boolean {
        if (value === undefined) return true;
        if (typeof value !== "string" || value.length === 0) {
            this.add(path, value, "must be a non-empty string.");
            return false;
        }
        if (pattern && !pattern.test(value)) {
            this.add(path, value, `must be ${what ?? `a string matching ${pattern}`}.`);
            return false;
        }
        return true;
    }

    /** An ARN, optionally of one service (`acm`, `wafv2`, …); only plain strings are checked. */
    arn(path: string, value: unknown, service?: string): boolean {
        if (value === undefined || !isPlain(value)) return true;
        const ok = typeof value === "string" && ARN.test(value) && (!service || value.split(":")[2] === service);
        if (!ok) {
            this.add(
                path,
                value,
                `must be an ARN like ${service ? (ARN_EXAMPLE[service] ?? `arn:aws:${service}:…`) : "arn:aws:<service>:<region>:<account>:<resource>"}.`,
            );
        }
        return ok;
    }

    /** An IPv4 CIDR block (`10.0.0.0/16`); `undefined` passes. */
    cidr(path: string, value: unknown, minPrefix = 0, maxPrefix = 32): boolean {
        if (value === undefined) return true;
        const prefix = typeof value === "string" ? cidrPrefix(value) : undefined;
        if (prefix === undefined || prefix < minPrefix || prefix > maxPrefix) {
            const range = minPrefix === 0 && maxPrefix === 32 ? "" : ` with a prefix length from /${minPrefix} to /${maxPrefix}`;
            this.add(path, value, `must be an IPv4 CIDR block like "10.0.0.0/16"${range}.`);
            return false;
        }
        return true;
    }

    /** A plain object whose keys are all in `known`; reports each unknown key. */
    knownKeys(path: string, value: unknown, known: readonly string[]): value is Record<string, unknown> {
        if (value === undefined) return false;
        if (!isRecord(value)) {
            this.add(path, value, "must be an object.");
            return false;
        }
        for (const k of Object.keys(value)) {
            if (!known.includes(k)) {
                const near = nearestKey(k, known);
                const hint = near === undefined ? "known keys are" : `did you mean \`${near}\`? Known keys are`;
                this.add(path ? `${path}.${k}` : k, value[k], `is not a known key; ${hint} ${known.join(", ")}.`);
            }
        }
        return true;
    }
}

/**
 * The known key one edit away from `key`, for a "did you mean" hint: the same key in other case
 * (`MinTasks`), or one character inserted, deleted, replaced or two neighbours swapped
 * (`scalling`, `scalin`, `scaleng`, `sacling` → `scaling`). Undefined when no key is that close or
 * when two are equally close (a hint that guesses between keys would mislead).
 *
 * @example
 * nearestKey("scalling", ["image", "scaling"]); // "scaling"
 * nearestKey("scal", ["image", "scaling"]); // undefined (three edits)
 */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
    const caseOnly = known.filter((k) => k.toLowerCase() === key.toLowerCase());
    if (caseOnly.length > 0) return caseOnly.length === 1 ? caseOnly[0] : undefined;
    const near = known.filter((k) => oneEditApart(key, k));
    return near.length === 1 ? near[0] : undefined;
}

/** Whether `a` becomes `b` by one insertion, deletion, substitution or swap of adjacent characters. */
function oneEditApart(a: string, b: string): boolean {
    if (a === b) return false;
    if (Math.abs(a.length - b.length) > 1) return false;
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
        if (a.slice(i + 1) === b.slice(i + 1)) return true;
        return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** True for a plain (non-Output, non-Promise) value: only plain values can be checked before deployment. */
export function isPlain(value: unknown): boolean {
    if (value === null || typeof value !== "object") return true;
    const v = value as Record<string, unknown>;
    return !(v.__pulumiOutput || typeof v.then === "function" || typeof v.apply === "function");
}

export function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value) && isPlain(value);
}

const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:.+$/;
const ARN_EXAMPLE: Record<string, string> = {
    acm: "arn:aws:acm:us-east-1:123456789012:certificate/<id>",
    wafv2: "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/<name>/<id>",
    ssm: "arn:aws:ssm:us-east-1:123456789012:parameter/<name>",
    secretsmanager: "arn:aws:secretsmanager:us-east-1:123456789012:secret:<name>",
    sns: "arn:aws:sns:us-east-1:123456789012:<topic>",
    kms: "arn:aws:kms:us-east-1:123456789012:key/<id>",
    ecs: "arn:aws:ecs:us-east-1:123456789012:cluster/<name>",
    elasticloadbalancing: "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/<name>/<id>/<id>",
};

/** The prefix length of a well-formed IPv4 CIDR block, or undefined. */
export function cidrPrefix(value: string): number | undefined {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
    if (!m) return undefined;
    const octets = m.slice(1, 5).map(Number);
    const prefix = Number(m[5]);
    if (octets.some((o) => o > 255) || prefix > 32) return undefined;
    return prefix;
}

/**
 * The memory sizes (MiB) Fargate accepts for each CPU size (CPU units).
 * Source: Amazon ECS developer guide, "Task CPU and memory" (Fargate), read 2026-11.
 */
export const FARGATE_SIZES: Readonly<Record<number, readonly number[]>> = {
    256: [512, 1024, 2048],
    512: range(1024, 4096, 1024),
    1024: range(2048, 8192, 1024),
    2048: range(4096, 16384, 1024),
    4096: range(8192, 30720, 1024),
    8192: range(16384, 61440, 4096),
    16384: range(32768, 122880, 8192),
};

function range(from: number, to: number, step: number): number[] {
    const out: number[] = [];
    for (let v = from; v <= to; v += step) out.push(v);
    return out;
}

/** Describes the memory Fargate allows for `cpu`, e.g. "1024-4096 in steps of 1024". */
export function fargateMemoryRule(cpu: number): string {
    const sizes = FARGATE_SIZES[cpu];
    if (sizes.length <= 3) return sizes.join(", ");
    return `${sizes[0]}-${sizes[sizes.length - 1]} in steps of ${sizes[1] - sizes[0]}`;
}

/** Checks a Fargate CPU/memory pair; keys are relative to `p`. */
export function checkFargateSize(p: Problems, cpuPath: string, cpu: unknown, memoryPath: string, memory: unknown): void {
    const cpus = Object.keys(FARGATE_SIZES).map(Number);
    if (!p.oneOf(cpuPath, cpu, cpus)) return;
    if (memory === undefined || cpu === undefined) return;
    const allowed = FARGATE_SIZES[cpu as number];
    if (typeof memory !== "number" || !allowed.includes(memory)) {
        p.add(
            memoryPath,
            memory,
            `is not a Fargate size for ${p.key(cpuPath)} ${cpu}; allowed memory (MiB): ${fargateMemoryRule(cpu as number)}.`,
        );
    }
}

/** AWS commercial regions the package knows (for replica regions and prices). */
export const AWS_REGIONS = [
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ca-central-1",
    "ca-west-1",
    "sa-east-1",
    "mx-central-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-7",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-east-1",
    "me-south-1",
    "me-central-1",
    "il-central-1",
    "af-south-1",
] as const;
