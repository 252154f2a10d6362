import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { checkNetworkSettings, MAX_AZ_RANGE_PREFIX, NETWORK_SETTINGS_KEYS, subnetLayout } from "./checks";
import { cidrPrefix, isRecord, Problems } from "../core/validate";

/** How private subnets reach the internet. */
export type NatStrategy = "none" | "single" | "onePerAz";

/** Plain settings of a {@link Network}, shared with the stack config and profiles. */
export interface NetworkSettings {
    /**
     * Availability zones to spread subnets over (2-6); a /24 `cidrBlock` takes at most 4.
     * @default 2
     */
    azCount?: number;
    /**
     * NAT gateways: `single` (cheap, one AZ's NAT is a single point of failure for egress), `onePerAz` (resilient),
     * or `none`: private subnets without a route out, where Fargate tasks reach ECR, CloudWatch Logs and Secrets
     * Manager only through VPC endpoints the caller adds (ECR `api` and `dkr`, S3 gateway, `logs`, `secretsmanager`
     * or `ssm`). The stack config refuses `none`, since the stack's tasks run in these subnets and adds no endpoints.
     * @default "single"
     */
    natGateways?: NatStrategy;
    /**
     * IPv4 range of the VPC, /16 to /24, wide enough for a /27 public subnet per AZ (an ALB's minimum).
     * @default "10.0.0.0/16"
     */
    cidrBlock?: string;
    /**
     * Days VPC flow logs are kept in CloudWatch Logs; `0` turns flow logs off.
     * @default 30
     */
    flowLogRetentionDays?: number;
}

/** Arguments of {@link Network}. */
export interface NetworkArgs extends NetworkSettings {
    /** Tags added to every child that takes tags. @default {} */
    tags?: Record<string, pulumi.Input<string>>;
}

/** {@link NetworkArgs} with every default filled in, as {@link resolveNetworkArgs} returns them. */
export interface ResolvedNetworkArgs {
    azCount: number;
    natGateways: NatStrategy;
    cidrBlock: string;
    flowLogRetentionDays: number;
    tags: Record<string, pulumi.Input<string>>;
}

/** Defaults of every {@link NetworkSettings} value; the `@default` tags repeat them. */
export const NETWORK_DEFAULTS: Readonly<Omit<ResolvedNetworkArgs, "tags">> = Object.freeze({
    azCount: 2,
    natGateways: "single",
    cidrBlock: "10.0.0.0/16",
    flowLogRetentionDays: 30,
});

/**
 * Longest component name. Pulumi appends 8 random characters to a child's name; the child with the
 * tightest limit is the flow-log role, `${name}-flow-logs-role`, as IAM role names have at most 64
 * characters (IAM user guide, "IAM and AWS STS quotas"). The other named children allow more: inline
 * policy names 128 characters, log group names 512 (CloudWatch Logs API reference, CreateLogGroup).
 */
export const MAX_NETWORK_NAME = 64 - "-flow-logs-role".length - 8;

/**
 * Validates `args` and fills in the defaults; never mutates `args`.
 * Throws a ConfigError listing every problem, e.g.
 * ``elastic-web:aws:Network "net": `azCount` (7) must be an integer from 2 to 6.``
 */
export function resolveNetworkArgs(name: string, args: NetworkArgs = {}): ResolvedNetworkArgs {
    const p = new Problems(`elastic-web:aws:Network "${name}"`);
    if (name.length > MAX_NETWORK_NAME) {
        p.list.push(
            `${p.where}: the name ${JSON.stringify(name)} is too long (${name.length} characters); IAM role names allow 64 characters including the "-flow-logs-role" role and Pulumi's 8-character suffix, so use at most ${MAX_NETWORK_NAME}.`,
        );
    }
    if (!isRecord(args)) {
        p.add("args", args, "must be an object of Network settings.");
        p.throwIfAny();
    }
    const settings: NetworkSettings = {};
    for (const key of NETWORK_SETTINGS_KEYS) {
        const value = (args as Record<string, unknown>)[key];
        if (value !== undefined) (settings as Record<string, unknown>)[key] = value;
    }
    p.knownKeys("", args, [...NETWORK_SETTINGS_KEYS, "tags"]);
    // Checked with the defaults filled in, so a value given meets the defaults of the others (a /24 block and the AZ count).
    checkNetworkSettings(p, { ...NETWORK_DEFAULTS, ...settings });
    if (args.tags !== undefined && !isRecord(args.tags)) p.add("tags", args.tags, "must be an object of tag names to values.");
    p.throwIfAny();
    return { ...NETWORK_DEFAULTS, ...settings, tags: { ...(args.tags ?? {}) } };
}

/** The awsx NAT gateway strategy of each {@link NatStrategy}. */
export const NAT_STRATEGIES: Readonly<Record<NatStrategy, awsx.ec2.NatGatewayStrategy>> = Object.freeze({
    none: awsx.ec2.NatGatewayStrategy.None,
    single: awsx.ec2.NatGatewayStrategy.Single,
    onePerAz: awsx.ec2.NatGatewayStrategy.OnePerAz,
});

/** Netmasks of the subnet layout: each AZ's range, and the private and public subnet inside it. */
export interface SubnetMasks {
    az: number;
    private: number;
    public: number;
}

/**
 * Splits the VPC evenly over the AZs (rounded up to a power of two), then gives each AZ's private
 * subnet half of its range and its public subnet a quarter (the last quarter stays free for later use).
 * An ALB needs subnets of at least /27 (Elastic Load Balancing, "Subnets for your load balancer"), so on
 * a small VPC the public subnet takes a /27, the other half of the AZ's range; a VPC too small for that
 * throws (resolveNetworkArgs refuses it first).
 */
export function subnetMasks(cidrBlock: string, azCount: number): SubnetMasks {
    const prefix = cidrPrefix(cidrBlock);
    if (prefix === undefined) throw new Error(`subnetMasks: ${JSON.stringify(cidrBlock)} is not an IPv4 CIDR block.`);
    const layout = subnetLayout(prefix, azCount);
    if (!layout) {
        throw new Error(
            `subnetMasks: ${cidrBlock} over ${azCount} AZs leaves each AZ less than the /${MAX_AZ_RANGE_PREFIX} a /27 public subnet and a private subnet need.`,
        );
    }
    return layout;
}

/** The parts of an ARN (`arn:partition:service:region:account:resource`). */
function arnParts(arn: string): { partition: string; region: string; account: string } {
    const [prefix, partition, , region, account] = arn.split(":");
    if (prefix !== "arn" || !partition || !region || !/^\d{12}$/.test(account ?? "")) {
        throw new Error(`expected a regional ARN with an account id, got ${JSON.stringify(arn)}`);
    }
    return { partition, region, account };
}

/**
 * Trust policy of the flow-log role: only the VPC Flow Logs service, only on behalf of this account's
 * flow logs in this region (confused-deputy protection as the Amazon VPC user guide recommends in
 * "IAM role for publishing flow logs to CloudWatch Logs"). The flow log's own id is not known before
 * the role exists, hence the wildcard the guide allows for that case.
 */
export function flowLogsTrustPolicy(logGroupArn: string): object {
    const { partition, region, account } = arnParts(logGroupArn);
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "VpcFlowLogsAssumeRole",
                Effect: "Allow",
                Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: {
                    StringEquals: { "aws:SourceAccount": account },
                    ArnLike: { "aws:SourceArn": `arn:${partition}:ec2:${region}:${account}:vpc-flow-log/*` },
                },
            },
        ],
    };
}

/**
 * Permissions of the flow-log role: write streams and events to the one log group. The group exists
 * already, so `logs:CreateLogGroup` and `logs:DescribeLogGroups` from the user guide's generic policy
 * are not needed (the same set AWS CDK grants its flow-log role).
 */
export function flowLogsRolePolicy(logGroupArn: string): object {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "WriteFlowLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                Resource: [logGroupArn, `${logGroupArn}:*`],
            },
        ],
    };
}

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
        super("elastic-web:aws:Network", name, {}, opts);
        const a = resolveNetworkArgs(name, args);
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
