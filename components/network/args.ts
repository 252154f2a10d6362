/**
 * The arguments of a {@link Network}: their schema, their defaults and the one function that checks
 * them and fills the defaults in before anything is registered.
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { retentionDays, cidrBlock, TAGS_SCHEMA } from "../core/fields";
import { Same, after, checkObject, int, join, keysOf, oneOf, withDefaults } from "../core/schema";
import { Problems, isRecord, show } from "../core/validate";
import { MAX_AZ_RANGE_PREFIX, MIN_LOAD_BALANCER_SUBNET_PREFIX, networkAddress, subnetLayout } from "./subnets";

/** NAT gateway strategies of a Network. */
export const NAT_GATEWAY_OPTIONS = ["none", "single", "onePerAz"] as const;

/** How private subnets reach the internet. */
export type NatStrategy = (typeof NAT_GATEWAY_OPTIONS)[number];

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
 * The schema of {@link NetworkSettings}. The VPC's block is /16 to /24: AWS allows /16 to /28, and
 * /24 keeps room for a public and a private subnet per AZ.
 */
export const NETWORK_SETTINGS_SCHEMA = after(
    z.object({
        azCount: int(2, 6).optional(),
        natGateways: oneOf(NAT_GATEWAY_OPTIONS).optional(),
        cidrBlock: cidrBlock(16, 24).optional(),
        flowLogRetentionDays: retentionDays(true).optional(),
    }),
    {
        after: "cidrBlock",
        check(p, at, s, ok) {
            if (!ok("cidrBlock")) return;
            const cidr = s.cidrBlock as string;
            if (networkAddress(cidr) !== cidr) {
                p.add(
                    join(at, "cidrBlock"),
                    cidr,
                    `is not a network address (bits after the prefix are set); use ${show(networkAddress(cidr))}.`,
                );
                return;
            }
            if (!ok("azCount")) return;
            const azCount = s.azCount as number;
            const prefix = Number(cidr.split("/")[1]);
            if (subnetLayout(prefix, azCount)) return;
            const azPrefix = prefix + Math.ceil(Math.log2(azCount));
            const mostAzs = 2 ** (MAX_AZ_RANGE_PREFIX - prefix);
            const maxPrefix = MAX_AZ_RANGE_PREFIX - Math.ceil(Math.log2(azCount));
            p.add(
                join(at, "azCount"),
                azCount,
                `with ${p.key(join(at, "cidrBlock"))} (${show(cidr)}) leaves each availability zone a /${azPrefix}, too narrow for a public subnet of /${MIN_LOAD_BALANCER_SUBNET_PREFIX} (the smallest an Application Load Balancer takes) beside a private subnet; use at most ${mostAzs} availability zones, or a cidrBlock of /${maxPrefix} or larger.`,
            );
        },
    },
);

/** The schema of {@link NetworkArgs}. */
export const NETWORK_ARGS_SCHEMA = NETWORK_SETTINGS_SCHEMA.extend({ tags: TAGS_SCHEMA.optional() });

// The exported types are written out (for their JSDoc and the API reference); these lines keep them equal to the schema.
const _settings: Same<NetworkSettings, z.input<typeof NETWORK_SETTINGS_SCHEMA>> = true;
const _args: Same<NetworkArgs, z.input<typeof NETWORK_ARGS_SCHEMA>> = true;
void [_settings, _args];

/** Keys of `NetworkSettings`. */
export const NETWORK_SETTINGS_KEYS: readonly string[] = keysOf(NETWORK_SETTINGS_SCHEMA);

/**
 * Checks NetworkSettings: `azCount` 2-6, `natGateways`, `cidrBlock` a /16-/24 network address wide
 * enough to give every AZ a /27 public subnet (see `subnetLayout`), `flowLogRetentionDays`
 * 0 (off) or a CloudWatch Logs retention.
 * `known` lists the keys `s` may have; keys outside NetworkSettings are left to the caller.
 */
export function checkNetworkSettings(p: Problems, s: unknown, known: readonly string[] = NETWORK_SETTINGS_KEYS): void {
    checkObject(p, "", NETWORK_SETTINGS_SCHEMA, s, { known });
}

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
    p.knownKeys("", args, keysOf(NETWORK_ARGS_SCHEMA));
    // Checked with the defaults filled in, so a value given meets the defaults of the others (a /24 block and the AZ count).
    checkObject(p, "", NETWORK_SETTINGS_SCHEMA, withDefaults(settings, NETWORK_DEFAULTS), { unknownKeysChecked: true });
    if (args.tags !== undefined && !isRecord(args.tags)) p.add("tags", args.tags, "must be an object of tag names to values.");
    p.throwIfAny();
    return { ...NETWORK_DEFAULTS, ...settings, tags: { ...(args.tags ?? {}) } };
}
