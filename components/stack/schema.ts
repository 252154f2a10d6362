/**
 * The settings a stack file (`Pulumi.<stack>.yaml`) may give under `elastic-web:`, described once:
 * the interfaces below (for their JSDoc, which the JSON Schema of the stack files and `Pulumi.yaml`
 * take their descriptions from) and the zod schemas that say the same, from which come the key list,
 * the unknown-key checks and the value checks of `resolveStackConfig`.
 *
 * What the schemas cannot say well stays hand-written in `./config`, beside its use:
 * - values merge over the environment's profile (and `serviceDefaults`) before the component checks
 *   run, and each problem names the layer that set the value (`LayeredProblems`), which a schema
 *   of one object cannot know;
 * - the component sections (`loadBalancer`, `serviceDefaults`, `services.<name>`, `bucket`,
 *   `alarms`) are the components' own schemas ({@link STACK_SECTIONS}), checked by the components'
 *   own `check<X>Settings` after the merge;
 * - messages that are not ``(value) must be …`` (a missing `vpcId`, a subnet listed twice, tag
 *   rules that leave a possibly secret value out of the message).
 */
import { z } from "zod";
import { Same, bool, keysOf, oneOf, text } from "../core/schema";
import type { NetworkSettings } from "../network";
import { NETWORK_SETTINGS_SCHEMA } from "../network";
import { LOAD_BALANCER_SETTINGS_SCHEMA, LoadBalancerSettings } from "../load-balancer";
import { ElasticServiceInputs, SERVICE_INPUTS_SCHEMA, SERVICE_SETTINGS_SCHEMA, ServiceSettings } from "../service";
import { REPLICATED_BUCKET_SETTINGS_SCHEMA, ReplicatedBucketSettings } from "../bucket";
import { SERVICE_ALARMS_SETTINGS_SCHEMA, ServiceAlarmsSettings } from "../alarms";
import { ENVIRONMENTS, Environment } from "./profiles";
import { USAGE_SCHEMA, UsageAssumptions } from "./usage";

/** A VPC made elsewhere; the stack then creates no network. */
export interface ExistingNetwork {
    /** The VPC, e.g. `vpc-0abc…`. */
    vpcId: string;
    /** Public subnets for the load balancer, in at least two AZs. */
    publicSubnetIds: string[];
    /** Private subnets for the tasks, with a route to a NAT gateway or VPC endpoints. */
    privateSubnetIds: string[];
}

/** The data bucket of a stack file: ReplicatedBucket settings plus whether a replica exists. */
export interface StackBucketSettings extends ReplicatedBucketSettings {
    /**
     * Whether the bucket has a replica, in the region paired with `aws:region` unless `replicaRegion` names one.
     * @default - the profile's (true in prod)
     */
    replicate?: boolean;
}

/** The `elastic-web:` settings of a stack file, as written, before they merge over the environment's profile. */
export interface StackSettings {
    /**
     * Profile the stack starts from: `dev`, `staging` or `prod`.
     * @default - the stack name, when it is one of them
     */
    environment?: Environment;
    /**
     * Prefix of every resource name: 1-12 lowercase letters, digits and hyphens, starting with a letter.
     * @default "app"
     */
    name?: string;
    /**
     * Settings of the VPC the stack creates, over the profile's; or the ids of an existing VPC
     * (`vpcId`, `publicSubnetIds`, `privateSubnetIds`), and the stack creates none.
     * @default - the profile's network
     */
    network?: NetworkSettings | ExistingNetwork;
    /**
     * Load balancer settings, over the profile's.
     * @default - the profile's load balancer
     */
    loadBalancer?: LoadBalancerSettings;
    /**
     * Service settings applied to every service (all but `routing`), over the profile's.
     * @default {}
     */
    serviceDefaults?: Omit<ServiceSettings, "routing">;
    /**
     * Services by name (1-12 lowercase letters, digits and hyphens), each with at least an `image`;
     * they share the load balancer through listener rules.
     * @example { web: { image: "public.ecr.aws/nginx/nginx-unprivileged:stable-alpine" } }
     */
    services: Record<string, ElasticServiceInputs>;
    /**
     * Tags on every taggable resource; the stack adds `environment` and `stack` itself.
     * @default {}
     */
    tags?: Record<string, string>;
    /**
     * The data bucket's settings over the profile's, or `false` for no bucket.
     * @default - the profile's bucket
     */
    bucket?: false | StackBucketSettings;
    /**
     * Alarm settings over the profile's; thresholds merge key by key.
     * @default - the profile's alarms
     */
    alarms?: ServiceAlarmsSettings;
    /**
     * Usage figures the offline cost estimate assumes (traffic, stored GB, …).
     * @default {}
     */
    costAssumptions?: Partial<UsageAssumptions>;
}

/** Resource name prefix: with the roles and Pulumi's 8-character suffix, ALB and target group names stay within 32. */
export const STACK_NAME_PATTERN = /^[a-z][a-z0-9-]{0,11}$/;

/** Service names become part of resource names (`<name>-<service>-tg`). */
export const SERVICE_NAME_PATTERN = /^[a-z][a-z0-9-]{0,11}$/;

const VPC_ID = /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/;
const SUBNET_ID = /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/;

/** One subnet id of an existing VPC. */
export const SUBNET_ID_SCHEMA = text(SUBNET_ID, 'a subnet id like "subnet-0123456789abcdef0"');

/**
 * The schema of {@link ExistingNetwork}. The lists' own messages (missing, too short, a subnet listed
 * twice or both public and private) are written in `./config`; each id is checked with {@link SUBNET_ID_SCHEMA}.
 */
export const EXISTING_NETWORK_SCHEMA = z.object({
    vpcId: text(VPC_ID, 'a VPC id like "vpc-0123456789abcdef0"'),
    publicSubnetIds: z.array(SUBNET_ID_SCHEMA).min(2),
    privateSubnetIds: z.array(SUBNET_ID_SCHEMA).min(2),
});

/** The keys `elastic-web:network` may have: a new VPC's settings, then an existing VPC's ids. */
export const STACK_NETWORK_KEYS: readonly string[] = [...keysOf(NETWORK_SETTINGS_SCHEMA), ...keysOf(EXISTING_NETWORK_SCHEMA)];

/**
 * Component settings sections of the stack config, each checked by its component's
 * `check<X>Settings`. They are open objects here until the components export their schemas
 * (`LOAD_BALANCER_SETTINGS_SCHEMA`, `SERVICE_SETTINGS_SCHEMA`, `REPLICATED_BUCKET_SETTINGS_SCHEMA`,
 * `SERVICE_ALARMS_SETTINGS_SCHEMA`); `tools/config-schema.ts` describes them in the JSON Schema.
 */
export const STACK_SECTIONS = {
    loadBalancer: LOAD_BALANCER_SETTINGS_SCHEMA,
    serviceDefaults: SERVICE_SETTINGS_SCHEMA.omit({ routing: true }),
    service: SERVICE_INPUTS_SCHEMA,
    bucket: REPLICATED_BUCKET_SETTINGS_SCHEMA.extend({ replicate: bool().optional() }),
    alarms: SERVICE_ALARMS_SETTINGS_SCHEMA,
} as const;

/** A tag key or value (AWS tagging guide, "Tag naming limits and requirements"); the rules' messages are in `./config`. */
const tag = (max: number) => z.string().max(max);

/**
 * The schema of {@link StackSettings}: its keys in the order they resolve and report problems.
 * Cross-key rules (the private subnets' room for the services' tasks, unique listener rule
 * priorities, one catch-all service) are in `./config`, as they need the merged values.
 */
export const STACK_SETTINGS_SCHEMA = z.object({
    environment: oneOf(ENVIRONMENTS).optional(),
    name: text(
        STACK_NAME_PATTERN,
        "1-12 lowercase letters, digits and hyphens, starting with a letter (it prefixes every resource name)",
    ).optional(),
    network: z.union([NETWORK_SETTINGS_SCHEMA, EXISTING_NETWORK_SCHEMA]).optional(),
    loadBalancer: STACK_SECTIONS.loadBalancer.optional(),
    serviceDefaults: STACK_SECTIONS.serviceDefaults.optional(),
    services: z.record(z.string().regex(SERVICE_NAME_PATTERN), STACK_SECTIONS.service),
    tags: z.record(tag(128), tag(256)).optional(),
    bucket: z.union([z.literal(false), STACK_SECTIONS.bucket]).optional(),
    alarms: STACK_SECTIONS.alarms.optional(),
    costAssumptions: USAGE_SCHEMA.optional(),
});

// The exported types are written out (for their JSDoc and the API reference); these lines keep them equal to the schema.
const _settings: Same<StackSettings, z.input<typeof STACK_SETTINGS_SCHEMA>> = true;
const _existing: Same<ExistingNetwork, z.input<typeof EXISTING_NETWORK_SCHEMA>> = true;
void [_settings, _existing];

/** The `elastic-web:*` keys a stack config may set, in the order they resolve. */
export const STACK_SETTINGS_KEYS = keysOf(STACK_SETTINGS_SCHEMA) as readonly (keyof StackSettings)[];
