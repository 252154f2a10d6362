import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { LoadBalancerAttachment } from "../core/types";
import { PLATFORMS, checkImageBuildFiles, checkServiceSettings, isImageBuild } from "./checks";
import { Problems } from "../core/validate";

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

/** Docker platform of an image: the OS and CPU it runs on. */
export type ImagePlatform = "linux/amd64" | "linux/arm64";

/**
 * Build the service's image from a Dockerfile: the component creates a private ECR repository,
 * builds with `awsx.ecr.Image` (on `pulumi preview` too, without pushing) and pushes on `pulumi up`,
 * so a Docker engine must be running then, and runs the task from the pushed digest.
 *
 * @example { context: "examples/sample-app" }
 * @example { context: "services/api", dockerfile: "docker/Dockerfile.prod", target: "runtime", buildArgs: { NODE_VERSION: "22" } }
 */
export interface ImageBuildArgs {
    /**
     * Folder sent to Docker as the build context: relative to `baseDir` (the Pulumi project), or absolute.
     * @example "examples/sample-app"
     */
    context: string;
    /**
     * Path of the Dockerfile, relative to `context`.
     * @default "Dockerfile"
     */
    dockerfile?: string;
    /**
     * Build stage to stop at (`docker build --target`).
     * @default - the Dockerfile's last stage
     */
    target?: string;
    /**
     * Build-time variables for the Dockerfile's `ARG`s. They stay readable in the image history,
     * so never pass secrets; they are plain strings because they are part of the image tag.
     * @default {}
     */
    buildArgs?: Record<string, string>;
    /**
     * Platform to build for; it must match `architecture`.
     * @default - "linux/amd64" when `architecture` is "x86_64", "linux/arm64" when it is "arm64"
     */
    platform?: ImagePlatform;
    /**
     * Tag of the pushed image. Tags are immutable in the repository, so every different build needs a new one.
     * @default - a content hash of what the build reads: the context's files (those `.dockerignore` does not exclude), the Dockerfile, `target`, `platform` and `buildArgs`
     */
    imageTag?: string;
}

/** The private ECR repository of a built image; used only when `image` is a build spec. */
export interface ImageRepositoryArgs {
    /**
     * Let `pulumi destroy` delete the repository with its images; otherwise a repository that still holds images is not deleted.
     * @default false
     */
    forceDelete?: boolean;
    /**
     * Tagged images kept (1-1000); older ones expire, so a rollback can reach back this many builds.
     * @default 10
     */
    keepTaggedImages?: number;
    /**
     * Days an untagged image lives before it expires (1-365).
     * @default 3
     */
    untaggedExpiryDays?: number;
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

type Filled<T> = { [K in keyof T]-?: Exclude<T[K], undefined> };

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

/** Priority of the catch-all rule of a service without routing conditions: matched last. */
export const CATCH_ALL_PRIORITY = 50000;

/** The container that makes the writable volumes of a read-only task writable for any user. */
export const VOLUME_INIT_CONTAINER = "volume-permissions";

/** Image of {@link VOLUME_INIT_CONTAINER}: BusyBox from the ECR Public mirror of Docker's official images. */
export const VOLUME_INIT_IMAGE = "public.ecr.aws/docker/library/busybox:1.37";

/** Name of the application container of the task; stable, so load balancer wiring never changes. */
export const CONTAINER_NAME = "app";

/** ElasticService args with every plain value filled in. */
export interface ResolvedElasticServiceArgs extends Omit<ElasticServiceArgs, keyof ServiceSettings | "image" | "imageRepository"> {
    containerPort: number;
    cpu: number;
    memory: number;
    architecture: Architecture;
    scaling: Filled<ScalingArgs>;
    healthCheck: Filled<HealthCheckArgs>;
    routing: RoutingArgs;
    logRetentionDays: number;
    spotShare: number;
    spotBase: number;
    enableExecuteCommand: boolean;
    readonlyRootFilesystem: boolean;
    writablePaths: string[];
    minHealthyPercent: number;
    maxPercent: number;
    healthCheckGracePeriodSeconds: number;
    deregistrationDelaySeconds: number;
    waitForSteadyState: boolean;
    containerInsights: boolean;
    environment: Record<string, pulumi.Input<string>>;
    secrets: Record<string, pulumi.Input<string>>;
    /** The registry reference to run, or undefined when the image is built. */
    image: pulumi.Input<string> | undefined;
    /** What to build, or undefined when `image` is a registry reference. */
    build: ResolvedImageBuild | undefined;
    imageRepository: Filled<ImageRepositoryArgs>;
    /** Whether an Application Auto Scaling target (and its policies and schedules) exists. */
    autoscaled: boolean;
}

/** A build spec with its paths resolved and the platform filled in. */
export interface ResolvedImageBuild {
    /** Absolute path of the context folder. */
    contextDir: string;
    /** Absolute path of the Dockerfile. */
    dockerfilePath: string;
    /** The context as awsx gets it: relative to the program's working directory, with "/" separators. */
    context: string;
    /** The Dockerfile as awsx gets it, like `context`. */
    dockerfile: string;
    /** The build stage to stop at, or undefined for the last. */
    target: string | undefined;
    /** Build-time variables; `{}` when none. */
    buildArgs: Record<string, string>;
    /** The given platform, or the one of the task's architecture. */
    platform: ImagePlatform;
    /** The tag given in the spec, or undefined for a content hash. */
    imageTag: string | undefined;
}

/** Pulumi appends 8 random characters to a logical name; target group names allow 32 in all. */
const MAX_TARGET_GROUP_LOGICAL_NAME = 32 - 8;

/**
 * Validates ElasticService args and fills in the defaults; pure, never mutates `args`.
 * Throws a ConfigError naming every bad value.
 */
export function resolveElasticServiceArgs(name: string, args: ElasticServiceArgs): ResolvedElasticServiceArgs {
    const p = new Problems(`elastic-web:aws:ElasticService "${name}"`);
    const a = (args ?? {}) as Partial<ElasticServiceArgs>;
    const settings: Record<string, unknown> = {};
    const resourceKeys = ["vpcId", "subnetIds", "loadBalancer", "cluster", "tags", "deploymentAlarmNames", "baseDir"];
    for (const [k, v] of Object.entries(a)) {
        if (!resourceKeys.includes(k)) settings[k] = v;
    }
    checkServiceSettings(p, settings);
    if (a.image === undefined || a.image === "") {
        p.missing("image", 'give an image reference such as "public.ecr.aws/nginx/nginx-unprivileged:stable-alpine".');
    }
    if (a.vpcId === undefined) p.missing("vpcId", "give the VPC of the tasks, e.g. `network.vpcId`.");
    if (a.subnetIds === undefined) p.missing("subnetIds", "give the private subnets of the tasks, e.g. `network.privateSubnetIds`.");
    if (a.loadBalancer === undefined) {
        p.missing(
            "loadBalancer",
            "give `loadBalancer.attachment` of a LoadBalancer, or the listener ARN, security group and ARN suffix of an existing one.",
        );
    }
    if (`${name}-tg`.length > MAX_TARGET_GROUP_LOGICAL_NAME) {
        p.list.push(
            `${p.where}: the name ${JSON.stringify(name)} is too long (${name.length} characters); target group names allow 32 characters including the "-tg" role and Pulumi's 8-character suffix, so use at most ${MAX_TARGET_GROUP_LOGICAL_NAME - 3}.`,
        );
    }
    const baseDirOk = a.baseDir === undefined || (typeof a.baseDir === "string" && a.baseDir !== "");
    if (!baseDirOk) p.add("baseDir", a.baseDir, "must be a folder path.");
    const baseDir = baseDirOk && a.baseDir !== undefined ? a.baseDir : process.cwd();
    if (isImageBuild(a.image)) {
        if (!ECR_REPOSITORY_NAME.test(`${name}-repo`)) {
            p.list.push(
                `${p.where}: the name ${JSON.stringify(name)} cannot start an ECR repository name (${JSON.stringify(`${name}-repo`)} plus Pulumi's suffix); with an image build spec, use lowercase letters and digits, separated by single ".", "_" or "-".`,
            );
        }
        // Files are looked for only where the caller meant: not under a fallback for a bad baseDir.
        if (baseDirOk) checkImageBuildFiles(p, "image", a.image, baseDir);
    }
    p.throwIfAny();

    const d = ELASTIC_SERVICE_DEFAULTS;
    const s = a.scaling ?? {};
    const minTasks = s.minTasks ?? d.scaling.minTasks;
    const scaling: Filled<ScalingArgs> = {
        minTasks,
        maxTasks: s.maxTasks ?? minTasks,
        cpuTarget: s.cpuTarget ?? d.scaling.cpuTarget,
        memoryTarget: s.memoryTarget ?? d.scaling.memoryTarget,
        requestsPerTarget: s.requestsPerTarget ?? d.scaling.requestsPerTarget,
        scaleOutCooldownSeconds: s.scaleOutCooldownSeconds ?? d.scaling.scaleOutCooldownSeconds,
        scaleInCooldownSeconds: s.scaleInCooldownSeconds ?? d.scaling.scaleInCooldownSeconds,
        schedules: (s.schedules ?? []).map((x) => ({ ...x, timezone: x.timezone ?? "UTC" })),
    };
    const autoscaled = scaling.maxTasks > scaling.minTasks || scaling.schedules.length > 0;
    const policies = scaling.cpuTarget + scaling.memoryTarget + scaling.requestsPerTarget;
    if (scaling.maxTasks > scaling.minTasks && policies === 0 && scaling.schedules.length === 0) {
        p.add(
            "scaling.maxTasks",
            scaling.maxTasks,
            `is above ${p.key("scaling.minTasks")} (${scaling.minTasks}) but no scaling policy or schedule is on; set cpuTarget, memoryTarget or requestsPerTarget, add a schedule, or set maxTasks equal to minTasks.`,
        );
    }
    p.throwIfAny();

    return {
        ...(a as ElasticServiceArgs),
        containerPort: a.containerPort ?? d.containerPort,
        cpu: a.cpu ?? d.cpu,
        memory: a.memory ?? d.memory,
        architecture: a.architecture ?? d.architecture,
        scaling,
        healthCheck: { ...d.healthCheck, ...(a.healthCheck ?? {}) },
        routing: { ...(a.routing ?? {}) },
        logRetentionDays: a.logRetentionDays ?? d.logRetentionDays,
        spotShare: a.spotShare ?? d.spotShare,
        spotBase: a.spotBase ?? d.spotBase,
        enableExecuteCommand: a.enableExecuteCommand ?? d.enableExecuteCommand,
        readonlyRootFilesystem: a.readonlyRootFilesystem ?? d.readonlyRootFilesystem,
        writablePaths: [...(a.writablePaths ?? d.writablePaths)],
        minHealthyPercent: a.minHealthyPercent ?? d.minHealthyPercent,
        maxPercent: a.maxPercent ?? d.maxPercent,
        healthCheckGracePeriodSeconds: a.healthCheckGracePeriodSeconds ?? d.healthCheckGracePeriodSeconds,
        deregistrationDelaySeconds: a.deregistrationDelaySeconds ?? d.deregistrationDelaySeconds,
        waitForSteadyState: a.waitForSteadyState ?? d.waitForSteadyState,
        containerInsights: a.containerInsights ?? d.containerInsights,
        environment: { ...(a.environment ?? {}) },
        secrets: { ...(a.secrets ?? {}) },
        image: isImageBuild(a.image) ? undefined : a.image,
        build: isImageBuild(a.image) ? resolveImageBuild(a.image, baseDir, a.architecture ?? d.architecture) : undefined,
        imageRepository: { ...d.imageRepository, ...(a.imageRepository ?? {}) },
        autoscaled,
    };
}

/**
 * ECR repository names: lowercase letters and digits in groups separated by ".", "_" or "-" (one slash-free
 * path component). Source: ECR API reference, CreateRepository `repositoryName` pattern.
 */
const ECR_REPOSITORY_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

function resolveImageBuild(spec: ImageBuildArgs, baseDir: string, architecture: Architecture): ResolvedImageBuild {
    const contextDir = path.resolve(baseDir, spec.context);
    const dockerfilePath = path.resolve(contextDir, spec.dockerfile ?? "Dockerfile");
    return {
        contextDir,
        dockerfilePath,
        context: fromWorkingDirectory(contextDir),
        dockerfile: fromWorkingDirectory(dockerfilePath),
        target: spec.target,
        buildArgs: { ...(spec.buildArgs ?? {}) },
        platform: spec.platform ?? PLATFORMS[architecture],
        imageTag: spec.imageTag,
    };
}

/**
 * A path relative to the working directory, with "/" separators. awsx resolves relative build paths
 * against the working directory of the Pulumi program; relative paths keep the plan (and so the
 * image's inputs) the same on every machine.
 */
function fromWorkingDirectory(file: string): string {
    const relative = path.relative(process.cwd(), file);
    return relative === "" ? "." : relative.split(path.sep).join("/");
}

/**
 * The lifecycle policy of a built image's repository: untagged images expire `untaggedExpiryDays`
 * after their push, and only the newest `keepTaggedImages` tagged images stay.
 * Source: ECR user guide, "Lifecycle policy properties" (a `tagged` rule needs a tag pattern or
 * prefix list; `*` matches every tag).
 */
export function ecrLifecyclePolicy(keepTaggedImages: number, untaggedExpiryDays: number): string {
    return JSON.stringify({
        rules: [
            {
                rulePriority: 1,
                description: `Expire untagged images ${untaggedExpiryDays} ${untaggedExpiryDays === 1 ? "day" : "days"} after their push`,
                selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: untaggedExpiryDays },
                action: { type: "expire" },
            },
            {
                rulePriority: 2,
                description: `Keep the last ${keepTaggedImages} tagged ${keepTaggedImages === 1 ? "image" : "images"}`,
                selection: { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: keepTaggedImages },
                action: { type: "expire" },
            },
        ],
    });
}

/**
 * The image tag of a build: 16 hex digits of a SHA-256 over the context's files (paths and contents,
 * in path order), the Dockerfile, the target stage, the platform and the build args. Files
 * `.dockerignore` excludes are left out, as Docker leaves them out of the context: the tag changes
 * exactly when what the build reads changes, which immutable tags require (pushing a changed
 * image under an existing tag fails).
 */
export function imageContentTag(
    build: Pick<ResolvedImageBuild, "contextDir" | "dockerfilePath" | "target" | "platform" | "buildArgs">,
): string {
    const hash = createHash("sha256");
    const field = (label: string, value: string | Buffer) => {
        hash.update(`${label}\0${Buffer.byteLength(value)}\0`);
        hash.update(value);
    };
    for (const file of contextFiles(build.contextDir)) {
        const full = path.join(build.contextDir, ...file.split("/"));
        const stat = fs.lstatSync(full);
        field("file", file);
        field(stat.isSymbolicLink() ? "link" : "content", stat.isSymbolicLink() ? fs.readlinkSync(full) : fs.readFileSync(full));
    }
    field("dockerfile", fs.readFileSync(build.dockerfilePath));
    field("target", build.target ?? "");
    field("platform", build.platform);
    for (const name of Object.keys(build.buildArgs).sort()) field(`arg ${name}`, build.buildArgs[name]);
    return hash.digest("hex").slice(0, 16);
}

/** The files of a build context Docker would send, as sorted "/"-separated paths relative to it. */
export function contextFiles(contextDir: string): string[] {
    const dockerignore = readIfExists(path.join(contextDir, ".dockerignore"));
    const ignore = dockerignoreMatcher(dockerignore);
    // An excluded folder can hold re-included files only when some line starts with `!`.
    const mayReinclude = /^\s*!/m.test(dockerignore ?? "");
    const files: string[] = [];
    const walk = (relative: string) => {
        const dir = relative === "" ? contextDir : path.join(contextDir, ...relative.split("/"));
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const file = relative === "" ? entry.name : `${relative}/${entry.name}`;
            if (entry.isDirectory()) {
                if (mayReinclude || !ignore(file)) walk(file);
            } else if (!ignore(file)) {
                files.push(file);
            }
        }
    };
    walk("");
    return files.sort();
}

function readIfExists(file: string): string | undefined {
    try {
        return fs.readFileSync(file, "utf8");
    } catch {
        return undefined;
    }
}

/**
 * Whether `.dockerignore` excludes a file: each line is a pattern (`*`, `?`, `**`), `#` starts a
 * comment, `!` re-includes, and the last matching line wins; a pattern that matches a folder
 * matches everything in it. Source: Docker docs, "Build context" / ".dockerignore files".
 */
export function dockerignoreMatcher(text: string | undefined): (file: string) => boolean {
    const rules: { negate: boolean; pattern: RegExp }[] = [];
    for (const raw of (text ?? "").split(/\r?\n/)) {
        let line = raw.trim();
        if (line === "" || line.startsWith("#")) continue;
        const negate = line.startsWith("!");
        if (negate) line = line.slice(1).trim();
        line = path.posix.normalize(line.replace(/\\/g, "/")).replace(/^\/+/, "").replace(/\/+$/, "");
        if (line === "" || line === ".") continue;
        rules.push({ negate, pattern: globToRegExp(line) });
    }
    return (file) => {
        const parts = file.split("/");
        const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join("/"));
        let excluded = false;
        for (const rule of rules) {
            if (prefixes.some((prefix) => rule.pattern.test(prefix))) excluded = !rule.negate;
        }
        return excluded;
    };
}

/** A .dockerignore pattern as a regular expression over a whole "/"-separated path. */
function globToRegExp(glob: string): RegExp {
    let out = "";
    for (let i = 0; i < glob.length; i++) {
        const c = glob[i];
        if (c === "*" && glob[i + 1] === "*") {
            // `**/` matches any number of folders, including none; a trailing `**` matches everything.
            if (glob[i + 2] === "/") {
                out += "(?:.*/)?";
                i += 2;
            } else {
                out += ".*";
                i += 1;
            }
        } else if (c === "*") {
            out += "[^/]*";
        } else if (c === "?") {
            out += "[^/]";
        } else {
            out += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
        }
    }
    return new RegExp(`^${out}$`);
}

/** The ECR repository ARN of a private ECR image reference, or undefined for other registries. */
export function ecrRepositoryArn(image: string): string | undefined {
    const m = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\/([^:@]+)/.exec(image);
    if (!m) return undefined;
    const partition = m[3] ? "aws-cn" : m[2].startsWith("us-gov-") ? "aws-us-gov" : "aws";
    return `arn:${partition}:ecr:${m[2]}:${m[1]}:repository/${m[4]}`;
}

/**
 * The secret an ECS `valueFrom` reads: a Secrets Manager reference may carry a JSON key, version
 * stage and version id after the secret's ARN (`…:secret:db-AbCdEf:password::`), which IAM does not match.
 */
export function secretResourceArn(valueFrom: string): string {
    const parts = valueFrom.split(":");
    return parts[2] === "secretsmanager" && parts.length > 7 ? parts.slice(0, 7).join(":") : valueFrom;
}

/** The partition, region and account of an ARN, e.g. of a log group the component made. */
function arnParts(arn: pulumi.Output<string>): {
    partition: pulumi.Output<string>;
    region: pulumi.Output<string>;
    account: pulumi.Output<string>;
} {
    return {
        partition: arn.apply((a) => a.split(":")[1]),
        region: arn.apply((a) => a.split(":")[3]),
        account: arn.apply((a) => a.split(":")[4]),
    };
}

/** A trust policy for ECS tasks, limited to this account's ECS (confused-deputy protection). */
function ecsTasksTrustPolicy(
    partition: pulumi.Output<string>,
    region: pulumi.Output<string>,
    account: pulumi.Output<string>,
): pulumi.Output<string> {
    return pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: "ecs-tasks.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: {
                    ArnLike: { "aws:SourceArn": pulumi.interpolate`arn:${partition}:ecs:${region}:${account}:*` },
                    StringEquals: { "aws:SourceAccount": account },
                },
            },
        ],
    });
}

/**
 * An ECS Fargate service behind an Application Load Balancer that scales itself: task definition
 * with its roles and log group, a task security group open only to the load balancer, a target
 * group and listener rule, the service with a rolling-back circuit breaker, and Application Auto
 * Scaling on CPU, memory, requests per target and schedules.
 *
 * @example
 * const api = new ElasticService("api", {
 *     image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1.4.2",
 *     vpcId: network.vpcId,
 *     subnetIds: network.privateSubnetIds,
 *     loadBalancer: alb.attachment,
 *     routing: { pathPatterns: ["/api/*"], priority: 10 },
 *     scaling: { minTasks: 2, maxTasks: 10, cpuTarget: 60 },
 * });
 *
 * @example
 * // Build ./app into a private ECR repository during `pulumi up` and run it by digest.
 * const web = new ElasticService("web", {
 *     image: { context: "app" },
 *     healthCheck: { path: "/health" },
 *     vpcId: network.vpcId,
 *     subnetIds: network.privateSubnetIds,
 *     loadBalancer: alb.attachment,
 * });
 */
export class ElasticService extends pulumi.ComponentResource {
    /** The cluster the component created, or undefined when `cluster` was given. */
    readonly cluster: aws.ecs.Cluster | undefined;
    /** Name of the cluster the service runs in. */
    readonly clusterName: pulumi.Output<string>;
    /** ARN of the cluster the service runs in. */
    readonly clusterArn: pulumi.Output<string>;
    /** The ECS service. */
    readonly service: aws.ecs.Service;
    /** Name of the ECS service. */
    readonly serviceName: pulumi.Output<string>;
    /** The Fargate task definition. */
    readonly taskDefinition: aws.ecs.TaskDefinition;
    /** Role ECS uses to pull the image, write logs and read secrets. */
    readonly executionRole: aws.iam.Role;
    /** Role the application runs as; attach the policies your code needs to it. */
    readonly taskRole: aws.iam.Role;
    /** Log group of the container output. */
    readonly logGroup: aws.cloudwatch.LogGroup;
    /** Security group of the tasks; admits only the load balancer on the container port. */
    readonly securityGroup: aws.ec2.SecurityGroup;
    /** Target group the tasks register in. */
    readonly targetGroup: aws.lb.TargetGroup;
    /** `arnSuffix` of the target group, for metrics and alarms. */
    readonly targetGroupArnSuffix: pulumi.Output<string>;
    /** The listener rule that routes to the target group. */
    readonly listenerRule: aws.lb.ListenerRule;
    /** The scalable target, or undefined when the service is not autoscaled. */
    readonly scalingTarget: aws.appautoscaling.Target | undefined;
    /** Target-tracking policies by metric (`cpu`, `memory`, `requests`); empty when not autoscaled. */
    readonly scalingPolicies: Record<string, aws.appautoscaling.Policy>;
    /** Scheduled actions by schedule name. */
    readonly scheduledActions: Record<string, aws.appautoscaling.ScheduledAction>;
    /** Lower task bound (plain, for alarms and tools). */
    readonly minTasks: number;
    /** Upper task bound (plain, for alarms and tools). */
    readonly maxTasks: number;
    /** The private ECR repository of a built image, or undefined when `image` is a registry reference. */
    readonly repository: aws.ecr.Repository | undefined;
    /** The build and push of the image, or undefined when `image` is a registry reference. */
    readonly image: awsx.ecr.Image | undefined;
    /** The image the task runs: the given reference, or the pushed image by digest (`<repositoryUrl>@sha256:…`). */
    readonly imageUri: pulumi.Output<string>;

    constructor(name: string, args: ElasticServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("elastic-web:aws:ElasticService", name, {}, opts);
        const r = resolveElasticServiceArgs(name, args);
        const parent = { parent: this };
        const tags = r.tags ?? {};
        this.minTasks = r.scaling.minTasks;
        this.maxTasks = r.scaling.maxTasks;

        if (r.cluster) {
            this.cluster = undefined;
            this.clusterName = pulumi.output(r.cluster.name);
            this.clusterArn = pulumi.output(r.cluster.arn);
        } else {
            this.cluster = new aws.ecs.Cluster(
                `${name}-cluster`,
                {
                    settings: [{ name: "containerInsights", value: r.containerInsights ? "enabled" : "disabled" }],
                    tags,
                },
                parent,
            );
            this.clusterName = this.cluster.name;
            this.clusterArn = this.cluster.arn;
        }
        // A capacity-provider strategy needs FARGATE and FARGATE_SPOT associated with the cluster;
        // on a cluster the component made it does that itself, on a given one the owner must.
        const capacityProviders =
            !r.cluster && r.spotShare > 0
                ? new aws.ecs.ClusterCapacityProviders(
                      `${name}-capacity-providers`,
                      {
                          clusterName: this.clusterName,
                          capacityProviders: ["FARGATE", "FARGATE_SPOT"],
                      },
                      parent,
                  )
                : undefined;

        if (r.build) {
            const build = r.build;
            this.repository = new aws.ecr.Repository(
                `${name}-repo`,
                {
                    imageScanningConfiguration: { scanOnPush: true },
                    // A tag always names the image it was first pushed as: what a task definition names never changes under it.
                    imageTagMutability: "IMMUTABLE",
                    // Without a key ARN, ECR uses its AWS managed key (aws/ecr) and decrypts through its own KMS grant,
                    // so pulling needs no KMS permission. Source: ECR user guide, "Encryption at rest".
                    encryptionConfigurations: [{ encryptionType: "KMS" }],
                    forceDelete: r.imageRepository.forceDelete,
                    tags,
                },
                parent,
            );
            new aws.ecr.LifecyclePolicy(
                `${name}-repo-lifecycle`,
                {
                    repository: this.repository.name,
                    policy: ecrLifecyclePolicy(r.imageRepository.keepTaggedImages, r.imageRepository.untaggedExpiryDays),
                },
                parent,
            );
            this.image = new awsx.ecr.Image(
                `${name}-image`,
                {
                    repositoryUrl: this.repository.repositoryUrl,
                    context: build.context,
                    dockerfile: build.dockerfile,
                    ...(build.target !== undefined ? { target: build.target } : {}),
                    ...(Object.keys(build.buildArgs).length > 0 ? { args: build.buildArgs } : {}),
                    platform: build.platform,
                    imageTag: build.imageTag ?? imageContentTag(build),
                },
                parent,
            );
            this.imageUri = this.image.imageUri;
        } else {
            this.repository = undefined;
            this.image = undefined;
            this.imageUri = pulumi.output(r.image as pulumi.Input<string>);
        }

        this.logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            {
                retentionInDays: r.logRetentionDays,
                tags,
            },
            parent,
        );
        const { partition, region, account } = arnParts(this.logGroup.arn);

        this.executionRole = new aws.iam.Role(
            `${name}-exec-role`,
            {
                description: `Lets ECS start the tasks of ${name}: pull the image, write logs, read secrets.`,
                assumeRolePolicy: ecsTasksTrustPolicy(partition, region, account),
                tags,
            },
            parent,
        );
        const execStatements: unknown[] = [
            {
                Sid: "WriteLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: pulumi.interpolate`${this.logGroup.arn}:log-stream:*`,
            },
        ];
        const repository = this.repository ? this.repository.arn : typeof r.image === "string" ? ecrRepositoryArn(r.image) : undefined;
        if (repository) {
            // ecr:GetAuthorizationToken has no resource-level permissions; AWS requires "*" for it.
            execStatements.push(
                { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
                {
                    Sid: "PullImage",
                    Effect: "Allow",
                    Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                    Resource: repository,
                },
            );
        }
        const secretArns = Object.values(r.secrets);
        if (secretArns.length > 0) {
            const ssm = pulumi.all(secretArns).apply((arns) => arns.filter((a) => a.split(":")[2] === "ssm"));
            const sm = pulumi
                .all(secretArns)
                .apply((arns) => [...new Set(arns.filter((a) => a.split(":")[2] === "secretsmanager").map(secretResourceArn))]);
            execStatements.push(
                { Sid: "ReadParameters", Effect: "Allow", Action: "ssm:GetParameters", Resource: ssm },
                { Sid: "ReadSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: sm },
            );
        }
        const execPolicy = new aws.iam.RolePolicy(
            `${name}-exec-policy`,
            {
                role: this.executionRole.id,
                policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: execStatements }).apply(dropEmptyStatements),
            },
            parent,
        );

        this.taskRole = new aws.iam.Role(
            `${name}-task-role`,
            {
                description: `Role the application of ${name} runs as.`,
                assumeRolePolicy: ecsTasksTrustPolicy(partition, region, account),
                tags,
            },
            parent,
        );
        if (r.enableExecuteCommand) {
            // ECS Exec opens SSM message channels; these actions have no resource-level permissions.
            new aws.iam.RolePolicy(
                `${name}-exec-command-policy`,
                {
                    role: this.taskRole.id,
                    policy: JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Sid: "EcsExec",
                                Effect: "Allow",
                                Action: [
                                    "ssmmessages:CreateControlChannel",
                                    "ssmmessages:CreateDataChannel",
                                    "ssmmessages:OpenControlChannel",
                                    "ssmmessages:OpenDataChannel",
                                ],
                                Resource: "*",
                            },
                        ],
                    }),
                },
                parent,
            );
        }

        const volumes = r.readonlyRootFilesystem ? r.writablePaths.map((path, i) => ({ name: `writable-${i + 1}`, path })) : [];
        const logConfiguration = (prefix: string) => ({
            logDriver: "awslogs",
            options: { "awslogs-group": this.logGroup.name, "awslogs-region": region, "awslogs-stream-prefix": prefix },
        });
        // Fargate bind mounts start empty and owned by root, so a non-root application could not
        // write to them (aws/containers-roadmap#938); a short root container opens them first.
        const volumeInit =
            volumes.length > 0
                ? {
                      name: VOLUME_INIT_CONTAINER,
                      image: VOLUME_INIT_IMAGE,
                      essential: false,
                      user: "0",
                      command: ["chmod", "1777", ...volumes.map((v) => `/mnt/${v.name}`)],
                      readonlyRootFilesystem: true,
                      mountPoints: volumes.map((v) => ({ sourceVolume: v.name, containerPath: `/mnt/${v.name}`, readOnly: false })),
                      logConfiguration: logConfiguration(`${name}-init`),
                  }
                : undefined;
        const container = {
            name: CONTAINER_NAME,
            image: this.imageUri,
            essential: true,
            portMappings: [{ containerPort: r.containerPort, protocol: "tcp" }],
            environment: Object.keys(r.environment)
                .sort()
                .map((k) => ({ name: k, value: r.environment[k] })),
            secrets: Object.keys(r.secrets)
                .sort()
                .map((k) => ({ name: k, valueFrom: r.secrets[k] })),
            readonlyRootFilesystem: r.readonlyRootFilesystem,
            mountPoints: volumes.map((v) => ({ sourceVolume: v.name, containerPath: v.path, readOnly: false })),
            ...(volumeInit ? { dependsOn: [{ containerName: VOLUME_INIT_CONTAINER, condition: "SUCCESS" }] } : {}),
            logConfiguration: logConfiguration(name),
            ...(r.enableExecuteCommand ? { linuxParameters: { initProcessEnabled: true } } : {}),
            ...(r.containerHealthCheck
                ? {
                      healthCheck: {
                          command: r.containerHealthCheck.command,
                          interval: r.containerHealthCheck.intervalSeconds ?? 30,
                          timeout: r.containerHealthCheck.timeoutSeconds ?? 5,
                          retries: r.containerHealthCheck.retries ?? 3,
                          startPeriod: r.containerHealthCheck.startPeriodSeconds ?? 10,
                      },
                  }
                : {}),
        };
        this.taskDefinition = new aws.ecs.TaskDefinition(
            `${name}-task`,
            {
                family: name,
                requiresCompatibilities: ["FARGATE"],
                networkMode: "awsvpc",
                cpu: String(r.cpu),
                memory: String(r.memory),
                runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: r.architecture === "arm64" ? "ARM64" : "X86_64" },
                executionRoleArn: this.executionRole.arn,
                taskRoleArn: this.taskRole.arn,
                containerDefinitions: pulumi.jsonStringify(volumeInit ? [volumeInit, container] : [container]),
                volumes: volumes.map((v) => ({ name: v.name })),
                tags,
            },
            { parent: this, dependsOn: [execPolicy] },
        );

        this.securityGroup = new aws.ec2.SecurityGroup(
            `${name}-sg`,
            {
                description: `Tasks of ${name}: ingress only from the load balancer`,
                vpcId: r.vpcId,
                tags,
            },
            parent,
        );
        const fromAlb = new aws.vpc.SecurityGroupIngressRule(
            `${name}-from-alb`,
            {
                securityGroupId: this.securityGroup.id,
                referencedSecurityGroupId: r.loadBalancer.securityGroupId,
                ipProtocol: "tcp",
                fromPort: r.containerPort,
                toPort: r.containerPort,
                description: "Traffic from the load balancer",
            },
            parent,
        );
        // The load balancer's group allows egress only to the task groups behind it, port by port.
        const albEgress = new aws.vpc.SecurityGroupEgressRule(
            `${name}-alb-egress`,
            {
                securityGroupId: r.loadBalancer.securityGroupId,
                referencedSecurityGroupId: this.securityGroup.id,
                ipProtocol: "tcp",
                fromPort: r.containerPort,
                toPort: r.containerPort,
                description: `Traffic to the tasks of ${name}`,
            },
            parent,
        );
        // Tasks reach their image registry, AWS APIs and the application's dependencies through NAT.
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-egress`,
            {
                securityGroupId: this.securityGroup.id,
                cidrIpv4: "0.0.0.0/0",
                ipProtocol: "-1",
                description: "Outbound to anywhere through NAT",
            },
            parent,
        );

        this.targetGroup = new aws.lb.TargetGroup(
            `${name}-tg`,
            {
                port: r.containerPort,
                protocol: "HTTP",
                targetType: "ip",
                vpcId: r.vpcId,
                deregistrationDelay: r.deregistrationDelaySeconds,
                healthCheck: {
                    enabled: true,
                    path: r.healthCheck.path,
                    matcher: r.healthCheck.matcher,
                    interval: r.healthCheck.intervalSeconds,
                    timeout: r.healthCheck.timeoutSeconds,
                    healthyThreshold: r.healthCheck.healthyThreshold,
                    unhealthyThreshold: r.healthCheck.unhealthyThreshold,
                    protocol: "HTTP",
                    port: "traffic-port",
                },
                tags,
            },
            parent,
        );
        this.targetGroupArnSuffix = this.targetGroup.arnSuffix;

        const conditions = [
            ...(r.routing.pathPatterns?.length ? [{ pathPattern: { values: r.routing.pathPatterns } }] : []),
            ...(r.routing.hostHeaders?.length ? [{ hostHeader: { values: r.routing.hostHeaders } }] : []),
        ];
        this.listenerRule = new aws.lb.ListenerRule(
            `${name}-rule`,
            {
                listenerArn: r.loadBalancer.listenerArn,
                priority: conditions.length > 0 ? r.routing.priority : CATCH_ALL_PRIORITY,
                conditions: conditions.length > 0 ? conditions : [{ pathPattern: { values: ["/*"] } }],
                actions: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
                tags,
            },
            parent,
        );

        const spot = r.spotShare > 0;
        this.service = new aws.ecs.Service(
            `${name}-svc`,
            {
                cluster: this.clusterArn,
                taskDefinition: this.taskDefinition.arn,
                desiredCount: r.scaling.minTasks,
                ...(spot
                    ? {
                          capacityProviderStrategies: [
                              { capacityProvider: "FARGATE", base: r.spotBase, weight: 100 - r.spotShare },
                              { capacityProvider: "FARGATE_SPOT", base: 0, weight: r.spotShare },
                          ],
                      }
                    : { launchType: "FARGATE" }),
                networkConfiguration: {
                    subnets: r.subnetIds,
                    securityGroups: [this.securityGroup.id],
                    assignPublicIp: false,
                },
                loadBalancers: [{ targetGroupArn: this.targetGroup.arn, containerName: CONTAINER_NAME, containerPort: r.containerPort }],
                healthCheckGracePeriodSeconds: r.healthCheckGracePeriodSeconds,
                deploymentCircuitBreaker: { enable: true, rollback: true },
                deploymentMinimumHealthyPercent: r.minHealthyPercent,
                deploymentMaximumPercent: r.maxPercent,
                ...(r.deploymentAlarmNames && r.deploymentAlarmNames.length > 0
                    ? { alarms: { enable: true, rollback: true, alarmNames: r.deploymentAlarmNames } }
                    : {}),
                availabilityZoneRebalancing: "ENABLED",
                enableExecuteCommand: r.enableExecuteCommand,
                enableEcsManagedTags: true,
                propagateTags: "SERVICE",
                waitForSteadyState: r.waitForSteadyState,
                tags,
            },
            {
                parent: this,
                // The target group must be attached to the load balancer (through the rule), and the
                // security groups must let health checks through, before ECS registers tasks.
                dependsOn: [this.listenerRule, fromAlb, albEgress, ...(capacityProviders ? [capacityProviders] : [])],
                // While autoscaled, Application Auto Scaling owns the desired count; `pulumi up` must not reset it.
                ignoreChanges: r.autoscaled ? ["desiredCount"] : [],
            },
        );
        this.serviceName = this.service.name;

        this.scalingPolicies = {};
        this.scheduledActions = {};
        if (!r.autoscaled) {
            this.scalingTarget = undefined;
        } else {
            const target = new aws.appautoscaling.Target(
                `${name}-scaling`,
                {
                    serviceNamespace: "ecs",
                    scalableDimension: "ecs:service:DesiredCount",
                    resourceId: pulumi.interpolate`service/${this.clusterName}/${this.service.name}`,
                    minCapacity: r.scaling.minTasks,
                    maxCapacity: r.scaling.maxTasks,
                    tags,
                },
                // Scheduled actions move the bounds during the day; a refresh must not put them back.
                r.scaling.schedules.length > 0 ? { parent: this, ignoreChanges: ["minCapacity", "maxCapacity"] } : parent,
            );
            this.scalingTarget = target;
            // Application Auto Scaling rejects concurrent changes to one scalable target
            // (ConcurrentUpdateException), so policies and schedules are created one after another.
            let previous: pulumi.Resource = target;
            const tracking = (
                role: string,
                targetValue: number,
                metric: { predefinedMetricType: string; resourceLabel?: pulumi.Input<string> },
            ) => {
                if (targetValue <= 0) return;
                this.scalingPolicies[role] = new aws.appautoscaling.Policy(
                    `${name}-${role}-scaling`,
                    {
                        policyType: "TargetTrackingScaling",
                        serviceNamespace: target.serviceNamespace,
                        scalableDimension: target.scalableDimension,
                        resourceId: target.resourceId,
                        targetTrackingScalingPolicyConfiguration: {
                            targetValue,
                            predefinedMetricSpecification: metric,
                            scaleOutCooldown: r.scaling.scaleOutCooldownSeconds,
                            scaleInCooldown: r.scaling.scaleInCooldownSeconds,
                        },
                    },
                    { parent: this, dependsOn: [previous] },
                );
                previous = this.scalingPolicies[role];
            };
            tracking("cpu", r.scaling.cpuTarget, { predefinedMetricType: "ECSServiceAverageCPUUtilization" });
            tracking("memory", r.scaling.memoryTarget, { predefinedMetricType: "ECSServiceAverageMemoryUtilization" });
            tracking("requests", r.scaling.requestsPerTarget, {
                predefinedMetricType: "ALBRequestCountPerTarget",
                resourceLabel: pulumi.interpolate`${r.loadBalancer.loadBalancerArnSuffix}/${this.targetGroup.arnSuffix}`,
            });
            for (const schedule of r.scaling.schedules) {
                this.scheduledActions[schedule.name] = new aws.appautoscaling.ScheduledAction(
                    `${name}-schedule-${schedule.name}`,
                    {
                        serviceNamespace: target.serviceNamespace,
                        scalableDimension: target.scalableDimension,
                        resourceId: target.resourceId,
                        schedule: schedule.schedule,
                        timezone: schedule.timezone,
                        scalableTargetAction: { minCapacity: schedule.minTasks, maxCapacity: schedule.maxTasks },
                    },
                    { parent: this, dependsOn: [previous] },
                );
                previous = this.scheduledActions[schedule.name];
            }
        }

        this.registerOutputs({
            clusterName: this.clusterName,
            clusterArn: this.clusterArn,
            serviceName: this.serviceName,
            targetGroupArnSuffix: this.targetGroupArnSuffix,
            taskDefinitionArn: this.taskDefinition.arn,
            logGroupName: this.logGroup.name,
            imageUri: this.imageUri,
            repositoryUrl: this.repository?.repositoryUrl,
        });
    }
}

/** Drops statements whose Resource list came out empty (e.g. no SSM parameters among the secrets). */
function dropEmptyStatements(policy: string): string {
    const doc = JSON.parse(policy) as { Version: string; Statement: { Resource: unknown }[] };
    doc.Statement = doc.Statement.filter((s) => !(Array.isArray(s.Resource) && s.Resource.length === 0));
    return JSON.stringify(doc);
}
