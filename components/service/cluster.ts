/** The cluster step of an ElasticService: a new ECS cluster, or the given one. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedElasticServiceArgs } from "./resolve";

/** What {@link createCluster} makes or refers to. */
export interface ClusterStep {
    /** The cluster created, or undefined when `cluster` was given. */
    cluster: aws.ecs.Cluster | undefined;
    /** Name of the cluster the service runs in. */
    clusterName: pulumi.Output<string>;
    /** ARN of the cluster the service runs in. */
    clusterArn: pulumi.Output<string>;
    /** FARGATE and FARGATE_SPOT associated with a created cluster, when part of the service runs on spot. */
    capacityProviders: aws.ecs.ClusterCapacityProviders | undefined;
}

/**
 * Creates `${name}-cluster` (Container Insights per `containerInsights`) unless a cluster is given,
 * and `${name}-capacity-providers` on it when `spotShare` is above 0.
 */
export function createCluster(name: string, r: ResolvedElasticServiceArgs, opts: pulumi.CustomResourceOptions): ClusterStep {
    const tags = r.tags ?? {};
    if (r.cluster) {
        // On a given cluster, associating FARGATE_SPOT is the owner's part.
        return {
            cluster: undefined,
            clusterName: pulumi.output(r.cluster.name),
            clusterArn: pulumi.output(r.cluster.arn),
            capacityProviders: undefined,
        };
    }
    const cluster = new aws.ecs.Cluster(
        `${name}-cluster`,
        {
            settings: [{ name: "containerInsights", value: r.containerInsights ? "enabled" : "disabled" }],
            tags,
        },
        opts,
    );
    // A capacity-provider strategy needs FARGATE and FARGATE_SPOT associated with the cluster.
    const capacityProviders =
        r.spotShare > 0
            ? new aws.ecs.ClusterCapacityProviders(
                  `${name}-capacity-providers`,
                  { clusterName: cluster.name, capacityProviders: ["FARGATE", "FARGATE_SPOT"] },
                  opts,
              )
            : undefined;
    return { cluster, clusterName: cluster.name, clusterArn: cluster.arn, capacityProviders };
}
