/**
 * One side of a ReplicatedBucket: a bucket in one region with its KMS key (or SSE-S3), versioning,
 * public access block, owner-enforced ownership, TLS-only policy, lifecycle and optional access logging.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ResolvedReplicatedBucketArgs } from "./args";
import { ALL_PUBLIC_ACCESS_BLOCKED, BUCKET_OWNER_ENFORCED, bucketConfigurationSequence } from "../core/aws";
import { bucketKeyPolicy, tlsOnlyBucketPolicy } from "./policies";

/** One side of the pair: a bucket with its key and its hardening. */
export interface Side {
    bucket: aws.s3.Bucket;
    key?: aws.kms.Key;
    versioning: aws.s3.BucketVersioning;
    /** The bucket's configuration created last; a replication configuration waits for it. */
    lastConfiguration: pulumi.Resource;
}

/** Where one side lives and what it works with. */
export interface SideContext {
    /** `primary` or `replica`: the side's children are named `<name>-<which>…`. */
    which: "primary" | "replica";
    region: string;
    /** The replica region's provider; undefined for the primary side (the component's provider). */
    provider: aws.Provider | undefined;
    /** Bucket receiving this side's server access logs, if any. */
    accessLogBucket: pulumi.Input<string> | undefined;
    /** Account the key policies name; defined whenever the buckets have KMS keys or a replica. */
    accountId: pulumi.Output<string> | undefined;
    /** The replication role, with a replica. */
    role: aws.iam.Role | undefined;
}

/** The lifecycle rules of both buckets: abort stale uploads, expire noncurrent versions, then the transitions. */
export function lifecycleRules(r: ResolvedReplicatedBucketArgs): aws.types.input.s3.BucketLifecycleConfigurationRule[] {
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
    return rules;
}

/** Creates `<name>-<which>-key`, the side's customer-managed key, with its explicit key policy. */
export function createBucketKey(
    name: string,
    r: ResolvedReplicatedBucketArgs,
    c: SideContext,
    dataOpts: pulumi.CustomResourceOptions,
): aws.kms.Key {
    // The replication role decrypts with the source key, and encrypts and decrypts with the destination key
    // (the buckets use S3 Bucket Keys, and S3 then decrypts with the replica key too: Amazon S3 User Guide,
    // "Replicating encrypted objects", "S3 Bucket Keys and replication"); two-way replication needs both uses on both keys.
    const roleActions =
        c.role === undefined ? [] : r.replicaModifications || c.which === "replica" ? ["kms:Decrypt", "kms:Encrypt"] : ["kms:Decrypt"];
    return new aws.kms.Key(
        `${name}-${c.which}-key`,
        {
            description: `Encrypts the ${c.which} bucket of ${name} (${c.region})`,
            enableKeyRotation: true,
            // The longest wait AWS allows (7-30 days) before a scheduled key deletion happens.
            deletionWindowInDays: 30,
            policy: pulumi
                .all([c.accountId!, c.role?.arn])
                .apply(([account, roleArn]) => JSON.stringify(bucketKeyPolicy(c.region, account, roleArn, roleActions))),
            tags: r.tags,
        },
        dataOpts,
    );
}

/**
 * Creates the side `<name>-<which>`: its key (with KMS), the bucket and its `-versioning`, `-encryption`,
 * `-public-access-block`, `-ownership`, `-policy`, `-lifecycle` and, with an access-log bucket, `-logging`.
 */
export function createBucketSide(name: string, r: ResolvedReplicatedBucketArgs, c: SideContext, parent: pulumi.Resource): Side {
    const base = `${name}-${c.which}`;
    const opts: pulumi.CustomResourceOptions = c.provider ? { parent, provider: c.provider } : { parent };
    const dataOpts = r.retain ? { ...opts, retainOnDelete: true } : opts;

    const key = r.encryption === "kms" ? createBucketKey(name, r, c, dataOpts) : undefined;
    const bucket = new aws.s3.Bucket(base, { forceDestroy: r.forceDestroy, tags: r.tags }, dataOpts);
    // Every configuration of the bucket waits for the one before: S3 refuses concurrent ones (OperationAborted).
    // Versioning comes first (noncurrent-version lifecycle rules act only once it is on) and the public access
    // block before the bucket policy.
    const step = bucketConfigurationSequence(opts);
    const versioning = step(
        (o) =>
            new aws.s3.BucketVersioning(
                `${base}-versioning`,
                {
                    bucket: bucket.id,
                    versioningConfiguration: { status: "Enabled" },
                },
                o,
            ),
    );
    step(
        (o) =>
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
                o,
            ),
    );
    step((o) => new aws.s3.BucketPublicAccessBlock(`${base}-public-access-block`, { bucket: bucket.id, ...ALL_PUBLIC_ACCESS_BLOCKED }, o));
    step((o) => new aws.s3.BucketOwnershipControls(`${base}-ownership`, { bucket: bucket.id, rule: BUCKET_OWNER_ENFORCED }, o));
    step(
        (o) =>
            new aws.s3.BucketPolicy(
                `${base}-policy`,
                {
                    bucket: bucket.id,
                    policy: pulumi.jsonStringify(tlsOnlyBucketPolicy(bucket.arn)),
                },
                o,
            ),
    );
    step((o) => new aws.s3.BucketLifecycleConfiguration(`${base}-lifecycle`, { bucket: bucket.id, rules: lifecycleRules(r) }, o));
    if (c.accessLogBucket !== undefined) {
        step(
            (o) =>
                new aws.s3.BucketLogging(
                    `${base}-logging`,
                    {
                        bucket: bucket.id,
                        targetBucket: c.accessLogBucket!,
                        targetPrefix: `${base}/`,
                    },
                    o,
                ),
        );
    }
    return { bucket, key, versioning, lastConfiguration: step.last()! };
}
