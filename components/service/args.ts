/**
 * The arguments of an {@link ElasticService}: their types, their schemas (walked by `checkObject`,
 * with the hand-written rules of `./rules` attached), their defaults and their keys. Creating
 * anything is left to the step files; resolving the args (defaults filled in) to `./resolve`.
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { MAX_TASKS_NOT_BELOW_MIN, TAGS_SCHEMA, retentionDays } from "../core/fields";
import { ObjectRule, Same, after, bool, checkField, checkObject, custom, deferred, int, keysOf, oneOf, text } from "../core/schema";
import { get } from "../core/checks";
import type { LoadBalancerAttachment } from "../core/types";
import { Problems, isPlain, isRecord } from "../core/validate";
import { IMAGE_BUILD_SCHEMA, IMAGE_REPOSITORY_SCHEMA, IMAGE_RULE, ImageBuildArgs, ImageRepositoryArgs } from "./image-args";
import {
    ARCHITECTURES,
    CONTAINER_HEALTH_COMMAND_REQUIRED,
    FARGATE_CPUS,
    FARGATE_SIZE,
    LATER_BOOLEANS,
    PRIORITY_WITH_CONDITION,
    RULE_LIMITS,
    SCALING_NEEDS_A_POLICY,
    SCHEDULE_BOUNDS_REQUIRED,
    SCHEDULE_EXPRESSION_REQUIRED,
    SCHEDULE_NAME_REQUIRED,
    TIMEOUT_BELOW_INTERVAL,
    checkConditionValues,
    checkContainerHealthCommand,
    checkDeployment,
    checkEnvironment,
    checkExecWithReadonlyRoot,
    checkHealthCheckPath,
    checkMatcher,
    checkRequestsTarget,
    checkScheduleExpression,
    checkSecrets,
    checkTimezone,
    checkUtilizationTarget,
    checkWritablePaths,
    checkedByRule,
    passes,
    plainTaskBounds,
} from "./rules";

/** CPU architecture of the task; `arm64` runs on Graviton and costs about 20% less. */
export type Architecture = "x86_64" | "arm64";

/** A time-based change of the task count bounds (Application Auto Scaling scheduled action). */
export interface ScheduleArgs {
    /** Name of the action, unique within the service, e.g. `business-hours`. */
    name: string;
    /**
     * When the action runs, as an Application Auto Scaling schedule expression.
     * @example "cron(0 8 ? * MON-FRI *)"
     */
    schedule: string;
    /**
     * IANA time zone the schedule is read in.
     * @default "UTC"
     */
    timezone?: string;
    /** Lower task bound from this time on. */
    minTasks: number;
    /** Upper task bound from this time on. */
    maxTasks: number;
}

/** Task count bounds and the policies that move the count between them. */
export interface ScalingArgs {
    /**
     * Fewest running tasks; also the initial desired count.
     * @default 1
     */
    minTasks?: number;
    /**
     * Most running tasks; autoscaling resources exist only when `maxTasks > minTasks` or schedules are given.
     * @default - equal to `minTasks` (no autoscaling)
     */
    maxTasks?: number;
    /**
     * Average CPU utilization (percent) the CPU target-tracking policy holds; `0` turns the policy off.
     * @default 60
     */
    cpuTarget?: number;
    /**
     * Average memory utilization (percent) the memory target-tracking policy holds; `0` turns the policy off.
     * @default 0
     */
    memoryTarget?: number;
    /**
     * ALB requests per target per minute the request-count policy holds; `0` turns the policy off.
     * @default 0
     */
    requestsPerTarget?: number;
    /**
     * Seconds after a scale-out before another scale-out may start.
     * @default 60
     */
    scaleOutCooldownSeconds?: number;
    /**
     * Seconds after a scale-in before another scale-in may start.
     * @default 300
     */
    scaleInCooldownSeconds?: number;
    /**
     * Scheduled changes of the bounds, e.g. a larger minimum during business hours.
     * @default []
     */
    schedules?: ScheduleArgs[];
}

/** Target-group health check of the service's containers. */
export interface HealthCheckArgs {
    /**
     * Path the load balancer requests.
     * @default "/"
     */
    path?: string;
    /**
     * HTTP codes that count as healthy.
     * @default "200-399"
     */
    matcher?: string;
    /**
     * Seconds between checks (5-300).
     * @default 15
     */
    intervalSeconds?: number;
    /**
     * Seconds without a response that fail a check (2-120, below the interval).
     * @default 5
     */
    timeoutSeconds?: number;
    /**
     * Consecutive passes before a target counts as healthy (2-10).
     * @default 2
     */
    healthyThreshold?: number;
    /**
     * Consecutive failures before a target counts as unhealthy (2-10).
     * @default 3
     */
    unhealthyThreshold?: number;
}

/** A container-level health check run by the ECS agent (in addition to the target group's). */
export interface ContainerHealthCheckArgs {
    /**
     * Command the ECS agent runs in the container; exit code 0 is healthy.
     * @example ["CMD-SHELL", "wget -qO- http://localhost:8080/health || exit 1"]
     */
    command: string[];
    /**
     * Seconds between checks.
     * @default 30
     */
    intervalSeconds?: number;
    /**
     * Seconds a check may take before it fails.
     * @default 5
     */
    timeoutSeconds?: number;
    /**
     * Consecutive failures before the container is unhealthy.
     * @default 3
     */
    retries?: number;
    /**
     * Seconds after start during which failures do not count.
     * @default 10
     */
    startPeriodSeconds?: number;
}

/** How requests reach the service through the shared ALB listener. */
export interface RoutingArgs {
    /**
     * Path patterns of the listener rule, e.g. `["/api/*"]`.
     * @default - no path condition
     */
    pathPatterns?: string[];
    /**
     * Host headers of the listener rule, e.g. `["api.example.com"]`.
     * @default - no host condition
     */
    hostHeaders?: string[];
    /**
     * Listener rule priority (1-49999), unique per listener; lower numbers are matched first.
     * @default - required when a path or host condition is given
     */
    priority?: number;
}

/** Settings of an ElasticService that are plain data (no resources), shared with the stack config. */
export interface ServiceSettings {
    /**
     * Port the container listens on.
     * @default 8080
     */
    containerPort?: number;
    /**
     * Task CPU units; with `memory` one of the pairs Fargate accepts.
     * @default 256
     */
    cpu?: number;
    /**
     * Task memory (MiB); with `cpu` one of the pairs Fargate accepts.
     * @default 512
     */
    memory?: number;
    /**
     * CPU architecture of the task.
     * @default "x86_64"
     */
    architecture?: Architecture;
    /**
     * Task count bounds and the policies that move the count between them.
     * @default - one task, no autoscaling
     */
    scaling?: ScalingArgs;
    /**
     * The target group's health check of the tasks.
     * @default - HTTP GET "/" expecting 200-399 every 15 s
     */
    healthCheck?: HealthCheckArgs;
    /**
     * Which requests the listener sends to this service.
     * @default - every request: a catch-all `/*` rule at priority 50000 (one such service per listener)
     */
    routing?: RoutingArgs;
    /**
     * Days the container logs are kept.
     * @default 30
     */
    logRetentionDays?: number;
    /**
     * Percent (0-100) of tasks above the first `spotBase` that run on FARGATE_SPOT.
     * @default 0
     */
    spotShare?: number;
    /**
     * Tasks always run on on-demand FARGATE before the spot share applies.
     * @default 1
     */
    spotBase?: number;
    /**
     * Enable ECS Exec (`aws ecs execute-command`) into running tasks.
     * @default false
     */
    enableExecuteCommand?: boolean;
    /**
     * Mount the container's root filesystem read-only; `writablePaths` stay writable.
     * @default false
     */
    readonlyRootFilesystem?: boolean;
    /**
     * Paths mounted as writable task-local volumes when the root filesystem is read-only.
     * @default ["/tmp"]
     */
    writablePaths?: string[];
    /**
     * Share of the desired count (percent) that must stay running during a deployment.
     * @default 100
     */
    minHealthyPercent?: number;
    /**
     * Share of the desired count (percent) that may run during a deployment.
     * @default 200
     */
    maxPercent?: number;
    /**
     * Seconds ECS ignores failing load-balancer health checks after a task starts.
     * @default 60
     */
    healthCheckGracePeriodSeconds?: number;
    /**
     * Seconds the target group drains a deregistering task.
     * @default 30
     */
    deregistrationDelaySeconds?: number;
    /**
     * Wait for the service to reach a steady state during `pulumi up`.
     * @default true
     */
    waitForSteadyState?: boolean;
    /**
     * Turn on Container Insights on a cluster the component creates.
     * @default true
     */
    containerInsights?: boolean;
    /**
     * The ECR repository of an `image` built from a build spec; ignored for a registry reference.
     * @default { forceDelete: false, keepTaggedImages: 10, untaggedExpiryDays: 3 }
     */
    imageRepository?: ImageRepositoryArgs;
}

/** Everything an ElasticService may take; `image` and the network are required. */
export interface ElasticServiceInputs extends ServiceSettings {
    /**
     * Image to run: a registry reference, or a build spec to build from a Dockerfile and push to a
     * private ECR repository the component creates.
     * @example "123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1.4.2"
     * @example { context: "examples/sample-app" }
     */
    image: pulumi.Input<string> | ImageBuildArgs;
    /**
     * Plain environment variables of the container; never put secrets here.
     * @default {}
     */
    environment?: Record<string, pulumi.Input<string>>;
    /**
     * Secrets injected as environment variables, by SSM parameter or Secrets Manager ARN.
     * @default {}
     * @example { DB_PASSWORD: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf" }
     */
    secrets?: Record<string, pulumi.Input<string>>;
    /**
     * A health check the ECS agent runs inside the container.
     * @default - no container health check
     */
    containerHealthCheck?: ContainerHealthCheckArgs;
}

/** An existing ECS cluster to run in. */
export interface ClusterRef {
    /** ARN of the cluster. */
    arn: pulumi.Input<string>;
    /** Name of the cluster, for the scalable target's resource id and the alarms. */
    name: pulumi.Input<string>;
}

export type { LoadBalancerAttachment } from "../core/types";

/** Arguments of {@link ElasticService}. */
export interface ElasticServiceArgs extends ElasticServiceInputs {
    /** VPC the tasks and the target group live in. */
    vpcId: pulumi.Input<string>;
    /** Private subnets the tasks run in (no public IPs are ever assigned). */
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** The load balancer to serve behind: `myLoadBalancer.attachment`, or an existing one's details. */
    loadBalancer: LoadBalancerAttachment;
    /**
     * Cluster to run in.
     * @default - a new cluster named after the component, Container Insights per `containerInsights`
     */
    cluster?: ClusterRef;
    /**
     * CloudWatch alarms that stop and roll back a deployment when they fire (ECS deployment alarms).
     * @default - none; the circuit breaker alone rolls back failed deployments
     */
    deploymentAlarmNames?: pulumi.Input<string>[];
    /** Tags added to every child that takes tags. @default {} */
    tags?: Record<string, pulumi.Input<string>>;
    /**
     * Folder a relative `image.context` resolves against. Pulumi runs a program in its project
     * folder, so the default is the project.
     * @default - process.cwd()
     */
    baseDir?: string;
}

/** `T` with every key present and defined. */
export type Filled<T> = { [K in keyof T]-?: Exclude<T[K], undefined> };

/** The values ElasticService uses where an arg is left out; the `@default` tags above repeat them. */
export const ELASTIC_SERVICE_DEFAULTS = {
    containerPort: 8080,
    cpu: 256,
    memory: 512,
    architecture: "x86_64" as Architecture,
    scaling: {
        minTasks: 1,
        cpuTarget: 60,
        memoryTarget: 0,
        requestsPerTarget: 0,
        scaleOutCooldownSeconds: 60,
        scaleInCooldownSeconds: 300,
    },
    healthCheck: {
        path: "/",
        matcher: "200-399",
        intervalSeconds: 15,
        timeoutSeconds: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 3,
    } as Filled<HealthCheckArgs>,
    logRetentionDays: 30,
    spotShare: 0,
    spotBase: 1,
    enableExecuteCommand: false,
    readonlyRootFilesystem: false,
    writablePaths: ["/tmp"],
    minHealthyPercent: 100,
    maxPercent: 200,
    healthCheckGracePeriodSeconds: 60,
    deregistrationDelaySeconds: 30,
    waitForSteadyState: true,
    containerInsights: true,
    imageRepository: { forceDelete: false, keepTaggedImages: 10, untaggedExpiryDays: 3 } as Filled<ImageRepositoryArgs>,
} as const;

// --- schemas -----------------------------------------------------------------------------
// Key order is message order: "known keys are …" lists the keys in schema order, and fields are checked in it.

/** The schema of {@link ScheduleArgs}. */
export const SCHEDULE_SCHEMA = after(
    z.object({
        name: text(/^[A-Za-z0-9-]+$/, "letters, digits and hyphens"),
        schedule: custom(z.string(), passes(checkScheduleExpression)),
        timezone: custom(z.string(), passes(checkTimezone)).optional(),
        // 1000 tasks is the package's cap, below ECS's adjustable quota of 5,000 tasks per service
        // (Amazon ECS developer guide, "Amazon ECS service quotas"), to catch a mistyped bound.
        minTasks: int(0, 1000),
        maxTasks: int(0, 1000),
    }),
    SCHEDULE_NAME_REQUIRED,
    SCHEDULE_EXPRESSION_REQUIRED,
    SCHEDULE_BOUNDS_REQUIRED,
    MAX_TASKS_NOT_BELOW_MIN,
);

/** Keys of `ScheduleArgs`. */
export const SCHEDULE_KEYS: readonly string[] = keysOf(SCHEDULE_SCHEMA);

/**
 * `scaling.schedules`: a list of schedules with unique names. Each item is walked with
 * {@link SCHEDULE_SCHEMA} in two parts, so a repeated name is reported right after the name's own check.
 */
function checkSchedules(p: Problems, at: string, value: unknown): boolean {
    if (!Array.isArray(value)) {
        p.add(at, value, "must be a list of schedules, each with name, schedule, minTasks and maxTasks.");
        return false;
    }
    const before = p.list.length;
    const names = new Set<unknown>();
    value.forEach((item, i) => {
        const path = `${at}[${i}]`;
        if (!isPlain(item) || !p.knownKeys(path, item, SCHEDULE_KEYS)) return;
        const named = checkObject(p, path, SCHEDULE_SCHEMA, item, { known: ["name"], unknownKeysChecked: true });
        if (named.has("name")) {
            if (names.has(item.name))
                p.add(`${path}.name`, item.name, "is the name of an earlier schedule; schedule names must be unique.");
            names.add(item.name);
        }
        checkObject(p, path, SCHEDULE_SCHEMA, item, { known: SCHEDULE_KEYS.filter((k) => k !== "name"), unknownKeysChecked: true });
    });
    return p.list.length === before;
}

/** The schema of {@link ScalingArgs}. */
export const SCALING_SCHEMA = after(
    z.object({
        minTasks: int(0, 1000).optional(),
        maxTasks: int(1, 1000).optional(),
        cpuTarget: custom(z.number(), checkUtilizationTarget).optional(),
        memoryTarget: custom(z.number(), checkUtilizationTarget).optional(),
        requestsPerTarget: custom(z.number(), checkRequestsTarget).optional(),
        scaleOutCooldownSeconds: int(0, 3600).optional(),
        scaleInCooldownSeconds: int(0, 3600).optional(),
        schedules: custom(z.array(SCHEDULE_SCHEMA), checkSchedules).optional(),
    }),
    MAX_TASKS_NOT_BELOW_MIN,
    SCALING_NEEDS_A_POLICY,
);

/** The schema of {@link HealthCheckArgs}. Source: ELB CreateTargetGroup (interval 5-300, timeout 2-120, thresholds 2-10, HTTP codes 200-499). */
export const HEALTH_CHECK_SCHEMA = after(
    z.object({
        path: custom(z.string(), checkHealthCheckPath).optional(),
        matcher: custom(z.string(), checkMatcher).optional(),
        intervalSeconds: int(5, 300).optional(),
        timeoutSeconds: int(2, 120).optional(),
        healthyThreshold: int(2, 10).optional(),
        unhealthyThreshold: int(2, 10).optional(),
    }),
    TIMEOUT_BELOW_INTERVAL,
);

/** The schema of {@link RoutingArgs}: listener-rule conditions and priority; priority 50000 is left for the catch-all rule. */
export const ROUTING_SCHEMA = after(
    z.object({
        pathPatterns: custom(z.array(z.string()), checkConditionValues('path patterns like "/api/*"')).optional(),
        hostHeaders: custom(z.array(z.string()), checkConditionValues('host names like "api.example.com"')).optional(),
        priority: int(1, 49999).optional(),
    }),
    RULE_LIMITS,
    PRIORITY_WITH_CONDITION,
);

/** The schema of {@link ContainerHealthCheckArgs}. Source: ECS HealthCheck (interval 5-300, timeout 2-60, retries 1-10, startPeriod 0-300). */
export const CONTAINER_HEALTH_CHECK_SCHEMA = after(
    z.object({
        command: custom(z.array(z.string()), checkContainerHealthCommand),
        intervalSeconds: int(5, 300).optional(),
        timeoutSeconds: int(2, 60).optional(),
        retries: int(1, 10).optional(),
        startPeriodSeconds: int(0, 300).optional(),
    }),
    CONTAINER_HEALTH_COMMAND_REQUIRED,
);

const BOOLEAN = bool();

/** `waitForSteadyState` and `containerInsights` are checked here, before `writablePaths`, as they always were, so messages keep their order; then the ECS Exec rule. */
const BOOLEANS_AND_EXEC_RULE: ObjectRule = {
    after: "readonlyRootFilesystem",
    check(p, _at, s) {
        for (const key of LATER_BOOLEANS) checkField(p, key, BOOLEAN, s[key]);
        checkExecWithReadonlyRoot(p, s);
    },
};

/** The deployment deadlock rule, after both percentages passed. */
const DEPLOYMENT_RULE: ObjectRule = {
    after: "maxPercent",
    check(p, _at, s, ok) {
        const tasks = plainTaskBounds(s.scaling);
        if (ok("minHealthyPercent") && ok("maxPercent") && tasks)
            checkDeployment(p, s.minHealthyPercent as number, s.maxPercent as number, tasks);
    },
};

/** Secrets by ARN; a name also in `environment` is reported. */
const SECRETS_RULE: ObjectRule = {
    after: "secrets",
    check(p, _at, s) {
        const environment = get(s, "environment");
        checkSecrets(p, get(s, "secrets"), new Set(isRecord(environment) ? Object.keys(environment) : []));
    },
};

/** A map of variable names to values known now or at deployment; a new schema each time, as `custom` marks the one it is given. */
function variables() {
    return z.record(z.string(), deferred(z.string()));
}

/**
 * The schema of {@link ElasticServiceInputs}, in the order its keys are listed and checked. Fields
 * marked `checkedByRule` are checked by a rule of the object where their messages belong.
 */
export const SERVICE_INPUTS_SCHEMA = after(
    z.object({
        image: custom(z.union([deferred(z.string()), IMAGE_BUILD_SCHEMA]), checkedByRule()),
        containerPort: int(1, 65535).optional(),
        cpu: custom(z.number(), (p, path, value) => p.oneOf(path, value, FARGATE_CPUS)).optional(),
        memory: custom(z.number(), checkedByRule()).optional(),
        architecture: oneOf(ARCHITECTURES).optional(),
        scaling: SCALING_SCHEMA.optional(),
        healthCheck: HEALTH_CHECK_SCHEMA.optional(),
        routing: ROUTING_SCHEMA.optional(),
        logRetentionDays: retentionDays(false).optional(),
        spotShare: int(0, 100).optional(),
        // Source: ECS CapacityProviderStrategyItem, `base` 0-100000.
        spotBase: int(0, 100000).optional(),
        enableExecuteCommand: bool().optional(),
        readonlyRootFilesystem: bool().optional(),
        writablePaths: custom(z.array(z.string()), checkWritablePaths).optional(),
        minHealthyPercent: int(0, 100).optional(),
        // ECS documents no upper bound for maximumPercent; 400 is a sane cap (a deployment of up to 4x the tasks).
        maxPercent: int(100, 400).optional(),
        // The ECS API allows up to 2147483647 s; an hour is a generous cap that still catches unit mistakes (ms for s).
        healthCheckGracePeriodSeconds: int(0, 3600).optional(),
        // Source: ELB target group attribute deregistration_delay.timeout_seconds, 0-3600.
        deregistrationDelaySeconds: int(0, 3600).optional(),
        waitForSteadyState: custom(z.boolean(), checkedByRule()).optional(),
        containerInsights: custom(z.boolean(), checkedByRule()).optional(),
        environment: custom(
            variables(),
            passes((p, _path, value) => void checkEnvironment(p, value)),
        ).optional(),
        secrets: custom(variables(), checkedByRule()).optional(),
        containerHealthCheck: CONTAINER_HEALTH_CHECK_SCHEMA.optional(),
        imageRepository: IMAGE_REPOSITORY_SCHEMA.optional(),
    }),
    IMAGE_RULE,
    FARGATE_SIZE,
    BOOLEANS_AND_EXEC_RULE,
    DEPLOYMENT_RULE,
    SECRETS_RULE,
);

/** The schema of {@link ServiceSettings}: {@link SERVICE_INPUTS_SCHEMA} without the keys only a service's own inputs have. */
export const SERVICE_SETTINGS_SCHEMA = after(
    SERVICE_INPUTS_SCHEMA.omit({ image: true, environment: true, secrets: true, containerHealthCheck: true }),
    FARGATE_SIZE,
    BOOLEANS_AND_EXEC_RULE,
    DEPLOYMENT_RULE,
);

/** The schema of {@link ElasticServiceArgs}; the keys beyond the inputs name resources and are checked by {@link resolveElasticServiceArgs}. */
export const ELASTIC_SERVICE_ARGS_SCHEMA = SERVICE_INPUTS_SCHEMA.extend({
    vpcId: deferred(z.string()),
    subnetIds: deferred(z.array(deferred(z.string()))),
    loadBalancer: z.custom<LoadBalancerAttachment>(),
    cluster: z.custom<ClusterRef>().optional(),
    deploymentAlarmNames: z.array(deferred(z.string())).optional(),
    tags: TAGS_SCHEMA.optional(),
    baseDir: z.string().optional(),
});

// The exported types are written out (for their JSDoc and the API reference); these lines keep them equal to the schemas.
const _schedule: Same<ScheduleArgs, z.input<typeof SCHEDULE_SCHEMA>> = true;
const _scaling: Same<ScalingArgs, z.input<typeof SCALING_SCHEMA>> = true;
const _health: Same<HealthCheckArgs, z.input<typeof HEALTH_CHECK_SCHEMA>> = true;
const _routing: Same<RoutingArgs, z.input<typeof ROUTING_SCHEMA>> = true;
const _container: Same<ContainerHealthCheckArgs, z.input<typeof CONTAINER_HEALTH_CHECK_SCHEMA>> = true;
const _settings: Same<ServiceSettings, z.input<typeof SERVICE_SETTINGS_SCHEMA>> = true;
const _inputs: Same<ElasticServiceInputs, z.input<typeof SERVICE_INPUTS_SCHEMA>> = true;
const _args: Same<ElasticServiceArgs, z.input<typeof ELASTIC_SERVICE_ARGS_SCHEMA>> = true;
void [_schedule, _scaling, _health, _routing, _container, _settings, _inputs, _args];

/** Keys of `ElasticServiceInputs`: `ServiceSettings` plus `image`, `environment`, `secrets`, `containerHealthCheck`. */
export const SERVICE_INPUT_KEYS: readonly string[] = keysOf(SERVICE_INPUTS_SCHEMA);
/** Keys of `ServiceSettings` alone. */
export const SERVICE_SETTINGS_KEYS: readonly string[] = keysOf(SERVICE_SETTINGS_SCHEMA);
/** Keys of `ElasticServiceArgs` that name resources or places rather than settings: checked by {@link resolveElasticServiceArgs} itself. */
export const SERVICE_RESOURCE_KEYS: readonly string[] = keysOf(ELASTIC_SERVICE_ARGS_SCHEMA).filter((k) => !SERVICE_INPUT_KEYS.includes(k));
/** Keys of `ScalingArgs`. */
export const SCALING_KEYS: readonly string[] = keysOf(SCALING_SCHEMA);
/** Keys of `HealthCheckArgs`. */
export const HEALTH_CHECK_KEYS: readonly string[] = keysOf(HEALTH_CHECK_SCHEMA);
/** Keys of `RoutingArgs`. */
export const ROUTING_KEYS: readonly string[] = keysOf(ROUTING_SCHEMA);
/** Keys of `ContainerHealthCheckArgs`. */
export const CONTAINER_HEALTH_CHECK_KEYS: readonly string[] = keysOf(CONTAINER_HEALTH_CHECK_SCHEMA);

/**
 * Checks service settings: ServiceSettings (with `scaling`, `healthCheck`, `routing` and schedules)
 * plus `image`, `environment`, `secrets` and `containerHealthCheck` when present.
 * `known` lists the keys `s` may have (all of ElasticServiceInputs by default); only those are checked,
 * and keys outside ElasticServiceInputs are left to the caller.
 */
export function checkServiceSettings(p: Problems, s: unknown, known: readonly string[] = SERVICE_INPUT_KEYS): void {
    if (!isRecord(s)) return;
    p.knownKeys("", s, known);
    // Rules read other fields of the object; a key outside `known` is not the caller's to give, so they must not see it.
    const own = Object.fromEntries(Object.entries(s).filter(([k]) => known.includes(k)));
    checkObject(p, "", SERVICE_INPUTS_SCHEMA, own, { known, unknownKeysChecked: true });
}
