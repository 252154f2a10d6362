import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { NatStrategy, NetworkArgs, resolveNetworkArgs } from "./args";
import { flowLogsRolePolicy, flowLogsTrustPolicy } from "./policies";
import { subnetMasks } from "./subnets";

/** The awsx NAT gateway strategy of each {@link NatStrategy}. */
export const NAT_STRATEGIES: Readonly<Record<NatStrategy, awsx.ec2.NatGatewayStrategy>> = Object.freeze({
    none: awsx.ec2.NatGatewayStrategy.None,
    single: awsx.ec2.NatGatewayStrategy.Single,
    onePerAz: awsx.ec2.NatGatewayStrategy.OnePerAz,
});

/**
 * A VPC with public and private subnets over `azCount` availability zones, NAT gateways per
 * `natGateways`, VPC flow logs to CloudWatch Logs, and the VPC's default security group emptied
 * so nothing can rely on it.
 *
 * Children: `${name}-vpc` (awsx.ec2.Vpc), `${name}-default-sg`, and with flow logs
 * `${name}-flow-logs` (log group), `${name}-flow-logs-role`, `${name}-flow-logs-policy`, `${name}-flow-log`.
 *
 * @example
 * const network = new Network("web", { azCount: 3, natGateways: "onePerAz" });
 * export const vpcId = network.vpcId;
 */
export class Network extends pulumi.ComponentResource {
    /** The awsx VPC with its subnets, route tables, internet and NAT gateways. */
    readonly vpc: awsx.ec2.Vpc;
    /** Id of the VPC. */
    readonly vpcId: pulumi.Output<string>;
    /** Public subnets, one per AZ: for the load balancer. */
    readonly publicSubnetIds: pulumi.Output<string[]>;
    /** Private subnets, one per AZ: for the tasks. */
    readonly privateSubnetIds: pulumi.Output<string[]>;
    /** IPv4 range of the VPC, e.g. for a load balancer's egress rule. */
    readonly cidrBlock: string;
    /** Log group receiving the flow logs; undefined when `flowLogRetentionDays` is 0. */
    readonly flowLogGroup: aws.cloudwatch.LogGroup | undefined;
    /** Role the VPC Flow Logs service writes with; undefined when flow logs are off. */
    readonly flowLogRole: aws.iam.Role | undefined;
    /** The VPC flow log (all traffic); undefined when flow logs are off. */
    readonly flowLog: aws.ec2.FlowLog | undefined;
    /** The VPC's default security group, held without any rule. */
    readonly defaultSecurityGroup: aws.ec2.DefaultSecurityGroup;

    constructor(name: string, args: NetworkArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        // Checked before the component registers, so a refused input leaves nothing behind.
        const a = resolveNetworkArgs(name, args);
        super("elastic-web:aws:Network", name, {}, opts);
        const parent = { parent: this };
        const tags = a.tags;
        const masks = subnetMasks(a.cidrBlock, a.azCount);

        this.cidrBlock = a.cidrBlock;
        this.vpc = new awsx.ec2.Vpc(
            `${name}-vpc`,
            {
                cidrBlock: a.cidrBlock,
                numberOfAvailabilityZones: a.azCount,
                availabilityZoneCidrMask: masks.az,
                subnetStrategy: awsx.ec2.SubnetAllocationStrategy.Auto,
                subnetSpecs: [
                    { type: awsx.ec2.SubnetType.Private, name: "private", cidrMask: masks.private, tags },
                    { type: awsx.ec2.SubnetType.Public, name: "public", cidrMask: masks.public, tags },
                ],
                natGateways: { strategy: NAT_STRATEGIES[a.natGateways] },
                enableDnsHostnames: true,
                enableDnsSupport: true,
                tags,
            },
            parent,
        );
        this.vpcId = this.vpc.vpcId;
        this.publicSubnetIds = this.vpc.publicSubnetIds;
        this.privateSubnetIds = this.vpc.privateSubnetIds;

        if (a.flowLogRetentionDays > 0) {
            this.flowLogGroup = new aws.cloudwatch.LogGroup(
                `${name}-flow-logs`,
                {
                    retentionInDays: a.flowLogRetentionDays,
                    tags,
                },
                parent,
            );
            const logGroupArn = this.flowLogGroup.arn;
            this.flowLogRole = new aws.iam.Role(
                `${name}-flow-logs-role`,
                {
                    description: `VPC Flow Logs of ${name} write to their log group`,
                    assumeRolePolicy: logGroupArn.apply((arn) => JSON.stringify(flowLogsTrustPolicy(arn))),
                    tags,
                },
                parent,
            );
            const rolePolicy = new aws.iam.RolePolicy(
                `${name}-flow-logs-policy`,
                {
                    role: this.flowLogRole.name,
                    policy: logGroupArn.apply((arn) => JSON.stringify(flowLogsRolePolicy(arn))),
                },
                parent,
            );
            // A flow log created before its role's policy exists reports delivery errors until the policy lands.
            this.flowLog = new aws.ec2.FlowLog(
                `${name}-flow-log`,
                {
                    vpcId: this.vpcId,
                    trafficType: "ALL",
                    logDestinationType: "cloud-watch-logs",
                    logDestination: logGroupArn,
                    iamRoleArn: this.flowLogRole.arn,
                    tags,
                },
                { parent: this, dependsOn: [rolePolicy] },
            );
        } else {
            this.flowLogGroup = undefined;
            this.flowLogRole = undefined;
            this.flowLog = undefined;
        }

        // Managing the default group with no rule blocks removes the rules AWS puts in it.
        this.defaultSecurityGroup = new aws.ec2.DefaultSecurityGroup(
            `${name}-default-sg`,
            {
                vpcId: this.vpcId,
                ingress: [],
                egress: [],
                tags,
            },
            parent,
        );

        this.registerOutputs({
            vpc: this.vpc,
            vpcId: this.vpcId,
            publicSubnetIds: this.publicSubnetIds,
            privateSubnetIds: this.privateSubnetIds,
            cidrBlock: this.cidrBlock,
            flowLogGroup: this.flowLogGroup,
            flowLogRole: this.flowLogRole,
            flowLog: this.flowLog,
            defaultSecurityGroup: this.defaultSecurityGroup,
        });
    }
}
