/** The security group of a LoadBalancer: listener ports open to the allowed CIDR blocks, egress only into the VPC. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ResolvedLoadBalancerArgs } from "./args";

/** The listener ports: 443 and 80 with a certificate (80 redirects), else 80 alone. */
export function listenerPorts(a: ResolvedLoadBalancerArgs): number[] {
    return a.certificateArn !== undefined ? [443, 80] : [80];
}

/**
 * Creates `${name}-alb-sg` with an ingress rule `${name}-alb-in-<port>-<i>` per listener port and CIDR
 * block, and with `vpcCidrBlock` the egress rule `${name}-alb-out-vpc` towards the targets.
 */
export function createLoadBalancerSecurityGroup(
    name: string,
    a: ResolvedLoadBalancerArgs,
    parentOpts: pulumi.CustomResourceOptions,
): aws.ec2.SecurityGroup {
    const tags = a.tags;
    const group = new aws.ec2.SecurityGroup(
        `${name}-alb-sg`,
        {
            vpcId: a.vpcId,
            description: `Load balancer ${name}: listener ports from the allowed CIDR blocks`,
            tags,
        },
        parentOpts,
    );
    // Rules are separate resources (not inline blocks), as the AWS provider recommends; the
    // provider removes the allow-all egress rule AWS adds to a new group.
    for (const port of listenerPorts(a)) {
        a.ingressCidrs.forEach((cidr, i) => {
            new aws.vpc.SecurityGroupIngressRule(
                `${name}-alb-in-${port}-${i}`,
                {
                    securityGroupId: group.id,
                    description: `${port === 443 ? "HTTPS" : "HTTP"} from ${cidr}`,
                    ipProtocol: "tcp",
                    fromPort: port,
                    toPort: port,
                    cidrIpv4: cidr,
                    tags,
                },
                parentOpts,
            );
        });
    }
    if (a.vpcCidrBlock !== undefined) {
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-alb-out-vpc`,
            {
                securityGroupId: group.id,
                description: "To targets and health checks inside the VPC",
                ipProtocol: "tcp",
                fromPort: 0,
                toPort: 65535,
                cidrIpv4: a.vpcCidrBlock,
                tags,
            },
            parentOpts,
        );
    }
    return group;
}
