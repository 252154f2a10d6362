import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkLoadBalancerSettings, LOAD_BALANCER_SETTINGS_KEYS } from "./checks";
import { LoadBalancerAttachment } from "../core/types";
import { isPlain, isRecord, Problems } from "../core/validate";

/** Plain settings of a {@link LoadBalancer}, shared with the stack config and profiles. */
export interface LoadBalancerSettings {
    /**
     * ACM certificate for the HTTPS listener; with it, HTTP answers with a 301 redirect to HTTPS.
     * @default - no certificate: a plain HTTP listener
     */
    certificateArn?: string;
    /**
     * CIDR blocks allowed to reach the listener ports.
     * @default ["0.0.0.0/0"]
     */
    ingressCidrs?: string[];
    /**
     * Seconds a connection may stay idle (1-4000).
     * @default 60
     */
    idleTimeoutSeconds?: number;
    /**
     * Refuse to delete the ALB until this is turned off.
     * @default false
     */
    deletionProtection?: boolean;
    /**
     * Write access logs to a bucket the component creates (SSE-S3, ELB log-delivery policy).
     * @default true
     */
    accessLogs?: boolean;
    /**
     * Days access logs are kept before the bucket's lifecycle expires them.
     * @default 90
     */
    accessLogRetentionDays?: number;
    /**
     * Let `pulumi destroy` delete the access-log bucket with its logs.
     * @default false
     */
    forceDestroyLogs?: boolean;
    /**
     * WAFv2 web ACL (regional) to associate with the ALB.
     * @default - no WAF
     */
    wafWebAclArn?: string;
    /**
     * TLS policy of the HTTPS listener.
     * @default "ELBSecurityPolicy-TLS13-1-2-2021-06"
     */
    sslPolicy?: string;
}

/** Arguments of {@link LoadBalancer}. */
export interface LoadBalancerArgs extends LoadBalancerSettings {
    /** VPC of the ALB's security group. */
    vpcId: pulumi.Input<string>;
    /** Public subnets, in at least two availability zones. */
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * IPv4 range of the VPC; the ALB's security group then allows TCP egress to it (the targets).
     * Without it the group has no egress rule at all: each target must open its own path with an
     * egress rule on {@link LoadBalancer.securityGroup} towards the target's security group and port.
     * @default - no egress rule on the ALB's security group
     * @example network.cidrBlock
     */
    vpcCidrBlock?: pulumi.Input<string>;
    /** Tags added to every child that takes tags. @default {} */
    tags?: Record<string, pulumi.Input<string>>;
}

/** {@link LoadBalancerArgs} with every default filled in, as {@link resolveLoadBalancerArgs} returns them. */
export interface ResolvedLoadBalancerArgs {
    certificateArn: string | undefined;
    ingressCidrs: string[];
    idleTimeoutSeconds: number;
    deletionProtection: boolean;
    accessLogs: boolean;
    accessLogRetentionDays: number;
    forceDestroyLogs: boolean;
    wafWebAclArn: string | undefined;
    sslPolicy: string;
    vpcId: pulumi.Input<string>;
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    vpcCidrBlock: pulumi.Input<string> | undefined;
    tags: Record<string, pulumi.Input<string>>;
}

type Defaulted =
    | "ingressCidrs"
    | "idleTimeoutSeconds"
    | "deletionProtection"
    | "accessLogs"
    | "accessLogRetentionDays"
    | "forceDestroyLogs"
    | "sslPolicy";

/** Defaults of the {@link LoadBalancerSettings} values; the `@default` tags repeat them. */
export const LOAD_BALANCER_DEFAULTS: Readonly<Pick<ResolvedLoadBalancerArgs, Defaulted>> = Object.freeze({
    ingressCidrs: Object.freeze(["0.0.0.0/0"]) as string[],
    idleTimeoutSeconds: 60,
    deletionProtection: false,
    accessLogs: true,
    accessLogRetentionDays: 90,
    forceDestroyLogs: false,
    sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
});

/** Keys of {@link LoadBalancerArgs} beyond the settings. */
const ARGS_KEYS = ["vpcId", "subnetIds", "vpcCidrBlock", "tags"];

/**
 * Longest component name: the ALB is named `${name}-alb` plus Pulumi's 8-character random suffix,
 * and an ALB name has at most 32 characters (Elastic Load Balancing API reference, CreateLoadBalancer).
 */
export const MAX_LOAD_BALANCER_NAME = 32 - "-alb".length - 8;

/**
 * Validates `args` and fills in the defaults; never mutates `args`.
 * Throws a ConfigError listing every problem, e.g.
 * ``elastic-web:aws:LoadBalancer "web": `idleTimeoutSeconds` (0) must be an integer from 1 to 4000.``
 */
export function resolveLoadBalancerArgs(name: string, args: LoadBalancerArgs): ResolvedLoadBalancerArgs {
    const p = new Problems(`elastic-web:aws:LoadBalancer "${name}"`);
    if (!isRecord(args)) {
        p.add("args", args, "must be an object with at least `vpcId` and `subnetIds`.");
        p.throwIfAny();
    }
    // The name becomes part of the ALB's name, which allows only letters, digits and hyphens.
    if (name.length > MAX_LOAD_BALANCER_NAME || !/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(name) || /^internal-/i.test(name)) {
        p.add(
            "name",
            name,
            `must be 1 to ${MAX_LOAD_BALANCER_NAME} letters, digits and hyphens, starting with a letter or digit and not with "internal-": the ALB is named "<name>-alb" plus an 8-character suffix, within AWS's 32-character limit.`,
        );
    }
    if (args.vpcId === undefined || args.vpcId === "") {
        p.missing("vpcId", "pass the VPC of the load balancer, e.g. `network.vpcId`.");
    }
    if (args.subnetIds === undefined) {
        p.missing("subnetIds", "pass public subnets in at least two availability zones, e.g. `network.publicSubnetIds`.");
    } else if (isPlain(args.subnetIds) && (!Array.isArray(args.subnetIds) || args.subnetIds.length < 2)) {
        p.add("subnetIds", args.subnetIds, "must list at least two public subnets in different availability zones; an ALB needs two.");
    }
    if (isPlain(args.vpcCidrBlock)) p.cidr("vpcCidrBlock", args.vpcCidrBlock);
    if (args.tags !== undefined && !isRecord(args.tags)) p.add("tags", args.tags, "must be an object of tag names to values.");
    checkLoadBalancerSettings(p, args, [...LOAD_BALANCER_SETTINGS_KEYS, ...ARGS_KEYS]);
    p.throwIfAny();
    const settings: LoadBalancerSettings = {};
    for (const key of LOAD_BALANCER_SETTINGS_KEYS) {
        const value = (args as unknown as Record<string, unknown>)[key];
        if (value !== undefined) (settings as Record<string, unknown>)[key] = value;
    }
    return {
        ...LOAD_BALANCER_DEFAULTS,
        certificateArn: undefined,
        wafWebAclArn: undefined,
        ...settings,
        ingressCidrs: [...(settings.ingressCidrs ?? LOAD_BALANCER_DEFAULTS.ingressCidrs)],
        vpcId: args.vpcId,
        subnetIds: args.subnetIds,
        vpcCidrBlock: args.vpcCidrBlock,
        tags: { ...(args.tags ?? {}) },
    };
}

/**
 * Elastic Load Balancing's log-delivery accounts in the Regions that opened before August 2022.
 * Regions opened later (ca-west-1, mx-central-1, eu-central-2, eu-south-2, ap-south-2,
 * ap-southeast-4/5/7, me-central-1, il-central-1, …) have none and deliver as the service principal
 * `logdelivery.elasticloadbalancing.amazonaws.com` instead.
 * Source: ALB user guide, "Enable access logs", step 2 "Attach a policy to your S3 bucket", as
 * mirrored in Terraform's `aws_elb_service_account` and AWS CDK's region facts (`ELBV2_ACCOUNTS`).
 */
export const ELB_LOG_DELIVERY_ACCOUNTS: Readonly<Record<string, string>> = Object.freeze({
    "us-east-1": "127311923021",
    "us-east-2": "033677994240",
    "us-west-1": "027434742980",
    "us-west-2": "797873946194",
    "af-south-1": "098369216593",
    "ap-east-1": "754344448648",
    "ap-south-1": "718504428378",
    "ap-northeast-1": "582318560864",
    "ap-northeast-2": "600734575887",
    "ap-northeast-3": "383597477331",
    "ap-southeast-1": "114774131450",
    "ap-southeast-2": "783225319266",
    "ap-southeast-3": "589379963580",
    "ca-central-1": "985666609251",
    "eu-central-1": "054676820928",
    "eu-west-1": "156460612806",
    "eu-west-2": "652711504416",
    "eu-west-3": "009996457667",
    "eu-south-1": "635631232127",
    "eu-north-1": "897822967062",
    "me-south-1": "076674570225",
    "sa-east-1": "507241528517",
});

/** Where the access-log bucket lives and who owns the load balancer. */
export interface AccessLogBucketPolicyInputs {
    bucketArn: string;
    partition: string;
    region: string;
    /** Account of the load balancer; logs arrive under `AWSLogs/<account>/`. */
    accountId: string;
}

/**
 * Policy of the access-log bucket: the Region's ELB log-delivery account (or, in Regions without
 * one, the log-delivery service principal) may put objects under this account's `AWSLogs/` prefix
 * only, and every request without TLS is denied.
 */
export function accessLogBucketPolicy(i: AccessLogBucketPolicyInputs): object {
    const elbAccount = ELB_LOG_DELIVERY_ACCOUNTS[i.region];
    const principal = elbAccount
        ? { AWS: `arn:${i.partition}:iam::${elbAccount}:root` }
        : { Service: "logdelivery.elasticloadbalancing.amazonaws.com" };
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AllowElbLogDelivery",
                Effect: "Allow",
                Principal: principal,
                Action: "s3:PutObject",
                Resource: `${i.bucketArn}/AWSLogs/${i.accountId}/*`,
            },
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [i.bucketArn, `${i.bucketArn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    };
}

/** The parts of an ARN (`arn:partition:service:region:account:resource`). */
function arnParts(arn: string): { partition: string; region: string; account: string } {
    const [prefix, partition, , region, account] = arn.split(":");
    if (prefix !== "arn" || !partition || !region || !/^\d{12}$/.test(account ?? "")) {
        throw new Error(`expected a regional ARN with an account id, got ${JSON.stringify(arn)}`);
    }
    return { partition, region, account };
}

/** The fixed response of a listener's default action: requests no service rule matches. */
const NOT_FOUND = {
    type: "fixed-response",
    fixedResponse: { contentType: "text/plain", statusCode: "404", messageBody: "Not Found" },
};

/**
 * An internet-facing Application Load Balancer that services share through listener rules:
 * its security group (only the listener ports open, to `ingressCidrs`), an HTTPS listener with a
 * TLS 1.3 policy and an HTTP→HTTPS redirect when a certificate is given (else a plain HTTP
 * listener), both answering 404 to requests no rule matches; an encrypted, private access-log
 * bucket; and an optional WAF association.
 *
 * Children: `${name}-alb-sg`, `${name}-alb-in-<port>-<i>` (one per port and CIDR),
 * `${name}-alb-out-vpc` (with `vpcCidrBlock`), `${name}-alb`, `${name}-https` (with a certificate),
 * `${name}-http`, `${name}-waf` (with a web ACL), and with access logs `${name}-access-logs` and its
 * `-public-access`, `-ownership`, `-encryption`, `-lifecycle`, `-policy`.
 *
 * @example
 * const lb = new LoadBalancer("web", {
 *     vpcId: network.vpcId,
 *     subnetIds: network.publicSubnetIds,
 *     vpcCidrBlock: network.cidrBlock,
 *     certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f",
 * });
 * new ElasticService("api", { image, vpcId: network.vpcId, subnetIds: network.privateSubnetIds, loadBalancer: lb.attachment });
 */
export class LoadBalancer extends pulumi.ComponentResource {
    /** The Application Load Balancer. */
    readonly loadBalancer: aws.lb.LoadBalancer;
    /** Security group of the ALB; targets admit traffic from this group only. */
    readonly securityGroup: aws.ec2.SecurityGroup;
    /** The listener services attach their rules to: HTTPS when a certificate is given, else HTTP. */
    readonly listener: aws.lb.Listener;
    /** The HTTPS listener (port 443); undefined without a certificate. */
    readonly httpsListener: aws.lb.Listener | undefined;
    /** The HTTP listener (port 80): a 301 redirect to HTTPS with a certificate, else the service listener. */
    readonly httpListener: aws.lb.Listener;
    /** Bucket receiving the access logs; undefined when `accessLogs` is false. */
    readonly logBucket: aws.s3.Bucket | undefined;
    /** The WAF association; undefined without `wafWebAclArn`. */
    readonly wafAssociation: aws.wafv2.WebAclAssociation | undefined;
    /** DNS name of the ALB, e.g. `web-alb-1234567890.us-east-1.elb.amazonaws.com`. */
    readonly dnsName: pulumi.Output<string>;
    /** `https://<dnsName>` with a certificate, else `http://<dnsName>`. */
    readonly url: pulumi.Output<string>;
    /** `arnSuffix` of the ALB (`app/<name>/<id>`), the CloudWatch `LoadBalancer` dimension. */
    readonly arnSuffix: pulumi.Output<string>;
    /** What an ElasticService needs to attach: pass it as the service's `loadBalancer`. */
    readonly attachment: LoadBalancerAttachment;

    constructor(name: string, args: LoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("elastic-web:aws:LoadBalancer", name, {}, opts);
        const a = resolveLoadBalancerArgs(name, args);
        const parent = { parent: this };
        const tags = a.tags;
        const https = a.certificateArn !== undefined;
        const ports = https ? [443, 80] : [80];

        this.securityGroup = new aws.ec2.SecurityGroup(
            `${name}-alb-sg`,
            {
                vpcId: a.vpcId,
                description: `Load balancer ${name}: listener ports from the allowed CIDR blocks`,
                tags,
            },
            parent,
        );
        // Rules are separate resources (not inline blocks), as the AWS provider recommends; the
        // provider removes the allow-all egress rule AWS adds to a new group.
        for (const port of ports) {
            a.ingressCidrs.forEach((cidr, i) => {
                new aws.vpc.SecurityGroupIngressRule(
                    `${name}-alb-in-${port}-${i}`,
                    {
                        securityGroupId: this.securityGroup.id,
                        description: `${port === 443 ? "HTTPS" : "HTTP"} from ${cidr}`,
                        ipProtocol: "tcp",
                        fromPort: port,
                        toPort: port,
                        cidrIpv4: cidr,
                        tags,
                    },
                    parent,
                );
            });
        }
        if (a.vpcCidrBlock !== undefined) {
            new aws.vpc.SecurityGroupEgressRule(
                `${name}-alb-out-vpc`,
                {
                    securityGroupId: this.securityGroup.id,
                    description: "To targets and health checks inside the VPC",
                    ipProtocol: "tcp",
                    fromPort: 0,
                    toPort: 65535,
                    cidrIpv4: a.vpcCidrBlock,
                    tags,
                },
                parent,
            );
        }

        let logPolicy: aws.s3.BucketPolicy | undefined;
        if (a.accessLogs) {
            const bucket = new aws.s3.Bucket(`${name}-access-logs`, { forceDestroy: a.forceDestroyLogs, tags }, parent);
            const publicAccess = new aws.s3.BucketPublicAccessBlock(
                `${name}-access-logs-public-access`,
                {
                    bucket: bucket.id,
                    blockPublicAcls: true,
                    blockPublicPolicy: true,
                    ignorePublicAcls: true,
                    restrictPublicBuckets: true,
                },
                parent,
            );
            const ownership = new aws.s3.BucketOwnershipControls(
                `${name}-access-logs-ownership`,
                {
                    bucket: bucket.id,
                    rule: { objectOwnership: "BucketOwnerEnforced" },
                },
                parent,
            );
            // ALB access logs support SSE-S3 only (ALB user guide, "Enable access logs", step 1).
            new aws.s3.BucketServerSideEncryptionConfiguration(
                `${name}-access-logs-encryption`,
                {
                    bucket: bucket.id,
                    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
                },
                parent,
            );
            new aws.s3.BucketLifecycleConfiguration(
                `${name}-access-logs-lifecycle`,
                {
                    bucket: bucket.id,
                    rules: [
                        {
                            id: "expire-access-logs",
                            status: "Enabled",
                            filter: {},
                            expiration: { days: a.accessLogRetentionDays },
                            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                        },
                    ],
                },
                parent,
            );
            // The security group's ARN carries this component's partition, Region and account, so the
            // policy needs no data-source call.
            const policy = pulumi.all([bucket.arn, this.securityGroup.arn]).apply(([bucketArn, sgArn]) => {
                const { partition, region, account } = arnParts(sgArn);
                return JSON.stringify(accessLogBucketPolicy({ bucketArn, partition, region, accountId: account }));
            });
            // S3 rejects concurrent configuration changes of one bucket, so the policy waits for the others.
            logPolicy = new aws.s3.BucketPolicy(
                `${name}-access-logs-policy`,
                {
                    bucket: bucket.id,
                    policy,
                },
                { parent: this, dependsOn: [publicAccess, ownership] },
            );
            this.logBucket = bucket;
        } else {
            this.logBucket = undefined;
        }

        // Enabling access logs makes ELB write a test object, which fails before the bucket policy exists.
        this.loadBalancer = new aws.lb.LoadBalancer(
            `${name}-alb`,
            {
                loadBalancerType: "application",
                internal: false,
                securityGroups: [this.securityGroup.id],
                subnets: a.subnetIds,
                idleTimeout: a.idleTimeoutSeconds,
                enableDeletionProtection: a.deletionProtection,
                dropInvalidHeaderFields: true,
                accessLogs: this.logBucket ? { bucket: this.logBucket.bucket, enabled: true } : undefined,
                tags,
            },
            { parent: this, dependsOn: logPolicy ? [logPolicy] : [] },
        );

        if (https) {
            this.httpsListener = new aws.lb.Listener(
                `${name}-https`,
                {
                    loadBalancerArn: this.loadBalancer.arn,
                    port: 443,
                    protocol: "HTTPS",
                    sslPolicy: a.sslPolicy,
                    certificateArn: a.certificateArn,
                    defaultActions: [NOT_FOUND],
                    tags,
                },
                parent,
            );
            this.httpListener = new aws.lb.Listener(
                `${name}-http`,
                {
                    loadBalancerArn: this.loadBalancer.arn,
                    port: 80,
                    protocol: "HTTP",
                    defaultActions: [
                        {
                            type: "redirect",
                            redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" },
                        },
                    ],
                    tags,
                },
                parent,
            );
            this.listener = this.httpsListener;
        } else {
            this.httpsListener = undefined;
            this.httpListener = new aws.lb.Listener(
                `${name}-http`,
                {
                    loadBalancerArn: this.loadBalancer.arn,
                    port: 80,
                    protocol: "HTTP",
                    defaultActions: [NOT_FOUND],
                    tags,
                },
                parent,
            );
            this.listener = this.httpListener;
        }

        this.wafAssociation =
            a.wafWebAclArn !== undefined
                ? new aws.wafv2.WebAclAssociation(
                      `${name}-waf`,
                      {
                          resourceArn: this.loadBalancer.arn,
                          webAclArn: a.wafWebAclArn,
                      },
                      parent,
                  )
                : undefined;

        this.dnsName = this.loadBalancer.dnsName;
        this.url = pulumi.interpolate`${https ? "https" : "http"}://${this.loadBalancer.dnsName}`;
        this.arnSuffix = this.loadBalancer.arnSuffix;
        this.attachment = {
            listenerArn: this.listener.arn,
            securityGroupId: this.securityGroup.id,
            loadBalancerArnSuffix: this.arnSuffix,
        };

        this.registerOutputs({
            loadBalancer: this.loadBalancer,
            securityGroup: this.securityGroup,
            listener: this.listener,
            httpsListener: this.httpsListener,
            httpListener: this.httpListener,
            logBucket: this.logBucket,
            wafAssociation: this.wafAssociation,
            dnsName: this.dnsName,
            url: this.url,
            arnSuffix: this.arnSuffix,
            attachment: this.attachment,
        });
    }
}
