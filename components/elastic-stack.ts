import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { StackConfig, ServiceConfig } from "./config";
import { ElasticService, ElasticServiceArgs, LoadBalancerAttachment, resolveElasticServiceArgs } from "./elastic-service";
import { LoadBalancer, resolveLoadBalancerArgs } from "./load-balancer";
import { Network, resolveNetworkArgs } from "./network";

/** Stands in for the load balancer while args are validated before anything exists. */
const PENDING_ATTACHMENT: LoadBalancerAttachment = { listenerArn: "pending", securityGroupId: "pending", loadBalancerArnSuffix: "pending" };

/**
 * The whole elastic web stack from one resolved config: a network (or an existing VPC), one
 * load balancer, one ECS cluster and any number of services behind the load balancer.
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
    /** The services by their config name. */
    readonly services: Record<string, ElasticService>;
    /** URL of the load balancer (https when a certificate is configured). */
    readonly url: pulumi.Output<string>;
    /** DNS name of the load balancer. */
    readonly dnsName: pulumi.Output<string>;

    constructor(name: string, config: StackConfig, opts?: pulumi.ComponentResourceOptions) {
        super("elastic-web:aws:ElasticStack", name, {}, opts);
        const parent = { parent: this };
        const tags = config.tags;
        const serviceArgs = (service: ServiceConfig, vpcId: pulumi.Input<string>, subnetIds: pulumi.Input<pulumi.Input<string>[]>, attachment: LoadBalancerAttachment, clusterRef?: ElasticServiceArgs["cluster"]): ElasticServiceArgs => ({
            ...service,
            vpcId,
            subnetIds,
            loadBalancer: attachment,
            cluster: clusterRef,
            tags,
        });

        // Validate every child's args first, so a bad value leaves nothing half-built.
        if ("create" in config.network) resolveNetworkArgs(name, { ...config.network.create, tags });
        resolveLoadBalancerArgs(name, { ...config.loadBalancer, vpcId: "pending", subnetIds: ["pending-a", "pending-b"], tags });
        for (const [key, service] of Object.entries(config.services)) {
            resolveElasticServiceArgs(`${name}-${key}`, serviceArgs(service, "pending", [], PENDING_ATTACHMENT));
        }

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
        this.cluster = new aws.ecs.Cluster(`${name}-cluster`, {
            settings: [{ name: "containerInsights", value: insights ? "enabled" : "disabled" }],
            tags,
        }, parent);
        // Services may place tasks on FARGATE_SPOT; the cluster needs both providers associated.
        const providers = new aws.ecs.ClusterCapacityProviders(`${name}-capacity-providers`, {
            clusterName: this.cluster.name,
            capacityProviders: ["FARGATE", "FARGATE_SPOT"],
        }, parent);
        const clusterRef = { arn: this.cluster.arn, name: providers.clusterName };

        this.services = {};
        for (const [key, service] of Object.entries(config.services)) {
            this.services[key] = new ElasticService(
                `${name}-${key}`,
                serviceArgs(service, this.vpcId, privateSubnetIds, this.loadBalancer.attachment, clusterRef),
                parent,
            );
        }

        this.url = this.loadBalancer.url;
        this.dnsName = this.loadBalancer.dnsName;
        this.registerOutputs({
            vpcId: this.vpcId,
            url: this.url,
            dnsName: this.dnsName,
            clusterName: this.cluster.name,
        });
    }
}
