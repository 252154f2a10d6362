/**
 * The hand-written rules of an ElasticService's settings: what zod cannot say well (Fargate sizes,
 * cron expressions and time zones, listener-rule limits, the deployment deadlock, environment and
 * secret names, the files of an image build). Each is attached to the schemas in `./args` with
 * `custom(...)` (one value) or `after(...)` (several fields, run after the field it reports on),
 * so messages keep their order. Nothing here imports the schemas.
 */
import type { ObjectRule } from "../core/schema";
import { FARGATE_SIZES, Problems, checkFargateSize, isPlain, isRecord, show } from "../core/validate";
import { get, join, note, offOrRange } from "../core/checks";

/** CPU architectures of a Fargate task. */
export const ARCHITECTURES = ["x86_64", "arm64"] as const;

/**
 * Limits of one ALB listener rule. Source: Elastic Load Balancing, "Condition types for listener
 * rules": at most 3 match evaluations per condition, 5 per rule, 5 wildcards per rule; path
 * patterns and host names up to 128 characters.
 */
const RULE_VALUES_PER_CONDITION = 3;
const RULE_VALUES_PER_RULE = 5;
const RULE_WILDCARDS_PER_RULE = 5;
const RULE_VALUE_LENGTH = 128;

/** Names that mark an environment variable (or build argument) as a secret. */
export const SECRET_NAME = /PASSWORD|SECRET|TOKEN|API_KEY|PRIVATE_KEY/i;
/** A variable name: letters, digits and underscores, not starting with a digit. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A field check made of a checker that records problems: the value passes when it recorded none. */
export function passes(check: (p: Problems, path: string, value: unknown) => void): (p: Problems, path: string, value: unknown) => boolean {
    return (p, path, value) => {
        const before = p.list.length;
        check(p, path, value);
        return p.list.length === before;
    };
}

/** A field whose value a cross-field rule of its object checks (see `after`): the field check itself records nothing. */
export function checkedByRule(): (p: Problems, path: string, value: unknown) => boolean {
    return () => true;
}

// --- sizes -------------------------------------------------------------------------------

/** The CPU sizes (CPU units) of a Fargate task. */
export const FARGATE_CPUS: readonly number[] = Object.keys(FARGATE_SIZES).map(Number);

/**
 * `memory` must suit `cpu` (checked after memory, so a bad cpu is reported first, and alone); without
 * a cpu it must be a memory size of some Fargate CPU.
 */
export const FARGATE_SIZE: ObjectRule = {
    after: "memory",
    check(p, _at, s, ok) {
        const cpu = get(s, "cpu");
        const memory = get(s, "memory");
        if (memory === undefined) return;
        if (cpu !== undefined) {
            if (ok("cpu")) checkFargateSize(p, "cpu", cpu, "memory", memory);
        } else if (!Object.values(FARGATE_SIZES).some((sizes) => sizes.includes(memory as number))) {
            p.add("memory", memory, "must be a Fargate memory size in MiB, e.g. 512, 1024 or 2048.");
        }
    },
};

// FARGATE_SPOT takes arm64 tasks as well as x86_64 ones, so `spotShare` has no rule tied to `architecture`: "FARGATE_SPOT
// supports Linux tasks with the ARM64 architecture on platform version 1.4.0 or later" (Amazon ECS API Reference,
// CapacityProviderStrategyItem, https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CapacityProviderStrategyItem.html);
// services here run on the LATEST platform version (1.4.0). The developer guide's "AWS Fargate capacity providers" page
// still says ARM64 tasks cannot use Fargate Spot; the API reference is the newer statement.

// --- scaling -----------------------------------------------------------------------------

/** `cpuTarget` and `memoryTarget`: 0 (off) or a utilization percent the policy holds. */
export function checkUtilizationTarget(p: Problems, path: string, value: unknown): boolean {
    return offOrRange(p, path, value, 10, 95, false);
}

/** `requestsPerTarget`: 0 (off) or requests per target per minute. */
export function checkRequestsTarget(p: Problems, path: string, value: unknown): boolean {
    return offOrRange(p, path, value, 1, 100000, true);
}

/** The task bounds of a scaling object when both are valid and in order, for the rules built on them. */
export function taskBounds(s: Record<string, unknown>, ok: (key: string) => boolean): { min: number; max: number } | undefined {
    if (!ok("minTasks") || !ok("maxTasks")) return undefined;
    const min = s.minTasks as number;
    const max = s.maxTasks as number;
    return max < min ? undefined : { min, max };
}

/** Room above minTasks needs something that moves the count: a policy or a schedule. */
export const SCALING_NEEDS_A_POLICY: ObjectRule = {
    after: "requestsPerTarget",
    check(p, at, s, ok) {
        const bounds = taskBounds(s, ok);
        const schedules = get(s, "schedules");
        const policiesOff = ["cpuTarget", "memoryTarget", "requestsPerTarget"].every((k) => get(s, k) === 0);
        if (bounds && bounds.max > bounds.min && policiesOff && Array.isArray(schedules) && schedules.length === 0) {
            p.add(
                join(at, "maxTasks"),
                s.maxTasks,
                `is above ${p.key(join(at, "minTasks"))} (${s.minTasks}) but no scaling policy or schedule is on; set cpuTarget, memoryTarget or requestsPerTarget, add a schedule, or set maxTasks equal to minTasks.`,
            );
        }
    },
};

/** A schedule's `name`, `schedule`, `minTasks` and `maxTasks` are required; reported where each would be checked. */
export const SCHEDULE_NAME_REQUIRED: ObjectRule = {
    after: "name",
    check(p, at, item) {
        if (get(item, "name") === undefined) p.missing(`${at}.name`, 'give each schedule a name like "business-hours".');
    },
};

/** See {@link SCHEDULE_NAME_REQUIRED}. */
export const SCHEDULE_EXPRESSION_REQUIRED: ObjectRule = {
    after: "schedule",
    check(p, at, item) {
        if (get(item, "schedule") === undefined) p.missing(`${at}.schedule`, 'give a schedule expression like "cron(0 8 ? * MON-FRI *)".');
    },
};

/** See {@link SCHEDULE_NAME_REQUIRED}; both bounds are reported missing before either is checked. */
export const SCHEDULE_BOUNDS_REQUIRED: ObjectRule = {
    after: "timezone",
    check(p, at, item) {
        if (get(item, "minTasks") === undefined) p.missing(`${at}.minTasks`, "give the lower task bound from this time on (0-1000).");
        if (get(item, "maxTasks") === undefined) p.missing(`${at}.maxTasks`, "give the upper task bound from this time on (0-1000).");
    },
};

// --- health checks -----------------------------------------------------------------------

/** Target-group health check path. Source: ELB CreateTargetGroup (`HealthCheckPath`, at most 1024 characters). */
export function checkHealthCheckPath(p: Problems, path: string, value: unknown): boolean {
    if (typeof value === "string" && value.startsWith("/") && value.length <= 1024) return true;
    p.add(path, value, 'must be a path starting with "/" (at most 1024 characters), like "/health".');
    return false;
}

/** Target-group success codes. Source: ELB CreateTargetGroup (`Matcher.HttpCode`, 200-499 for HTTP). */
export function checkMatcher(p: Problems, path: string, value: unknown): boolean {
    if (typeof value === "string" && matcherOk(value)) return true;
    p.add(path, value, 'must be HTTP codes from 200 to 499 like "200", "200-399" or "200,302".');
    return false;
}

/** A health check times out before the next one starts. */
export const TIMEOUT_BELOW_INTERVAL: ObjectRule = {
    after: "timeoutSeconds",
    check(p, at, h, ok) {
        if (ok("intervalSeconds") && ok("timeoutSeconds") && (h.timeoutSeconds as number) >= (h.intervalSeconds as number)) {
            p.add(
                join(at, "timeoutSeconds"),
                h.timeoutSeconds,
                `must be less than ${p.key(join(at, "intervalSeconds"))} (${h.intervalSeconds}).`,
            );
        }
    },
};

/** Source: ECS HealthCheck (`command` starts with CMD or CMD-SHELL). */
export function checkContainerHealthCommand(p: Problems, path: string, command: unknown): boolean {
    if (
        !Array.isArray(command) ||
        command.length < 2 ||
        !["CMD", "CMD-SHELL"].includes(command[0]) ||
        command.some((x) => isPlain(x) && (typeof x !== "string" || x.length === 0))
    ) {
        p.add(
            path,
            command,
            'must be a list of strings starting with "CMD" or "CMD-SHELL", e.g. ["CMD-SHELL", "wget -qO- http://localhost:8080/health || exit 1"].',
        );
        return false;
    }
    return true;
}

/** A container health check needs its command. */
export const CONTAINER_HEALTH_COMMAND_REQUIRED: ObjectRule = {
    after: "command",
    check(p, at, c) {
        if (get(c, "command") !== undefined) return;
        p.missing(join(at, "command"), 'give the command, e.g. ["CMD-SHELL", "wget -qO- http://localhost:8080/health || exit 1"].');
    },
};

// --- routing -----------------------------------------------------------------------------

/** `routing.pathPatterns` or `routing.hostHeaders`: a non-empty list within one condition's limits. */
export function checkConditionValues(what: string): (p: Problems, path: string, value: unknown) => boolean {
    return (p, path, value) => {
        if (!Array.isArray(value) || value.length < 1) {
            p.add(path, value, `must be a non-empty list of ${what}; leave it out for no condition.`);
            return false;
        }
        const before = p.list.length;
        if (value.length > RULE_VALUES_PER_CONDITION) {
            p.add(
                path,
                value,
                `has ${value.length} values; an ALB rule condition takes at most ${RULE_VALUES_PER_CONDITION}, so use fewer, wider patterns.`,
            );
        }
        value.forEach((item, i) => {
            if (!isPlain(item)) return;
            if (typeof item !== "string" || item.length === 0 || item.length > RULE_VALUE_LENGTH) {
                p.add(`${path}[${i}]`, item, `must be a non-empty string of at most ${RULE_VALUE_LENGTH} characters.`);
            }
        });
        return p.list.length === before;
    };
}

/** A listener rule's limits over both conditions together. */
export const RULE_LIMITS: ObjectRule = {
    after: "hostHeaders",
    check(p, at, r) {
        let values = 0;
        let wildcards = 0;
        for (const key of ["pathPatterns", "hostHeaders"]) {
            const items = get(r, key);
            if (!Array.isArray(items) || items.length < 1) continue;
            values += items.length;
            for (const item of items) {
                if (isPlain(item) && typeof item === "string" && item.length > 0 && item.length <= RULE_VALUE_LENGTH) {
                    wildcards += (item.match(/[*?]/g) ?? []).length;
                }
            }
        }
        if (values > RULE_VALUES_PER_RULE) {
            note(
                p,
                at,
                `has ${values} condition values in pathPatterns and hostHeaders together; an ALB listener rule takes at most ${RULE_VALUES_PER_RULE}.`,
            );
        }
        if (wildcards > RULE_WILDCARDS_PER_RULE) {
            note(
                p,
                at,
                `has ${wildcards} wildcards (* or ?) in its conditions; an ALB listener rule takes at most ${RULE_WILDCARDS_PER_RULE}.`,
            );
        }
    },
};

/** A rule with a condition needs a priority; one without has none (it is the catch-all at 50000). */
export const PRIORITY_WITH_CONDITION: ObjectRule = {
    after: "priority",
    check(p, at, r, ok) {
        const hasCondition = get(r, "pathPatterns") !== undefined || get(r, "hostHeaders") !== undefined;
        if (get(r, "priority") === undefined) {
            if (hasCondition) {
                p.missing(
                    join(at, "priority"),
                    `give a listener rule priority from 1 to 49999 (unique per listener, lower matches first) when ${p.key(join(at, "pathPatterns"))} or ${p.key(join(at, "hostHeaders"))} is set.`,
                );
            }
        } else if (ok("priority") && !hasCondition) {
            p.add(
                join(at, "priority"),
                r.priority,
                `has no effect without ${p.key(join(at, "pathPatterns"))} or ${p.key(join(at, "hostHeaders"))}; add a condition or leave the priority out.`,
            );
        }
    },
};

// --- the task and its deployment ---------------------------------------------------------

/** The boolean settings checked right after `readonlyRootFilesystem`, in this order, before the ECS Exec rule. */
export const LATER_BOOLEANS = ["waitForSteadyState", "containerInsights"] as const;

/**
 * The ECS Exec agent (SSM) creates files on the container's root filesystem and crashes on a read-only one.
 * Source: Amazon ECS developer guide, ECS Exec "Considerations" (readonlyRootFilesystem is not supported);
 * aws/containers-roadmap#1359, aws-containers/amazon-ecs-exec-checker#21.
 */
export function checkExecWithReadonlyRoot(p: Problems, s: Record<string, unknown>): void {
    if (get(s, "enableExecuteCommand") === true && get(s, "readonlyRootFilesystem") === true) {
        p.add(
            "enableExecuteCommand",
            true,
            `does not work with ${p.key("readonlyRootFilesystem")} (true): the ECS Exec agent must write to the container's root filesystem and fails on a read-only one; set enableExecuteCommand to false to keep the read-only root, or readonlyRootFilesystem to false to use ECS Exec.`,
        );
    }
}

/** `writablePaths`: absolute paths other than "/", each listed once. */
export function checkWritablePaths(p: Problems, at: string, paths: unknown): boolean {
    if (!Array.isArray(paths)) {
        p.add(at, paths, 'must be a list of absolute paths like "/tmp".');
        return false;
    }
    const before = p.list.length;
    const seen = new Set<unknown>();
    paths.forEach((w, i) => {
        const path = `${at}[${i}]`;
        if (!isPlain(w)) return;
        if (typeof w !== "string" || !/^\/[^\s]*[^\s/]$/.test(w)) p.add(path, w, 'must be an absolute path other than "/", like "/tmp".');
        else if (seen.has(w)) p.add(path, w, "is listed twice; list each path once.");
        seen.add(w);
    });
    return p.list.length === before;
}

/**
 * A rolling deployment must be able to start a task above the desired count (`maxPercent`) or
 * stop one below it (`minHealthyPercent`) at every desired count from minTasks to maxTasks,
 * or it never finishes. Source: ECS DeploymentConfiguration (maximumPercent rounds down,
 * minimumHealthyPercent rounds up, both of the desired count). `tasks` are the valid bounds of `scaling`.
 */
export function checkDeployment(p: Problems, minHealthy: number, maxPercent: number, tasks: { min: number; max: number }): void {
    for (let n = Math.max(1, tasks.min); n <= Math.max(1, tasks.max); n++) {
        const canStart = Math.floor((n * maxPercent) / 100) > n;
        const canStop = Math.ceil((n * minHealthy) / 100) < n;
        if (!canStart && !canStop) {
            const count = n === 1 ? "1 task runs" : `${n} tasks run`;
            p.add(
                "maxPercent",
                maxPercent,
                `with ${p.key("minHealthyPercent")} (${minHealthy}) lets a deployment neither start nor stop a task while ${count}; raise maxPercent (200 always works) or lower minHealthyPercent.`,
            );
            return;
        }
    }
}

/**
 * The task bounds of a plain `scaling` object when both are given, valid and in order (the
 * deployment rule checks every desired count between them); undefined otherwise.
 */
export function plainTaskBounds(scaling: unknown): { min: number; max: number } | undefined {
    if (!isRecord(scaling)) return undefined;
    const min = get(scaling, "minTasks");
    const max = get(scaling, "maxTasks");
    const valid = (v: unknown, lo: number) => typeof v === "number" && Number.isInteger(v) && v >= lo && v <= 1000;
    if (!valid(min, 0) || !valid(max, 1) || (max as number) < (min as number)) return undefined;
    return { min: min as number, max: max as number };
}

// --- schedules ---------------------------------------------------------------------------

const CRON_FIELDS: readonly { name: string; chars: RegExp; min: number; max: number }[] = [
    { name: "minutes", chars: /^[0-9,*/-]+$/, min: 0, max: 59 },
    { name: "hours", chars: /^[0-9,*/-]+$/, min: 0, max: 23 },
    { name: "day-of-month", chars: /^([0-9,*/?LW-]+)$/, min: 1, max: 31 },
    { name: "month", chars: /^([0-9A-Za-z,*/-]+)$/, min: 1, max: 12 },
    { name: "day-of-week", chars: /^([0-9A-Za-z,*/?L#-]+)$/, min: 1, max: 7 },
    { name: "year", chars: /^[0-9,*/-]+$/, min: 1970, max: 2199 },
];

/**
 * An Application Auto Scaling schedule: `at(yyyy-mm-ddThh:mm:ss)`, `rate(<n> <unit>)` or a
 * six-field `cron(...)`. Source: Application Auto Scaling user guide, "Scheduled scaling" and its
 * cron expressions reference (EventBridge cron syntax: `?` in day-of-month or day-of-week).
 */
export function checkScheduleExpression(p: Problems, path: string, value: unknown): void {
    const example = '"cron(0 8 ? * MON-FRI *)"';
    if (typeof value !== "string") {
        p.add(path, value, `must be a schedule expression: "cron(...)", "rate(...)" or "at(...)", e.g. ${example}.`);
        return;
    }
    const m = /^(cron|rate|at)\((.*)\)$/.exec(value);
    if (!m) {
        p.add(path, value, `must be a schedule expression: "cron(...)", "rate(...)" or "at(...)", e.g. ${example}.`);
        return;
    }
    const [, kind, body] = m;
    if (kind === "at") {
        const t = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body);
        const d = t ? new Date(Date.UTC(+t[1], +t[2] - 1, +t[3], +t[4], +t[5], +t[6])) : undefined;
        const valid = t && d && d.getUTCMonth() === +t[2] - 1 && d.getUTCDate() === +t[3] && +t[4] < 24 && +t[5] < 60 && +t[6] < 60;
        if (!valid) p.add(path, value, 'must be "at(yyyy-mm-ddThh:mm:ss)" with a real date and time, e.g. "at(2030-01-31T08:00:00)".');
        return;
    }
    if (kind === "rate") {
        const r = /^(\d+) (minute|minutes|hour|hours|day|days)$/.exec(body);
        const n = r ? Number(r[1]) : 0;
        const singular = r ? !r[2].endsWith("s") : false;
        if (!r || n < 1 || (n === 1) !== singular) {
            p.add(
                path,
                value,
                'must be "rate(<n> <unit>)" with a whole n of 1 or more and a unit of minute, hour or day (plural above 1), e.g. "rate(1 hour)" or "rate(15 minutes)".',
            );
        }
        return;
    }
    const fields = body.trim().split(/\s+/);
    if (fields.length !== 6) {
        p.add(
            path,
            value,
            `has ${fields.length} cron fields; Application Auto Scaling needs 6 (minutes hours day-of-month month day-of-week year), e.g. ${example}.`,
        );
        return;
    }
    for (let i = 0; i < 6; i++) {
        const f = CRON_FIELDS[i];
        const numbers = fields[i].match(/\d+/g)?.map(Number) ?? [];
        // `/` steps and `#` occurrences are counts, not values of the field.
        const values = fields[i].includes("/") || fields[i].includes("#") ? numbers.slice(0, 1) : numbers;
        if (!f.chars.test(fields[i]) || values.some((n) => n < f.min || n > f.max)) {
            p.add(
                path,
                value,
                `has an invalid ${f.name} field ${show(fields[i])}; it takes values from ${f.min} to ${f.max}, e.g. ${example}.`,
            );
            return;
        }
    }
    if ((fields[2] === "?") === (fields[4] === "?")) {
        p.add(path, value, `must have "?" in exactly one of day-of-month and day-of-week, e.g. ${example}.`);
    }
}

/** Lower-cased zone names Intl lists, to catch a zone spelled in the wrong case. */
let zonesByLowerCase: Map<string, string> | undefined;

/** An IANA time zone (Application Auto Scaling takes the IANA names Joda-Time knows). */
export function checkTimezone(p: Problems, path: string, value: unknown): void {
    if (value === undefined) return;
    let known = false;
    if (typeof value === "string" && value.length > 0) {
        try {
            new Intl.DateTimeFormat("en-US", { timeZone: value });
            known = true;
        } catch {
            known = false;
        }
    }
    if (!known) {
        p.add(path, value, 'must be an IANA time zone like "UTC", "Europe/Berlin" or "America/New_York".');
        return;
    }
    zonesByLowerCase ??= new Map([...Intl.supportedValuesOf("timeZone"), "UTC"].map((z) => [z.toLowerCase(), z]));
    const spelled = zonesByLowerCase.get((value as string).toLowerCase());
    if (spelled !== undefined && spelled !== value) p.add(path, value, `must be spelled ${show(spelled)}.`);
}

// --- environment and secrets -------------------------------------------------------------

/** Checks `environment`; returns its variable names. */
export function checkEnvironment(p: Problems, env: unknown): Set<string> {
    const names = new Set<string>();
    if (env === undefined) return names;
    if (!isRecord(env)) {
        p.add("environment", env, "must be an object of variable names to string values.");
        return names;
    }
    for (const [name, value] of Object.entries(env)) {
        const path = `environment.${name}`;
        names.add(name);
        if (!ENV_NAME.test(name)) {
            note(p, path, "is not a valid variable name; use letters, digits and underscores, not starting with a digit.");
        } else if (SECRET_NAME.test(name)) {
            note(
                p,
                path,
                `looks like a secret; put it in ${p.key("secrets")} as an SSM parameter or Secrets Manager ARN instead of a plain value.`,
            );
        } else if (isPlain(value) && typeof value !== "string") {
            p.add(path, value, `must be a string; quote it, e.g. "${String(value)}".`);
        }
    }
    return names;
}

/** Checks `secrets`: variable names to SSM parameter or Secrets Manager ARNs. */
export function checkSecrets(p: Problems, secrets: unknown, envNames: Set<string>): void {
    if (secrets === undefined) return;
    if (!isRecord(secrets)) {
        p.add("secrets", secrets, "must be an object of variable names to SSM parameter or Secrets Manager ARNs.");
        return;
    }
    for (const [name, value] of Object.entries(secrets)) {
        const path = `secrets.${name}`;
        if (!ENV_NAME.test(name)) {
            note(p, path, "is not a valid variable name; use letters, digits and underscores, not starting with a digit.");
            continue;
        }
        if (envNames.has(name)) {
            note(p, path, `is also set in ${p.key("environment")}; keep it in one of them.`);
        }
        if (!isPlain(value)) continue;
        const parts = typeof value === "string" ? value.split(":") : [];
        const service = parts[2];
        const resource = parts.slice(5).join(":");
        const ok =
            typeof value === "string" &&
            /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]+:\d{12}:.+$/.test(value) &&
            ((service === "ssm" && resource.startsWith("parameter/")) || (service === "secretsmanager" && resource.startsWith("secret:")));
        if (!ok) {
            p.add(
                path,
                value,
                "must be an SSM parameter ARN like arn:aws:ssm:us-east-1:123456789012:parameter/<name> or a Secrets Manager ARN like arn:aws:secretsmanager:us-east-1:123456789012:secret:<name>.",
            );
        }
    }
}

function matcherOk(matcher: string): boolean {
    return matcher.split(",").every((part) => {
        const m = /^(\d{3})(?:-(\d{3}))?$/.exec(part);
        if (!m) return false;
        const lo = Number(m[1]);
        const hi = m[2] === undefined ? lo : Number(m[2]);
        return lo >= 200 && hi <= 499 && lo <= hi;
    });
}
