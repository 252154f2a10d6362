/**
 * Matchers for plan assertions, after AWS CDK's `Match` (aws-cdk-lib/assertions), so a CDK user
 * reads them without a manual. A pattern is a plain value or a {@link Matcher}:
 *
 * - a plain object matches an object that has at least its keys, each matching (objectLike);
 * - an array matches an array of the same length, element by element;
 * - any other value matches an equal value (`===`, and NaN matches NaN);
 * - `undefined` as a value in an object pattern means the key is absent.
 *
 * A JSON string (an IAM policy, container definitions) is never parsed implicitly: compare its
 * document with `Match.serializedJson(pattern)`. Implicit parsing would let `{ a: 1 }` match both
 * an object and a string, and a test could not say which one the provider receives. A mismatch
 * report says when an object pattern met a JSON string.
 *
 * Nothing here loads the Pulumi SDK.
 */

/** One way an actual value differs from a pattern. */
export interface Mismatch {
    /** Where, from the matched value: `deploymentCircuitBreaker.rollback`, `statement[0].Effect`, `policy(json).Version`. */
    path: string;
    /** The expectation, as text: `false`, `absent`, `a string like "arn:*"`. */
    expected: string;
    /** The actual value at the path (undefined when the key is missing). */
    actual: unknown;
    /** More about the difference, e.g. the closest element of an array. */
    note?: string;
}

const MATCHER = Symbol.for("elastic-web:testing:matcher");

/**
 * What a secret value is in a plan, as the engine shows it (`pulumi preview`, `pulumi stack
 * output`): the string `"[secret]"`. The resource's `secretPaths` lists where its inputs held one
 * (`["environment.DB_PASSWORD"]`, `["secretString"]`), so a test can tell a secret from the literal
 * string; {@link Match.secret} checks both.
 */
export const SECRET = "[secret]";

/**
 * Clear values of the secrets of a plan's inputs, by the inputs object and the path: kept out of the
 * plan (a WeakMap is neither serialised nor shown by `util.inspect`) so that `Match.secret(inner)`
 * can check a secret's value in the process that synthesised it. A plan read from JSON has none.
 */
const CLEAR = new WeakMap<object, ReadonlyMap<string, unknown>>();

/** Remembers the clear values of the secrets in `inputs` (path → value) for `Match.secret(inner)`; kept out of every plan. */
export function rememberSecrets(inputs: object, secrets: ReadonlyMap<string, unknown>): void {
    if (secrets.size > 0) CLEAR.set(inputs, secrets);
}

/** The clear values of the inputs being matched by {@link matchInputs}, if any. */
let matching: { inputs: unknown; secrets: ReadonlyMap<string, unknown> | undefined } | undefined;

/**
 * {@link matchValue} over a resource's inputs, paths from the inputs' root: `Match.secret(inner)`
 * finds the clear values remembered for these inputs.
 */
export function matchInputs(pattern: unknown, inputs: unknown): Mismatch[] {
    const outer = matching;
    matching = { inputs, secrets: typeof inputs === "object" && inputs !== null ? CLEAR.get(inputs) : undefined };
    try {
        return matchValue(pattern, inputs, "", false);
    } finally {
        matching = outer;
    }
}

/**
 * A pattern that decides for itself whether a value matches. Subclass it for a matcher of your own:
 * `test` returns the mismatches (none when the value matches).
 */
export abstract class Matcher {
    /** Brand that survives two copies of this module in one process (instanceof does not). */
    readonly [MATCHER] = true;

    /** The mismatches of `actual`, found at `path`; empty when it matches. */
    abstract test(actual: unknown, path: string): Mismatch[];

    /** The pattern as it reads in a failure message. */
    abstract toString(): string;

    /** Matchers serialise as their description, so a pattern can be printed as JSON. */
    toJSON(): string {
        return this.toString();
    }
}

/** True for a {@link Matcher} made by any copy of this module. */
export function isMatcher(value: unknown): value is Matcher {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[MATCHER] === true;
}

class Absent extends Matcher {
    test(actual: unknown, path: string): Mismatch[] {
        return actual === undefined ? [] : [{ path, expected: "absent", actual }];
    }
    toString(): string {
        return "Match.absent()";
    }
}

class AnyValue extends Matcher {
    test(actual: unknown, path: string): Mismatch[] {
        return actual === undefined || actual === null ? [{ path, expected: "any value", actual }] : [];
    }
    toString(): string {
        return "Match.anyValue()";
    }
}

class ObjectLike extends Matcher {
    constructor(private readonly pattern: Record<string, unknown>) {
        super();
        if (!isPlainObject(pattern)) throw new TypeError(`Match.objectLike takes an object, got ${render(pattern)}`);
    }
    test(actual: unknown, path: string): Mismatch[] {
        return matchValue(this.pattern, actual, path, false);
    }
    toString(): string {
        return `Match.objectLike(${render(this.pattern)})`;
    }
}

class Exact extends Matcher {
    constructor(private readonly pattern: unknown) {
        super();
    }
    test(actual: unknown, path: string): Mismatch[] {
        return matchValue(this.pattern, actual, path, true);
    }
    toString(): string {
        return `Match.exact(${render(this.pattern)})`;
    }
}

class ArrayWith extends Matcher {
    constructor(private readonly patterns: unknown[]) {
        super();
        if (!Array.isArray(patterns)) throw new TypeError(`Match.arrayWith takes an array, got ${render(patterns)}`);
    }
    test(actual: unknown, path: string): Mismatch[] {
        if (!Array.isArray(actual)) return [{ path, expected: `an array with ${render(this.patterns)}`, actual }];
        const mismatches: Mismatch[] = [];
        // Earliest match first is optimal for an in-order subsequence, matchers included.
        let next = 0;
        for (const pattern of this.patterns) {
            let found = -1;
            for (let i = next; i < actual.length; i++) {
                if (matchValue(pattern, actual[i], "", false).length === 0) {
                    found = i;
                    break;
                }
            }
            if (found >= 0) {
                next = found + 1;
                continue;
            }
            const closest = closestElement(pattern, actual, next);
            const after = next > 0 ? ` after index ${next - 1}` : "";
            mismatches.push({
                path,
                expected: `an element matching ${render(pattern)}${after}`,
                actual,
                note: closest
                    ? `closest element ${path}[${closest.index}] differs at ` +
                      closest.mismatches
                          .map((m) => `${m.path || "(the element)"}: expected ${m.expected}, actual ${render(m.actual)}`)
                          .join("; ")
                    : undefined,
            });
        }
        return mismatches;
    }
    toString(): string {
        return `Match.arrayWith(${render(this.patterns)})`;
    }
}

class StringLike extends Matcher {
    private readonly regex: RegExp;
    constructor(private readonly pattern: string | RegExp) {
        super();
        if (pattern instanceof RegExp) this.regex = pattern;
        else if (typeof pattern === "string") this.regex = globToRegExp(pattern);
        else throw new TypeError(`Match.stringLike takes a glob string or a RegExp, got ${render(pattern)}`);
    }
    test(actual: unknown, path: string): Mismatch[] {
        // A global or sticky RegExp keeps state between tests; start each test afresh.
        this.regex.lastIndex = 0;
        return typeof actual === "string" && this.regex.test(actual)
            ? []
            : [{ path, expected: `a string like ${this.describePattern()}`, actual }];
    }
    toString(): string {
        return `Match.stringLike(${this.describePattern()})`;
    }
    private describePattern(): string {
        return this.pattern instanceof RegExp ? String(this.pattern) : JSON.stringify(this.pattern);
    }
}

class SerializedJson extends Matcher {
    constructor(private readonly pattern: unknown) {
        super();
    }
    test(actual: unknown, path: string): Mismatch[] {
        if (typeof actual !== "string") return [{ path, expected: `a JSON string matching ${render(this.pattern)}`, actual }];
        let doc: unknown;
        try {
            doc = JSON.parse(actual);
        } catch (error) {
            return [
                { path, expected: `a JSON string matching ${render(this.pattern)}`, actual, note: `not JSON: ${(error as Error).message}` },
            ];
        }
        return matchValue(this.pattern, doc, `${path || "(value)"}(json)`, false);
    }
    toString(): string {
        return `Match.serializedJson(${render(this.pattern)})`;
    }
}

class Secret extends Matcher {
    constructor(private readonly inner: unknown) {
        super();
    }
    test(actual: unknown, path: string): Mismatch[] {
        if (actual !== SECRET) return [{ path, expected: this.describe(), actual }];
        if (this.inner === undefined) return [];
        const secrets = matching?.secrets;
        if (!secrets || !secrets.has(path)) {
            return [
                {
                    path,
                    expected: this.describe(),
                    actual,
                    note: "its clear value is not in this process (a plan read from JSON keeps none)",
                },
            ];
        }
        // Whatever differs, the message shows only the mask: a test log is no place for the secret.
        const differs = matchValue(this.inner, secrets.get(path), path, false).length > 0;
        return differs ? [{ path, expected: this.describe(), actual, note: "the secret's value differs (not shown)" }] : [];
    }
    toString(): string {
        return this.inner === undefined ? "Match.secret()" : `Match.secret(${render(this.inner)})`;
    }
    private describe(): string {
        return this.inner === undefined ? "a secret" : `a secret matching ${render(this.inner)}`;
    }
}

class Not extends Matcher {
    constructor(private readonly pattern: unknown) {
        super();
    }
    test(actual: unknown, path: string): Mismatch[] {
        return matchValue(this.pattern, actual, path, false).length > 0 ? [] : [{ path, expected: `not ${render(this.pattern)}`, actual }];
    }
    toString(): string {
        return `Match.not(${render(this.pattern)})`;
    }
}

/**
 * Pattern builders for {@link Plan.hasResource} and {@link Plan.resourcesOf}, named as in AWS CDK.
 *
 * @example
 * plan.hasResource("aws:iam/role:Role", {
 *     name: Match.absent(),
 *     assumeRolePolicy: Match.serializedJson({
 *         Statement: Match.arrayWith([{ Principal: { Service: "ecs-tasks.amazonaws.com" } }]),
 *     }),
 * });
 */
export const Match = {
    /** The key is missing (or undefined). */
    absent: (): Matcher => new Absent(),
    /** Any value but undefined and null. */
    anyValue: (): Matcher => new AnyValue(),
    /**
     * An array holding elements that match `patterns`, in that order, among others.
     * @example Match.arrayWith([{ name: "containerInsights", value: "enabled" }])
     */
    arrayWith: (patterns: unknown[]): Matcher => new ArrayWith(patterns),
    /** An object with at least the keys of `pattern`, each matching; the default for plain objects, spelled out. */
    objectLike: (pattern: Record<string, unknown>): Matcher => new ObjectLike(pattern),
    /** Exactly `pattern`: objects, nested ones too, must have no other keys; matchers inside still apply. */
    exact: (pattern: unknown): Matcher => new Exact(pattern),
    /**
     * A string matching a glob (`*` any run of characters, `?` one character, the rest literal)
     * or a regular expression.
     * @example Match.stringLike("arn:aws:iam::*:role/*")
     */
    stringLike: (pattern: string | RegExp): Matcher => new StringLike(pattern),
    /**
     * A JSON string whose parsed document matches `pattern` (objectLike semantics), e.g. an IAM
     * policy or an ECS task's container definitions.
     * @example Match.serializedJson({ Statement: [{ Effect: "Deny" }] })
     */
    serializedJson: (pattern: unknown): Matcher => new SerializedJson(pattern),
    /** A value that does not match `pattern`. */
    not: (pattern: unknown): Matcher => new Not(pattern),
    /**
     * A secret input (`pulumi.secret(…)`, or an output that depends on one), which a plan holds as
     * {@link SECRET}; with `inner`, also its clear value matches `inner`. The clear value is kept
     * out of the plan and of every failure message; only a plan made by `synth` in this process
     * knows it, so `Match.secret(inner)` fails on a plan read from JSON.
     * @example plan.hasResource("aws:secretsmanager/secretVersion:SecretVersion", { secretString: Match.secret() })
     */
    secret: (inner?: unknown): Matcher => new Secret(inner),
};

/**
 * Matches `actual` against `pattern` and returns the differences, each at its path from `path`.
 * `exact` makes plain objects refuse keys the pattern does not name.
 */
export function matchValue(pattern: unknown, actual: unknown, path = "", exact = false): Mismatch[] {
    if (isMatcher(pattern)) return pattern.test(actual, path);
    if (pattern === undefined) return actual === undefined ? [] : [{ path, expected: "absent", actual }];
    if (Array.isArray(pattern)) {
        if (!Array.isArray(actual)) return [typeMismatch(pattern, actual, path)];
        if (actual.length !== pattern.length) {
            return [{ path, expected: `${render(pattern)} (${pattern.length} elements)`, actual, note: `${actual.length} elements` }];
        }
        return pattern.flatMap((p, i) => matchValue(p, actual[i], `${path}[${i}]`, exact));
    }
    if (isPlainObject(pattern)) {
        if (!isPlainObject(actual)) return [typeMismatch(pattern, actual, path)];
        const mismatches: Mismatch[] = [];
        for (const key of Object.keys(pattern)) {
            mismatches.push(...matchValue(pattern[key], actual[key], keyPath(path, key), exact));
        }
        if (exact) {
            for (const key of Object.keys(actual)) {
                if (!(key in pattern) && actual[key] !== undefined) {
                    mismatches.push({ path: keyPath(path, key), expected: "absent (Match.exact)", actual: actual[key] });
                }
            }
        }
        return mismatches;
    }
    return Object.is(pattern, actual) || pattern === actual ? [] : [{ path, expected: render(pattern), actual }];
}

function typeMismatch(pattern: unknown, actual: unknown, path: string): Mismatch {
    const mismatch: Mismatch = { path, expected: render(pattern), actual };
    if (typeof actual === "string" && parsesAsJsonStructure(actual)) {
        mismatch.note = "the actual value is a JSON string; match its document with Match.serializedJson(pattern)";
    }
    return mismatch;
}

function parsesAsJsonStructure(text: string): boolean {
    const t = text.trim();
    if (!(t.startsWith("{") || t.startsWith("["))) return false;
    try {
        JSON.parse(t);
        return true;
    } catch {
        return false;
    }
}

function closestElement(pattern: unknown, actual: unknown[], from: number): { index: number; mismatches: Mismatch[] } | undefined {
    let best: { index: number; mismatches: Mismatch[] } | undefined;
    for (let i = from; i < actual.length; i++) {
        const mismatches = matchValue(pattern, actual[i], "", false);
        if (!best || mismatches.length < best.mismatches.length) best = { index: i, mismatches };
    }
    return best;
}

/** `a.b`, `a["aws:region"]`, or `b` at the root. */
export function keyPath(path: string, key: string): string {
    if (/^[A-Za-z_$][\w$]*$/.test(key)) return path === "" ? key : `${path}.${key}`;
    return `${path}[${JSON.stringify(key)}]`;
}

/** True for `{...}` objects (not arrays, not class instances such as Date or Matcher). */
export function isPlainObject(value: unknown): value is Record<string, any> {
    if (typeof value !== "object" || value === null || Array.isArray(value) || isMatcher(value)) return false;
    const proto = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null;
}

/** `arn:*:role/?` → /^arn:.*:role\/.$/ ; every other character is literal. */
function globToRegExp(glob: string): RegExp {
    let source = "";
    for (const ch of glob) {
        if (ch === "*") source += "[\\s\\S]*";
        else if (ch === "?") source += "[\\s\\S]";
        else source += ch.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    }
    return new RegExp(`^${source}$`);
}

/** How long a rendered value may get in a failure message before it is cut. */
const MAX_RENDER = 400;

/**
 * A value or pattern as a failure message shows it: JSON-like, matchers by name, `undefined`
 * for a missing value, cut after a few hundred characters.
 */
export function render(value: unknown, max = MAX_RENDER): string {
    const text = renderFull(value, new Set());
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function renderFull(value: unknown, seen: Set<unknown>): string {
    if (value === undefined) return "undefined";
    if (isMatcher(value)) return value.toString();
    if (typeof value === "string") return JSON.stringify(value);
    if (typeof value === "bigint") return `${value}n`;
    if (typeof value !== "object" || value === null) return String(value);
    if (value instanceof RegExp) return String(value);
    if (seen.has(value)) return "[circular]";
    seen.add(value);
    try {
        if (Array.isArray(value)) return `[${value.map((v) => renderFull(v, seen)).join(", ")}]`;
        const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => {
            const key = /^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k);
            return `${key}: ${renderFull(v, seen)}`;
        });
        return entries.length === 0 ? "{}" : `{ ${entries.join(", ")} }`;
    } finally {
        seen.delete(value);
    }
}

/** One line per mismatch: `  path: expected X, actual Y (note)`. */
export function formatMismatches(mismatches: readonly Mismatch[], indent = "  ", limit = 20): string[] {
    const lines = mismatches.slice(0, limit).map((m) => {
        const where = m.path === "" ? "(value)" : m.path;
        const note = m.note ? ` (${m.note})` : "";
        return `${indent}${where}: expected ${m.expected}, actual ${render(m.actual)}${note}`;
    });
    if (mismatches.length > limit) lines.push(`${indent}… and ${mismatches.length - limit} more`);
    return lines;
}
