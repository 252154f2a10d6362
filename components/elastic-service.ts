import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkServiceSettings } from "./checks";
import { Problems } from "./validate";

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
    /** @default "/" */
    path?: string;
    /**
     * HTTP codes that count as healthy.
     * @default "200-399"
     */
    matcher?: string;
    /** @default 15 */
    intervalSeconds?: number;
    /** @default 5 */
    timeoutSeconds?: number;
    /** @default 2 */
    healthyThreshold?: number;
    /** @default 3 */
    unhealthyThreshold?: number;
}

/** A container-level health check run by the ECS agent (in addition to the target group's). */
export interface ContainerHealthCheckArgs {
    /** @example ["CMD-SHELL", "wget -qO- http://localhost:8080/health || exit 1"] */
    command: string[];
    /** @default 30 */
    intervalSeconds?: number;
    /** @default 5 */
    timeoutSeconds?: number;
    /** @default 3 */
    retries?: number;
    /** @default 10 */
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
    /** @default "x86_64" */
    architecture?: Architecture;
    /** @default - one task, no autoscaling */
    scaling?: ScalingArgs;
    /** @default - HTTP GET "/" expecting 200-399 every 15 s */
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
    /** @default 100 */
    minHealthyPercent?: number;
    /** @default 200 */
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
}

/** Everything an ElasticService may take; `image` and the network are required. */
export interface ElasticServiceInputs extends ServiceSettings {
    /** Image to run, e.g. `123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1.4.2`. */
    image: pulumi.Input<string>;
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
    /** @default - no container health check */
    containerHealthCheck?: ContainerHealthCheckArgs;
}

/** An existing ECS cluster to run in. */
export interface ClusterRef {
    arn: pulumi.Input<string>;
    name: pulumi.Input<string>;
}

/**
 * What a service needs of a load balancer to attach to it; `LoadBalancer.attachment` provides it,
 * or fill it in for a load balancer made elsewhere.
 */
export interface LoadBalancerAttachment {
    /** ARN of the listener the service's rule (or default action) goes on. */
    listenerArn: pulumi.Input<string>;
    /** Security group of the load balancer; the task security group admits only this group. */
    securityGroupId: pulumi.Input<string>;
    /** `arnSuffix` of the load balancer, for request-count scaling and alarms. */
    loadBalancerArnSuffix: pulumi.Input<string>;
}

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
} as const;

/** Priority of the catch-all rule of a service without routing conditions: matched last. */
export const CATCH_ALL_PRIORITY = 50000;

/** Name of the one container of the task; stable, so load balancer wiring never changes. */
export const CONTAINER_NAME = "app";

/** ElasticService args with every plain value filled in. */
export interface ResolvedElasticServiceArgs extends Omit<ElasticServiceArgs, keyof ServiceSettings> {
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
    /** Whether an Application Auto Scaling target (and its policies and schedules) exists. */
    autoscaled: boolean;
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
    const resourceKeys = ["vpcId", "subnetIds", "loadBalancer", "cluster", "tags", "deploymentAlarmNames"];
    for (const [k, v] of Object.entries(a)) {
        if (!resourceKeys.includes(k)) settings[k] = v;
    }
    checkServiceSettings(p, settings);
    if (a.image === undefined || a.image === "") p.missing("image", "give an image reference such as \"public.ecr.aws/nginx/nginx-unprivileged:stable-alpine\".");
    if (a.vpcId === undefined) p.missing("vpcId", "give the VPC of the tasks, e.g. `network.vpcId`.");
    if (a.subnetIds === undefined) p.missing("subnetIds", "give the private subnets of the tasks, e.g. `network.privateSubnetIds`.");
    if (a.loadBalancer === undefined) p.missing("loadBalancer", "give `loadBalancer.attachment` of a LoadBalancer, or the listener ARN, security group and ARN suffix of an existing one.");
    if (`${name}-tg`.length > MAX_TARGET_GROUP_LOGICAL_NAME) {
        p.list.push(`${p.where}: the name ${JSON.stringify(name)} is too long (${name.length} characters); target group names allow 32 characters including the "-tg" role and Pulumi's 8-character suffix, so use at most ${MAX_TARGET_GROUP_LOGICAL_NAME - 3}.`);
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
        p.add("scaling.maxTasks", scaling.maxTasks, `is above ${p.key("scaling.minTasks")} (${scaling.minTasks}) but no scaling policy or schedule is on; set cpuTarget, memoryTarget or requestsPerTarget, add a schedule, or set maxTasks equal to minTasks.`);
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
        autoscaled,
    };
}

/** The ECR repository ARN of a private ECR image reference, or undefined for other registries. */
export function ecrRepositoryArn(image: string): string | undefined {
    const m = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)/.exec(image);
    return m ? `arn:aws:ecr:${m[2]}:${m[1]}:repository/${m[3]}` : undefined;
}

/** Splits an ARN into its region and account, e.g. of a log group the component made. */
function arnRegionAccount(arn: pulumi.Output<string>): { region: pulumi.Output<string>; account: pulumi.Output<string> } {
    return { region: arn.apply((a) => a.split(":")[3]), account: arn.apply((a) => a.split(":")[4]) };
}

/** A trust policy for ECS tasks, limited to this account's ECS (confused-deputy protection). */
function ecsTasksTrustPolicy(region: pulumi.Output<string>, account: pulumi.Output<string>): pulumi.Output<string> {
    return pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: "ecs-tasks.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: {
                    ArnLike: { "aws:SourceArn": pulumi.interpolate`arn:aws:ecs:${region}:${account}:*` },
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
            this.cluster = new aws.ecs.Cluster(`${name}-cluster`, {
                settings: [{ name: "containerInsights", value: r.containerInsights ? "enabled" : "disabled" }],
                tags,
            }, parent);
            this.clusterName = this.cluster.name;
            this.clusterArn = this.cluster.arn;
        }
        // A capacity-provider strategy needs FARGATE and FARGATE_SPOT associated with the cluster;
        // on a cluster the component made it does that itself, on a given one the owner must.
        const capacityProviders = !r.cluster && r.spotShare > 0
            ? new aws.ecs.ClusterCapacityProviders(`${name}-capacity-providers`, {
                clusterName: this.clusterName,
                capacityProviders: ["FARGATE", "FARGATE_SPOT"],
            }, parent)
            : undefined;

        this.logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, {
            retentionInDays: r.logRetentionDays,
            tags,
        }, parent);
        const { region, account } = arnRegionAccount(this.logGroup.arn);

        this.executionRole = new aws.iam.Role(`${name}-exec-role`, {
            description: `Lets ECS start the tasks of ${name}: pull the image, write logs, read secrets.`,
            assumeRolePolicy: ecsTasksTrustPolicy(region, account),
            tags,
        }, parent);
        const execStatements: unknown[] = [
            {
                Sid: "WriteLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: pulumi.interpolate`${this.logGroup.arn}:log-stream:*`,
            },
        ];
        const repository = typeof r.image === "string" ? ecrRepositoryArn(r.image) : undefined;
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
            const sm = pulumi.all(secretArns).apply((arns) => arns.filter((a) => a.split(":")[2] === "secretsmanager"));
            execStatements.push(
                { Sid: "ReadParameters", Effect: "Allow", Action: "ssm:GetParameters", Resource: ssm },
                { Sid: "ReadSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: sm },
            );
        }
        const execPolicy = new aws.iam.RolePolicy(`${name}-exec-policy`, {
            role: this.executionRole.id,
            policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: execStatements }).apply(dropEmptyStatements),
        }, parent);

        this.taskRole = new aws.iam.Role(`${name}-task-role`, {
            description: `Role the application of ${name} runs as.`,
            assumeRolePolicy: ecsTasksTrustPolicy(region, account),
            tags,
        }, parent);
        if (r.enableExecuteCommand) {
            // ECS Exec opens SSM message channels; these actions have no resource-level permissions.
            new aws.iam.RolePolicy(`${name}-exec-command-policy`, {
                role: this.taskRole.id,
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{
                        Sid: "EcsExec",
                        Effect: "Allow",
                        Action: [
                            "ssmmessages:CreateControlChannel",
                            "ssmmessages:CreateDataChannel",
                            "ssmmessages:OpenControlChannel",
                            "ssmmessages:OpenDataChannel",
                        ],
                        Resource: "*",
                    }],
                }),
            }, parent);
        }

        const volumes = r.readonlyRootFilesystem ? r.writablePaths.map((path, i) => ({ name: `writable-${i + 1}`, path })) : [];
        const container = {
            name: CONTAINER_NAME,
            image: r.image,
            essential: true,
            portMappings: [{ containerPort: r.containerPort, protocol: "tcp" }],
            environment: Object.keys(r.environment).sort().map((k) => ({ name: k, value: r.environment[k] })),
            secrets: Object.keys(r.secrets).sort().map((k) => ({ name: k, valueFrom: r.secrets[k] })),
            readonlyRootFilesystem: r.readonlyRootFilesystem,
            mountPoints: volumes.map((v) => ({ sourceVolume: v.name, containerPath: v.path, readOnly: false })),
            logConfiguration: {
                logDriver: "awslogs",
                options: {
                    "awslogs-group": this.logGroup.name,
                    "awslogs-region": region,
                    "awslogs-stream-prefix": name,
                },
            },
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
        this.taskDefinition = new aws.ecs.TaskDefinition(`${name}-task`, {
            family: name,
            requiresCompatibilities: ["FARGATE"],
            networkMode: "awsvpc",
            cpu: String(r.cpu),
            memory: String(r.memory),
            runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: r.architecture === "arm64" ? "ARM64" : "X86_64" },
            executionRoleArn: this.executionRole.arn,
            taskRoleArn: this.taskRole.arn,
            containerDefinitions: pulumi.jsonStringify([container]),
            volumes: volumes.map((v) => ({ name: v.name })),
            tags,
        }, { parent: this, dependsOn: [execPolicy] });

        this.securityGroup = new aws.ec2.SecurityGroup(`${name}-sg`, {
            description: `Tasks of ${name}: ingress only from the load balancer`,
            vpcId: r.vpcId,
            tags,
        }, parent);
        new aws.vpc.SecurityGroupIngressRule(`${name}-from-alb`, {
            securityGroupId: this.securityGroup.id,
            referencedSecurityGroupId: r.loadBalancer.securityGroupId,
            ipProtocol: "tcp",
            fromPort: r.containerPort,
            toPort: r.containerPort,
            description: "Traffic from the load balancer",
        }, parent);
        // The load balancer's group allows egress only to the task groups behind it, port by port.
        new aws.vpc.SecurityGroupEgressRule(`${name}-alb-egress`, {
            securityGroupId: r.loadBalancer.securityGroupId,
            referencedSecurityGroupId: this.securityGroup.id,
            ipProtocol: "tcp",
            fromPort: r.containerPort,
            toPort: r.containerPort,
            description: `Traffic to the tasks of ${name}`,
        }, parent);
        // Tasks reach their image registry, AWS APIs and the application's dependencies through NAT.
        new aws.vpc.SecurityGroupEgressRule(`${name}-egress`, {
            securityGroupId: this.securityGroup.id,
            cidrIpv4: "0.0.0.0/0",
            ipProtocol: "-1",
            description: "Outbound to anywhere through NAT",
        }, parent);

        this.targetGroup = new aws.lb.TargetGroup(`${name}-tg`, {
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
        }, parent);
        this.targetGroupArnSuffix = this.targetGroup.arnSuffix;

        const conditions = [
            ...(r.routing.pathPatterns?.length ? [{ pathPattern: { values: r.routing.pathPatterns } }] : []),
            ...(r.routing.hostHeaders?.length ? [{ hostHeader: { values: r.routing.hostHeaders } }] : []),
        ];
        this.listenerRule = new aws.lb.ListenerRule(`${name}-rule`, {
            listenerArn: r.loadBalancer.listenerArn,
            priority: conditions.length > 0 ? r.routing.priority : CATCH_ALL_PRIORITY,
            conditions: conditions.length > 0 ? conditions : [{ pathPattern: { values: ["/*"] } }],
            actions: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
            tags,
        }, parent);

        const spot = r.spotShare > 0;
        this.service = new aws.ecs.Service(`${name}-svc`, {
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
        }, {
            parent: this,
            // The target group must be attached to the load balancer (through the rule) before ECS registers tasks in it.
            dependsOn: [this.listenerRule, ...(capacityProviders ? [capacityProviders] : [])],
            // While autoscaled, Application Auto Scaling owns the desired count; `pulumi up` must not reset it.
            ignoreChanges: r.autoscaled ? ["desiredCount"] : [],
        });
        this.serviceName = this.service.name;

        this.scalingPolicies = {};
        this.scheduledActions = {};
        if (!r.autoscaled) {
            this.scalingTarget = undefined;
        } else {
            const target = new aws.appautoscaling.Target(`${name}-scaling`, {
                serviceNamespace: "ecs",
                scalableDimension: "ecs:service:DesiredCount",
                resourceId: pulumi.interpolate`service/${this.clusterName}/${this.service.name}`,
                minCapacity: r.scaling.minTasks,
                maxCapacity: r.scaling.maxTasks,
                tags,
            }, parent);
            this.scalingTarget = target;
            // Application Auto Scaling rejects concurrent changes to one scalable target
            // (ConcurrentUpdateException), so policies and schedules are created one after another.
            let previous: pulumi.Resource = target;
            const tracking = (role: string, targetValue: number, metric: { predefinedMetricType: string; resourceLabel?: pulumi.Input<string> }) => {
                if (targetValue <= 0) return;
                this.scalingPolicies[role] = new aws.appautoscaling.Policy(`${name}-${role}-scaling`, {
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
                }, { parent: this, dependsOn: [previous] });
                previous = this.scalingPolicies[role];
            };
            tracking("cpu", r.scaling.cpuTarget, { predefinedMetricType: "ECSServiceAverageCPUUtilization" });
            tracking("memory", r.scaling.memoryTarget, { predefinedMetricType: "ECSServiceAverageMemoryUtilization" });
            tracking("requests", r.scaling.requestsPerTarget, {
                predefinedMetricType: "ALBRequestCountPerTarget",
                resourceLabel: pulumi.interpolate`${r.loadBalancer.loadBalancerArnSuffix}/${this.targetGroup.arnSuffix}`,
            });
            for (const schedule of r.scaling.schedules) {
                this.scheduledActions[schedule.name] = new aws.appautoscaling.ScheduledAction(`${name}-schedule-${schedule.name}`, {
                    serviceNamespace: target.serviceNamespace,
                    scalableDimension: target.scalableDimension,
                    resourceId: target.resourceId,
                    schedule: schedule.schedule,
                    timezone: schedule.timezone,
                    scalableTargetAction: { minCapacity: schedule.minTasks, maxCapacity: schedule.maxTasks },
                }, { parent: this, dependsOn: [previous] });
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
        });
    }
}

/** Drops statements whose Resource list came out empty (e.g. no SSM parameters among the secrets). */
function dropEmptyStatements(policy: string): string {
    const doc = JSON.parse(policy) as { Version: string; Statement: { Resource: unknown }[] };
    doc.Statement = doc.Statement.filter((s) => !(Array.isArray(s.Resource) && s.Resource.length === 0));
    return JSON.stringify(doc);
}
