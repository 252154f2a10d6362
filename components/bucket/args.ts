/**
 * The arguments of a {@link ReplicatedBucket}: their schema, their defaults and the one function that
 * checks them and fills the defaults in before anything is registered.
 */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { TAGS_SCHEMA } from "../core/fields";
import { ProviderRegion, regionOfProvider } from "../core/region";
import { Same, after, bool, checkField, checkObject, custom, deferred, int, keysOf, oneOf, text } from "../core/schema";
import { ConfigError, Problems, isRecord } from "../core/validate";
import {
    BUCKET_NAME,
    BUCKET_NAME_RULE,
    MAX_DAYS,
    PREFIX_AND_RETAIN_RULE,
    REPLICA_LOG_BUCKET_RULE,
    REPLICATION_SWITCH_RULE,
    TRANSITION_STORAGE_CLASSES,
    checkPrefix,
    checkRegion,
    checkTransitions,
} from "./rules";

/** Server-side encryption of both buckets. */
export type BucketEncryption = "kms" | "s3";

/** A storage class a lifecycle transition moves objects to; see {@link TRANSITION_STORAGE_CLASSES}. */
export type TransitionStorageClass = (typeof TRANSITION_STORAGE_CLASSES)[number];

/** A lifecycle move of current object versions to a cheaper storage class. */
export interface TransitionArgs {
    /** Days after creation; at least 30 for `STANDARD_IA` and `ONEZONE_IA`. */
    days: number;
    /** Class the objects move to. */
    storageClass: TransitionStorageClass;
}

/** Plain settings of a {@link ReplicatedBucket}, shared with the stack config and profiles. */
export interface ReplicatedBucketSettings {
    /**
     * Region of the replica bucket; must differ from the primary region.
     * @default - no replica: a single hardened bucket without replication
     * @example "us-west-2"
     */
    replicaRegion?: string;
    /**
     * `kms`: a customer-managed KMS key per region (rotation on, explicit key policy) with S3 Bucket Keys;
     * `s3`: SSE-S3 (AES-256 keys managed by S3), no KMS keys.
     * @default "kms"
     */
    encryption?: BucketEncryption;
    /**
     * Days a version stays after it became noncurrent (overwritten or deleted) before S3 deletes it.
     * @default 90
     */
    noncurrentVersionExpirationDays?: number;
    /**
     * Days after which S3 aborts an unfinished multipart upload and deletes its parts.
     * @default 7
     */
    abortIncompleteUploadDays?: number;
    /**
     * Moves of current object versions to cheaper storage classes, in storage-class order with increasing days.
     * @default []
     * @example [{ days: 30, storageClass: "STANDARD_IA" }, { days: 180, storageClass: "GLACIER_IR" }]
     */
    transitions?: TransitionArgs[];
    /**
     * Publish S3 replication metrics (latency, bytes and operations pending, failures) to CloudWatch.
     * @default true
     */
    replicationMetrics?: boolean;
    /**
     * S3 Replication Time Control: 99.99% of objects replicated within 15 minutes (billed per GB); needs `replicationMetrics`.
     * @default false
     */
    replicationTimeControl?: boolean;
    /**
     * Two-way replication for active-active use: a reverse rule replicates the replica bucket's
     * objects back to the primary, and both rules replicate metadata changes (replica modifications).
     * @default false
     */
    replicaModifications?: boolean;
    /**
     * Replicate only keys starting with this prefix.
     * @default - every object
     * @example "uploads/"
     */
    prefix?: string;
    /**
     * Let `pulumi destroy` delete the buckets with all their objects; for disposable environments only.
     * @default false
     */
    forceDestroy?: boolean;
    /**
     * Keep both buckets and both KMS keys in AWS when Pulumi deletes or replaces them (`retainOnDelete`).
     * @default - true, unless `forceDestroy` is true
     */
    retain?: boolean;
    /**
     * Existing bucket in the primary region that receives the primary bucket's server access logs
     * (the log bucket must allow `logging.s3.amazonaws.com` to write).
     * @default - no server access logging
     */
    accessLogBucket?: string;
    /**
     * Existing bucket in the replica region that receives the replica bucket's server access logs.
     * @default - no server access logging of the replica
     */
    replicaAccessLogBucket?: string;
}

/**
 * Arguments of {@link ReplicatedBucket}. The log buckets may come from another stack or resource, so
 * here they are `pulumi.Input<string>` where {@link ReplicatedBucketSettings} (the stack config's, always
 * strings) has `string`; a value known only at deployment passes the checks unchecked.
 */
export interface ReplicatedBucketArgs extends Omit<ReplicatedBucketSettings, "accessLogBucket" | "replicaAccessLogBucket"> {
    /**
     * Existing bucket in the primary region that receives the primary bucket's server access logs
     * (the log bucket must allow `logging.s3.amazonaws.com` to write).
     * @default - no server access logging
     */
    accessLogBucket?: pulumi.Input<string>;
    /**
     * Existing bucket in the replica region that receives the replica bucket's server access logs.
     * @default - no server access logging of the replica
     */
    replicaAccessLogBucket?: pulumi.Input<string>;
    /**
     * Region of the primary bucket: the region of the provider the component runs with, which it must
     * repeat if given (a contradiction is refused). Used to refuse a replica in the same region and to
     * scope the KMS key policies. Required with an explicit provider (`provider`, `providers` or a
     * parent's), whose region is known only at deployment, where it is checked against this value.
     * @default - the default provider's region (`aws:region`)
     * @example "us-east-1"
     */
    region?: string;
    /**
     * Provider for the replica-region resources; it must be configured for `replicaRegion`.
     * Pass one when the stack's provider settings (profile, assumed role) matter, since a provider the
     * component makes reads only the environment's credentials.
     * @default - a provider for `replicaRegion` made by the component (`<name>-replica-provider`)
     */
    replicaProvider?: aws.Provider;
    /** Tags added to every child that takes tags. @default {} */
    tags?: Record<string, pulumi.Input<string>>;
}

/** The defaults of every setting; `@default` tags above repeat these values. */
export const REPLICATED_BUCKET_DEFAULTS = {
    encryption: "kms" as BucketEncryption,
    noncurrentVersionExpirationDays: 90,
    abortIncompleteUploadDays: 7,
    transitions: [] as readonly TransitionArgs[],
    replicationMetrics: true,
    replicationTimeControl: false,
    replicaModifications: false,
    forceDestroy: false,
} as const;

/** {@link ReplicatedBucketArgs} after validation, every value filled in. */
export interface ResolvedReplicatedBucketArgs {
    region: string;
    replicaRegion?: string;
    encryption: BucketEncryption;
    noncurrentVersionExpirationDays: number;
    abortIncompleteUploadDays: number;
    transitions: TransitionArgs[];
    replicationMetrics: boolean;
    replicationTimeControl: boolean;
    replicaModifications: boolean;
    prefix?: string;
    forceDestroy: boolean;
    retain: boolean;
    accessLogBucket?: pulumi.Input<string>;
    replicaAccessLogBucket?: pulumi.Input<string>;
    replicaProvider?: aws.Provider;
    tags: Record<string, pulumi.Input<string>>;
}

/** The schema of one {@link TransitionArgs}. */
export const TRANSITION_SCHEMA = z.object({
    days: int(0, MAX_DAYS),
    storageClass: oneOf(TRANSITION_STORAGE_CLASSES),
});

/** The schema of {@link ReplicatedBucketSettings}; its key order is the order of the documented settings. */
export const REPLICATED_BUCKET_SETTINGS_SCHEMA = z.object({
    replicaRegion: custom(z.string(), checkRegion).optional(),
    encryption: oneOf(["kms", "s3"]).optional(),
    // NoncurrentDays and DaysAfterInitiation must be positive integers (Amazon S3 API Reference,
    // NoncurrentVersionExpiration and AbortIncompleteMultipartUpload).
    noncurrentVersionExpirationDays: int(1, MAX_DAYS).optional(),
    abortIncompleteUploadDays: int(1, MAX_DAYS).optional(),
    transitions: custom(z.array(TRANSITION_SCHEMA), (p, path, value) => checkTransitions(p, path, value, TRANSITION_SCHEMA)).optional(),
    replicationMetrics: bool().optional(),
    replicationTimeControl: bool().optional(),
    replicaModifications: bool().optional(),
    prefix: custom(z.string(), checkPrefix).optional(),
    forceDestroy: bool().optional(),
    retain: bool().optional(),
    accessLogBucket: text(BUCKET_NAME, BUCKET_NAME_RULE).optional(),
    replicaAccessLogBucket: text(BUCKET_NAME, BUCKET_NAME_RULE).optional(),
});

/** The schema of {@link ReplicatedBucketArgs}. */
export const REPLICATED_BUCKET_ARGS_SCHEMA = REPLICATED_BUCKET_SETTINGS_SCHEMA.extend({
    accessLogBucket: deferred(REPLICATED_BUCKET_SETTINGS_SCHEMA.shape.accessLogBucket.unwrap()).optional(),
    replicaAccessLogBucket: deferred(REPLICATED_BUCKET_SETTINGS_SCHEMA.shape.replicaAccessLogBucket.unwrap()).optional(),
    region: custom(z.string(), checkRegion).optional(),
    replicaProvider: z.custom<aws.Provider>().optional(),
    tags: TAGS_SCHEMA.optional(),
});

// The exported types are written out (for their JSDoc and the API reference); these lines keep them equal to the schema.
const _transition: Same<TransitionArgs, z.input<typeof TRANSITION_SCHEMA>> = true;
const _settings: Same<ReplicatedBucketSettings, z.input<typeof REPLICATED_BUCKET_SETTINGS_SCHEMA>> = true;
const _args: Same<ReplicatedBucketArgs, z.input<typeof REPLICATED_BUCKET_ARGS_SCHEMA>> = true;
void [_transition, _settings, _args];

/** Keys of `ReplicatedBucketSettings`. */
export const REPLICATED_BUCKET_SETTINGS_KEYS: readonly string[] = keysOf(REPLICATED_BUCKET_SETTINGS_SCHEMA);

const SHAPE = REPLICATED_BUCKET_SETTINGS_SCHEMA.shape;

/**
 * The settings after `replicaRegion`, in the order their problems are reported: the lifecycle, the
 * switches and the rules on them, then the prefix and the log buckets. Problems have always come in
 * this order, which is not quite the order of the documented keys that the unknown-key message lists.
 * `replicaRegion` is checked before them, against the primary region only the caller knows.
 */
const CHECK_ORDER_SCHEMA = after(
    z.object({
        encryption: SHAPE.encryption,
        noncurrentVersionExpirationDays: SHAPE.noncurrentVersionExpirationDays,
        abortIncompleteUploadDays: SHAPE.abortIncompleteUploadDays,
        transitions: SHAPE.transitions,
        replicationMetrics: SHAPE.replicationMetrics,
        replicationTimeControl: SHAPE.replicationTimeControl,
        replicaModifications: SHAPE.replicaModifications,
        forceDestroy: SHAPE.forceDestroy,
        retain: SHAPE.retain,
        prefix: SHAPE.prefix,
        accessLogBucket: SHAPE.accessLogBucket,
        replicaAccessLogBucket: SHAPE.replicaAccessLogBucket,
    }),
    REPLICATION_SWITCH_RULE,
    PREFIX_AND_RETAIN_RULE,
    REPLICA_LOG_BUCKET_RULE,
);
const _order: Same<z.input<typeof CHECK_ORDER_SCHEMA>, Omit<ReplicatedBucketSettings, "replicaRegion">> = true;
void _order;

/**
 * Longest component name. Pulumi appends 8 random characters (`-` and 7) to a child's name; the child
 * with the tightest limit is the replication role, `<name>-replication-role`, as IAM role names have at
 * most 64 characters (IAM user guide, "IAM and AWS STS quotas"). The buckets `<name>-primary` and
 * `<name>-replica` allow 63 (S3 naming rules), the role policy `<name>-replication-policy` 128.
 */
export const MAX_REPLICATED_BUCKET_NAME = 64 - "-replication-role".length - 8;

/**
 * Checks ReplicatedBucket settings (the component's args, or the stack config's bucket section) and records
 * every problem in `p`; keys are relative to `p`. `primaryRegion`, when known, must differ from `replicaRegion`.
 */
export function checkReplicatedBucketSettings(p: Problems, s: unknown, primaryRegion?: string): void {
    if (s === undefined) return;
    if (!isRecord(s)) {
        new Problems(p.where, "", p.list).add(p.base.replace(/\.$/, "") || "settings", s, "must be an object.");
        return;
    }
    p.knownKeys("", s, REPLICATED_BUCKET_SETTINGS_KEYS);
    if (checkField(p, "replicaRegion", SHAPE.replicaRegion, s.replicaRegion) && s.replicaRegion === primaryRegion) {
        p.add(
            "replicaRegion",
            s.replicaRegion,
            `is the primary bucket's region; choose another region for the replica, or leave ${p.key("replicaRegion")} out for a bucket without a replica.`,
        );
    }
    checkObject(p, "", CHECK_ORDER_SCHEMA, s, { unknownKeysChecked: true });
}

/**
 * Validates the args of a ReplicatedBucket named `name` and fills in every default.
 * `provider` is what is known of the provider the component runs with (`providerRegionOf` in core/region);
 * `region` defaults to its region and may not contradict it. Without it, `region` is required.
 * Never mutates `args`; throws a ConfigError listing every problem.
 */
export function resolveReplicatedBucketArgs(
    name: string,
    args: ReplicatedBucketArgs,
    provider: ProviderRegion = {},
): ResolvedReplicatedBucketArgs {
    const p = new Problems(`elastic-web:aws:ReplicatedBucket "${name}"`);
    if (!/^[a-z0-9][a-z0-9-]*$/.test(name) || name.length > MAX_REPLICATED_BUCKET_NAME) {
        p.list.push(
            `${p.where}: the name must be 1-${MAX_REPLICATED_BUCKET_NAME} lowercase letters, digits and hyphens, starting with a letter or digit; it starts both bucket names, which S3 limits to 63 lowercase characters, and the replication role's name "<name>-replication-role" plus Pulumi's 8-character suffix, which IAM limits to 64.`,
        );
    }
    if (!isRecord(args)) {
        p.add("args", args, "must be an object of ReplicatedBucket settings with at least `region`.");
        throw new ConfigError([...p.list]);
    }
    const { region: given, replicaProvider, tags, ...settings } = args as ReplicatedBucketArgs;
    // Checked even when not plain: the region names the provider and scopes the key policies.
    const region = regionOfProvider(
        p,
        given,
        provider,
        (value) => checkRegion(p, "region", value),
        provider.provider !== undefined
            ? 'the provider the component runs with tells its region only at deployment; pass that region, e.g. "us-east-1".'
            : "pass the primary bucket's region (the stack's `aws:region`), e.g. \"us-east-1\".",
    );
    if (replicaProvider !== undefined && settings.replicaRegion === undefined) {
        p.missing("replicaRegion", "a `replicaProvider` was given; set replicaRegion to that provider's region.");
    }
    // The primary bucket lands in the provider's region, whatever `region` says.
    checkReplicatedBucketSettings(p, settings, provider.region ?? (typeof given === "string" ? given : undefined));
    if (tags !== undefined && !isRecord(tags)) p.add("tags", tags, "must be an object of tag names to values.");
    p.throwIfAny();

    const d = REPLICATED_BUCKET_DEFAULTS;
    const forceDestroy = settings.forceDestroy ?? d.forceDestroy;
    return {
        region: region as string,
        replicaRegion: settings.replicaRegion,
        encryption: settings.encryption ?? d.encryption,
        noncurrentVersionExpirationDays: settings.noncurrentVersionExpirationDays ?? d.noncurrentVersionExpirationDays,
        abortIncompleteUploadDays: settings.abortIncompleteUploadDays ?? d.abortIncompleteUploadDays,
        transitions: (settings.transitions ?? d.transitions).map((t) => ({ days: t.days, storageClass: t.storageClass })),
        replicationMetrics: settings.replicationMetrics ?? d.replicationMetrics,
        replicationTimeControl: settings.replicationTimeControl ?? d.replicationTimeControl,
        replicaModifications: settings.replicaModifications ?? d.replicaModifications,
        prefix: settings.prefix,
        forceDestroy,
        retain: settings.retain ?? !forceDestroy,
        accessLogBucket: settings.accessLogBucket,
        replicaAccessLogBucket: settings.replicaAccessLogBucket,
        replicaProvider,
        tags: { ...(tags ?? {}) },
    };
}
