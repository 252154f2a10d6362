/**
 * The arguments of a {@link LoadBalancer}: their schema, their defaults and the one function that
 * checks them and fills the defaults in before anything is registered.
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { TAGS_SCHEMA, cidrBlock } from "../core/fields";
import { Same, bool, checkObject, custom, deferred, int, keysOf } from "../core/schema";
import { Problems, isPlain, isRecord } from "../core/validate";
import { checkCertificateArn, checkIngressCidrs, checkSslPolicy, checkWebAclArn } from "./rules";

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

/**
 * Arguments of {@link LoadBalancer}. The ARNs may come from another stack or resource, so here they
 * are `pulumi.Input<string>` where {@link LoadBalancerSettings} (the stack config's, always strings)
 * has `string`; a value known only at deployment passes the checks unchecked.
 */
export interface LoadBalancerArgs extends Omit<LoadBalancerSettings, "certificateArn" | "wafWebAclArn"> {
    /**
     * ACM certificate for the HTTPS listener; with it, HTTP answers with a 301 redirect to HTTPS.
     * Whether it is given decides the listeners, never its value.
     * @default - no certificate: a plain HTTP listener
     * @example new pulumi.StackReference("acme/certs/prod").getOutput("certificateArn") as pulumi.Output<string>
     */
    certificateArn?: pulumi.Input<string>;
    /**
     * WAFv2 web ACL (regional) to associate with the ALB.
     * @default - no WAF
     */
    wafWebAclArn?: pulumi.Input<string>;
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
    certificateArn: pulumi.Input<string> | undefined;
    ingressCidrs: string[];
    idleTimeoutSeconds: number;
    deletionProtection: boolean;
    accessLogs: boolean;
    accessLogRetentionDays: number;
    forceDestroyLogs: boolean;
    wafWebAclArn: pulumi.Input<string> | undefined;
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

/** The schema of {@link LoadBalancerSettings}; its key order is the order of the documented settings. */
export const LOAD_BALANCER_SETTINGS_SCHEMA = z.object({
    certificateArn: custom(z.string(), checkCertificateArn).optional(),
    ingressCidrs: custom(z.array(z.string()), checkIngressCidrs).optional(),
    idleTimeoutSeconds: int(1, 4000).optional(),
    deletionProtection: bool().optional(),
    accessLogs: bool().optional(),
    accessLogRetentionDays: int(1, 3650).optional(),
    forceDestroyLogs: bool().optional(),
    wafWebAclArn: custom(z.string(), checkWebAclArn).optional(),
    sslPolicy: custom(z.string(), checkSslPolicy).optional(),
});

/** The schema of {@link LoadBalancerArgs}. */
export const LOAD_BALANCER_ARGS_SCHEMA = LOAD_BALANCER_SETTINGS_SCHEMA.extend({
    certificateArn: deferred(LOAD_BALANCER_SETTINGS_SCHEMA.shape.certificateArn.unwrap()).optional(),
    wafWebAclArn: deferred(LOAD_BALANCER_SETTINGS_SCHEMA.shape.wafWebAclArn.unwrap()).optional(),
    vpcId: deferred(z.string()),
    subnetIds: deferred(z.array(deferred(z.string()))),
    vpcCidrBlock: deferred(cidrBlock()).optional(),
    tags: TAGS_SCHEMA.optional(),
});

// The exported types are written out (for their JSDoc and the API reference); these lines keep them equal to the schema.
const _settings: Same<LoadBalancerSettings, z.input<typeof LOAD_BALANCER_SETTINGS_SCHEMA>> = true;
const _args: Same<LoadBalancerArgs, z.input<typeof LOAD_BALANCER_ARGS_SCHEMA>> = true;
void [_settings, _args];

/** Keys of `LoadBalancerSettings`. */
export const LOAD_BALANCER_SETTINGS_KEYS: readonly string[] = keysOf(LOAD_BALANCER_SETTINGS_SCHEMA);

/**
 * The settings in the order their problems are reported: the ARNs first, then the ingress ranges, the
 * numbers and the TLS policy, the switches last. Problems have always come in this order, which is
 * not the order of the documented keys that the unknown-key message lists.
 */
const CHECK_ORDER_SCHEMA = z.object({
    certificateArn: LOAD_BALANCER_SETTINGS_SCHEMA.shape.certificateArn,
    wafWebAclArn: LOAD_BALANCER_SETTINGS_SCHEMA.shape.wafWebAclArn,
    ingressCidrs: LOAD_BALANCER_SETTINGS_SCHEMA.shape.ingressCidrs,
    idleTimeoutSeconds: LOAD_BALANCER_SETTINGS_SCHEMA.shape.idleTimeoutSeconds,
    accessLogRetentionDays: LOAD_BALANCER_SETTINGS_SCHEMA.shape.accessLogRetentionDays,
    sslPolicy: LOAD_BALANCER_SETTINGS_SCHEMA.shape.sslPolicy,
    deletionProtection: LOAD_BALANCER_SETTINGS_SCHEMA.shape.deletionProtection,
    accessLogs: LOAD_BALANCER_SETTINGS_SCHEMA.shape.accessLogs,
    forceDestroyLogs: LOAD_BALANCER_SETTINGS_SCHEMA.shape.forceDestroyLogs,
});
const _order: Same<z.input<typeof CHECK_ORDER_SCHEMA>, LoadBalancerSettings> = true;
void _order;

/**
 * Checks LoadBalancerSettings: ACM and regional WAFv2 ARNs, a non-empty list of distinct ingress CIDRs,
 * `idleTimeoutSeconds` 1-4000, `accessLogRetentionDays` 1-3650, a TLS 1.2+ `sslPolicy`, booleans.
 * `known` lists the keys `s` may have; keys outside LoadBalancerSettings are left to the caller.
 */
export function checkLoadBalancerSettings(p: Problems, s: unknown, known: readonly string[] = LOAD_BALANCER_SETTINGS_KEYS): void {
    checkObject(p, "", CHECK_ORDER_SCHEMA, s, { known });
}

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
    checkLoadBalancerSettings(p, args, keysOf(LOAD_BALANCER_ARGS_SCHEMA));
    p.throwIfAny();
    const settings: Omit<LoadBalancerArgs, "vpcId" | "subnetIds"> = {};
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
