/** The service step of an ElasticService: the ECS service that keeps the tasks running behind the target group. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterStep } from "./cluster";
import type { ResolvedElasticServiceArgs } from "./resolve";
import { CONTAINER_NAME } from "./task-definition";
import type { TrafficStep } from "./traffic";

/**
 * Creates `${name}-svc`: Fargate (with a spot share, a capacity-provider strategy), private subnets
 * without public IPs, a rolling-back circuit breaker and optional deployment alarms. While autoscaled,
 * `desiredCount` is ignored on update, as Application Auto Scaling owns it.
 */
export function createEcsService(
    name: string,
    r: ResolvedElasticServiceArgs,
    cluster: ClusterStep,
    taskDefinition: aws.ecs.TaskDefinition,
    traffic: TrafficStep,
    opts: pulumi.CustomResourceOptions,
): aws.ecs.Service {
    const spot = r.spotShare > 0;
    return new aws.ecs.Service(
        `${name}-svc`,
        {
            cluster: cluster.clusterArn,
            taskDefinition: taskDefinition.arn,
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
                securityGroups: [traffic.securityGroup.id],
                assignPublicIp: false,
            },
            loadBalancers: [{ targetGroupArn: traffic.targetGroup.arn, containerName: CONTAINER_NAME, containerPort: r.containerPort }],
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
            tags: r.tags ?? {},
        },
        {
            ...opts,
            // The target group must be attached to the load balancer (through the rule), and the
            // security groups must let health checks through, before ECS registers tasks.
            dependsOn: [
                traffic.listenerRule,
                ...traffic.loadBalancerRules,
                ...(cluster.capacityProviders ? [cluster.capacityProviders] : []),
            ],
            // While autoscaled, Application Auto Scaling owns the desired count; `pulumi up` must not reset it.
            ignoreChanges: r.autoscaled ? ["desiredCount"] : [],
        },
    );
}
