import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { partitionOf } from "../core/aws";
import { AWS_REGIONS, ConfigError, Problems, isRecord, show } from "../core/validate";

/** Server-side encryption of both buckets. */
export type BucketEncryption = "kms" | "s3";

/**
 * Storage classes a lifecycle rule can move objects to, in the only order S3 allows
 * (each class may move on only to a class later in this list).
 * Source: Amazon S3 User Guide, "Transitioning objects using Amazon S3 Lifecycle", supported transitions.
 */
export const TRANSITION_STORAGE_CLASSES = [
    "STANDARD_IA",
    "INTELLIGENT_TIERING",
    "ONEZONE_IA",
    "GLACIER_IR",
    "GLACIER",
    "DEEP_ARCHIVE",
] as const;
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

/** Arguments of {@link ReplicatedBucket}. */
export interface ReplicatedBucketArgs extends ReplicatedBucketSettings {
    /**
     * Region of the primary bucket, i.e. of the provider the component is created with (the stack's `aws:region`).
     * Used to refuse a replica in the same region and to scope the KMS key policies.
     * @example "us-east-1"
     */
    region: string;
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
    accessLogBucket?: string;
    replicaAccessLogBucket?: string;
    replicaProvider?: aws.Provider;
    tags: Record<string, pulumi.Input<string>>;
}

const SETTINGS_KEYS: readonly (keyof ReplicatedBucketSettings)[] = [
    "replicaRegion",
    "encryption",
    "noncurrentVersionExpirationDays",
    "abortIncompleteUploadDays",
    "transitions",
    "replicationMetrics",
    "replicationTimeControl",
    "replicaModifications",
    "prefix",
    "forceDestroy",
    "retain",
    "accessLogBucket",
    "replicaAccessLogBucket",
];

/** Upper bound of every day count: a sanity limit of the package (100 years), not an AWS one. */
const MAX_DAYS = 36500;

/**
 * Classes objects must reach only after 30 days and must stay in for 30 days before the next transition.
 * Source: Amazon S3 API Reference, `Transition.Days` (STANDARD_IA, ONEZONE_IA: 30 days or more), and
 * Amazon S3 User Guide, "Transitioning objects: general considerations" (a GLACIER transition less than
 * 30 days after a STANDARD_IA transition is refused).
 */
const INFREQUENT_ACCESS: readonly string[] = ["STANDARD_IA", "ONEZONE_IA"];
const IA_MIN_DAYS = 30;

/** Source: Amazon S3 User Guide, "General purpose bucket naming rules"; object keys are at most 1024 bytes. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const BUCKET_NAME_RULE = "an S3 bucket name (3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit)";
const MAX_KEY_LENGTH = 1024;

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
    p.knownKeys("", s, SETTINGS_KEYS);

    const replicaRegion = s.replicaRegion;
    const hasReplica = replicaRegion !== undefined;
    if (hasReplica) {
        if (typeof replicaRegion !== "string" || !(AWS_REGIONS as readonly string[]).includes(replicaRegion)) {
            p.add("replicaRegion", replicaRegion, `is not an AWS region this package knows; use one of ${AWS_REGIONS.join(", ")}.`);
        } else if (replicaRegion === primaryRegion) {
            p.add(
                "replicaRegion",
                replicaRegion,
                `is the primary bucket's region; choose another region for the replica, or leave ${p.key("replicaRegion")} out for a bucket without a replica.`,
            );
        }
    }

    p.oneOf("encryption", s.encryption, ["kms", "s3"]);
    // NoncurrentDays and DaysAfterInitiation must be positive integers (Amazon S3 API Reference,
    // NoncurrentVersionExpiration and AbortIncompleteMultipartUpload).
    p.int("noncurrentVersionExpirationDays", s.noncurrentVersionExpirationDays, 1, MAX_DAYS);
    p.int("abortIncompleteUploadDays", s.abortIncompleteUploadDays, 1, MAX_DAYS);
    checkTransitions(p, s.transitions);

    for (const key of ["replicationMetrics", "replicationTimeControl", "replicaModifications", "forceDestroy", "retain"] as const) {
        p.bool(key, s[key]);
    }
    if (!hasReplica) {
        for (const key of ["replicationTimeControl", "replicaModifications"] as const) {
            if (s[key] === true) p.add(key, true, `needs a replica; set ${p.key("replicaRegion")} or turn ${key} off.`);
        }
    }
    // S3 accepts ReplicationTime only together with Metrics (Amazon S3 API Reference, Destination.ReplicationTime).
    if (s.replicationTimeControl === true && s.replicationMetrics === false) {
        p.add(
            "replicationMetrics",
            false,
            `must be true while ${p.key("replicationTimeControl")} is on; S3 Replication Time Control requires replication metrics.`,
        );
    }

    if (s.prefix !== undefined && p.str("prefix", s.prefix)) {
        if ((s.prefix as string).length > MAX_KEY_LENGTH) {
            p.list.push(
                `${p.where}: ${p.key("prefix")} (${(s.prefix as string).length} characters) must be at most ${MAX_KEY_LENGTH} characters (the longest S3 object key).`,
            );
        } else if (!hasReplica) {
            p.add("prefix", s.prefix, `filters replication and needs a replica; set ${p.key("replicaRegion")} or remove prefix.`);
        }
    }

    if (s.forceDestroy === true && s.retain === true) {
        p.add(
            "forceDestroy",
            true,
            `contradicts ${p.key("retain")} (true): a retained bucket is never deleted by Pulumi; turn one of them off.`,
        );
    }

    p.str("accessLogBucket", s.accessLogBucket, BUCKET_NAME, BUCKET_NAME_RULE);
    if (
        p.str("replicaAccessLogBucket", s.replicaAccessLogBucket, BUCKET_NAME, BUCKET_NAME_RULE) &&
        s.replicaAccessLogBucket !== undefined &&
        !hasReplica
    ) {
        p.add(
            "replicaAccessLogBucket",
            s.replicaAccessLogBucket,
            `needs a replica; set ${p.key("replicaRegion")} or remove replicaAccessLogBucket.`,
        );
    }
}

function checkTransitions(p: Problems, value: unknown): void {
    if (value === undefined) return;
    if (!Array.isArray(value)) {
        p.add("transitions", value, "must be a list of { days, storageClass }.");
        return;
    }
    let previous: { path: string; days: number; storageClass: string } | undefined;
    value.forEach((t: unknown, i: number) => {
        const path = `transitions[${i}]`;
        if (!isRecord(t)) {
            p.add(path, t, "must be an object { days, storageClass }.");
            previous = undefined;
            return;
        }
        p.knownKeys(path, t, ["days", "storageClass"]);
        let ok = true;
        if (t.storageClass === undefined) {
            p.missing(`${path}.storageClass`, `use one of ${TRANSITION_STORAGE_CLASSES.join(", ")}.`);
            ok = false;
        } else {
            ok = p.oneOf(`${path}.storageClass`, t.storageClass, TRANSITION_STORAGE_CLASSES) && ok;
        }
        if (t.days === undefined) {
            p.missing(`${path}.days`, "give the days after object creation.");
            ok = false;
        } else {
            ok = p.int(`${path}.days`, t.days, 0, MAX_DAYS) && ok;
        }
        if (!ok) {
            previous = undefined;
            return;
        }
        const days = t.days as number;
        const storageClass = t.storageClass as TransitionStorageClass;
        if (INFREQUENT_ACCESS.includes(storageClass) && days < IA_MIN_DAYS) {
            p.add(
                `${path}.days`,
                days,
                `must be at least ${IA_MIN_DAYS} for ${show(storageClass)}; S3 moves objects to an infrequent-access class only after ${IA_MIN_DAYS} days.`,
            );
        }
        if (previous) {
            const order = TRANSITION_STORAGE_CLASSES as readonly string[];
            if (order.indexOf(storageClass) <= order.indexOf(previous.storageClass)) {
                p.add(
                    `${path}.storageClass`,
                    storageClass,
                    `cannot follow ${show(previous.storageClass)} (${p.key(previous.path)}); list transitions in the order ${TRANSITION_STORAGE_CLASSES.join(", ")}, each class at most once.`,
                );
            } else if (days <= previous.days) {
                p.add(
                    `${path}.days`,
                    days,
                    `must be later than ${p.key(`${previous.path}.days`)} (${previous.days}); transitions are listed in increasing days.`,
                );
            } else if (INFREQUENT_ACCESS.includes(previous.storageClass) && days - previous.days < IA_MIN_DAYS) {
                p.add(
                    `${path}.days`,
                    days,
                    `must be at least ${IA_MIN_DAYS} days after ${p.key(`${previous.path}.days`)} (${previous.days}); objects stay ${IA_MIN_DAYS} days in ${show(previous.storageClass)} before moving on.`,
                );
            }
        }
        previous = { path, days, storageClass };
    });
}

/**
 * Validates the args of a ReplicatedBucket named `name` and fills in every default.
 * Never mutates `args`; throws a ConfigError listing every problem.
 */
export function resolveReplicatedBucketArgs(name: string, args: ReplicatedBucketArgs): ResolvedReplicatedBucketArgs {
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
    const { region, replicaProvider, tags, ...settings } = args;
    if (region === undefined) {
        p.missing("region", "pass the primary bucket's region (the stack's `aws:region`), e.g. \"us-east-1\".");
    } else if (typeof region !== "string" || !(AWS_REGIONS as readonly string[]).includes(region)) {
        p.add("region", region, `is not an AWS region this package knows; use one of ${AWS_REGIONS.join(", ")}.`);
    }
    if (replicaProvider !== undefined && settings.replicaRegion === undefined) {
        p.missing("replicaRegion", "a `replicaProvider` was given; set replicaRegion to that provider's region.");
    }
    checkReplicatedBucketSettings(p, settings, typeof region === "string" ? region : undefined);
    if (tags !== undefined && !isRecord(tags)) p.add("tags", tags, "must be an object of tag names to values.");
    p.throwIfAny();

    const d = REPLICATED_BUCKET_DEFAULTS;
    const forceDestroy = settings.forceDestroy ?? d.forceDestroy;
    return {
        region,
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

/** Id of the replication rule from the primary to the replica (dimension `RuleId` of the S3 replication metrics). */
export const REPLICATION_RULE_ID = "replicate-to-replica";
/** Id of the reverse rule of two-way replication. */
export const REVERSE_REPLICATION_RULE_ID = "replicate-to-primary";

/** The dimensions and region of the S3 replication metrics of a bucket pair; `ServiceAlarms`' `bucket` takes it. */
export interface ReplicationMetricsTarget {
    /** Source bucket (dimension `SourceBucket`). */
    bucketName: pulumi.Output<string>;
    /** Destination bucket (dimension `DestinationBucket`). */
    replicaBucketName: pulumi.Output<string>;
    /** Replication rule (dimension `RuleId`). */
    replicationRuleId: string;
    /** Region of the destination bucket. */
    replicaRegion: string;
}

/** One side of the pair: a bucket with its key and its hardening. */
interface Side {
    bucket: aws.s3.Bucket;
    key?: aws.kms.Key;
    versioning: aws.s3.BucketVersioning;
}

type Statement = Record<string, unknown>;

/**
 * A versioned, encrypted, private S3 bucket in the stack's region, optionally replicated to a
 * bucket in a second region through an explicit provider.
 *
 * Both buckets get versioning, default encryption (a customer-managed KMS key per region with
 * S3 Bucket Keys, or SSE-S3), all four public-access blocks, `BucketOwnerEnforced` ownership,
 * a bucket policy denying requests without TLS, and lifecycle rules. Replication uses a role
 * trusted only by S3 and allowed only the replication actions on these two buckets and keys.
 *
 * @example
 * const data = new ReplicatedBucket("data", {
 *     region: "us-east-1",
 *     replicaRegion: "us-west-2",
 *     replicationTimeControl: true,
 * });
 * export const bucketName = data.bucketName;
 */
export class ReplicatedBucket extends pulumi.ComponentResource {
    /** The primary bucket, in `region`. */
    readonly bucket: aws.s3.Bucket;
    /** The replica bucket, in `replicaRegion`; undefined without a replica. */
    readonly replicaBucket: aws.s3.Bucket | undefined;
    /** KMS key of the primary bucket; undefined with `encryption: "s3"`. */
    readonly key: aws.kms.Key | undefined;
    /** KMS key of the replica bucket, in `replicaRegion`; undefined without a replica or with `encryption: "s3"`. */
    readonly replicaKey: aws.kms.Key | undefined;
    /** Role S3 assumes to replicate; undefined without a replica. */
    readonly replicationRole: aws.iam.Role | undefined;
    /** The replication configuration on the primary bucket, or undefined without a replica. */
    readonly replication: aws.s3.BucketReplicationConfig | undefined;
    /** Name of the primary bucket. */
    readonly bucketName: pulumi.Output<string>;
    /** ARN of the primary bucket. */
    readonly bucketArn: pulumi.Output<string>;
    /** Name of the replica bucket; undefined without a replica. */
    readonly replicaBucketName: pulumi.Output<string> | undefined;
    /** ARN of the replica bucket; undefined without a replica. */
    readonly replicaBucketArn: pulumi.Output<string> | undefined;
    /** Region of the replica bucket; undefined without a replica. */
    readonly replicaRegion: string | undefined;
    /** Id of the replication rule; undefined without a replica. */
    readonly replicationRuleId: string | undefined;
    /**
     * What alarms on S3 replication need (pass it as `ServiceAlarms`' `bucket`); undefined without
     * a replica or with `replicationMetrics` off, when S3 publishes no replication metrics.
     */
    readonly replicationMetrics: ReplicationMetricsTarget | undefined;

    constructor(name: string, args: ReplicatedBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validated before super() so that a bad input registers nothing, not even the component.
        const r = resolveReplicatedBucketArgs(name, args);
        super("elastic-web:aws:ReplicatedBucket", name, {}, opts);

        const replicaRegion = r.replicaRegion;
        const kms = r.encryption === "kms";
        const accountId = kms || replicaRegion !== undefined ? aws.getCallerIdentityOutput({}, { parent: this }).accountId : undefined;

        let replicaProvider: aws.Provider | undefined;
        let role: aws.iam.Role | undefined;
        if (replicaRegion !== undefined) {
            replicaProvider =
                r.replicaProvider ?? new aws.Provider(`${name}-replica-provider`, { region: replicaRegion }, { parent: this });
            role = new aws.iam.Role(
                `${name}-replication-role`,
                {
                    description: `S3 replication of ${name} from ${r.region} to ${replicaRegion}`,
                    // Only S3 acting for this account may assume the role (confused-deputy protection).
                    assumeRolePolicy: pulumi.jsonStringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Effect: "Allow",
                                Principal: { Service: "s3.amazonaws.com" },
                                Action: "sts:AssumeRole",
                                Condition: { StringEquals: { "aws:SourceAccount": accountId! } },
                            },
                        ],
                    }),
                    tags: r.tags,
                },
                { parent: this },
            );
        }

        const side = (
            which: "primary" | "replica",
            region: string,
            provider: aws.Provider | undefined,
            accessLogBucket: string | undefined,
        ): Side => {
            const base = `${name}-${which}`;
            const opts: pulumi.CustomResourceOptions = provider ? { parent: this, provider } : { parent: this };
            const dataOpts = r.retain ? { ...opts, retainOnDelete: true } : opts;

            let key: aws.kms.Key | undefined;
            if (kms) {
                // The replication role decrypts with the source key and encrypts with the destination key;
                // two-way replication needs both uses on both keys.
                const roleActions =
                    role === undefined
                        ? []
                        : r.replicaModifications
                          ? ["kms:Decrypt", "kms:Encrypt"]
                          : which === "primary"
                            ? ["kms:Decrypt"]
                            : ["kms:Encrypt"];
                key = new aws.kms.Key(
                    `${base}-key`,
                    {
                        description: `Encrypts the ${which} bucket of ${name} (${region})`,
                        enableKeyRotation: true,
                        // The longest wait AWS allows (7-30 days) before a scheduled key deletion happens.
                        deletionWindowInDays: 30,
                        policy: pulumi
                            .all([accountId!, role?.arn])
                            .apply(([account, roleArn]) => JSON.stringify(bucketKeyPolicy(region, account, roleArn, roleActions))),
                        tags: r.tags,
                    },
                    dataOpts,
                );
            }

            const bucket = new aws.s3.Bucket(base, { forceDestroy: r.forceDestroy, tags: r.tags }, dataOpts);
            const versioning = new aws.s3.BucketVersioning(
                `${base}-versioning`,
                {
                    bucket: bucket.id,
                    versioningConfiguration: { status: "Enabled" },
                },
                opts,
            );
            new aws.s3.BucketServerSideEncryptionConfiguration(
                `${base}-encryption`,
                {
                    bucket: bucket.id,
                    rules: [
                        key
                            ? {
                                  applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn },
                                  bucketKeyEnabled: true,
                              }
                            : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
                    ],
                },
                opts,
            );
            const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
                `${base}-public-access-block`,
                {
                    bucket: bucket.id,
                    blockPublicAcls: true,
                    blockPublicPolicy: true,
                    ignorePublicAcls: true,
                    restrictPublicBuckets: true,
                },
                opts,
            );
            new aws.s3.BucketOwnershipControls(
                `${base}-ownership`,
                {
                    bucket: bucket.id,
                    rule: { objectOwnership: "BucketOwnerEnforced" },
                },
                opts,
            );
            // S3 answers OperationAborted when a bucket policy is put while the public access block is still being set.
            new aws.s3.BucketPolicy(
                `${base}-policy`,
                {
                    bucket: bucket.id,
                    policy: pulumi.jsonStringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Sid: "DenyInsecureTransport",
                                Effect: "Deny",
                                Principal: "*",
                                Action: "s3:*",
                                Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
                                Condition: { Bool: { "aws:SecureTransport": "false" } },
                            },
                        ],
                    }),
                },
                { ...opts, dependsOn: [publicAccessBlock] },
            );
            const rules: aws.types.input.s3.BucketLifecycleConfigurationRule[] = [
                {
                    id: "abort-incomplete-multipart-uploads",
                    status: "Enabled",
                    filter: {},
                    abortIncompleteMultipartUpload: { daysAfterInitiation: r.abortIncompleteUploadDays },
                },
                {
                    id: "expire-noncurrent-versions",
                    status: "Enabled",
                    filter: {},
                    noncurrentVersionExpiration: { noncurrentDays: r.noncurrentVersionExpirationDays },
                },
            ];
            if (r.transitions.length > 0) {
                rules.push({
                    id: "transition-current-versions",
                    status: "Enabled",
                    filter: {},
                    transitions: r.transitions.map((t) => ({ days: t.days, storageClass: t.storageClass })),
                });
            }
            // Noncurrent-version rules act only once versioning is on.
            new aws.s3.BucketLifecycleConfiguration(
                `${base}-lifecycle`,
                { bucket: bucket.id, rules },
                { ...opts, dependsOn: [versioning] },
            );
            if (accessLogBucket !== undefined) {
                new aws.s3.BucketLogging(
                    `${base}-logging`,
                    {
                        bucket: bucket.id,
                        targetBucket: accessLogBucket,
                        targetPrefix: `${base}/`,
                    },
                    opts,
                );
            }
            return { bucket, key, versioning };
        };

        const primary = side("primary", r.region, undefined, r.accessLogBucket);
        const replica = replicaRegion !== undefined ? side("replica", replicaRegion, replicaProvider, r.replicaAccessLogBucket) : undefined;

        let replication: aws.s3.BucketReplicationConfig | undefined;
        if (replica !== undefined && role !== undefined && replicaRegion !== undefined) {
            const statements = [
                ...replicationStatements("Primary", "Replica", primary, replica, r.region, replicaRegion, r.prefix),
                ...(r.replicaModifications
                    ? replicationStatements("Replica", "Primary", replica, primary, replicaRegion, r.region, r.prefix)
                    : []),
            ];
            const rolePolicy = new aws.iam.RolePolicy(
                `${name}-replication-policy`,
                {
                    role: role.id,
                    policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements }),
                },
                { parent: this },
            );

            // Replication needs versioning on both buckets; the role's policy must be in place before the first object replicates.
            const after = [primary.versioning, replica.versioning, rolePolicy];
            replication = new aws.s3.BucketReplicationConfig(
                `${name}-replication`,
                {
                    bucket: primary.bucket.id,
                    role: role.arn,
                    rules: [replicationRule(REPLICATION_RULE_ID, replica, r)],
                },
                { parent: this, dependsOn: after },
            );
            if (r.replicaModifications) {
                new aws.s3.BucketReplicationConfig(
                    `${name}-reverse-replication`,
                    {
                        bucket: replica.bucket.id,
                        role: role.arn,
                        rules: [replicationRule(REVERSE_REPLICATION_RULE_ID, primary, r)],
                    },
                    { parent: this, provider: replicaProvider, dependsOn: after },
                );
            }
        }

        this.bucket = primary.bucket;
        this.key = primary.key;
        this.replicaBucket = replica?.bucket;
        this.replicaKey = replica?.key;
        this.replicationRole = role;
        this.replication = replication;
        this.bucketName = primary.bucket.bucket;
        this.bucketArn = primary.bucket.arn;
        this.replicaBucketName = replica?.bucket.bucket;
        this.replicaBucketArn = replica?.bucket.arn;
        this.replicaRegion = replicaRegion;
        this.replicationRuleId = replica !== undefined ? REPLICATION_RULE_ID : undefined;
        this.replicationMetrics =
            replica !== undefined && replicaRegion !== undefined && r.replicationMetrics
                ? {
                      bucketName: this.bucketName,
                      replicaBucketName: replica.bucket.bucket,
                      replicationRuleId: REPLICATION_RULE_ID,
                      replicaRegion,
                  }
                : undefined;
        this.registerOutputs({
            bucketName: this.bucketName,
            bucketArn: this.bucketArn,
            replicaBucketName: this.replicaBucketName,
            replicaBucketArn: this.replicaBucketArn,
            replicaRegion: this.replicaRegion,
            replicationRuleId: this.replicationRuleId,
        });
    }
}

/**
 * Key policy of a bucket key in `region`: the account administers the key through IAM (AWS's default
 * key policy statement; `Resource: "*"` in a key policy means this key), and the replication role, when
 * there is one, may use the key for `roleActions` only through S3 in the key's region. The account's ARN
 * is in the partition of `region` (`aws`, `aws-cn`, `aws-us-gov`).
 */
export function bucketKeyPolicy(region: string, accountId: string, roleArn: string | undefined, roleActions: string[]): object {
    const statements: Statement[] = [
        {
            Sid: "AccountAdministration",
            Effect: "Allow",
            Principal: { AWS: `arn:${partitionOf(region)}:iam::${accountId}:root` },
            Action: "kms:*",
            Resource: "*",
        },
    ];
    if (roleArn !== undefined) {
        statements.push({
            Sid: "ReplicationRoleThroughS3",
            Effect: "Allow",
            Principal: { AWS: roleArn },
            Action: roleActions,
            Resource: "*",
            Condition: { StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` } },
        });
    }
    return { Version: "2012-10-17", Statement: statements };
}

/**
 * The permissions of one replication direction, exactly as the Amazon S3 User Guide lists them in
 * "Setting up permissions for live replication" and "Replicating encrypted objects (SSE-S3, SSE-KMS,
 * DSSE-KMS, SSE-C)": read the replication configuration and list the source bucket; read object
 * versions, ACLs and tags of source objects; replicate objects, deletes and tags into the destination;
 * `kms:Decrypt` on the source key and `kms:Encrypt` on the destination key, each only through S3 in the
 * key's region and only for these buckets. With S3 Bucket Keys the encryption context is the bucket
 * ARN, without them the object ARN (User Guide, "Reducing the cost of SSE-KMS with Amazon S3 Bucket
 * Keys"), so both are allowed.
 */
function replicationStatements(
    from: string,
    to: string,
    source: Side,
    destination: Side,
    sourceRegion: string,
    destinationRegion: string,
    prefix: string | undefined,
): Statement[] {
    const objects = (bucket: aws.s3.Bucket) => pulumi.interpolate`${bucket.arn}/${prefix ?? ""}*`;
    const statements: Statement[] = [
        {
            Sid: `Read${from}Bucket`,
            Effect: "Allow",
            Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
            Resource: [source.bucket.arn],
        },
        {
            Sid: `Read${from}Objects`,
            Effect: "Allow",
            Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
            Resource: [objects(source.bucket)],
        },
        {
            Sid: `Write${to}Objects`,
            Effect: "Allow",
            Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
            Resource: [objects(destination.bucket)],
        },
    ];
    if (source.key && destination.key) {
        statements.push(
            {
                Sid: `Decrypt${from}`,
                Effect: "Allow",
                Action: ["kms:Decrypt"],
                Resource: [source.key.arn],
                Condition: {
                    StringLike: {
                        "kms:ViaService": `s3.${sourceRegion}.amazonaws.com`,
                        "kms:EncryptionContext:aws:s3:arn": [source.bucket.arn, objects(source.bucket)],
                    },
                },
            },
            {
                Sid: `Encrypt${to}`,
                Effect: "Allow",
                Action: ["kms:Encrypt"],
                Resource: [destination.key.arn],
                Condition: {
                    StringLike: {
                        "kms:ViaService": `s3.${destinationRegion}.amazonaws.com`,
                        "kms:EncryptionContext:aws:s3:arn": [destination.bucket.arn, objects(destination.bucket)],
                    },
                },
            },
        );
    }
    return statements;
}

/**
 * The one rule of a replication configuration. Metrics carry an event threshold only with Replication
 * Time Control (S3 refuses "Metrics cannot contain an event threshold when ReplicationTime is not
 * specified or Disabled"); 15 minutes is the only value S3 accepts for both (Amazon S3 API Reference,
 * ReplicationTimeValue and Metrics).
 */
function replicationRule(id: string, destination: Side, r: ResolvedReplicatedBucketArgs): aws.types.input.s3.BucketReplicationConfigRule {
    const sourceSelectionCriteria: aws.types.input.s3.BucketReplicationConfigRuleSourceSelectionCriteria = {};
    if (destination.key) sourceSelectionCriteria.sseKmsEncryptedObjects = { status: "Enabled" };
    if (r.replicaModifications) sourceSelectionCriteria.replicaModifications = { status: "Enabled" };
    const rule: aws.types.input.s3.BucketReplicationConfigRule = {
        id,
        status: "Enabled",
        filter: r.prefix !== undefined ? { prefix: r.prefix } : {},
        deleteMarkerReplication: { status: "Enabled" },
        destination: {
            bucket: destination.bucket.arn,
            ...(destination.key ? { encryptionConfiguration: { replicaKmsKeyId: destination.key.arn } } : {}),
            ...(r.replicationMetrics
                ? { metrics: r.replicationTimeControl ? { status: "Enabled", eventThreshold: { minutes: 15 } } : { status: "Enabled" } }
                : {}),
            ...(r.replicationTimeControl ? { replicationTime: { status: "Enabled", time: { minutes: 15 } } } : {}),
        },
    };
    if (Object.keys(sourceSelectionCriteria).length > 0) rule.sourceSelectionCriteria = sourceSelectionCriteria;
    return rule;
}
