/**
 * The traffic step of an ElasticService: the tasks' security group (open only to the load
 * balancer), the target group the tasks register in, and the listener rule that routes to it.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedElasticServiceArgs } from "./resolve";

/** Priority of the catch-all rule of a service without routing conditions: matched last. */
export const CATCH_ALL_PRIORITY = 50000;

/** What {@link createTrafficPath} makes. */
export interface TrafficStep {
    /** Security group of the tasks. */
    securityGroup: aws.ec2.SecurityGroup;
    /** The rules the service must wait for, so health checks get through: ingress from, and egress of, the load balancer. */
    loadBalancerRules: pulumi.Resource[];
    /** Target group the tasks register in. */
    targetGroup: aws.lb.TargetGroup;
    /** The listener rule that forwards to the target group. */
    listenerRule: aws.lb.ListenerRule;
}

/**
 * Creates `${name}-sg` with `${name}-from-alb` (the container port, from the load balancer's group),
 * `${name}-egress` (anywhere, through NAT), `${name}-alb-egress` on the load balancer's group,
 * `${name}-tg` with the health check, and `${name}-rule` on the listener: the routing's conditions
 * at its priority, or a catch-all `/*` at {@link CATCH_ALL_PRIORITY}.
 */
export function createTrafficPath(name: string, r: ResolvedElasticServiceArgs, opts: pulumi.CustomResourceOptions): TrafficStep {
    const tags = r.tags ?? {};
    const securityGroup = new aws.ec2.SecurityGroup(
        `${name}-sg`,
        { description: `Tasks of ${name}: ingress only from the load balancer`, vpcId: r.vpcId, tags },
        opts,
    );
    const fromAlb = new aws.vpc.SecurityGroupIngressRule(
        `${name}-from-alb`,
        {
            securityGroupId: securityGroup.id,
            referencedSecurityGroupId: r.loadBalancer.securityGroupId,
            ipProtocol: "tcp",
            fromPort: r.containerPort,
            toPort: r.containerPort,
            description: "Traffic from the load balancer",
        },
        opts,
    );
    // The load balancer's group allows egress only to the task groups behind it, port by port.
    const albEgress = new aws.vpc.SecurityGroupEgressRule(
        `${name}-alb-egress`,
        {
            securityGroupId: r.loadBalancer.securityGroupId,
            referencedSecurityGroupId: securityGroup.id,
            ipProtocol: "tcp",
            fromPort: r.containerPort,
            toPort: r.containerPort,
            description: `Traffic to the tasks of ${name}`,
        },
        opts,
    );
    // Tasks reach their image registry, AWS APIs and the application's dependencies through NAT.
    new aws.vpc.SecurityGroupEgressRule(
        `${name}-egress`,
        { securityGroupId: securityGroup.id, cidrIpv4: "0.0.0.0/0", ipProtocol: "-1", description: "Outbound to anywhere through NAT" },
        opts,
    );

    const targetGroup = new aws.lb.TargetGroup(
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
        opts,
    );

    const conditions = [
        ...(r.routing.pathPatterns?.length ? [{ pathPattern: { values: r.routing.pathPatterns } }] : []),
        ...(r.routing.hostHeaders?.length ? [{ hostHeader: { values: r.routing.hostHeaders } }] : []),
    ];
    const listenerRule = new aws.lb.ListenerRule(
        `${name}-rule`,
        {
            listenerArn: r.loadBalancer.listenerArn,
            priority: conditions.length > 0 ? r.routing.priority : CATCH_ALL_PRIORITY,
            conditions: conditions.length > 0 ? conditions : [{ pathPattern: { values: ["/*"] } }],
            actions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
            tags,
        },
        opts,
    );
    return { securityGroup, loadBalancerRules: [fromAlb, albEgress], targetGroup, listenerRule };
}
