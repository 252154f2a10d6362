import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { StackConfig, ServiceConfig } from "./config";
import { ElasticService, ElasticServiceArgs, LoadBalancerAttachment, resolveElasticServiceArgs } from "../service";
import { LoadBalancer, resolveLoadBalancerArgs } from "../load-balancer";
import { Network, resolveNetworkArgs } from "../network";
import { ReplicatedBucket, ReplicatedBucketArgs, resolveReplicatedBucketArgs } from "../bucket";
import { ServiceAlarms, ServiceAlarmsArgs, deploymentAlarmNames, resolveServiceAlarmsArgs } from "../alarms";

/** Stands in for the load balancer while args are validated before anything exists. */
const PENDING_ATTACHMENT: LoadBalancerAttachment = { listenerArn: "pending", securityGroupId: "pending", loadBalancerArnSuffix: "pending" };

/**
 * The whole elastic web stack from one resolved config: a network (or an existing VPC), one
 * load balancer, one ECS cluster, any number of services behind the load balancer, a data
 * bucket replicated to a second region, and the alarms, topic and dashboard over all of them.
 * Every component's args are validated before the first child is created.
 *
 * @example
 * const config = resolveStackConfig(raw, "prod");
 * const stack = new ElasticStack(config.name, config);
 * export const url = stack.url;
 */
export class ElasticStack extends pulumi.ComponentResource {
    /** The network the stack created, or undefined when it runs in an existing VPC. */
    readonly network: Network | undefined;
    /** VPC of the stack (created or existing). */
    readonly vpcId: pulumi.Output<string>;
    /** The load balancer all services sit behind. */
    readonly loadBalancer: LoadBalancer;
    /** The ECS cluster all services run in. */
    readonly cluster: aws.ecs.Cluster;
    /** FARGATE and FARGATE_SPOT associated with the cluster. */
    readonly capacityProviders: aws.ecs.ClusterCapacityProviders;
    /** The services by their config name. */
    readonly services: Record<string, ElasticService>;
    /** URL of the load balancer (https when a certificate is configured). */
    readonly url: pulumi.Output<string>;
    /** DNS name of the load balancer. */
    readonly dnsName: pulumi.Output<string>;
    /** The data bucket (with its replica where configured), or undefined when `bucket` is false. */
    readonly bucket: ReplicatedBucket | undefined;
    /** Alarms, their topic and the dashboard. */
    readonly alarms: ServiceAlarms;

    constructor(name: string, config: StackConfig, opts?: pulumi.ComponentResourceOptions) {
        const tags = config.tags;
        const alarmsName = `${name}-alarms`;
        // Stacks of one project share an account and region; the stack name keeps their alarms, dashboard and key alias apart.
        const alarmNamePrefix = `${name}-${config.stack}`;
        const serviceArgs = (
            key: string,
            service: ServiceConfig,
            vpcId: pulumi.Input<string>,
            subnetIds: pulumi.Input<pulumi.Input<string>[]>,
            attachment: LoadBalancerAttachment,
            clusterRef?: ElasticServiceArgs["cluster"],
        ): ElasticServiceArgs => ({
            ...service,
            vpcId,
            subnetIds,
            loadBalancer: attachment,
            cluster: clusterRef,
            // Alarm names are fixed strings, so a service can list them before the alarms exist.
            deploymentAlarmNames: config.alarms.deploymentAlarms ? deploymentAlarmNames(alarmNamePrefix, key) : undefined,
            tags,
        });
        const bucketArgs: ReplicatedBucketArgs | undefined =
            config.bucket === false ? undefined : { ...config.bucket, region: config.region, tags };
        const alarmArgs = (
            services: ServiceAlarmsArgs["services"],
            arnSuffix: pulumi.Input<string>,
            bucket: ServiceAlarmsArgs["bucket"],
        ): ServiceAlarmsArgs => {
            const { topicArn, replicaTopicArn, ...settings } = config.alarms;
            return {
                ...settings,
                ...(topicArn !== undefined ? { topicArn } : {}),
                ...(replicaTopicArn !== undefined ? { replicaTopicArn } : {}),
                alarmNamePrefix,
                loadBalancer: { arnSuffix },
                services,
                bucket,
                region: config.region,
                tags,
            };
        };

        // Validate every child's args first, so a bad value leaves nothing half-built, not even this component.
        if ("create" in config.network) resolveNetworkArgs(name, { ...config.network.create, tags });
        resolveLoadBalancerArgs(name, { ...config.loadBalancer, vpcId: "pending", subnetIds: ["pending-a", "pending-b"], tags });
        for (const [key, service] of Object.entries(config.services)) {
            resolveElasticServiceArgs(
                `${name}-${key}`,
                serviceArgs(key, service, "pending", ["pending-a", "pending-b"], PENDING_ATTACHMENT),
            );
        }
        if (bucketArgs) resolveReplicatedBucketArgs(`${name}-data`, bucketArgs);
        resolveServiceAlarmsArgs(
            alarmsName,
            alarmArgs(
                Object.fromEntries(
                    Object.entries(config.services).map(([key, s]) => [
                        key,
                        {
                            clusterName: "pending",
                            serviceName: "pending",
                            targetGroupArnSuffix: "pending",
                            minTasks: s.scaling.minTasks,
                            maxTasks: s.scaling.maxTasks,
                            containerInsights: s.containerInsights,
                        },
                    ]),
                ),
                "pending",
                bucketArgs?.replicaRegion
                    ? {
                          bucketName: "pending",
                          replicaBucketName: "pending",
                          replicationRuleId: "pending",
                          replicaRegion: bucketArgs.replicaRegion,
                      }
                    : undefined,
            ),
        );

        // Every child's args are checked above, before the stack registers itself: a refused input registers nothing.
        super("elastic-web:aws:ElasticStack", name, {}, opts);
        const parent = { parent: this };

        let publicSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
        let privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
        if ("create" in config.network) {
            this.network = new Network(name, { ...config.network.create, tags }, parent);
            this.vpcId = this.network.vpcId;
            publicSubnetIds = this.network.publicSubnetIds;
            privateSubnetIds = this.network.privateSubnetIds;
        } else {
            this.network = undefined;
            this.vpcId = pulumi.output(config.network.existing.vpcId);
            publicSubnetIds = config.network.existing.publicSubnetIds;
            privateSubnetIds = config.network.existing.privateSubnetIds;
        }

        this.loadBalancer = new LoadBalancer(name, { ...config.loadBalancer, vpcId: this.vpcId, subnetIds: publicSubnetIds, tags }, parent);

        const insights = Object.values(config.services).some((s) => s.containerInsights);
        this.cluster = new aws.ecs.Cluster(
            `${name}-cluster`,
            {
                settings: [{ name: "containerInsights", value: insights ? "enabled" : "disabled" }],
                tags,
            },
            parent,
        );
        // Services may place tasks on FARGATE_SPOT; the cluster needs both providers associated.
        const providers = (this.capacityProviders = new aws.ecs.ClusterCapacityProviders(
            `${name}-capacity-providers`,
            {
                clusterName: this.cluster.name,
                capacityProviders: ["FARGATE", "FARGATE_SPOT"],
            },
            parent,
        ));
        // Services wait for the providers: a FARGATE_SPOT strategy on a cluster without it is refused.
        const clusterRef = {
            arn: pulumi.all([this.cluster.arn, providers.id]).apply(([arn]) => arn),
            name: providers.clusterName,
        };

        this.services = {};
        for (const [key, service] of Object.entries(config.services)) {
            this.services[key] = new ElasticService(
                `${name}-${key}`,
                serviceArgs(key, service, this.vpcId, privateSubnetIds, this.loadBalancer.attachment, clusterRef),
                parent,
            );
        }

        this.bucket = bucketArgs ? new ReplicatedBucket(`${name}-data`, bucketArgs, parent) : undefined;

        this.alarms = new ServiceAlarms(
            alarmsName,
            alarmArgs(
                Object.fromEntries(
                    Object.entries(this.services).map(([key, svc]) => [
                        key,
                        {
                            clusterName: svc.clusterName,
                            serviceName: svc.serviceName,
                            targetGroupArnSuffix: svc.targetGroupArnSuffix,
                            minTasks: svc.minTasks,
                            maxTasks: svc.maxTasks,
                            // Container Insights is a cluster setting; the stack's cluster has it on when any service asks.
                            containerInsights: insights,
                        },
                    ]),
                ),
                this.loadBalancer.arnSuffix,
                this.bucket?.replicationMetrics,
            ),
            parent,
        );

        this.url = this.loadBalancer.url;
        this.dnsName = this.loadBalancer.dnsName;
        this.registerOutputs({
            vpcId: this.vpcId,
            url: this.url,
            dnsName: this.dnsName,
            clusterName: this.cluster.name,
            bucketName: this.bucket?.bucketName,
            alarmTopicArn: this.alarms.topicArn,
        });
    }
}
