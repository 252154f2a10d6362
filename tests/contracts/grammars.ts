/**
 * Grammars AWS documents outside its API models, where the API takes a JSON string:
 * IAM/KMS/S3/SNS policy documents ("IAM JSON policy elements reference",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html, and its
 * "Grammar of the IAM JSON policy language",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html) and the
 * CloudWatch dashboard body ("Dashboard body structure and syntax",
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html).
 */

/**
 * Where a policy is attached decides which elements it must and must not have: an identity
 * policy has no Principal; a resource policy (bucket, key, topic) names one; a role's trust
 * policy names one and has no Resource (IAM refuses it: "Has prohibited field Resource").
 */
export type PolicyKind = "identity" | "resource" | "trust";

const POLICY_KEYS = ["Version", "Id", "Statement"];
const STATEMENT_KEYS = ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"];
const PRINCIPAL_KEYS = ["AWS", "Service", "Federated", "CanonicalUser"];
/** The condition operators of the policy grammar, without their `IfExists` suffix and set prefixes. */
const CONDITION_OPERATORS = [
    ...["StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike"],
    ...["NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals"],
    ...["DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals"],
    ...["Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null"],
];

/** Problems of a policy document (JSON text or object) of `kind`, each `<path>: <what is wrong>`. */
export function checkPolicy(document: unknown, kind: PolicyKind, at: string): string[] {
    const problems: string[] = [];
    const doc = parse(document, at, problems);
    if (doc === undefined) return problems;
    if (!isObject(doc)) return [`${at}: a policy is a JSON object`];
    unknownKeys(doc, POLICY_KEYS, at, problems);
    if (doc.Version !== "2012-10-17" && doc.Version !== "2008-10-17") {
        problems.push(`${at}.Version: ${JSON.stringify(doc.Version)}; the grammar allows "2012-10-17", "2008-10-17"`);
    }
    const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
    if (statements.length === 0 || doc.Statement === undefined) problems.push(`${at}.Statement: missing or empty`);
    statements.forEach((s, i) => {
        if (doc.Statement !== undefined) statement(s, kind, `${at}.Statement[${i}]`, problems);
    });
    return problems;
}

function statement(s: unknown, kind: PolicyKind, at: string, problems: string[]): void {
    if (!isObject(s)) return void problems.push(`${at}: a statement is a JSON object`);
    unknownKeys(s, STATEMENT_KEYS, at, problems);
    if (s.Sid !== undefined && (typeof s.Sid !== "string" || !/^[A-Za-z0-9]*$/.test(s.Sid))) {
        problems.push(`${at}.Sid: ${JSON.stringify(s.Sid)}; IAM allows letters and digits only`);
    }
    if (s.Effect !== "Allow" && s.Effect !== "Deny")
        problems.push(`${at}.Effect: ${JSON.stringify(s.Effect)}; the grammar allows "Allow", "Deny"`);
    exactlyOne(s, "Action", "NotAction", at, problems);
    for (const key of ["Action", "NotAction"]) {
        for (const a of strings(s[key], `${at}.${key}`, problems)) {
            if (a !== "*" && !/^[a-z0-9-]+:[A-Za-z0-9*?]+$/.test(a))
                problems.push(`${at}.${key}: ${JSON.stringify(a)} is not "*" or "<service>:<action>"`);
        }
    }
    const hasPrincipal = s.Principal !== undefined || s.NotPrincipal !== undefined;
    if (kind === "identity" && hasPrincipal) problems.push(`${at}: an identity policy has no Principal or NotPrincipal`);
    if (kind !== "identity") exactlyOne(s, "Principal", "NotPrincipal", at, problems);
    for (const key of ["Principal", "NotPrincipal"]) if (s[key] !== undefined) principal(s[key], `${at}.${key}`, problems);
    if (kind === "trust") {
        if (s.Resource !== undefined || s.NotResource !== undefined) problems.push(`${at}: a trust policy has no Resource or NotResource`);
    } else {
        exactlyOne(s, "Resource", "NotResource", at, problems);
        for (const key of ["Resource", "NotResource"]) {
            for (const r of strings(s[key], `${at}.${key}`, problems)) {
                if (r !== "*" && !r.startsWith("arn:")) problems.push(`${at}.${key}: ${JSON.stringify(r)} is not "*" or an ARN`);
            }
        }
    }
    if (s.Condition !== undefined) condition(s.Condition, `${at}.Condition`, problems);
}

function principal(p: unknown, at: string, problems: string[]): void {
    if (p === "*") return;
    if (!isObject(p)) return void problems.push(`${at}: "*" or an object of ${PRINCIPAL_KEYS.join(", ")}`);
    unknownKeys(p, PRINCIPAL_KEYS, at, problems);
    for (const [k, v] of Object.entries(p)) strings(v, `${at}.${k}`, problems);
}

function condition(c: unknown, at: string, problems: string[]): void {
    if (!isObject(c)) return void problems.push(`${at}: an object of condition operators`);
    for (const [op, block] of Object.entries(c)) {
        const base = op.replace(/^(ForAllValues|ForAnyValue):/, "").replace(/IfExists$/, "");
        if (!CONDITION_OPERATORS.includes(base)) problems.push(`${at}.${op}: not a condition operator of the policy grammar`);
        if (!isObject(block)) {
            problems.push(`${at}.${op}: an object of condition keys`);
            continue;
        }
        for (const [key, v] of Object.entries(block)) {
            const values = Array.isArray(v) ? v : [v];
            if (values.length === 0 || !values.every((x) => ["string", "boolean", "number"].includes(typeof x))) {
                problems.push(`${at}.${op}.${key}: a string, boolean or number, or a list of them`);
            }
        }
    }
}

/** The CloudWatch dashboard body's top-level keys, widget types and views, as its reference lists them. */
const BODY_KEYS = ["widgets", "start", "end", "periodOverride", "variables"];
const WIDGET_KEYS = ["type", "x", "y", "width", "height", "properties"];
const WIDGET_TYPES = ["metric", "text", "log", "alarm", "explorer", "custom"];
const VIEWS = ["timeSeries", "singleValue", "gauge", "bar", "pie", "table"];

/**
 * Problems of a dashboard body: its keys; per widget its keys, `type`, a grid position within
 * 24 columns (`width` 1-24, `height` 1-1000, `x`/`y` non-negative integers), `properties`; for a
 * metric widget `metrics` (arrays of namespace, metric name, dimension pairs, an optional
 * rendering object, or `{ expression }`), `region`, `view`, `period`; for an alarm widget `alarms`.
 */
export function checkDashboardBody(body: unknown, at: string): string[] {
    const problems: string[] = [];
    const doc = parse(body, at, problems);
    if (doc === undefined) return problems;
    if (!isObject(doc)) return [`${at}: a dashboard body is a JSON object`];
    unknownKeys(doc, BODY_KEYS, at, problems);
    if (doc.periodOverride !== undefined && !["auto", "inherit"].includes(doc.periodOverride as string)) {
        problems.push(`${at}.periodOverride: ${JSON.stringify(doc.periodOverride)}; the reference allows "auto", "inherit"`);
    }
    if (!Array.isArray(doc.widgets)) return [...problems, `${at}.widgets: missing; a dashboard body holds a widgets array`];
    doc.widgets.forEach((w: unknown, i: number) => widget(w, `${at}.widgets[${i}]`, problems));
    return problems;
}

function widget(w: unknown, at: string, problems: string[]): void {
    if (!isObject(w)) return void problems.push(`${at}: a widget is a JSON object`);
    unknownKeys(w, WIDGET_KEYS, at, problems);
    if (!WIDGET_TYPES.includes(w.type as string))
        problems.push(`${at}.type: ${JSON.stringify(w.type)}; the reference allows ${WIDGET_TYPES.join(", ")}`);
    const int = (k: string, min: number, max: number) => {
        const v = w[k];
        if (v !== undefined && (!Number.isInteger(v) || (v as number) < min || (v as number) > max))
            problems.push(`${at}.${k}: ${JSON.stringify(v)}; an integer from ${min} to ${max}`);
    };
    int("x", 0, 23);
    int("y", 0, Number.MAX_SAFE_INTEGER);
    int("width", 1, 24);
    int("height", 1, 1000);
    if (Number.isInteger(w.x) && Number.isInteger(w.width) && (w.x as number) + (w.width as number) > 24)
        problems.push(`${at}: x + width is more than the 24 columns of the grid`);
    const p = w.properties;
    if (!isObject(p)) return void problems.push(`${at}.properties: missing; every widget has a properties object`);
    if (w.type === "metric") {
        if (typeof p.region !== "string") problems.push(`${at}.properties.region: missing; a metric widget names its region`);
        if (p.view !== undefined && !VIEWS.includes(p.view as string))
            problems.push(`${at}.properties.view: ${JSON.stringify(p.view)}; the reference allows ${VIEWS.join(", ")}`);
        if (
            p.period !== undefined &&
            !(
                Number.isInteger(p.period) &&
                [1, 5, 10, 30].concat((p.period as number) % 60 === 0 ? [p.period as number] : []).includes(p.period as number)
            )
        ) {
            problems.push(`${at}.properties.period: ${JSON.stringify(p.period)}; 1, 5, 10, 30 or a multiple of 60`);
        }
        if (!Array.isArray(p.metrics) || p.metrics.length === 0) problems.push(`${at}.properties.metrics: missing or empty`);
        else p.metrics.forEach((m: unknown, j: number) => metricLine(m, `${at}.properties.metrics[${j}]`, problems));
    }
    if (w.type === "alarm" && (!Array.isArray(p.alarms) || !p.alarms.every((a) => typeof a === "string" && a.startsWith("arn:")))) {
        problems.push(`${at}.properties.alarms: a list of alarm ARNs`);
    }
    if (w.type === "text" && typeof p.markdown !== "string")
        problems.push(`${at}.properties.markdown: missing; a text widget holds markdown`);
}

function metricLine(m: unknown, at: string, problems: string[]): void {
    if (!Array.isArray(m) || m.length === 0) return void problems.push(`${at}: a metric is an array`);
    const last = m[m.length - 1];
    const parts = isObject(last) ? m.slice(0, -1) : m;
    if (parts.length === 0) {
        if (!isObject(last) || typeof last.expression !== "string")
            problems.push(`${at}: [{ "expression": … }] or [namespace, metricName, …dimensions]`);
        return;
    }
    // "." repeats the line above's value in that position.
    if (!parts.every((x) => typeof x === "string") || parts.length < 2 || parts.length % 2 !== 0) {
        problems.push(`${at}: [namespace, metricName, name1, value1, …] strings with an optional rendering object last`);
    }
}

function parse(v: unknown, at: string, problems: string[]): unknown {
    if (typeof v !== "string") return v;
    try {
        return JSON.parse(v);
    } catch (error) {
        problems.push(`${at}: not JSON: ${(error as Error).message}`);
        return undefined;
    }
}

function unknownKeys(o: Record<string, unknown>, allowed: string[], at: string, problems: string[]): void {
    for (const k of Object.keys(o))
        if (!allowed.includes(k)) problems.push(`${at}.${k}: not an element of the grammar; it allows ${allowed.join(", ")}`);
}

function exactlyOne(s: Record<string, unknown>, a: string, b: string, at: string, problems: string[]): void {
    const n = Number(s[a] !== undefined) + Number(s[b] !== undefined);
    if (n !== 1) problems.push(`${at}: needs exactly one of ${a} and ${b}, has ${n}`);
}

function strings(v: unknown, at: string, problems: string[]): string[] {
    if (v === undefined) return [];
    const list = Array.isArray(v) ? v : [v];
    if (list.length === 0 || !list.every((x) => typeof x === "string")) {
        problems.push(`${at}: a string or a non-empty list of strings`);
        return [];
    }
    return list as string[];
}

function isObject(v: unknown): v is Record<string, any> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}
