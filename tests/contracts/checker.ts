/**
 * Checks the payloads a plan passes to AWS against AWS's own API models (the botocore shapes
 * committed in tests/contracts/models/, see tools/extract-api-models.py) and against the
 * grammars AWS documents outside those models (IAM policy documents, CloudWatch dashboard body).
 * What it can and cannot see is written at the top of tests/contracts.spec.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { PlanResource } from "../../components/testing";

/** One shape of a botocore model, as extracted. */
export interface Shape {
    type: string;
    required?: string[];
    enum?: string[];
    min?: number;
    max?: number;
    pattern?: string;
    members?: Record<string, { shape: string }>;
    member?: { shape: string };
    key?: { shape: string };
    value?: { shape: string };
}

/** An extracted model file. */
export interface ApiModel {
    source: string;
    license: string;
    extracted: string;
    apiVersion: string;
    roots: string[];
    shapes: Record<string, Shape>;
}

/** The extracted model of a service (`ecs`, `cloudwatch`, `application-autoscaling`, `s3`). */
export function loadModel(service: string): ApiModel {
    return JSON.parse(fs.readFileSync(path.join(__dirname, "models", `${service}.json`), "utf8")) as ApiModel;
}

/**
 * Members AWS still requires although the committed botocore model no longer says so: botocore
 * 1.43 made them optional for alarms on PromQL queries (which take EvaluationCriteria), aws-sdk
 * v2's model requires them, and a metric alarm without them is refused. The stricter of the two
 * models wins; tests/contracts.spec.ts compares both and fails when this list goes stale.
 */
export const EXTRA_REQUIRED: Readonly<Record<string, readonly string[]>> = {
    PutMetricAlarmInput: ["EvaluationPeriods", "ComparisonOperator"],
};

/**
 * How member names are matched: `exact` for JSON that AWS receives as written (container
 * definitions), `pulumi` for provider inputs, whose names are the API's in lower camel case.
 */
export type Naming = "exact" | "pulumi";

/** Problems of `value` as the model's `shapeName`, each `<path>: <what is wrong>; <what the model allows>`. */
export function checkShape(model: ApiModel, shapeName: string, value: unknown, at: string, naming: Naming = "exact"): string[] {
    const problems: string[] = [];
    walk(model, shapeName, value, at, naming, problems);
    return problems;
}

function walk(model: ApiModel, name: string, value: unknown, at: string, naming: Naming, problems: string[]): void {
    const shape = model.shapes[name];
    if (!shape) throw new Error(`${at}: shape ${name} is not in the extracted model; add its root to tools/extract-api-models.py`);
    const got = describe(value);
    const wrongType = (expected: string) => problems.push(`${at}: expected ${expected} (${name}), got ${got}`);
    switch (shape.type) {
        case "structure": {
            if (!isObject(value)) return void wrongType("an object");
            const members = Object.keys(shape.members ?? {});
            const find = (key: string) =>
                naming === "exact" ? members.find((m) => m === key) : members.find((m) => m.toLowerCase() === key.toLowerCase());
            for (const [key, v] of Object.entries(value)) {
                const member = find(key);
                if (!member) {
                    const near = members.find((m) => m.toLowerCase() === key.toLowerCase());
                    const hint = near ? ` (did you mean ${near}?)` : "";
                    problems.push(`${at}.${key}: unknown member of ${name}${hint}; the model allows ${members.join(", ")}`);
                    continue;
                }
                if (v === undefined || v === null) continue;
                walk(model, shape.members![member].shape, v, `${at}.${key}`, naming, problems);
            }
            for (const req of [...(shape.required ?? []), ...(EXTRA_REQUIRED[name] ?? [])]) {
                if (!Object.keys(value).some((k) => (naming === "exact" ? k === req : k.toLowerCase() === req.toLowerCase()))) {
                    problems.push(`${at}: missing member ${req}, which ${name} requires`);
                }
            }
            return;
        }
        case "list": {
            if (!Array.isArray(value)) return void wrongType("a list");
            bounds(shape, name, value.length, "items", at, problems);
            value.forEach((v, i) => walk(model, shape.member!.shape, v, `${at}[${i}]`, naming, problems));
            return;
        }
        case "map": {
            if (!isObject(value)) return void wrongType("a map");
            bounds(shape, name, Object.keys(value).length, "entries", at, problems);
            for (const [k, v] of Object.entries(value)) {
                walk(model, shape.key!.shape, k, `${at} key ${JSON.stringify(k)}`, naming, problems);
                walk(model, shape.value!.shape, v, `${at}[${JSON.stringify(k)}]`, naming, problems);
            }
            return;
        }
        case "string": {
            if (typeof value !== "string") return void wrongType("a string");
            if (shape.enum && !shape.enum.includes(value)) {
                return void problems.push(`${at}: ${got} is not a ${name}; the model allows ${shape.enum.join(", ")}`);
            }
            bounds(shape, name, value.length, "characters", at, problems);
            if (shape.pattern && !new RegExp(jsPattern(shape.pattern), "u").test(value)) {
                problems.push(`${at}: ${got} does not match the pattern of ${name}: ${shape.pattern}`);
            }
            return;
        }
        case "integer":
        case "long":
            if (typeof value !== "number" || !Number.isInteger(value)) return void wrongType("an integer");
            return bounds(shape, name, value, "", at, problems);
        case "double":
        case "float":
            if (typeof value !== "number") return void wrongType("a number");
            return bounds(shape, name, value, "", at, problems);
        case "boolean":
            if (typeof value !== "boolean") wrongType("a boolean");
            return;
        case "timestamp":
            if (typeof value !== "string" || Number.isNaN(Date.parse(value))) wrongType("a timestamp");
            return;
        default:
            if (typeof value !== "string") wrongType(shape.type);
    }
}

function bounds(shape: Shape, name: string, n: number, unit: string, at: string, problems: string[]): void {
    const what = unit ? `${n} ${unit}` : String(n);
    if (shape.min !== undefined && n < shape.min) problems.push(`${at}: ${what}, below the minimum of ${name}: ${shape.min}`);
    if (shape.max !== undefined && n > shape.max) problems.push(`${at}: ${what}, above the maximum of ${name}: ${shape.max}`);
}

/** Java's POSIX classes (ASCII-only by default) that botocore's patterns use, in JavaScript. */
const POSIX: Record<string, string> = {
    Print: "[\\x20-\\x7E]",
    Graph: "[\\x21-\\x7E]",
    Alnum: "[A-Za-z0-9]",
    Alpha: "[A-Za-z]",
    Digit: "[0-9]",
};

/**
 * botocore patterns are Java regular expressions, and, as in Smithy, not implicitly anchored:
 * a value conforms when the pattern matches somewhere in it.
 */
function jsPattern(pattern: string): string {
    return pattern.replace(/\\p\{(\w+)\}/g, (all, c: string) => POSIX[c] ?? all);
}

function isObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
    const json = JSON.stringify(v);
    if (Array.isArray(v)) return "a list";
    if (isObject(v)) return "an object";
    return `${typeof v} ${json}`;
}

/** `name (type)`, how a problem names its resource. */
export function where(r: PlanResource): string {
    return `${r.name} (${r.type})`;
}

/**
 * The Pulumi inputs of a resource as the API request the provider makes from them, where the
 * provider does more than rename: maps become `{Name, Value}`/`{Key, Value}` lists, a metric
 * query's `metric` becomes `MetricStat`, names Pulumi generates are filled with the resource's
 * name, and inputs that only steer the provider are dropped.
 */
export function apiRequest(r: PlanResource): { service: string; shape: string; value: Record<string, unknown> } | undefined {
    const i = { ...r.inputs } as Record<string, any>;
    const tags = (t: unknown) => (isObject(t) ? Object.entries(t).map(([Key, Value]) => ({ Key, Value })) : t);
    switch (r.type) {
        case "aws:cloudwatch/metricAlarm:MetricAlarm": {
            // `region` steers the provider; it is not a member of the request.
            const { name, dimensions, metricQueries, evaluateLowSampleCountPercentiles, tags: t, region: _region, ...rest } = i;
            return {
                service: "cloudwatch",
                shape: "PutMetricAlarmInput",
                value: defined({
                    ...rest,
                    AlarmName: name ?? r.name,
                    Dimensions: dimensionList(dimensions),
                    EvaluateLowSampleCountPercentile: evaluateLowSampleCountPercentiles,
                    Metrics: Array.isArray(metricQueries) ? metricQueries.map(metricQuery) : metricQueries,
                    Tags: tags(t),
                }),
            };
        }
        case "aws:cloudwatch/compositeAlarm:CompositeAlarm": {
            const { actionsSuppressor, tags: t, region: _region, ...rest } = i;
            const s = isObject(actionsSuppressor) ? actionsSuppressor : undefined;
            return {
                service: "cloudwatch",
                shape: "PutCompositeAlarmInput",
                value: defined({
                    ...rest,
                    alarmName: rest.alarmName ?? r.name,
                    ActionsSuppressor: s?.alarm,
                    ActionsSuppressorExtensionPeriod: s?.extensionPeriod,
                    ActionsSuppressorWaitPeriod: s?.waitPeriod,
                    Tags: tags(t),
                }),
            };
        }
        case "aws:cloudwatch/dashboard:Dashboard": {
            const { region: _region, ...rest } = i;
            return { service: "cloudwatch", shape: "PutDashboardInput", value: rest };
        }
        case "aws:appautoscaling/policy:Policy": {
            const { name, region: _region, ...rest } = i;
            return { service: "application-autoscaling", shape: "PutScalingPolicyRequest", value: { ...rest, PolicyName: name ?? r.name } };
        }
        case "aws:appautoscaling/scheduledAction:ScheduledAction": {
            const { name, region: _region, ...rest } = i;
            return {
                service: "application-autoscaling",
                shape: "PutScheduledActionRequest",
                value: { ...rest, ScheduledActionName: name ?? r.name },
            };
        }
        case "aws:s3/bucketReplicationConfig:BucketReplicationConfig": {
            // `bucket` and `token` are parameters of PutBucketReplication, not of the configuration document.
            const { role, rules } = i;
            return { service: "s3", shape: "ReplicationConfiguration", value: defined({ role, rules }) };
        }
        case "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": {
            return { service: "s3", shape: "BucketLifecycleConfiguration", value: defined({ rules: i.rules }) };
        }
        default:
            return undefined;
    }
}

function dimensionList(d: unknown): unknown {
    return isObject(d) ? Object.entries(d).map(([Name, Value]) => ({ Name, Value })) : d;
}

/** A Pulumi `metricQueries[]` entry as the API's MetricDataQuery. */
function metricQuery(q: unknown): unknown {
    if (!isObject(q) || !isObject(q.metric)) return q;
    const { metric, ...rest } = q;
    const { dimensions, metricName, namespace, period, stat, unit, ...unknown } = metric;
    return {
        ...rest,
        MetricStat: defined({
            Metric: defined({ Namespace: namespace, MetricName: metricName, Dimensions: dimensionList(dimensions) }),
            Period: period,
            Stat: stat,
            Unit: unit,
            ...unknown,
        }),
    };
}

function defined(o: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
