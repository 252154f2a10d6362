import type * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";

/** Options of {@link ElasticMocks}. */
export interface ElasticMocksOptions {
    /**
     * Region of resources that name none (no `region` input, no provider with a region) when the
     * config has no `aws:region`.
     * @default "us-east-1"
     */
    region?: string;
    /**
     * Account id in every ARN and in `getCallerIdentity`.
     * @default "123456789012"
     */
    accountId?: string;
    /**
     * Outputs of the stacks a program reads with `new pulumi.StackReference(name)`, by stack name
     * (`org/project/stack`); see {@link ElasticMocks.setStackOutputs}. A stack not listed has no outputs.
     * @default {}
     * @example { "acme/shared/prod": { certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/shared" } }
     */
    stackOutputs?: Record<string, Record<string, unknown>>;
}

/** Suffix AWS appends to ALB ARNs; fixed so tests can write ARNs out. */
export const ALB_ARN_SUFFIX_ID = "50dc6c495c0c9188";
/** Suffix AWS appends to target group ARNs; fixed so tests can write ARNs out. */
export const TARGET_GROUP_ARN_SUFFIX_ID = "73e2d6bc24d8a067";

/**
 * Route 53 hosted zone of Application Load Balancers per region.
 * Source: AWS General Reference, "Elastic Load Balancing endpoints and quotas"
 * (https://docs.aws.amazon.com/general/latest/gr/elb.html), Application Load Balancers column.
 */
const ALB_ZONE_IDS: Readonly<Record<string, string>> = {
    "us-east-1": "Z35SXDOTRQ7X7K",
    "us-east-2": "Z3AADJGX6KTTL2",
    "us-west-1": "Z368ELLRRE2KJ0",
    "us-west-2": "Z1H1FL5HABSF5",
    "eu-west-1": "Z32O12XQLNTSW2",
    "eu-central-1": "Z215JYRZR1TBD5",
    "ap-south-1": "Z11127IXD6XFTK",
};

/** Services whose resources have no region: their ARNs leave the region field empty. */
const GLOBAL_SERVICES = new Set(["iam", "cloudfront", "route53", "organizations", "budgets"]);

const AWS_PROVIDER = "pulumi:providers:aws";
const STACK_REFERENCE = "pulumi:pulumi:StackReference";

type Inputs = Record<string, any>;
type State = Record<string, unknown>;

/** What a per-type rule needs to compute a resource's state. */
interface Context {
    /** Logical name. */
    name: string;
    inputs: Inputs;
    region: string;
    account: string;
    /** `arn:aws:<service>:<region>:<account>:` for the given service (global services drop the region). */
    arn(service: string): string;
}

type Rule = (c: Context) => State;

/**
 * Mocks for `pulumi.runtime.setMocks` that return what AWS would: ids `${name}-id`, ARNs and names
 * that carry the logical name, DNS names, and the outputs of the awsx remote components (whose
 * children do not exist under mocks). Data-source calls other than the account, region, partition
 * and availability-zone lookups throw, naming the token.
 *
 * @example
 * pulumi.runtime.setMocks(new ElasticMocks({ region: "eu-west-1" }), "elastic-web", "dev", true);
 */
export class ElasticMocks implements pulumi.runtime.Mocks {
    /** Region of resources that name none, unless the config sets `aws:region`. */
    readonly region: string;
    /** Account id in ARNs and `getCallerIdentity`. */
    readonly accountId: string;
    /** Regions of the aws providers registered so far, by provider name. */
    private readonly providerRegions = new Map<string, string>();
    /** Outputs of referenced stacks, by stack name. */
    private readonly stackOutputs = new Map<string, Record<string, unknown>>();

    constructor(options: ElasticMocksOptions = {}) {
        this.region = options.region ?? "us-east-1";
        this.accountId = options.accountId ?? "123456789012";
        for (const [stack, outputs] of Object.entries(options.stackOutputs ?? {})) this.setStackOutputs(stack, outputs);
    }

    /**
     * Sets the outputs a `pulumi.StackReference` to `stack` (`org/project/stack`) reads from now on;
     * `undefined` removes them, so the stack has no outputs.
     * @example useMocks().setStackOutputs("acme/ops/prod", { alarmTopicArn: "arn:aws:sns:us-east-1:123456789012:ops" });
     */
    setStackOutputs(stack: string, outputs: Record<string, unknown> | undefined): void {
        if (outputs === undefined) this.stackOutputs.delete(stack);
        else this.stackOutputs.set(stack, { ...outputs });
    }

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: State } {
        const id = `${args.name}-id`;
        const inputs: Inputs = args.inputs ?? {};
        if (args.type === AWS_PROVIDER) {
            if (typeof inputs.region === "string") this.providerRegions.set(args.name, inputs.region);
            else this.providerRegions.delete(args.name);
            return { id, state: inputs };
        }
        if (args.type.startsWith("pulumi:providers:")) return { id, state: inputs };
        if (args.type === STACK_REFERENCE) {
            // A stack reference is read by the stack's name; its state is the stack's outputs, none of them secret.
            const stack = typeof inputs.name === "string" ? inputs.name : (args.id ?? args.name);
            return {
                id: args.id ?? stack,
                state: { name: stack, outputs: { ...(this.stackOutputs.get(stack) ?? {}) }, secretOutputNames: [] },
            };
        }
        const region = this.regionOf(inputs, args.provider);
        const computed = computeState(args.type, {
            name: args.name,
            inputs,
            region,
            account: this.accountId,
            arn: (service) => `arn:aws:${service}:${GLOBAL_SERVICES.has(service) ? "" : region}:${this.accountId}:`,
        });
        return { id, state: { ...inputs, ...computed } };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        const inputs: Inputs = args.inputs ?? {};
        const region = this.regionOf(inputs, args.provider);
        switch (args.token) {
            case "aws:index/getCallerIdentity:getCallerIdentity":
                return {
                    accountId: this.accountId,
                    arn: `arn:aws:iam::${this.accountId}:user/mock`,
                    id: this.accountId,
                    userId: "AIDAMOCKUSERID000000",
                };
            case "aws:index/getRegion:getRegion":
                return {
                    id: region,
                    name: region,
                    region,
                    description: region,
                    endpoint: `ec2.${region}.amazonaws.com`,
                };
            case "aws:index/getPartition:getPartition":
                return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
            case "aws:index/getAvailabilityZones:getAvailabilityZones": {
                const letters = region === "us-east-1" ? "abcdef" : "abc";
                const names = [...letters].map((l) => `${region}${l}`);
                return {
                    id: region,
                    region,
                    names,
                    zoneIds: names.map((_, i) => `${zoneIdPrefix(region)}-az${i + 1}`),
                    groupNames: [region],
                    state: "available",
                };
            }
            default:
                throw new MockCallError(
                    `ElasticMocks: no mock for call ${JSON.stringify(args.token)}; ` +
                        "compute the value in code (or pass it as an input) instead of calling a data source.",
                );
        }
    }

    /**
     * The region a resource or call runs in: its own `region` input (@pulumi/aws v7), else its
     * provider's `region`, else the config's `aws:region`, else {@link region}.
     */
    regionOf(inputs: Inputs, providerRef?: string): string {
        if (typeof inputs.region === "string" && inputs.region !== "") return inputs.region;
        const provider = parseProviderRef(providerRef);
        if (provider?.type === AWS_PROVIDER) {
            const region = this.providerRegions.get(provider.name);
            if (region) return region;
        }
        return this.defaultRegion();
    }

    /** The config's `aws:region` (what the default provider would use), else {@link region}. */
    defaultRegion(): string {
        // Required lazily: reading config must not load @pulumi/pulumi at import time.
        const { runtime } = require("@pulumi/pulumi") as typeof pulumi;
        const configured = runtime.getConfig("aws:region");
        return configured && configured !== "" ? configured : this.region;
    }
}

/**
 * Thrown by {@link ElasticMocks.call}. Pulumi rebuilds a failed invoke's error from the gRPC
 * `details` field, so the message is carried there too.
 */
export class MockCallError extends Error {
    readonly details: string;

    constructor(message: string) {
        super(message);
        this.name = "MockCallError";
        this.details = message;
    }
}

/** Splits a provider reference (`<urn>::<id>`) into its urn, type and name. */
export function parseProviderRef(ref: string | undefined): { urn: string; type: string; name: string } | undefined {
    if (!ref) return undefined;
    const cut = ref.lastIndexOf("::");
    const urn = cut > 0 ? ref.slice(0, cut) : ref;
    const parts = urn.split("::");
    if (parts.length < 4) return undefined;
    return { urn, type: parts[2].split("$").pop()!, name: parts.slice(3).join("::") };
}

/** 16 hex digits derived from a string: stable ARN ids for listeners, rules, policies. */
function hex(seed: string, length = 16): string {
    return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

/** A UUID-shaped id derived from a string. */
function uuid(seed: string): string {
    const h = hex(seed, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** `use1` for us-east-1, `euc1` for eu-central-1, `apse2` for ap-southeast-2. */
function zoneIdPrefix(region: string): string {
    const [area, direction = "", number = ""] = region.split("-");
    const short: Record<string, string> = {
        east: "e",
        west: "w",
        north: "n",
        south: "s",
        central: "c",
        northeast: "ne",
        northwest: "nw",
        southeast: "se",
        southwest: "sw",
    };
    return `${area}${short[direction] ?? direction.slice(0, 1)}${number}`;
}

function str(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" ? value : undefined;
}

/** The resource's physical name: its `name` input, else the logical name (what autonaming would pick, without the suffix). */
function nameOf(c: Context, key = "name"): string {
    return str(c.inputs[key]) ?? c.name;
}

/** The name inside an ARN's resource part after `marker` (`cluster/`, `loadbalancer/app/`). */
function afterMarker(arn: unknown, marker: string): string | undefined {
    if (typeof arn !== "string") return undefined;
    const at = arn.indexOf(marker);
    return at < 0 ? undefined : arn.slice(at + marker.length);
}

const loadBalancer: Rule = (c) => {
    const name = nameOf(c);
    const kind = c.inputs.loadBalancerType === "network" ? "net" : c.inputs.loadBalancerType === "gateway" ? "gwy" : "app";
    const arnSuffix = `${kind}/${name}/${ALB_ARN_SUFFIX_ID}`;
    const internal = c.inputs.internal === true ? "internal-" : "";
    return {
        name,
        arn: `${c.arn("elasticloadbalancing")}loadbalancer/${arnSuffix}`,
        arnSuffix,
        dnsName: `${internal}${name}-1234567890.${c.region}.elb.amazonaws.com`,
        zoneId: ALB_ZONE_IDS[c.region] ?? `Z${hex(c.region, 13).toUpperCase()}`,
        loadBalancerType: c.inputs.loadBalancerType ?? "application",
    };
};

const targetGroup: Rule = (c) => {
    const name = nameOf(c);
    const arnSuffix = `targetgroup/${name}/${TARGET_GROUP_ARN_SUFFIX_ID}`;
    return { name, arn: `${c.arn("elasticloadbalancing")}${arnSuffix}`, arnSuffix };
};

const listener: Rule = (c) => {
    const lb = afterMarker(c.inputs.loadBalancerArn, "loadbalancer/") ?? `app/${c.name}/${ALB_ARN_SUFFIX_ID}`;
    const arnSuffix = `listener/${lb}/${hex(c.name)}`;
    return { arn: `${c.arn("elasticloadbalancing")}${arnSuffix}`, arnSuffix };
};

const listenerRule: Rule = (c) => {
    const path = afterMarker(c.inputs.listenerArn, "listener/") ?? `app/${c.name}/${ALB_ARN_SUFFIX_ID}/${hex("listener")}`;
    return { arn: `${c.arn("elasticloadbalancing")}listener-rule/${path}/${hex(c.name)}` };
};

const bucket: Rule = (c) => {
    const name = str(c.inputs.bucket) ?? (str(c.inputs.bucketPrefix) ? `${c.inputs.bucketPrefix}${hex(c.name, 8)}` : c.name);
    return {
        bucket: name,
        arn: `arn:aws:s3:::${name}`,
        bucketDomainName: `${name}.s3.amazonaws.com`,
        bucketRegionalDomainName: `${name}.s3.${c.region}.amazonaws.com`,
        bucketRegion: c.region,
    };
};

const securityGroupRule: Rule = (c) => ({ arn: `${c.arn("ec2")}security-group-rule/${c.name}-id`, securityGroupRuleId: `${c.name}-id` });

/** Settings attached to another resource (a bucket's policy, a cluster's providers): AWS gives them no ARN of their own. */
const noArn: Rule = () => ({});

/** Per-type computed state; both spellings of the ELB tokens that @pulumi/aws v7 keeps. */
const RULES: Readonly<Record<string, Rule>> = {
    "aws:iam/role:Role": (c) => {
        const name = nameOf(c);
        const path = str(c.inputs.path) ?? "/";
        return { name, arn: `${c.arn("iam")}role${path}${name}`, uniqueId: `AROA${hex(c.name, 17).toUpperCase()}`, path };
    },
    "aws:iam/policy:Policy": (c) => {
        const name = nameOf(c);
        const path = str(c.inputs.path) ?? "/";
        return { name, arn: `${c.arn("iam")}policy${path}${name}`, policyId: `ANPA${hex(c.name, 17).toUpperCase()}`, path };
    },
    "aws:iam/instanceProfile:InstanceProfile": (c) => ({ name: nameOf(c), arn: `${c.arn("iam")}instance-profile/${nameOf(c)}` }),
    "aws:iam/user:User": (c) => ({ name: nameOf(c), arn: `${c.arn("iam")}user/${nameOf(c)}` }),
    "aws:iam/rolePolicy:RolePolicy": (c) => ({ name: nameOf(c) }),
    "aws:ecs/cluster:Cluster": (c) => ({ name: nameOf(c), arn: `${c.arn("ecs")}cluster/${nameOf(c)}` }),
    "aws:ecs/service:Service": (c) => {
        const cluster = afterMarker(c.inputs.cluster, "cluster/") ?? str(c.inputs.cluster) ?? "default";
        return {
            name: nameOf(c),
            arn: `${c.arn("ecs")}service/${cluster}/${nameOf(c)}`,
            cluster: c.inputs.cluster ?? `${c.arn("ecs")}cluster/default`,
        };
    },
    "aws:ecs/taskDefinition:TaskDefinition": (c) => {
        const family = str(c.inputs.family) ?? c.name;
        const arnWithoutRevision = `${c.arn("ecs")}task-definition/${family}`;
        return { family, revision: 1, arn: `${arnWithoutRevision}:1`, arnWithoutRevision };
    },
    "aws:ecs/capacityProvider:CapacityProvider": (c) => ({ name: nameOf(c), arn: `${c.arn("ecs")}capacity-provider/${nameOf(c)}` }),
    "aws:lb/loadBalancer:LoadBalancer": loadBalancer,
    "aws:alb/loadBalancer:LoadBalancer": loadBalancer,
    "aws:lb/targetGroup:TargetGroup": targetGroup,
    "aws:alb/targetGroup:TargetGroup": targetGroup,
    "aws:lb/listener:Listener": listener,
    "aws:alb/listener:Listener": listener,
    "aws:lb/listenerRule:ListenerRule": listenerRule,
    "aws:alb/listenerRule:ListenerRule": listenerRule,
    "aws:sns/topic:Topic": (c) => {
        const name = str(c.inputs.name) ?? (c.inputs.fifoTopic === true ? `${c.name}.fifo` : c.name);
        return { name, arn: `${c.arn("sns")}${name}`, owner: c.account };
    },
    "aws:sns/topicSubscription:TopicSubscription": (c) => ({
        arn: `${str(c.inputs.topic) ?? `${c.arn("sns")}${c.name}`}:${uuid(c.name)}`,
        ownerId: c.account,
    }),
    "aws:kms/key:Key": (c) => ({ keyId: `${c.name}-id`, arn: `${c.arn("kms")}key/${c.name}-id` }),
    "aws:kms/alias:Alias": (c) => {
        const name = str(c.inputs.name) ?? `alias/${c.name}`;
        const target = str(c.inputs.targetKeyId);
        return {
            name,
            arn: `${c.arn("kms")}${name}`,
            targetKeyArn: target?.startsWith("arn:") ? target : `${c.arn("kms")}key/${target ?? `${c.name}-id`}`,
        };
    },
    "aws:s3/bucket:Bucket": bucket,
    "aws:s3/bucketV2:BucketV2": bucket,
    "aws:cloudwatch/logGroup:LogGroup": (c) => ({ name: nameOf(c), arn: `${c.arn("logs")}log-group:${nameOf(c)}` }),
    "aws:cloudwatch/metricAlarm:MetricAlarm": (c) => ({ name: nameOf(c), arn: `${c.arn("cloudwatch")}alarm:${nameOf(c)}` }),
    "aws:cloudwatch/compositeAlarm:CompositeAlarm": (c) => {
        const alarmName = nameOf(c, "alarmName");
        return { alarmName, arn: `${c.arn("cloudwatch")}alarm:${alarmName}` };
    },
    "aws:cloudwatch/dashboard:Dashboard": (c) => {
        const dashboardName = nameOf(c, "dashboardName");
        return { dashboardName, dashboardArn: `arn:aws:cloudwatch::${c.account}:dashboard/${dashboardName}` };
    },
    "aws:ecr/repository:Repository": (c) => ({
        name: nameOf(c),
        arn: `${c.arn("ecr")}repository/${nameOf(c)}`,
        registryId: c.account,
        repositoryUrl: `${c.account}.dkr.ecr.${c.region}.amazonaws.com/${nameOf(c)}`,
    }),
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": (c) => ({ registryId: c.account }),
    "aws:wafv2/webAcl:WebAcl": (c) => wafArn(c, "webacl"),
    "aws:wafv2/ipSet:IpSet": (c) => wafArn(c, "ipset"),
    "aws:wafv2/ruleGroup:RuleGroup": (c) => wafArn(c, "rulegroup"),
    "aws:wafv2/regexPatternSet:RegexPatternSet": (c) => wafArn(c, "regexpatternset"),
    "aws:appautoscaling/target:Target": (c) => ({ arn: `${c.arn("application-autoscaling")}scalable-target/${hex(c.name, 32)}` }),
    "aws:appautoscaling/policy:Policy": (c) => ({
        name: nameOf(c),
        arn: `${c.arn("autoscaling")}scalingPolicy:${uuid(c.name)}:resource/${str(c.inputs.resourceId) ?? c.name}:policyName/${nameOf(c)}`,
        alarmArns: [],
    }),
    "aws:appautoscaling/scheduledAction:ScheduledAction": (c) => ({
        name: nameOf(c),
        arn: `${c.arn("autoscaling")}scheduledAction:${uuid(c.name)}:resource/${str(c.inputs.resourceId) ?? c.name}:scheduledActionName/${nameOf(c)}`,
    }),
    "aws:ec2/securityGroup:SecurityGroup": (c) => ({
        name: nameOf(c),
        arn: `${c.arn("ec2")}security-group/${c.name}-id`,
        ownerId: c.account,
    }),
    // A VPC's default group is named "default" and keeps its security-group ARN.
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": (c) => ({
        name: "default",
        arn: `${c.arn("ec2")}security-group/${c.name}-id`,
        ownerId: c.account,
    }),
    // EC2 ARN formats: Service Authorization Reference, "Actions, resources, and condition keys for
    // Amazon EC2", resource types `vpc-flow-log` and `security-group-rule`.
    "aws:ec2/flowLog:FlowLog": (c) => ({ arn: `${c.arn("ec2")}vpc-flow-log/${c.name}-id` }),
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": securityGroupRule,
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": securityGroupRule,
    "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": noArn,
    "aws:s3/bucketVersioning:BucketVersioning": noArn,
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": noArn,
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": noArn,
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": noArn,
    "aws:s3/bucketPolicy:BucketPolicy": noArn,
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": noArn,
    "aws:s3/bucketLogging:BucketLogging": noArn,
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig": noArn,
    "aws:wafv2/webAclAssociation:WebAclAssociation": noArn,
    // The policy's `arn` is the topic's, an input; the generic rule would overwrite it.
    "aws:sns/topicPolicy:TopicPolicy": (c) => ({ owner: c.account }),
    "aws:acm/certificate:Certificate": (c) => ({ arn: `${c.arn("acm")}certificate/${uuid(c.name)}` }),
    "awsx:ec2:Vpc": vpc,
    "awsx:ecr:Repository": (c) => ({
        url: `${c.account}.dkr.ecr.${c.region}.amazonaws.com/${c.name.toLowerCase()}`,
    }),
    "awsx:ecr:Image": (c) => ({
        // awsx returns `${repositoryUrl}@${digest}` (awsx/ecr/image.ts, computeImageFromAsset).
        imageUri: `${str(c.inputs.repositoryUrl) ?? `${c.account}.dkr.ecr.${c.region}.amazonaws.com/${c.name}`}@sha256:${createHash(
            "sha256",
        )
            .update(`${c.name}:${str(c.inputs.imageTag) ?? ""}`)
            .digest("hex")}`,
    }),
};

function wafArn(c: Context, kind: string): State {
    const name = nameOf(c);
    const scope = c.inputs.scope === "CLOUDFRONT" ? "global" : "regional";
    // CloudFront-scoped WAF resources live in us-east-1 whatever the provider's region.
    const arnRegion = scope === "global" ? "us-east-1" : c.region;
    return { name, arn: `arn:aws:wafv2:${arnRegion}:${c.account}:${scope}/${kind}/${name}/${uuid(c.name)}` };
}

/**
 * awsx's VPC is a remote component: under mocks its children do not exist, so its outputs are
 * made here, sized like awsx sizes them. awsx defaults to 3 AZs and, with public and private
 * subnets, one NAT gateway per AZ (awsx `ec2.VpcArgs` docs for `numberOfAvailabilityZones`, `natGateways`).
 */
function vpc(c: Context): State {
    const names = Array.isArray(c.inputs.availabilityZoneNames) ? c.inputs.availabilityZoneNames : undefined;
    const azCount = typeof c.inputs.numberOfAvailabilityZones === "number" ? c.inputs.numberOfAvailabilityZones : (names?.length ?? 3);
    const strategy = c.inputs.natGateways?.strategy ?? "OnePerAz";
    const natCount = strategy === "None" ? 0 : strategy === "Single" ? 1 : azCount;
    const each = (f: (i: number) => string) => Array.from({ length: azCount }, (_, i) => f(i + 1));
    const publicSubnetIds = each((i) => `${c.name}-public-${i}-id`);
    const privateSubnetIds = each((i) => `${c.name}-private-${i}-id`);
    const nat = Array.from({ length: natCount }, (_, i) => i + 1);
    return {
        vpcId: `${c.name}-id`,
        publicSubnetIds,
        privateSubnetIds,
        isolatedSubnetIds: [],
        subnets: [...publicSubnetIds, ...privateSubnetIds],
        natGateways: nat.map((i) => `${c.name}-nat-${i}-id`),
        eips: nat.map((i) => `${c.name}-eip-${i}-id`),
        routeTables: [...each((i) => `${c.name}-public-${i}-rt-id`), ...each((i) => `${c.name}-private-${i}-rt-id`)],
        internetGateway: `${c.name}-igw-id`,
    };
}

/** The resource types the mocks know (others get an ARN of their service named after them). */
export const MOCKED_TYPES: readonly string[] = Object.keys(RULES);

/**
 * The computed state of one resource. Types without a rule still get an ARN of their service when
 * they are AWS resources, so code that reads `.arn` of any resource sees a value carrying the name.
 */
function computeState(type: string, c: Context): State {
    const rule = RULES[type];
    const state: State = rule ? rule(c) : genericState(type, c);
    const service = awsService(type);
    if (service !== undefined) {
        if (!GLOBAL_SERVICES.has(service)) state.region = c.region;
        if (c.inputs.tags !== undefined && c.inputs.tagsAll === undefined) state.tagsAll = c.inputs.tags;
    }
    return state;
}

function genericState(type: string, c: Context): State {
    const service = awsService(type);
    if (service === undefined || type.startsWith("awsx:")) return {};
    // `aws:ec2/flowLog:FlowLog` → `flow-log/<name>-id`
    const kind = type
        .split(":")[1]
        .split("/")[1]
        .replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`);
    return { arn: `${c.arn(service)}${kind}/${c.name}-id` };
}

/** `ecs` for `aws:ecs/service:Service`; undefined for non-AWS types. */
function awsService(type: string): string | undefined {
    if (!type.startsWith("aws:")) return undefined;
    const module = type.split(":")[1]?.split("/")[0];
    if (module === "cloudwatch" && /:Log[A-Z]/.test(type)) return "logs";
    if (module === "lb" || module === "alb") return "elasticloadbalancing";
    if (module === "appautoscaling") return "application-autoscaling";
    // VPC security group rules are EC2 resources.
    if (module === "vpc") return "ec2";
    return module;
}
