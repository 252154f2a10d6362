/**
 * Resolving an ElasticService's args: every value checked (throwing a ConfigError with all problems)
 * and every default filled in, before anything is registered.
 */
import type * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { Problems, isPlain } from "../core/validate";
import {
    Architecture,
    ELASTIC_SERVICE_DEFAULTS,
    ElasticServiceArgs,
    Filled,
    HealthCheckArgs,
    RoutingArgs,
    SERVICE_RESOURCE_KEYS,
    ScalingArgs,
    ServiceSettings,
    checkServiceSettings,
} from "./args";
import { ImageBuildArgs, ImagePlatform, ImageRepositoryArgs, isImageBuild } from "./image-args";
import { PLATFORMS, checkImageBuildFiles } from "./image-rules";

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
    for (const [k, v] of Object.entries(a)) {
        if (!SERVICE_RESOURCE_KEYS.includes(k)) settings[k] = v;
    }
    checkServiceSettings(p, settings);
    if (a.image === undefined || a.image === "") {
        p.missing("image", 'give an image reference such as "public.ecr.aws/nginx/nginx-unprivileged:stable-alpine".');
    }
    if (a.vpcId === undefined) p.missing("vpcId", "give the VPC of the tasks, e.g. `network.vpcId`.");
    if (a.subnetIds === undefined) p.missing("subnetIds", "give the private subnets of the tasks, e.g. `network.privateSubnetIds`.");
    // A service without subnets cannot place a task; an Output is known only at deployment.
    else if (isPlain(a.subnetIds) && (!Array.isArray(a.subnetIds) || a.subnetIds.length === 0)) {
        p.add(
            "subnetIds",
            a.subnetIds,
            "must be a non-empty list of private subnet ids; give the subnets the tasks run in, e.g. `network.privateSubnetIds`.",
        );
    }
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
