/** The task step of an ElasticService: its log group and its Fargate task definition. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { arnParts } from "./policies";
import type { ResolvedElasticServiceArgs } from "./resolve";

/** The container that makes the writable volumes of a read-only task writable for any user. */
export const VOLUME_INIT_CONTAINER = "volume-permissions";

/** Image of {@link VOLUME_INIT_CONTAINER}: BusyBox from the ECR Public mirror of Docker's official images. */
export const VOLUME_INIT_IMAGE = "public.ecr.aws/docker/library/busybox:1.37";

/** Name of the application container of the task; stable, so load balancer wiring never changes. */
export const CONTAINER_NAME = "app";

/** Creates `${name}-logs`, the log group of the containers' output, kept `logRetentionDays`. */
export function createLogGroup(name: string, r: ResolvedElasticServiceArgs, opts: pulumi.CustomResourceOptions): aws.cloudwatch.LogGroup {
    return new aws.cloudwatch.LogGroup(`${name}-logs`, { retentionInDays: r.logRetentionDays, tags: r.tags ?? {} }, opts);
}

/** What the task definition runs with: its image, roles and log group. */
export interface TaskDefinitionInputs {
    /** The image the application container runs. */
    imageUri: pulumi.Output<string>;
    /** Role ECS starts the tasks with. */
    executionRole: aws.iam.Role;
    /** The execution role's permissions, in place before a task starts. */
    executionPolicy: aws.iam.RolePolicy;
    /** Role the application runs as. */
    taskRole: aws.iam.Role;
    /** Log group the containers write to. */
    logGroup: aws.cloudwatch.LogGroup;
}

/**
 * Creates `${name}-task`: the application container (`app`) with its port, environment, secrets,
 * logs and health check, and on a read-only root filesystem a writable volume per `writablePaths`,
 * opened first by the {@link VOLUME_INIT_CONTAINER} container.
 */
export function createTaskDefinition(
    name: string,
    r: ResolvedElasticServiceArgs,
    inputs: TaskDefinitionInputs,
    opts: pulumi.CustomResourceOptions,
): aws.ecs.TaskDefinition {
    const { region } = arnParts(inputs.logGroup.arn);
    const volumes = r.readonlyRootFilesystem ? r.writablePaths.map((path, i) => ({ name: `writable-${i + 1}`, path })) : [];
    const logConfiguration = (prefix: string) => ({
        logDriver: "awslogs",
        options: { "awslogs-group": inputs.logGroup.name, "awslogs-region": region, "awslogs-stream-prefix": prefix },
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
        image: inputs.imageUri,
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
    return new aws.ecs.TaskDefinition(
        `${name}-task`,
        {
            family: name,
            requiresCompatibilities: ["FARGATE"],
            networkMode: "awsvpc",
            cpu: String(r.cpu),
            memory: String(r.memory),
            runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: r.architecture === "arm64" ? "ARM64" : "X86_64" },
            executionRoleArn: inputs.executionRole.arn,
            taskRoleArn: inputs.taskRole.arn,
            containerDefinitions: pulumi.jsonStringify(volumeInit ? [volumeInit, container] : [container]),
            volumes: volumes.map((v) => ({ name: v.name })),
            tags: r.tags ?? {},
        },
        { ...opts, dependsOn: [inputs.executionPolicy] },
    );
}
