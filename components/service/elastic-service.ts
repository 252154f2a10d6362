import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import type { ElasticServiceArgs } from "./args";
import { createCluster } from "./cluster";
import { createEcsService } from "./ecs-service";
import { createImage } from "./image";
import { resolveElasticServiceArgs } from "./resolve";
import { createRoles } from "./roles";
import { createScaling } from "./scaling";
import { createLogGroup, createTaskDefinition } from "./task-definition";
import { createTrafficPath } from "./traffic";

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
    /**
     * Whether the cluster publishes Container Insights metrics: `containerInsights` for the cluster the
     * component created, undefined (unknown) for a given `cluster`. `ServiceAlarms` reads it, and adds
     * the alarms on Container Insights metrics only when it is true.
     */
    readonly containerInsights: boolean | undefined;
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
        // Checked before the component registers, so a refused input leaves nothing behind.
        const r = resolveElasticServiceArgs(name, args);
        super("elastic-web:aws:ElasticService", name, {}, opts);
        const parent = { parent: this };
        this.minTasks = r.scaling.minTasks;
        this.maxTasks = r.scaling.maxTasks;

        const cluster = createCluster(name, r, parent);
        this.cluster = cluster.cluster;
        this.containerInsights = r.cluster ? undefined : r.containerInsights;
        this.clusterName = cluster.clusterName;
        this.clusterArn = cluster.clusterArn;

        const image = createImage(name, r, parent);
        this.repository = image.repository;
        this.image = image.image;
        this.imageUri = image.imageUri;

        this.logGroup = createLogGroup(name, r, parent);
        const roles = createRoles(name, r, this.logGroup, this.repository, parent);
        this.executionRole = roles.executionRole;
        this.taskRole = roles.taskRole;
        this.taskDefinition = createTaskDefinition(name, r, { ...roles, imageUri: this.imageUri, logGroup: this.logGroup }, parent);

        const traffic = createTrafficPath(name, r, parent);
        this.securityGroup = traffic.securityGroup;
        this.targetGroup = traffic.targetGroup;
        this.targetGroupArnSuffix = this.targetGroup.arnSuffix;
        this.listenerRule = traffic.listenerRule;

        this.service = createEcsService(name, r, cluster, this.taskDefinition, traffic, parent);
        this.serviceName = this.service.name;

        const scaling = createScaling(
            name,
            r,
            { clusterName: this.clusterName, service: this.service, targetGroup: this.targetGroup },
            parent,
        );
        this.scalingTarget = scaling.target;
        this.scalingPolicies = scaling.policies;
        this.scheduledActions = scaling.scheduledActions;

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
