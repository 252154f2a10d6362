import {
    AlarmsProfile,
    BucketProfile,
    ENVIRONMENTS,
    Environment,
    LoadBalancerProfile,
    OPT_IN_REPLICA_REGIONS,
    PROFILES,
    Profile,
    REPLICA_REGIONS,
    ServiceProfile,
} from "./profiles";
import { ReplicatedBucketSettings, checkReplicatedBucketSettings } from "../bucket";
import { ServiceAlarmsSettings, checkServiceAlarmsSettings } from "../alarms";
import { UsageAssumptions, checkUsage } from "./usage";
import type { NetworkSettings } from "../network";
import type { RoutingArgs, ContainerHealthCheckArgs, ImageBuildArgs, ServiceSettings } from "../service";
import { AWS_REGIONS, ConfigError, Problems, cidrPrefix, isRecord, show } from "../core/validate";
import { NETWORK_SETTINGS_KEYS, checkNetworkSettings, subnetLayout, usableAddresses } from "../network";
import { SERVICE_INPUT_KEYS, SERVICE_SETTINGS_KEYS, checkServiceSettings } from "../service";
import { checkLoadBalancerSettings } from "../load-balancer";
import { note } from "../core/checks";
import { Same, checkField } from "../core/schema";
import {
    EXISTING_NETWORK_SCHEMA,
    ExistingNetwork,
    SERVICE_NAME_PATTERN,
    STACK_NETWORK_KEYS,
    STACK_SETTINGS_KEYS,
    STACK_SETTINGS_SCHEMA,
    SUBNET_ID_SCHEMA,
    StackSettings,
} from "./schema";

export type { ExistingNetwork, StackBucketSettings, StackSettings } from "./schema";

type Filled<T> = { [K in keyof T]-?: Exclude<T[K], undefined> };

/** One service of the stack, every value filled in. */
export interface ServiceConfig extends ServiceProfile {
    /** A registry reference, or a build spec for an image built from a Dockerfile. */
    image: string | ImageBuildArgs;
    /** Which requests the listener sends to the service (`{}`: the catch-all rule). */
    routing: RoutingArgs;
    /** Plain environment variables of the container. */
    environment: Record<string, string>;
    /** Secrets by SSM parameter or Secrets Manager ARN. */
    secrets: Record<string, string>;
    /**
     * A health check the ECS agent runs inside the container.
     * @default - none
     */
    containerHealthCheck?: ContainerHealthCheckArgs;
}

/** A stack's configuration after merging `Pulumi.<stack>.yaml` over its environment's profile. */
export interface StackConfig {
    /** The Pulumi stack name (`dev`, `prod`, …). */
    stack: string;
    /** The profile the values started from. */
    environment: Environment;
    /** The AWS region of the stack (`aws:region`): where everything but the bucket's replica is created. */
    region: string;
    /** Prefix of every resource name of the stack. */
    name: string;
    /** A network to create, or an existing one to use. */
    network: { create: Filled<NetworkSettings> } | { existing: ExistingNetwork };
    /** Load balancer settings, every value filled in. */
    loadBalancer: LoadBalancerProfile;
    /** Services by name, in config order; at least one. */
    services: Record<string, ServiceConfig>;
    /** Tags on every taggable resource (`environment` and `stack` are always added). */
    tags: Record<string, string>;
    /** The data bucket (replicated when `replicaRegion` is set), or false for none. */
    bucket: StackBucketConfig | false;
    /** Alarms, their topic and the dashboard. */
    alarms: StackAlarmsConfig;
    /** Usage figures the offline cost estimate assumes (traffic, stored GB, …); defaults in components/stack/usage.ts. */
    costAssumptions: Partial<UsageAssumptions>;
    /** The profile itself, for tools that show what was overridden. */
    profile: Profile;
}

/** The data bucket of a stack: ReplicatedBucket settings with the profile's values filled in. */
export type StackBucketConfig = Omit<BucketProfile, "replicate"> &
    Pick<ReplicatedBucketSettings, "replicaRegion" | "prefix" | "accessLogBucket" | "replicaAccessLogBucket">;

/** Alarm settings of a stack with the profile's values filled in. */
export type StackAlarmsConfig = AlarmsProfile & Pick<ServiceAlarmsSettings, "topicArn" | "replicaTopicArn">;

/** Public image the default stacks run: nginx as a non-root user, listening on 8080. */
export const DEMO_IMAGE = "public.ecr.aws/nginx/nginx-unprivileged:stable-alpine";

/** The config namespace of this project (`elastic-web:services`, …). */
export const CONFIG_NAMESPACE = "elastic-web";

/** What `elastic-web:name` defaults to. */
export const DEFAULT_NAME = "app";

/**
 * Merges a stack's raw config over its environment's profile and validates all of it.
 *
 * `raw` is the stack's config map as in `Pulumi.<stack>.yaml` (`"aws:region"`,
 * `"elastic-web:environment"`, `"elastic-web:services"`, …), with structured values parsed.
 * Keys of other namespaces belong to providers and are ignored. Values merge key by key:
 * profile < `serviceDefaults` < the service's own; nested objects (`scaling`, `healthCheck`)
 * merge key by key, lists are replaced. `raw` is never mutated, and the result shares no
 * objects with `raw`, nor with the profiles except its `profile` field.
 *
 * Throws a ConfigError listing every problem at once, in a fixed order: `aws:region`, unknown
 * `elastic-web:*` keys, then the keys in the order of {@link STACK_CONFIG_KEYS}.
 */
export function resolveStackConfig(raw: Record<string, unknown>, stack: string): StackConfig {
    const problems: string[] = [];
    const rp = new Problems("stack config", "", problems);
    const p = new Problems("stack config", `${CONFIG_NAMESPACE}:`, problems);

    const regionValue = raw["aws:region"];
    if (regionValue === undefined) rp.missing("aws:region", "set it with `pulumi config set aws:region us-east-1`.");
    const region = rp.oneOf("aws:region", regionValue, AWS_REGIONS) && typeof regionValue === "string" ? regionValue : undefined;

    const own: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) {
        if (key.startsWith(`${CONFIG_NAMESPACE}:`)) own[key.slice(CONFIG_NAMESPACE.length + 1)] = copy(value);
    }
    p.knownKeys("", own, STACK_CONFIG_KEYS);

    const resolved: Partial<KeyValues> = {};
    const ctx: StackContext = {
        stack,
        region,
        resolved,
        get profile() {
            return resolved.environment ? PROFILES[resolved.environment] : undefined;
        },
    };
    for (const key of STACK_CONFIG_KEYS) {
        (resolved as Record<string, unknown>)[key] = (STACK_KEYS[key] as KeyResolver<unknown>)(p, own[key], ctx);
    }
    checkPrivateSubnetRoom(p, own.network, ctx);

    // Every service inheriting one bad serviceDefaults value reports the same sentence; keep one.
    if (problems.length > 0) throw new ConfigError([...new Set(problems)]);
    const { environment, serviceDefaults: _defaults, ...values } = resolved as KeyValues;
    return { stack, environment, region: region as string, ...values, profile: PROFILES[environment] };
}

// --- the keys -----------------------------------------------------------------------------

/** What each `elastic-web:*` key resolves to. */
interface KeyValues {
    environment: Environment;
    name: string;
    network: StackConfig["network"];
    loadBalancer: LoadBalancerProfile;
    serviceDefaults: ServiceSettings;
    services: Record<string, ServiceConfig>;
    tags: Record<string, string>;
    bucket: StackConfig["bucket"];
    alarms: StackAlarmsConfig;
    costAssumptions: Partial<UsageAssumptions>;
}

/** What a key's resolver sees besides its own value. */
interface StackContext {
    readonly stack: string;
    /** `aws:region`, or undefined when it is missing or unknown. */
    readonly region: string | undefined;
    /** The environment's profile, once `environment` resolved to a valid value. */
    readonly profile: Profile | undefined;
    /** The values of the keys resolved so far (a key with problems may hold a partial value). */
    readonly resolved: Partial<KeyValues>;
}

/**
 * Checks one key's raw value (undefined when unset; `p` prefixes keys with `elastic-web:`)
 * and returns its resolved value, or undefined when there is none to give.
 */
type KeyResolver<T> = (p: Problems, value: unknown, ctx: StackContext) => T | undefined;

/**
 * The resolver of every `elastic-web:*` key; they run in the order of STACK_SETTINGS_SCHEMA, and a
 * resolver may read the keys above it from `ctx.resolved`. Adding a key takes a field in
 * StackSettings and its schema (./schema), KeyValues, StackConfig, and a line here.
 */
const STACK_KEYS: { readonly [K in keyof KeyValues]: KeyResolver<KeyValues[K]> } = {
    environment: resolveEnvironment,
    name: resolveName,
    network: resolveNetwork,
    loadBalancer: resolveLoadBalancer,
    serviceDefaults: resolveServiceDefaults,
    services: resolveServices,
    tags: resolveTags,
    bucket: resolveBucket,
    alarms: resolveAlarms,
    costAssumptions: resolveCostAssumptions,
};

/** The `elastic-web:*` keys a stack config may set, in the order of STACK_SETTINGS_SCHEMA. */
export const STACK_CONFIG_KEYS: readonly (keyof KeyValues)[] = STACK_SETTINGS_KEYS;

// Every key of the schema has a resolver and a resolved value, and no other key has.
const _keyValues: Same<keyof KeyValues, keyof StackSettings> = true;
void _keyValues;

const SHAPE = STACK_SETTINGS_SCHEMA.shape;

function resolveEnvironment(p: Problems, value: unknown, ctx: StackContext): Environment | undefined {
    if (value === undefined) {
        if ((ENVIRONMENTS as readonly string[]).includes(ctx.stack)) return ctx.stack as Environment;
        p.missing(
            "environment",
            `the stack name ${show(ctx.stack)} is not ${ENVIRONMENTS.join(", ")}, so name the profile to start from, e.g. \`pulumi config set ${CONFIG_NAMESPACE}:environment staging\`.`,
        );
        return undefined;
    }
    return checkField(p, "environment", SHAPE.environment, value) ? (value as Environment) : undefined;
}

function resolveName(p: Problems, value: unknown): string | undefined {
    if (value === undefined) return DEFAULT_NAME;
    return checkField(p, "name", SHAPE.name, value) ? (value as string) : undefined;
}

const EXISTING_NETWORK_KEYS = Object.keys(EXISTING_NETWORK_SCHEMA.shape);

/**
 * Prints the keys of the network settings as the layer that set them: the stack config's
 * `elastic-web:network.<key>`, or that key plus "from the <env> profile".
 */
function networkProblems(p: Problems, value: unknown, ctx: StackContext): Problems {
    const base = `${CONFIG_NAMESPACE}:network.`;
    return new LayeredProblems(p.where, base, p.list, [{ base, value }], {
        value: ctx.profile?.network,
        note: ` from the ${ctx.resolved.environment} profile`,
    });
}

function resolveNetwork(p: Problems, value: unknown, ctx: StackContext): StackConfig["network"] | undefined {
    // Checked merged, so a value set here meets the profile's others (a /24 block and the profile's AZ count).
    const create = (settings: Record<string, unknown>) => {
        const merged = merge(ctx.profile?.network ?? {}, settings);
        const q = networkProblems(p, settings, ctx);
        checkNetworkSettings(q, merged, STACK_NETWORK_KEYS);
        // The stack's tasks run in the private subnets without public IPs: without a NAT gateway (and with no
        // VPC endpoints, which the stack does not create) they cannot pull their image from ECR, send logs or
        // read secrets, so their services never reach a steady state.
        if (merged.natGateways === "none") {
            q.add(
                "natGateways",
                "none",
                'leaves the private subnets without a route out, but the stack\'s tasks run there without public IPs: they could not pull their image from ECR, write to CloudWatch Logs or read Secrets Manager, so no service would ever become stable; use "single" (one NAT gateway) or "onePerAz".',
            );
        }
        return ctx.profile && { create: merged as Filled<NetworkSettings> };
    };
    if (value === undefined) return create({});
    const known = STACK_NETWORK_KEYS;
    if (!isRecord(value)) {
        p.add(
            "network",
            value,
            `must be an object with settings of a new VPC (${NETWORK_SETTINGS_KEYS.join(", ")}) or an existing VPC (${EXISTING_NETWORK_KEYS.join(", ")}).`,
        );
        return undefined;
    }
    const np = p.at("network");
    const newKeys = Object.keys(value).filter((k) => NETWORK_SETTINGS_KEYS.includes(k));
    const oldKeys = Object.keys(value).filter((k) => EXISTING_NETWORK_KEYS.includes(k));
    if (newKeys.length > 0 && oldKeys.length > 0) {
        np.knownKeys("", value, known);
        note(
            p,
            "network",
            `mixes settings of a new VPC (${newKeys.join(", ")}) with an existing VPC (${oldKeys.join(", ")}); give either ${NETWORK_SETTINGS_KEYS.join(", ")} or ${EXISTING_NETWORK_KEYS.join(", ")}.`,
        );
        return undefined;
    }
    if (oldKeys.length === 0) return create(value);

    // The ids are checked with EXISTING_NETWORK_SCHEMA's fields; being required, the lists' length and
    // their duplicates have messages of their own, in the order of the subnets.
    np.knownKeys("", value, known);
    const vpcId = value.vpcId;
    if (vpcId === undefined) np.missing("vpcId", 'give the id of the existing VPC, e.g. "vpc-0123456789abcdef0".');
    else checkField(np, "vpcId", EXISTING_NETWORK_SCHEMA.shape.vpcId, vpcId);
    const ids: Record<string, Set<unknown>> = {};
    for (const key of ["publicSubnetIds", "privateSubnetIds"] as const) {
        const kind = key === "publicSubnetIds" ? "public" : "private";
        const subnets = value[key];
        const seen = (ids[key] = new Set());
        // An ALB needs subnets in at least two Availability Zones; two private ones keep the tasks in two AZs too.
        if (subnets === undefined) {
            np.missing(
                key,
                `give at least 2 ${kind} subnet ids in different availability zones, e.g. ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"].`,
            );
            continue;
        }
        if (!Array.isArray(subnets) || subnets.length < 2) {
            np.add(key, subnets, `must be a list of at least 2 ${kind} subnet ids in different availability zones.`);
            continue;
        }
        subnets.forEach((id, i) => {
            const path = `${key}[${i}]`;
            if (id !== undefined && !checkField(np, path, SUBNET_ID_SCHEMA, id)) return;
            if (seen.has(id)) np.add(path, id, "is listed twice; list each subnet once.");
            else if (key === "privateSubnetIds" && ids.publicSubnetIds?.has(id)) {
                np.add(path, id, `is also in ${np.key("publicSubnetIds")}; a subnet is either public or private.`);
            }
            seen.add(id);
        });
    }
    return { existing: copy(value) as unknown as ExistingNetwork };
}

/**
 * The private subnets the stack creates must hold every task the services may run at once: each
 * Fargate task takes an address of its subnet (awsvpc network mode), a deployment may start up to
 * `maxPercent` of the desired count (ECS DeploymentConfiguration, rounded down), and ECS spreads a
 * service's tasks evenly over the AZs. Scheduled task bounds count where they exceed `scaling.maxTasks`.
 */
function checkPrivateSubnetRoom(p: Problems, value: unknown, ctx: StackContext): void {
    const { network, services } = ctx.resolved;
    if (!network || !("create" in network) || !services) return;
    const { cidrBlock, azCount } = network.create;
    const prefix = typeof cidrBlock === "string" ? cidrPrefix(cidrBlock) : undefined;
    // Values the network checks refused are reported there already.
    if (prefix === undefined || prefix < 16 || prefix > 24 || !Number.isInteger(azCount) || azCount < 2 || azCount > 6) return;
    const layout = subnetLayout(prefix, azCount);
    if (!layout) return;
    let peak = 0;
    for (const service of Object.values(services)) {
        const scaling: Record<string, unknown> = isRecord(service.scaling) ? service.scaling : {};
        const schedules: unknown[] = Array.isArray(scaling.schedules) ? scaling.schedules : [];
        const bounds = [scaling.maxTasks, ...schedules.map((s) => (isRecord(s) ? s.maxTasks : undefined))];
        const maxTasks = Math.max(0, ...bounds.filter((n): n is number => Number.isInteger(n)));
        const maxPercent = Number.isInteger(service.maxPercent) ? Math.max(100, service.maxPercent) : 100;
        peak += Math.floor((maxTasks * maxPercent) / 100);
    }
    const perAz = Math.ceil(peak / azCount);
    const usable = usableAddresses(layout.private);
    if (perAz <= usable) return;
    let wide = prefix;
    while (wide > 16 && usableAddresses(subnetLayout(wide, azCount)!.private) < perAz) wide--;
    const fits = usableAddresses(subnetLayout(wide, azCount)!.private) >= perAz;
    const fix = `${fits ? `use a cidrBlock of /${wide} or larger, or ` : ""}lower the services' \`scaling.maxTasks\` or \`maxPercent\``;
    networkProblems(p, value, ctx).add(
        "cidrBlock",
        cidrBlock,
        `gives each private subnet a /${layout.private} with ${usable} usable IP addresses, but the services may run ${peak} tasks at once at their maximum during a deployment, ${perAz} per availability zone over ${azCount}, and each Fargate task takes one address; ${fix}.`,
    );
}

function resolveLoadBalancer(p: Problems, value: unknown, ctx: StackContext): LoadBalancerProfile | undefined {
    if (value !== undefined && !isRecord(value)) {
        p.add("loadBalancer", value, "must be an object of load balancer settings.");
        return undefined;
    }
    const settings = value ?? {};
    checkLoadBalancerSettings(p.at("loadBalancer"), settings);
    // ACM certificates and WAF web ACLs are regional: the ALB can only use ones from its own region.
    const regional: [string, string, string][] = [
        ["certificateArn", "acm", "an ACM certificate"],
        ["wafWebAclArn", "wafv2", "a WAF web ACL"],
    ];
    for (const [key, service, what] of regional) {
        const arn = settings[key];
        const arnRegion =
            typeof arn === "string" ? new RegExp(`^arn:aws[a-z-]*:${service}:([a-z0-9-]+):\\d{12}:`).exec(arn)?.[1] : undefined;
        if (ctx.region && arnRegion && arnRegion !== ctx.region) {
            p.add(
                `loadBalancer.${key}`,
                arn,
                `is in ${arnRegion}; an ALB in ${ctx.region} (\`aws:region\`) needs ${what} from ${ctx.region}.`,
            );
        }
    }
    return ctx.profile && (merge(ctx.profile.loadBalancer, settings) as LoadBalancerProfile);
}

/** `serviceDefaults` takes ServiceSettings but `routing`: listener rule priorities are per service. */
export const SERVICE_DEFAULTS_KEYS: readonly string[] = SERVICE_SETTINGS_KEYS.filter((k) => k !== "routing");

function resolveServiceDefaults(p: Problems, value: unknown): ServiceSettings | undefined {
    if (value === undefined) return {};
    if (!isRecord(value)) {
        p.add("serviceDefaults", value, "must be an object of service settings applied to every service.");
        return undefined;
    }
    checkServiceSettings(p.at("serviceDefaults"), value, SERVICE_DEFAULTS_KEYS);
    // Unknown keys were reported above; only known ones reach the services.
    return Object.fromEntries(Object.entries(value).filter(([k]) => SERVICE_DEFAULTS_KEYS.includes(k))) as ServiceSettings;
}

/** Pulumi appends 8 random characters; target group names allow 32, and ElasticStack names them `<name>-<service>-tg`. */
const MAX_NAME_AND_SERVICE = 32 - 8 - "--tg".length;

function resolveServices(p: Problems, value: unknown, ctx: StackContext): Record<string, ServiceConfig> | undefined {
    const example = `e.g. \`${CONFIG_NAMESPACE}:services: { web: { image: "${DEMO_IMAGE}" } }\``;
    if (value === undefined) {
        p.missing("services", `add at least one service with an \`image\`, ${example}.`);
        return undefined;
    }
    if (!isRecord(value) || Object.keys(value).length === 0) {
        p.add("services", value, `must be an object of services by name with at least one service, ${example}.`);
        return undefined;
    }
    const env = ctx.resolved.environment;
    const defaults = ctx.resolved.serviceDefaults ?? {};
    const services: Record<string, ServiceConfig> = {};
    const catchAll: string[] = [];
    const priorities = new Map<unknown, string>();
    for (const [key, service] of Object.entries(value)) {
        const at = `services.${key}`;
        if (!SERVICE_NAME_PATTERN.test(key)) {
            note(p, at, "is not a valid service name; use 1-12 lowercase letters, digits and hyphens, starting with a letter.");
        } else if (ctx.resolved.name && ctx.resolved.name.length + key.length > MAX_NAME_AND_SERVICE) {
            note(
                p,
                at,
                `makes the target group name ${show(`${ctx.resolved.name}-${key}-tg`)} too long: with Pulumi's 8-character suffix, \`${CONFIG_NAMESPACE}:name\` and the service name may have ${MAX_NAME_AND_SERVICE} characters together; shorten one of them.`,
            );
        }
        if (!isRecord(service)) {
            p.add(at, service, "must be an object of service settings with at least an `image`.");
            continue;
        }
        if (service.image === undefined) p.missing(`${at}.image`, `give the image to run, e.g. ${show(DEMO_IMAGE)}.`);

        // Check the merged values, printing each key as the layer that set it, so a
        // combination across layers (cpu here, memory in the profile) is caught and located.
        const merged = merge(ctx.profile?.service ?? {}, defaults, service);
        const layers: Layer[] = [
            { base: `${CONFIG_NAMESPACE}:${at}.`, value: service },
            { base: `${CONFIG_NAMESPACE}:serviceDefaults.`, value: defaults },
        ];
        const fromProfile = { value: ctx.profile?.service, note: ` from the ${env} profile` };
        const lp = new LayeredProblems(p.where, `${CONFIG_NAMESPACE}:${at}.`, p.list, layers, fromProfile);
        checkServiceSettings(lp, merged, SERVICE_INPUT_KEYS);

        const routing = isRecord(merged.routing) ? merged.routing : {};
        if (routing.pathPatterns === undefined && routing.hostHeaders === undefined) catchAll.push(key);
        if (routing.priority !== undefined) {
            const first = priorities.get(routing.priority);
            if (first === undefined) priorities.set(routing.priority, key);
            else
                p.add(
                    `${at}.routing.priority`,
                    routing.priority,
                    `is also the priority of ${p.key(`services.${first}.routing.priority`)}; listener rule priorities must be unique.`,
                );
        }
        services[key] = toServiceConfig(merged);
    }
    if (catchAll.length > 1) {
        note(
            p,
            "services",
            `has ${catchAll.length} services without routing conditions (${catchAll.join(", ")}); only one can take every request, so give the others \`routing.pathPatterns\` or \`routing.hostHeaders\` and a \`routing.priority\`.`,
        );
    }
    return services;
}

/** A merged service (checked) in the shape of ServiceConfig. */
function toServiceConfig(merged: Record<string, unknown>): ServiceConfig {
    const { routing, environment, secrets, ...rest } = merged;
    const config = { ...rest, routing: routing ?? {}, environment: environment ?? {}, secrets: secrets ?? {} } as ServiceConfig;
    if (isRecord(config.scaling) && Array.isArray(config.scaling.schedules)) {
        config.scaling.schedules = config.scaling.schedules.map((s) => (isRecord(s) ? { ...s, timezone: s.timezone ?? "UTC" } : s));
    }
    return config;
}

/** Tags the stack sets itself. */
const STACK_TAGS = ["environment", "stack"];
/** Source: AWS tagging guide, "Tag naming limits and requirements" (50 tags, keys 128 and values 256 characters, reserved `aws:`). */
const MAX_TAGS = 50;
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

function resolveTags(p: Problems, value: unknown, ctx: StackContext): Record<string, string> | undefined {
    const tags: Record<string, string> = {};
    if (value !== undefined && !isRecord(value)) {
        p.add("tags", value, "must be an object of tag keys to string values.");
    } else if (value !== undefined) {
        for (const [key, tag] of Object.entries(value)) {
            const path = `tags.${key}`;
            if (STACK_TAGS.includes(key)) {
                note(p, path, `is set by the stack itself (to the environment and the stack name); remove it.`);
                continue;
            }
            if (key.length > 128) note(p, path, "is longer than 128 characters, the AWS limit for tag keys.");
            else if (key.toLowerCase().startsWith("aws:"))
                note(p, path, 'starts with "aws:", a prefix AWS reserves for its own tags; rename it.');
            else if (!TAG_CHARS.test(key))
                note(p, path, "has characters AWS does not allow in tag keys; use letters, digits, spaces and _ . : / = + - @.");
            if (typeof tag !== "string") p.add(path, tag, "must be a string; quote it.");
            else if (tag.length > 256) note(p, path, `has a value of ${tag.length} characters; AWS allows at most 256 in a tag value.`);
            else if (tag.toLowerCase().startsWith("aws:")) p.add(path, tag, 'starts with "aws:", a prefix AWS reserves; change it.');
            else if (!TAG_CHARS.test(tag))
                p.add(path, tag, "has characters AWS does not allow in tag values; use letters, digits, spaces and _ . : / = + - @.");
            else tags[key] = tag;
        }
        const count = Object.keys(value).length;
        if (count > MAX_TAGS - STACK_TAGS.length) {
            note(
                p,
                "tags",
                `has ${count} tags; with \`environment\` and \`stack\` that exceeds the AWS limit of ${MAX_TAGS} tags per resource.`,
            );
        }
    }
    const environment = ctx.resolved.environment;
    return environment && { ...tags, environment, stack: ctx.stack };
}

/**
 * `bucket`: false for no bucket, else ReplicatedBucket settings over the profile's, plus
 * `replicate` (whether a replica exists when `replicaRegion` is not named).
 */
function resolveBucket(p: Problems, value: unknown, ctx: StackContext): StackConfig["bucket"] | undefined {
    if (value === false) return false;
    if (value !== undefined && !isRecord(value)) {
        p.add("bucket", value, "must be false (no bucket) or an object of bucket settings.");
        return undefined;
    }
    const { replicate, ...settings } = (value ?? {}) as Record<string, unknown>;
    p.bool("bucket.replicate", replicate);
    const profile = ctx.profile?.bucket;
    if (!profile || !ctx.region) {
        checkReplicatedBucketSettings(p.at("bucket"), settings, ctx.region);
        return undefined;
    }
    const { replicate: profileReplicate, ...profileSettings } = profile;
    // Checked merged, so rules across layers (the prod profile's Replication Time Control with
    // metrics turned off here) are caught, and values from the profile print as such.
    const base = `${CONFIG_NAMESPACE}:bucket.`;
    const q = new LayeredProblems(p.where, base, p.list, [{ base, value: settings }], {
        value: profileSettings,
        note: ` from the ${ctx.resolved.environment} profile`,
    });
    const merged = merge(profileSettings, settings) as StackBucketConfig;
    // forceDestroy and retain exclude each other: the one the stack config turns on turns the profile's other off.
    if (settings.forceDestroy === true && settings.retain === undefined) merged.retain = false;
    if (settings.retain === true && settings.forceDestroy === undefined) merged.forceDestroy = false;
    let replicaKnown = true;
    if (replicate === false) {
        if (settings.replicaRegion !== undefined) {
            q.add("replicaRegion", settings.replicaRegion, `names a replica while ${q.key("replicate")} is false; leave out one of them.`);
        }
        delete merged.replicaRegion;
    } else if ((replicate ?? profileReplicate) === true && merged.replicaRegion === undefined) {
        const paired = REPLICA_REGIONS[ctx.region];
        const optIn = OPT_IN_REPLICA_REGIONS[ctx.region];
        const why = optIn
            ? ` (its partner in the same country, ${optIn}, is an opt-in region that must be enabled for the account first)`
            : "";
        if (paired) {
            merged.replicaRegion = paired;
        } else {
            q.missing(
                "replicaRegion",
                `the ${ctx.resolved.environment} profile replicates the bucket and ${ctx.region} has no default replica region${why}; name one, or set ${q.key("replicate")} to false.`,
            );
            replicaKnown = false;
        }
    }
    if (merged.replicaRegion === undefined) {
        // The profile's replication settings apply only where there is a replica; values set here are checked.
        for (const key of ["replicationTimeControl", "replicaModifications"] as const) {
            if (settings[key] === undefined) merged[key] = false;
        }
    }
    checkReplicatedBucketSettings(q, merged, ctx.region);
    return replicaKnown ? merged : undefined;
}

/** `alarms`: ServiceAlarms settings over the profile's; thresholds merge key by key. */
function resolveAlarms(p: Problems, value: unknown, ctx: StackContext): StackAlarmsConfig | undefined {
    if (value !== undefined && !isRecord(value)) {
        p.add("alarms", value, "must be an object of alarm settings.");
        return undefined;
    }
    const profile = ctx.profile?.alarms;
    if (!profile) {
        checkServiceAlarmsSettings(p.at("alarms"), value ?? {});
        return undefined;
    }
    // Checked merged, so rules across layers (a prod profile that requires a subscription) apply.
    const merged = merge(profile, value ?? {});
    checkServiceAlarmsSettings(p.at("alarms"), merged);
    return merged as StackAlarmsConfig;
}

/** `costAssumptions`: usage figures for the offline cost estimate. */
function resolveCostAssumptions(p: Problems, value: unknown): Partial<UsageAssumptions> | undefined {
    if (value === undefined) return {};
    if (!isRecord(value)) {
        p.add("costAssumptions", value, "must be an object of usage figures, e.g. { requestsPerSecond: 50 }.");
        return undefined;
    }
    checkUsage(p.at("costAssumptions"), value as Partial<UsageAssumptions>);
    return value as Partial<UsageAssumptions>;
}

// --- merging ------------------------------------------------------------------------------

/** A deep copy of plain data (objects and lists); other values as they are. */
function copy<T>(value: T): T {
    if (Array.isArray(value)) return value.map(copy) as T;
    if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v)])) as T;
    return value;
}

/** Merges layers left to right into a new object: objects key by key, everything else (lists too) replaced. */
function merge(...layers: unknown[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const layer of layers) {
        if (!isRecord(layer)) continue;
        for (const [k, v] of Object.entries(layer)) {
            if (v === undefined) continue;
            out[k] = isRecord(v) && isRecord(out[k]) ? merge(out[k], v) : copy(v);
        }
    }
    return out;
}

/** One layer of a merged service and the key prefix its values print with. */
interface Layer {
    base: string;
    value: unknown;
}

/** True when `layer` sets the value at `path` (`scaling.maxTasks`, `scaling.schedules[0].name`); a list is set as a whole. */
function sets(layer: unknown, path: string): boolean {
    let v = layer;
    for (const part of path.replace(/\[(\d+)\]/g, ".$1").split(".")) {
        if (Array.isArray(v)) return true;
        if (!isRecord(v) || v[part] === undefined) return false;
        v = v[part];
    }
    return true;
}

/**
 * Prints each key of a merged service as written by the layer that set it: the service's own key,
 * `serviceDefaults`, or, for a value from the profile, the service's key plus "from the <env> profile".
 * A key no layer sets (one a message suggests) prints as the service's own.
 */
class LayeredProblems extends Problems {
    constructor(
        where: string,
        base: string,
        list: string[],
        private readonly layers: readonly Layer[],
        private readonly profile: { value: unknown; note: string },
    ) {
        super(where, base, list);
    }

    override key(path: string): string {
        for (const layer of this.layers) {
            if (sets(layer.value, path)) return "`" + layer.base + path + "`";
        }
        return super.key(path) + (sets(this.profile.value, path) ? this.profile.note : "");
    }
}
