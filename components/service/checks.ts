/** Checks of an ElasticService's plain settings: image, sizes, scaling, routing, deployment, environment. */
import * as fs from "fs";
import { resolve as resolvePath } from "path";
import type {
    ContainerHealthCheckArgs,
    ElasticServiceInputs,
    HealthCheckArgs,
    ImageBuildArgs,
    ImageRepositoryArgs,
    RoutingArgs,
    ScalingArgs,
    ScheduleArgs,
} from "./elastic-service";
import { FARGATE_SIZES, Problems, checkFargateSize, isPlain, isRecord, show } from "../core/validate";
import { get, join, list, note, nested, offOrRange, retention } from "../core/checks";

const SERVICE_INPUT_KEY_SET: Record<keyof ElasticServiceInputs, true> = {
    image: true,
    containerPort: true,
    cpu: true,
    memory: true,
    architecture: true,
    scaling: true,
    healthCheck: true,
    routing: true,
    logRetentionDays: true,
    spotShare: true,
    spotBase: true,
    enableExecuteCommand: true,
    readonlyRootFilesystem: true,
    writablePaths: true,
    minHealthyPercent: true,
    maxPercent: true,
    healthCheckGracePeriodSeconds: true,
    deregistrationDelaySeconds: true,
    waitForSteadyState: true,
    containerInsights: true,
    environment: true,
    secrets: true,
    containerHealthCheck: true,
    imageRepository: true,
};

const IMAGE_BUILD_KEY_SET: Record<keyof ImageBuildArgs, true> = {
    context: true,
    dockerfile: true,
    target: true,
    buildArgs: true,
    platform: true,
    imageTag: true,
};

const IMAGE_REPOSITORY_KEY_SET: Record<keyof ImageRepositoryArgs, true> = {
    forceDelete: true,
    keepTaggedImages: true,
    untaggedExpiryDays: true,
};

const SCALING_KEY_SET: Record<keyof ScalingArgs, true> = {
    minTasks: true,
    maxTasks: true,
    cpuTarget: true,
    memoryTarget: true,
    requestsPerTarget: true,
    scaleOutCooldownSeconds: true,
    scaleInCooldownSeconds: true,
    schedules: true,
};

const SCHEDULE_KEY_SET: Record<keyof ScheduleArgs, true> = { name: true, schedule: true, timezone: true, minTasks: true, maxTasks: true };

const HEALTH_CHECK_KEY_SET: Record<keyof HealthCheckArgs, true> = {
    path: true,
    matcher: true,
    intervalSeconds: true,
    timeoutSeconds: true,
    healthyThreshold: true,
    unhealthyThreshold: true,
};

const ROUTING_KEY_SET: Record<keyof RoutingArgs, true> = { pathPatterns: true, hostHeaders: true, priority: true };

const CONTAINER_HEALTH_CHECK_KEY_SET: Record<keyof ContainerHealthCheckArgs, true> = {
    command: true,
    intervalSeconds: true,
    timeoutSeconds: true,
    retries: true,
    startPeriodSeconds: true,
};

/** Keys of `ElasticServiceInputs`: `ServiceSettings` plus `image`, `environment`, `secrets`, `containerHealthCheck`. */
export const SERVICE_INPUT_KEYS: readonly string[] = Object.keys(SERVICE_INPUT_KEY_SET);
/** Keys of `ServiceSettings` alone. */
export const SERVICE_SETTINGS_KEYS: readonly string[] = SERVICE_INPUT_KEYS.filter(
    (k) => !["image", "environment", "secrets", "containerHealthCheck"].includes(k),
);
/** Keys of `ImageBuildArgs` (an `image` given as a build spec). */
export const IMAGE_BUILD_KEYS: readonly string[] = Object.keys(IMAGE_BUILD_KEY_SET);
/** Keys of `ImageRepositoryArgs`. */
export const IMAGE_REPOSITORY_KEYS: readonly string[] = Object.keys(IMAGE_REPOSITORY_KEY_SET);
/** Keys of `ScalingArgs`. */
export const SCALING_KEYS: readonly string[] = Object.keys(SCALING_KEY_SET);
/** Keys of `ScheduleArgs`. */
export const SCHEDULE_KEYS: readonly string[] = Object.keys(SCHEDULE_KEY_SET);
/** Keys of `HealthCheckArgs`. */
export const HEALTH_CHECK_KEYS: readonly string[] = Object.keys(HEALTH_CHECK_KEY_SET);
/** Keys of `RoutingArgs`. */
export const ROUTING_KEYS: readonly string[] = Object.keys(ROUTING_KEY_SET);
/** Keys of `ContainerHealthCheckArgs`. */
export const CONTAINER_HEALTH_CHECK_KEYS: readonly string[] = Object.keys(CONTAINER_HEALTH_CHECK_KEY_SET);

/**
 * The Docker platform an image must be built for to run on a Fargate Linux task of each architecture.
 * Source: ECS RuntimePlatform (`cpuArchitecture` X86_64 or ARM64) and the Docker platform names
 * of those CPUs (`docker buildx build --platform`).
 */
export const PLATFORMS = { x86_64: "linux/amd64", arm64: "linux/arm64" } as const;

/**
 * A Docker image tag. Source: Docker CLI reference, `docker image tag`: ASCII letters, digits,
 * underscores, periods and hyphens, not starting with a period or hyphen, at most 128 characters.
 */
const DOCKER_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** A Dockerfile stage name (`FROM <image> AS <name>`); Docker compares them case-insensitively. */
const STAGE_NAME = /^[A-Za-z][A-Za-z0-9_.-]*$/;

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

/** Names that mark an environment variable as a secret. */
const SECRET_NAME = /PASSWORD|SECRET|TOKEN|API_KEY|PRIVATE_KEY/i;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

// --- service -----------------------------------------------------------------------------

/**
 * Checks service settings: ServiceSettings (with `scaling`, `healthCheck`, `routing` and schedules)
 * plus `image`, `environment`, `secrets` and `containerHealthCheck` when present.
 * `known` lists the keys `s` may have (all of ElasticServiceInputs by default); only those are checked,
 * and keys outside ElasticServiceInputs are left to the caller.
 */
export function checkServiceSettings(p: Problems, s: unknown, known: readonly string[] = SERVICE_INPUT_KEYS): void {
    if (!isRecord(s)) return;
    p.knownKeys("", s, known);
    const has = (k: string) => known.includes(k);
    const v = (k: string) => (has(k) ? get(s, k) : undefined);

    const architecture = v("architecture");
    // An invalid architecture is reported once, below; the platform is then not compared with it.
    const knownArchitecture = architecture === undefined || (ARCHITECTURES as readonly unknown[]).includes(architecture);
    if (has("image")) checkImage(p, v("image"), knownArchitecture ? architecture : null);
    p.int("containerPort", v("containerPort"), 1, 65535);

    const cpu = v("cpu");
    const memory = v("memory");
    checkFargateSize(p, "cpu", cpu, "memory", memory);
    if (cpu === undefined && memory !== undefined && !Object.values(FARGATE_SIZES).some((sizes) => sizes.includes(memory as number))) {
        p.add("memory", memory, "must be a Fargate memory size in MiB, e.g. 512, 1024 or 2048.");
    }
    p.oneOf("architecture", architecture, ARCHITECTURES);

    const scaling = v("scaling");
    const minTasks = nested(p, "scaling", scaling, SCALING_KEYS) ? checkScaling(p, "scaling", scaling) : undefined;
    const healthCheck = v("healthCheck");
    if (nested(p, "healthCheck", healthCheck, HEALTH_CHECK_KEYS)) checkHealthCheck(p, "healthCheck", healthCheck);
    const routing = v("routing");
    if (nested(p, "routing", routing, ROUTING_KEYS)) checkRouting(p, "routing", routing);

    retention(p, "logRetentionDays", v("logRetentionDays"), false);
    const spotShare = v("spotShare");
    if (p.int("spotShare", spotShare, 0, 100) && architecture === "arm64" && typeof spotShare === "number" && spotShare > 0) {
        // Source: Amazon ECS developer guide, "Fargate capacity providers": Fargate Spot runs only X86_64 Linux tasks.
        p.add("spotShare", spotShare, `must be 0 when ${p.key("architecture")} is "arm64"; FARGATE_SPOT runs only x86_64 tasks.`);
    }
    // Source: ECS CapacityProviderStrategyItem, `base` 0-100000.
    p.int("spotBase", v("spotBase"), 0, 100000);
    for (const k of ["enableExecuteCommand", "readonlyRootFilesystem", "waitForSteadyState", "containerInsights"]) {
        if (has(k)) p.bool(k, v(k));
    }
    // The ECS Exec agent (SSM) creates files on the container's root filesystem and crashes on a read-only one.
    // Source: Amazon ECS developer guide, ECS Exec "Considerations" (readonlyRootFilesystem is not supported);
    // aws/containers-roadmap#1359, aws-containers/amazon-ecs-exec-checker#21.
    if (v("enableExecuteCommand") === true && v("readonlyRootFilesystem") === true) {
        p.add(
            "enableExecuteCommand",
            true,
            `does not work with ${p.key("readonlyRootFilesystem")} (true): the ECS Exec agent must write to the container's root filesystem and fails on a read-only one; set enableExecuteCommand to false to keep the read-only root, or readonlyRootFilesystem to false to use ECS Exec.`,
        );
    }
    const paths = list(p, "writablePaths", v("writablePaths"), 'must be a list of absolute paths like "/tmp".');
    const seenPaths = new Set<unknown>();
    paths?.forEach((w, i) => {
        const path = `writablePaths[${i}]`;
        if (!isPlain(w)) return;
        if (typeof w !== "string" || !/^\/[^\s]*[^\s/]$/.test(w)) p.add(path, w, 'must be an absolute path other than "/", like "/tmp".');
        else if (seenPaths.has(w)) p.add(path, w, "is listed twice; list each path once.");
        seenPaths.add(w);
    });

    checkDeployment(p, v("minHealthyPercent"), v("maxPercent"), minTasks);
    // The ECS API allows up to 2147483647 s; an hour is a generous cap that still catches unit mistakes (ms for s).
    p.int("healthCheckGracePeriodSeconds", v("healthCheckGracePeriodSeconds"), 0, 3600);
    // Source: ELB target group attribute deregistration_delay.timeout_seconds, 0-3600.
    p.int("deregistrationDelaySeconds", v("deregistrationDelaySeconds"), 0, 3600);

    const environment = v("environment");
    const envNames = checkEnvironment(p, environment);
    checkSecrets(p, v("secrets"), envNames);
    const chc = v("containerHealthCheck");
    if (nested(p, "containerHealthCheck", chc, CONTAINER_HEALTH_CHECK_KEYS)) checkContainerHealthCheck(p, "containerHealthCheck", chc);
    const repository = v("imageRepository");
    if (nested(p, "imageRepository", repository, IMAGE_REPOSITORY_KEYS)) checkImageRepository(p, "imageRepository", repository);
}

// --- image -------------------------------------------------------------------------------

const IMAGE_EXAMPLE = '"123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1.4.2"';
const BUILD_EXAMPLE = '{ context: "examples/sample-app" }';

/**
 * `image`: an image reference, or a build spec (ImageBuildArgs). `architecture` is the task's
 * (undefined when not set, so the default x86_64 applies; null when invalid, so the platform is not compared).
 */
function checkImage(p: Problems, value: unknown, architecture: unknown): void {
    if (value === undefined) return;
    if (typeof value === "string") {
        p.str("image", value, /^\S+$/, `an image reference without spaces, like ${IMAGE_EXAMPLE}`);
        return;
    }
    if (!isRecord(value)) {
        p.add("image", value, `must be an image reference like ${IMAGE_EXAMPLE} or a build spec like ${BUILD_EXAMPLE}.`);
        return;
    }
    checkImageBuild(p, "image", value, architecture);
}

/** A build spec: what to build (context, Dockerfile, stage, args), for which platform, under which tag. */
function checkImageBuild(p: Problems, at: string, spec: Record<string, unknown>, architecture: unknown): void {
    p.knownKeys(at, spec, IMAGE_BUILD_KEYS);
    if (spec.context === undefined) {
        p.missing(
            join(at, "context"),
            'give the folder to build (it holds the Dockerfile), relative to the Pulumi project, e.g. "examples/sample-app".',
        );
    } else {
        p.str(join(at, "context"), get(spec, "context"));
    }
    p.str(join(at, "dockerfile"), get(spec, "dockerfile"));
    p.str(
        join(at, "target"),
        get(spec, "target"),
        STAGE_NAME,
        'a build stage name like "runtime" (letters, digits, "_", "." and "-", starting with a letter)',
    );

    const args = get(spec, "buildArgs");
    if (args !== undefined && !isRecord(args)) {
        p.add(join(at, "buildArgs"), args, 'must be an object of build argument names to string values, e.g. { NODE_VERSION: "22" }.');
    } else if (args !== undefined) {
        for (const [name, value] of Object.entries(args)) {
            const path = `${join(at, "buildArgs")}.${name}`;
            if (!ENV_NAME.test(name)) {
                note(p, path, "is not a valid build argument name; use letters, digits and underscores, not starting with a digit.");
            } else if (SECRET_NAME.test(name)) {
                note(
                    p,
                    path,
                    `looks like a secret; build arguments stay readable in the image history, so pass secrets at run time through ${p.key("secrets")} instead.`,
                );
            } else if (typeof value !== "string") {
                p.add(path, value, `must be a string; quote it, e.g. "${String(value)}".`);
            }
        }
    }

    const platform = get(spec, "platform");
    const platforms = Object.values(PLATFORMS);
    if (p.oneOf(join(at, "platform"), platform, platforms) && platform !== undefined && architecture !== null) {
        const arch = (architecture ?? "x86_64") as keyof typeof PLATFORMS;
        if (PLATFORMS[arch] !== platform) {
            const other = (Object.keys(PLATFORMS) as (keyof typeof PLATFORMS)[]).find((a) => PLATFORMS[a] === platform)!;
            const which =
                architecture === undefined
                    ? `the default ${p.key("architecture")} (${show(arch)})`
                    : `${p.key("architecture")} (${show(arch)})`;
            p.add(
                join(at, "platform"),
                platform,
                `contradicts ${which}: the task runs ${PLATFORMS[arch]} images, so build for ${show(PLATFORMS[arch])} or set architecture to ${show(other)}.`,
            );
        }
    }
    p.str(
        join(at, "imageTag"),
        get(spec, "imageTag"),
        DOCKER_TAG,
        'a Docker tag: letters, digits, "_", "." and "-", not starting with "." or "-", at most 128 characters',
    );
}

/** Source: ECR lifecycle policy parameters (`countNumber` a positive integer); the upper bounds are this package's sanity caps. */
function checkImageRepository(p: Problems, at: string, r: Record<string, unknown>): void {
    p.bool(join(at, "forceDelete"), get(r, "forceDelete"));
    p.int(join(at, "keepTaggedImages"), get(r, "keepTaggedImages"), 1, 1000);
    p.int(join(at, "untaggedExpiryDays"), get(r, "untaggedExpiryDays"), 1, 365);
}

/** True when `image` is a build spec rather than an image reference (or an Output of one). */
export function isImageBuild(image: unknown): image is ImageBuildArgs {
    return isRecord(image);
}

/**
 * Checks that a build spec's files exist: the context folder (relative paths resolve against
 * `baseDir`), the Dockerfile (relative to the context), and the `target` stage in that Dockerfile.
 * Reads the file system but nothing else, so tests can point `baseDir` at a temporary folder.
 * Values the syntax checks reject (not non-empty strings) are left to them.
 */
export function checkImageBuildFiles(p: Problems, at: string, spec: unknown, baseDir: string): void {
    if (!isRecord(spec)) return;
    const context = spec.context;
    if (typeof context !== "string" || context === "") return;
    const contextDir = resolvePath(baseDir, context);
    const contextKind = kindOf(contextDir);
    if (contextKind !== "folder") {
        const why = contextKind === "missing" ? `${contextDir} does not exist` : `${contextDir} is a file`;
        p.add(join(at, "context"), context, `is not a folder: ${why}; give the folder to build, relative to ${baseDir} or absolute.`);
        return;
    }
    const dockerfile = spec.dockerfile;
    if (dockerfile !== undefined && (typeof dockerfile !== "string" || dockerfile === "")) return;
    const file = resolvePath(contextDir, dockerfile ?? "Dockerfile");
    if (kindOf(file) !== "file") {
        if (dockerfile === undefined) {
            p.add(
                join(at, "context"),
                context,
                `has no Dockerfile: ${file} does not exist; add one, or name another with ${p.key(join(at, "dockerfile"))}.`,
            );
        } else {
            p.add(
                join(at, "dockerfile"),
                dockerfile,
                `names no file: ${file} does not exist; give the Dockerfile's path relative to the context folder ${contextDir}.`,
            );
        }
        return;
    }
    const target = spec.target;
    if (typeof target === "string" && STAGE_NAME.test(target)) {
        const stages = dockerfileStages(fs.readFileSync(file, "utf8"));
        if (!stages.some((s) => s.toLowerCase() === target.toLowerCase())) {
            const named =
                stages.length > 0 ? `its stages are ${stages.map(show).join(", ")}` : "it names no stages (FROM <image> AS <name>)";
            p.add(join(at, "target"), target, `is not a stage of ${file}; ${named}.`);
        }
    }
}

function kindOf(file: string): "folder" | "file" | "missing" {
    try {
        return fs.statSync(file).isDirectory() ? "folder" : "file";
    } catch {
        return "missing";
    }
}

/** The stage names of a Dockerfile (`FROM [--platform=…] <image> AS <name>`), in order. */
export function dockerfileStages(text: string): string[] {
    const stages: string[] = [];
    for (const line of text.split(/\r?\n/)) {
        const m = /^\s*FROM\s+(?:--\S+\s+)*\S+\s+AS\s+(\S+)\s*$/i.exec(line);
        if (m) stages.push(m[1]);
    }
    return stages;
}

/** Checks `scaling`; returns the task count bounds when both are valid, for the deployment rule. */
function checkScaling(p: Problems, at: string, s: Record<string, unknown>): { min: number; max: number } | undefined {
    const minTasks = get(s, "minTasks");
    const maxTasks = get(s, "maxTasks");
    const minOk = p.int(join(at, "minTasks"), minTasks, 0, 1000) && minTasks !== undefined;
    const maxOk = p.int(join(at, "maxTasks"), maxTasks, 1, 1000) && maxTasks !== undefined;
    let bounds: { min: number; max: number } | undefined;
    if (minOk && maxOk) {
        if ((maxTasks as number) < (minTasks as number)) {
            p.add(
                join(at, "maxTasks"),
                maxTasks,
                `is below ${p.key(join(at, "minTasks"))} (${minTasks}); raise maxTasks or lower minTasks.`,
            );
        } else {
            bounds = { min: minTasks as number, max: maxTasks as number };
        }
    }
    offOrRange(p, join(at, "cpuTarget"), get(s, "cpuTarget"), 10, 95, false);
    offOrRange(p, join(at, "memoryTarget"), get(s, "memoryTarget"), 10, 95, false);
    offOrRange(p, join(at, "requestsPerTarget"), get(s, "requestsPerTarget"), 1, 100000, true);
    const schedulesValue = get(s, "schedules");
    const policiesOff = ["cpuTarget", "memoryTarget", "requestsPerTarget"].every((k) => get(s, k) === 0);
    if (bounds && bounds.max > bounds.min && policiesOff && Array.isArray(schedulesValue) && schedulesValue.length === 0) {
        p.add(
            join(at, "maxTasks"),
            maxTasks,
            `is above ${p.key(join(at, "minTasks"))} (${minTasks}) but no scaling policy or schedule is on; set cpuTarget, memoryTarget or requestsPerTarget, add a schedule, or set maxTasks equal to minTasks.`,
        );
    }
    p.int(join(at, "scaleOutCooldownSeconds"), get(s, "scaleOutCooldownSeconds"), 0, 3600);
    p.int(join(at, "scaleInCooldownSeconds"), get(s, "scaleInCooldownSeconds"), 0, 3600);

    const schedules = list(
        p,
        join(at, "schedules"),
        schedulesValue,
        "must be a list of schedules, each with name, schedule, minTasks and maxTasks.",
    );
    const names = new Set<unknown>();
    schedules?.forEach((item, i) => {
        const path = `${join(at, "schedules")}[${i}]`;
        if (!isPlain(item) || !p.knownKeys(path, item, SCHEDULE_KEYS)) return;
        const name = get(item, "name");
        if (name === undefined) p.missing(`${path}.name`, 'give each schedule a name like "business-hours".');
        else if (p.str(`${path}.name`, name, /^[A-Za-z0-9-]+$/, "letters, digits and hyphens")) {
            if (names.has(name)) p.add(`${path}.name`, name, "is the name of an earlier schedule; schedule names must be unique.");
            names.add(name);
        }
        const schedule = get(item, "schedule");
        if (schedule === undefined) p.missing(`${path}.schedule`, 'give a schedule expression like "cron(0 8 ? * MON-FRI *)".');
        else checkScheduleExpression(p, `${path}.schedule`, schedule);
        checkTimezone(p, `${path}.timezone`, get(item, "timezone"));
        const min = get(item, "minTasks");
        const max = get(item, "maxTasks");
        if (min === undefined) p.missing(`${path}.minTasks`, "give the lower task bound from this time on (0-1000).");
        if (max === undefined) p.missing(`${path}.maxTasks`, "give the upper task bound from this time on (0-1000).");
        const okMin = p.int(`${path}.minTasks`, min, 0, 1000);
        const okMax = p.int(`${path}.maxTasks`, max, 0, 1000);
        if (okMin && okMax && typeof min === "number" && typeof max === "number" && max < min) {
            p.add(`${path}.maxTasks`, max, `is below ${p.key(`${path}.minTasks`)} (${min}); raise maxTasks or lower minTasks.`);
        }
    });
    return bounds;
}

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
function checkScheduleExpression(p: Problems, path: string, value: unknown): void {
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
function checkTimezone(p: Problems, path: string, value: unknown): void {
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

/** Target-group health check. Source: ELB CreateTargetGroup (interval 5-300, timeout 2-120, thresholds 2-10, HTTP codes 200-499). */
function checkHealthCheck(p: Problems, at: string, h: Record<string, unknown>): void {
    const path = get(h, "path");
    if (typeof path !== "string" || !path.startsWith("/") || path.length > 1024) {
        if (path !== undefined)
            p.add(join(at, "path"), path, 'must be a path starting with "/" (at most 1024 characters), like "/health".');
    }
    const matcher = get(h, "matcher");
    if (matcher !== undefined && !(typeof matcher === "string" && matcherOk(matcher))) {
        p.add(join(at, "matcher"), matcher, 'must be HTTP codes from 200 to 499 like "200", "200-399" or "200,302".');
    }
    const interval = get(h, "intervalSeconds");
    const timeout = get(h, "timeoutSeconds");
    const okInterval = p.int(join(at, "intervalSeconds"), interval, 5, 300);
    const okTimeout = p.int(join(at, "timeoutSeconds"), timeout, 2, 120);
    if (okInterval && okTimeout && typeof interval === "number" && typeof timeout === "number" && timeout >= interval) {
        p.add(join(at, "timeoutSeconds"), timeout, `must be less than ${p.key(join(at, "intervalSeconds"))} (${interval}).`);
    }
    p.int(join(at, "healthyThreshold"), get(h, "healthyThreshold"), 2, 10);
    p.int(join(at, "unhealthyThreshold"), get(h, "unhealthyThreshold"), 2, 10);
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

/** Listener-rule conditions and priority. Priority 50000 is left for the catch-all rule. */
function checkRouting(p: Problems, at: string, r: Record<string, unknown>): void {
    let values = 0;
    let wildcards = 0;
    for (const key of ["pathPatterns", "hostHeaders"]) {
        const path = join(at, key);
        const what = key === "pathPatterns" ? 'path patterns like "/api/*"' : 'host names like "api.example.com"';
        const items = list(p, path, get(r, key), `must be a non-empty list of ${what}; leave it out for no condition.`, 1);
        if (!items) continue;
        if (items.length > RULE_VALUES_PER_CONDITION) {
            p.add(
                path,
                items,
                `has ${items.length} values; an ALB rule condition takes at most ${RULE_VALUES_PER_CONDITION}, so use fewer, wider patterns.`,
            );
        }
        values += items.length;
        items.forEach((item, i) => {
            if (!isPlain(item)) return;
            if (typeof item !== "string" || item.length === 0 || item.length > RULE_VALUE_LENGTH) {
                p.add(`${path}[${i}]`, item, `must be a non-empty string of at most ${RULE_VALUE_LENGTH} characters.`);
            } else {
                wildcards += (item.match(/[*?]/g) ?? []).length;
            }
        });
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
    const hasCondition = get(r, "pathPatterns") !== undefined || get(r, "hostHeaders") !== undefined;
    const priority = get(r, "priority");
    if (priority === undefined) {
        if (hasCondition) {
            p.missing(
                join(at, "priority"),
                `give a listener rule priority from 1 to 49999 (unique per listener, lower matches first) when ${p.key(join(at, "pathPatterns"))} or ${p.key(join(at, "hostHeaders"))} is set.`,
            );
        }
    } else if (p.int(join(at, "priority"), priority, 1, 49999) && !hasCondition) {
        p.add(
            join(at, "priority"),
            priority,
            `has no effect without ${p.key(join(at, "pathPatterns"))} or ${p.key(join(at, "hostHeaders"))}; add a condition or leave the priority out.`,
        );
    }
}

/**
 * A rolling deployment must be able to start a task above the desired count (`maxPercent`) or
 * stop one below it (`minHealthyPercent`) at every desired count from minTasks to maxTasks,
 * or it never finishes. Source: ECS DeploymentConfiguration (maximumPercent rounds down,
 * minimumHealthyPercent rounds up, both of the desired count).
 */
function checkDeployment(p: Problems, minHealthy: unknown, maxPercent: unknown, tasks: { min: number; max: number } | undefined): void {
    const okMin = p.int("minHealthyPercent", minHealthy, 0, 100);
    // ECS documents no upper bound for maximumPercent; 400 is a sane cap (a deployment of up to 4x the tasks).
    const okMax = p.int("maxPercent", maxPercent, 100, 400);
    if (!okMin || !okMax || typeof minHealthy !== "number" || typeof maxPercent !== "number" || !tasks) return;
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

/** Checks `environment`; returns its variable names. */
function checkEnvironment(p: Problems, env: unknown): Set<string> {
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
function checkSecrets(p: Problems, secrets: unknown, envNames: Set<string>): void {
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

/** Source: ECS HealthCheck (interval 5-300, timeout 2-60, retries 1-10, startPeriod 0-300; command starts with CMD or CMD-SHELL). */
function checkContainerHealthCheck(p: Problems, at: string, c: Record<string, unknown>): void {
    const command = get(c, "command");
    if (command === undefined) {
        p.missing(join(at, "command"), 'give the command, e.g. ["CMD-SHELL", "wget -qO- http://localhost:8080/health || exit 1"].');
    } else if (
        !Array.isArray(command) ||
        command.length < 2 ||
        !["CMD", "CMD-SHELL"].includes(command[0]) ||
        command.some((x) => isPlain(x) && (typeof x !== "string" || x.length === 0))
    ) {
        p.add(
            join(at, "command"),
            command,
            'must be a list of strings starting with "CMD" or "CMD-SHELL", e.g. ["CMD-SHELL", "wget -qO- http://localhost:8080/health || exit 1"].',
        );
    }
    p.int(join(at, "intervalSeconds"), get(c, "intervalSeconds"), 5, 300);
    p.int(join(at, "timeoutSeconds"), get(c, "timeoutSeconds"), 2, 60);
    p.int(join(at, "retries"), get(c, "retries"), 1, 10);
    p.int(join(at, "startPeriodSeconds"), get(c, "startPeriodSeconds"), 0, 300);
}
