/**
 * The recorded resources of a stack as the rules see them, and the joins between them.
 *
 * A rule never depends on the child names of our components: it joins resources through the
 * values one carries of another (ids, ARNs, names) or, under CrossGuard, through the engine's
 * property dependencies. Under the mocks every id is `${name}-id` and ARNs carry the logical name,
 * so the same joins work on `npm run preview` plans.
 */
import { ENVIRONMENTS, Environment } from "../components/stack/profiles";

/** What a value unknown at preview time is recorded as (the same string as components/testing's `UNKNOWN`). */
export const UNKNOWN = "[unknown]";

/** One resource of a stack: a `PlanResource` of components/testing, or a CrossGuard resource converted by crossguard.ts. */
export interface PolicyResource {
    urn: string;
    type: string;
    /** Logical name. */
    name: string;
    /** URN of the parent, or null. */
    parent: string | null;
    /** Region the resource lives in. */
    region: string;
    /** Inputs as the provider receives them; unknown values are {@link UNKNOWN}. */
    inputs: Record<string, any>;
    options: {
        protect: boolean;
        /** Undefined where the source does not say (CrossGuard does not expose `retainOnDelete`). */
        retainOnDelete?: boolean;
        ignoreChanges: string[];
    };
    /** URNs each top-level input depends on; CrossGuard supplies them, plans leave them out. */
    propertyDependencies?: Record<string, string[]>;
    /**
     * Set on resources a plan derived from a remote component's inputs rather than recorded
     * (`"awsx"`: the children of an `awsx:ec2:Vpc`, see components/testing `PlanResource.derived`);
     * the rules read them like any other. CrossGuard resources never carry it.
     */
    derived?: string;
}

/** How bad a finding is. */
export type Severity = "high" | "medium" | "low";

/** One problem a rule found in one resource. */
export interface Finding {
    resource: PolicyResource;
    message: string;
}

/** The parts of the package a rule belongs to, for grouping in docs and output. */
export type RuleArea =
    "alb" | "listener" | "target-group" | "ecs" | "autoscaling" | "logs" | "alarms" | "sns-kms" | "s3" | "network" | "iam";

/** A security or reliability rule: a plain function over the resources of a stack. */
export interface Rule {
    /** Stable id, e.g. `alb-deletion-protection`; also the CrossGuard policy name. */
    id: string;
    area: RuleArea;
    /** What the rule requires and why; for advisory-only rules, why they are not mandatory yet. */
    description: string;
    /** The checks and best practices the rule follows (cdk-nag and checkov ids, Well-Architected best practices, AWS guides). */
    sources: readonly string[];
    severity: Severity;
    /** Environments where a violation blocks the deployment; elsewhere it is advisory. */
    mandatoryIn: readonly Environment[];
    /** Environments the rule is evaluated in at all. */
    appliesIn: readonly Environment[];
    /** The findings of the rule in a stack; resources the rule is about but absent give none. */
    check(stack: StackIndex, environment: Environment): Finding[];
}

/** Token spellings of the resource types the rules read; @pulumi/aws v7 keeps two for ELB and several S3 ones. */
export const T = {
    loadBalancer: ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"],
    listener: ["aws:lb/listener:Listener", "aws:alb/listener:Listener"],
    listenerRule: ["aws:lb/listenerRule:ListenerRule", "aws:alb/listenerRule:ListenerRule"],
    targetGroup: ["aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"],
    wafAssociation: ["aws:wafv2/webAclAssociation:WebAclAssociation", "aws:wafregional/webAclAssociation:WebAclAssociation"],
    cluster: ["aws:ecs/cluster:Cluster"],
    service: ["aws:ecs/service:Service"],
    taskDefinition: ["aws:ecs/taskDefinition:TaskDefinition"],
    scalingTarget: ["aws:appautoscaling/target:Target"],
    scalingPolicy: ["aws:appautoscaling/policy:Policy"],
    scheduledAction: ["aws:appautoscaling/scheduledAction:ScheduledAction"],
    logGroup: ["aws:cloudwatch/logGroup:LogGroup"],
    metricAlarm: ["aws:cloudwatch/metricAlarm:MetricAlarm"],
    compositeAlarm: ["aws:cloudwatch/compositeAlarm:CompositeAlarm"],
    topic: ["aws:sns/topic:Topic"],
    topicPolicy: ["aws:sns/topicPolicy:TopicPolicy"],
    key: ["aws:kms/key:Key"],
    keyPolicy: ["aws:kms/keyPolicy:KeyPolicy"],
    alias: ["aws:kms/alias:Alias"],
    bucket: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"],
    bucketPolicy: ["aws:s3/bucketPolicy:BucketPolicy"],
    publicAccessBlock: ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
    ownershipControls: ["aws:s3/bucketOwnershipControls:BucketOwnershipControls"],
    versioning: ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"],
    lifecycle: [
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
    ],
    encryption: [
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    ],
    bucketLogging: ["aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"],
    replication: ["aws:s3/bucketReplicationConfig:BucketReplicationConfig"],
    vpc: ["awsx:ec2:Vpc", "aws:ec2/vpc:Vpc"],
    subnet: ["aws:ec2/subnet:Subnet"],
    flowLog: ["aws:ec2/flowLog:FlowLog"],
    defaultSecurityGroup: ["aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"],
    securityGroup: ["aws:ec2/securityGroup:SecurityGroup"],
    ingressRule: ["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"],
    securityGroupRule: ["aws:ec2/securityGroupRule:SecurityGroupRule"],
    role: ["aws:iam/role:Role"],
    rolePolicy: ["aws:iam/rolePolicy:RolePolicy"],
    identityPolicy: [
        "aws:iam/rolePolicy:RolePolicy",
        "aws:iam/policy:Policy",
        "aws:iam/userPolicy:UserPolicy",
        "aws:iam/groupPolicy:GroupPolicy",
    ],
    managedPolicy: ["aws:iam/policy:Policy"],
    rolePolicyAttachment: ["aws:iam/rolePolicyAttachment:RolePolicyAttachment"],
    policyAttachment: [
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        "aws:iam/policyAttachment:PolicyAttachment",
        "aws:iam/userPolicyAttachment:UserPolicyAttachment",
        "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
    ],
} as const;

/** A known, non-empty string, or undefined (also for {@link UNKNOWN}). */
export function str(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" && value !== UNKNOWN ? value : undefined;
}

/** True when the value is set and known. */
export function known(value: unknown): boolean {
    return value !== undefined && value !== null && value !== UNKNOWN;
}

/** A value that may be one item or a list, as a list (undefined and null give []). */
export function list<V = unknown>(value: unknown): V[] {
    if (value === undefined || value === null) return [];
    return (Array.isArray(value) ? value : [value]) as V[];
}

/** A number, or undefined when unset or unknown. */
export function num(value: unknown): number | undefined {
    if (typeof value === "number" && Number.isFinite(value)) return value;
    if (typeof value === "string" && value !== "" && value !== UNKNOWN && Number.isFinite(Number(value))) return Number(value);
    return undefined;
}

/** Parses a JSON string input (policies, container definitions); objects pass through; undefined when unknown or malformed. */
export function json(value: unknown): any {
    if (typeof value !== "string") return value === UNKNOWN ? undefined : value;
    if (value === UNKNOWN || value.includes(UNKNOWN)) return undefined;
    try {
        return JSON.parse(value);
    } catch {
        return undefined;
    }
}

/** Segments of an ARN's resource part or of a path such as `service/<cluster>/<service>` that cannot name a resource. */
const GENERIC_SEGMENTS = new Set([
    "app",
    "net",
    "gwy",
    "service",
    "targetgroup",
    "loadbalancer",
    "listener",
    "listener-rule",
    "key",
    "alias",
    "role",
    "policy",
    "cluster",
    "log-group",
    "log-stream",
    "task-definition",
    "alarm",
    "parameter",
    "secret",
    "security-group",
    "vpc",
    "subnet",
    "vpc-flow-log",
    "*",
    "",
]);

/** String inputs that hold a resource's own physical name or identifier. */
const IDENTIFYING_INPUTS = ["name", "bucket", "family", "alarmName", "dashboardName", "arn", "id", "keyId", "arnSuffix"];

/** The region and account of an ARN (`arn:partition:service:region:account:resource`). */
export function arnParts(arn: string): { service: string; region: string; account: string; resource: string } | undefined {
    const parts = arn.split(":");
    if (parts[0] !== "arn" || parts.length < 6) return undefined;
    return { service: parts[2], region: parts[3], account: parts[4], resource: parts.slice(5).join(":") };
}

/**
 * The resources of one stack, indexed, with the joins the rules use: whether a reference value
 * (an id, ARN, name or `service/<cluster>/<name>` path) names a resource, and which resources of
 * given types refer to or are referred to by another.
 */
export class StackIndex {
    readonly resources: readonly PolicyResource[];
    private readonly byType = new Map<string, PolicyResource[]>();
    private readonly byUrn = new Map<string, PolicyResource>();
    private readonly ids = new Map<PolicyResource, Set<string>>();

    constructor(resources: readonly PolicyResource[]) {
        this.resources = resources;
        for (const r of resources) {
            this.byUrn.set(r.urn, r);
            const same = this.byType.get(r.type) ?? [];
            same.push(r);
            this.byType.set(r.type, same);
        }
    }

    /**
     * Resources of any of the given types, in registration order. A derived resource whose parent is
     * among them is left out: it is that parent as its component creates it (the `aws:ec2/vpc:Vpc`
     * under an `awsx:ec2:Vpc`), and a rule would otherwise judge one VPC twice.
     */
    ofType(types: readonly string[]): PolicyResource[] {
        if (types.length === 1) return this.byType.get(types[0]) ?? [];
        return this.resources.filter((r) => {
            if (!types.includes(r.type)) return false;
            const parent = r.derived !== undefined && r.parent !== null ? this.byUrn.get(r.parent) : undefined;
            return !(parent && types.includes(parent.type));
        });
    }

    /** The resource with this URN. */
    get(urn: string): PolicyResource | undefined {
        return this.byUrn.get(urn);
    }

    /** Identifiers a reference to `r` may carry: its mock id, logical name, and the names and ARNs among its inputs. */
    identifiers(r: PolicyResource): Set<string> {
        let ids = this.ids.get(r);
        if (!ids) {
            ids = new Set([`${r.name}-id`, r.name]);
            for (const key of IDENTIFYING_INPUTS) {
                const v = str(r.inputs[key]);
                if (v) ids.add(v);
            }
            this.ids.set(r, ids);
        }
        return ids;
    }

    /** Whether one reference value names `target`: an identifier of it, or an ARN or path one of whose segments is. */
    names(ref: unknown, target: PolicyResource): boolean {
        const value = str(ref);
        if (!value) return false;
        const ids = this.identifiers(target);
        if (ids.has(value)) return true;
        if (!/[:/]/.test(value)) return false;
        const arn = arnParts(value);
        const path = arn ? arn.resource : value;
        return path.split(/[:/]/).some((segment) => !GENERIC_SEGMENTS.has(segment) && ids.has(segment));
    }

    /**
     * Whether `from` refers to `target` through its input `prop`: by the engine's property dependencies,
     * or by a value of `value` (default: the input itself; strings and lists of strings are read).
     */
    refersTo(from: PolicyResource, prop: string, target: PolicyResource, value: unknown = from.inputs[prop]): boolean {
        if (from.propertyDependencies?.[prop]?.includes(target.urn)) return true;
        return list(value).some((v) => this.names(v, target));
    }

    /** Resources of `types` that `from` refers to through `prop` (or the given value of it). */
    referenced(from: PolicyResource, prop: string, types: readonly string[], value: unknown = from.inputs[prop]): PolicyResource[] {
        return this.ofType(types).filter((t) => t !== from && this.refersTo(from, prop, t, value));
    }

    /** Resources of `types` that refer to `target` through their input `prop`. */
    referrers(target: PolicyResource, types: readonly string[], prop: string): PolicyResource[] {
        return this.ofType(types).filter((r) => r !== target && this.refersTo(r, prop, target));
    }
}

/** One statement of an IAM, key, bucket or topic policy, as written. */
export interface Statement {
    Sid?: string;
    Effect?: string;
    Principal?: unknown;
    NotPrincipal?: unknown;
    Action?: unknown;
    NotAction?: unknown;
    Resource?: unknown;
    NotResource?: unknown;
    Condition?: Record<string, Record<string, unknown>>;
}

/** The statements of a policy document (a JSON string or an object); undefined when the document is unknown or malformed. */
export function statements(document: unknown): Statement[] | undefined {
    const doc = json(document);
    if (!doc || typeof doc !== "object") return undefined;
    return list<Statement>((doc as { Statement?: unknown }).Statement).filter((s) => s && typeof s === "object");
}

/** The principals of a statement: whether it names everyone, and its AWS and service principals. */
export function principals(principal: unknown): { everyone: boolean; aws: string[]; service: string[] } {
    if (principal === "*") return { everyone: true, aws: [], service: [] };
    if (!principal || typeof principal !== "object") return { everyone: false, aws: [], service: [] };
    const p = principal as Record<string, unknown>;
    const aws = list<string>(p.AWS).filter((v) => typeof v === "string");
    return { everyone: aws.includes("*"), aws, service: list<string>(p.Service).filter((v) => typeof v === "string") };
}

/** Whether an IAM action pattern (with `*` and `?`) matches an action, case-insensitively as IAM does. */
export function actionMatches(pattern: string, action: string): boolean {
    const re = new RegExp(
        `^${pattern
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".")}$`,
        "i",
    );
    return re.test(action);
}

/** Whether a statement's actions include `action`. */
export function allowsAction(statement: Statement, action: string): boolean {
    return list<string>(statement.Action).some((a) => typeof a === "string" && actionMatches(a, action));
}

/** The condition values of a statement for a key (e.g. `aws:SecureTransport`), across operators, with the operators. */
export function conditionValues(statement: Statement, key: string): { operator: string; values: unknown[] }[] {
    const out: { operator: string; values: unknown[] }[] = [];
    for (const [operator, entries] of Object.entries(statement.Condition ?? {})) {
        if (!entries || typeof entries !== "object") continue;
        for (const [k, v] of Object.entries(entries)) {
            if (k.toLowerCase() === key.toLowerCase()) out.push({ operator, values: list(v) });
        }
    }
    return out;
}

/**
 * Whether a statement denies everyone the given action unless the request uses TLS: Effect Deny,
 * Principal `*`, the action covered, and `aws:SecureTransport` false under a Bool condition.
 */
export function deniesInsecureTransport(statement: Statement, action: string): boolean {
    if (statement.Effect !== "Deny" || !principals(statement.Principal).everyone || !allowsAction(statement, action)) return false;
    return conditionValues(statement, "aws:SecureTransport").some(
        (c) => c.operator.startsWith("Bool") && c.values.some((v) => v === false || v === "false"),
    );
}

/** The container definitions of a task definition (a JSON string or a list); undefined when unknown. */
export function containers(taskDefinition: PolicyResource): Record<string, any>[] | undefined {
    const defs = json(taskDefinition.inputs.containerDefinitions);
    return Array.isArray(defs) ? defs.filter((d) => d && typeof d === "object") : undefined;
}

/** A finding. */
export function finding(resource: PolicyResource, message: string): Finding {
    return { resource, message };
}

/** A rule; `appliesIn` defaults to every environment. */
export function defineRule(rule: Omit<Rule, "appliesIn"> & { appliesIn?: readonly Environment[] }): Rule {
    return { ...rule, appliesIn: rule.appliesIn ?? ENVIRONMENTS };
}
