/** The scaling step of an ElasticService: the scalable target, its target-tracking policies and its scheduled actions. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedElasticServiceArgs } from "./resolve";

/** What {@link createScaling} makes; empty when the service is not autoscaled. */
export interface ScalingStep {
    /** The scalable target, or undefined when the service is not autoscaled. */
    target: aws.appautoscaling.Target | undefined;
    /** Target-tracking policies by metric (`cpu`, `memory`, `requests`). */
    policies: Record<string, aws.appautoscaling.Policy>;
    /** Scheduled actions by schedule name. */
    scheduledActions: Record<string, aws.appautoscaling.ScheduledAction>;
}

/**
 * When autoscaled, creates `${name}-scaling` (the target between minTasks and maxTasks), a
 * `${name}-<metric>-scaling` policy per target above 0 (cpu, memory, requests) and a
 * `${name}-schedule-<name>` action per schedule; otherwise nothing.
 */
export function createScaling(
    name: string,
    r: ResolvedElasticServiceArgs,
    service: { clusterName: pulumi.Output<string>; service: aws.ecs.Service; targetGroup: aws.lb.TargetGroup },
    opts: pulumi.CustomResourceOptions,
): ScalingStep {
    const step: ScalingStep = { target: undefined, policies: {}, scheduledActions: {} };
    if (!r.autoscaled) return step;
    const target = new aws.appautoscaling.Target(
        `${name}-scaling`,
        {
            serviceNamespace: "ecs",
            scalableDimension: "ecs:service:DesiredCount",
            resourceId: pulumi.interpolate`service/${service.clusterName}/${service.service.name}`,
            minCapacity: r.scaling.minTasks,
            maxCapacity: r.scaling.maxTasks,
            tags: r.tags ?? {},
        },
        // Scheduled actions move the bounds during the day; a refresh must not put them back.
        r.scaling.schedules.length > 0 ? { ...opts, ignoreChanges: ["minCapacity", "maxCapacity"] } : opts,
    );
    step.target = target;
    // Application Auto Scaling rejects concurrent changes to one scalable target
    // (ConcurrentUpdateException), so policies and schedules are created one after another.
    let previous: pulumi.Resource = target;
    const tracking = (
        role: string,
        targetValue: number,
        metric: { predefinedMetricType: string; resourceLabel?: pulumi.Input<string> },
    ) => {
        if (targetValue <= 0) return;
        step.policies[role] = new aws.appautoscaling.Policy(
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
            { ...opts, dependsOn: [previous] },
        );
        previous = step.policies[role];
    };
    tracking("cpu", r.scaling.cpuTarget, { predefinedMetricType: "ECSServiceAverageCPUUtilization" });
    tracking("memory", r.scaling.memoryTarget, { predefinedMetricType: "ECSServiceAverageMemoryUtilization" });
    tracking("requests", r.scaling.requestsPerTarget, {
        predefinedMetricType: "ALBRequestCountPerTarget",
        resourceLabel: pulumi.interpolate`${r.loadBalancer.loadBalancerArnSuffix}/${service.targetGroup.arnSuffix}`,
    });
    for (const schedule of r.scaling.schedules) {
        step.scheduledActions[schedule.name] = new aws.appautoscaling.ScheduledAction(
            `${name}-schedule-${schedule.name}`,
            {
                serviceNamespace: target.serviceNamespace,
                scalableDimension: target.scalableDimension,
                resourceId: target.resourceId,
                schedule: schedule.schedule,
                timezone: schedule.timezone,
                scalableTargetAction: { minCapacity: schedule.minTasks, maxCapacity: schedule.maxTasks },
            },
            { ...opts, dependsOn: [previous] },
        );
        previous = step.scheduledActions[schedule.name];
    }
    return step;
}
