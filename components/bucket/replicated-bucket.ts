import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { providerRegionOf, regionAgreement } from "../core/region";
import { ReplicatedBucketArgs, resolveReplicatedBucketArgs } from "./args";
import { Side, createBucketSide } from "./buckets";
import { REPLICATION_RULE_ID, createReplication, createReplicationRole } from "./replication";

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

/**
 * A versioned, encrypted, private S3 bucket in the stack's region, optionally replicated to a
 * bucket in a second region through an explicit provider.
 *
 * Both buckets get versioning, default encryption (a customer-managed KMS key per region with
 * S3 Bucket Keys, or SSE-S3), all four public-access blocks, `BucketOwnerEnforced` ownership,
 * a bucket policy denying requests without TLS, and lifecycle rules. Replication uses a role
 * trusted only by S3 and allowed only the replication actions on these two buckets and keys.
 *
 * The primary bucket is in the region of the provider the component runs with; `region`, if given,
 * must be that region.
 *
 * @example
 * const data = new ReplicatedBucket("data", {
 *     replicaRegion: "us-west-2",
 *     replicationTimeControl: true,
 * });
 * export const bucketName = data.bucketName;
 */
export class ReplicatedBucket extends pulumi.ComponentResource {
    /** The primary bucket, in the provider's region. */
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
        const provider = providerRegionOf(opts);
        const r = resolveReplicatedBucketArgs(name, args, provider);
        super("elastic-web:aws:ReplicatedBucket", name, {}, opts);

        const replicaRegion = r.replicaRegion;
        const kms = r.encryption === "kms";
        // Every input that depends on the region (key policies, the replication role's) goes through
        // the account id, so on an explicit provider it waits for that provider's region to agree.
        const agreed = regionAgreement(`elastic-web:aws:ReplicatedBucket "${name}"`, r.region, provider, this);
        const accountId =
            kms || replicaRegion !== undefined ? agreed(aws.getCallerIdentityOutput({}, { parent: this }).accountId) : undefined;
        let replicaProvider: aws.Provider | undefined;
        let role: aws.iam.Role | undefined;
        if (replicaRegion !== undefined) {
            replicaProvider =
                r.replicaProvider ?? new aws.Provider(`${name}-replica-provider`, { region: replicaRegion }, { parent: this });
            role = createReplicationRole(name, r, replicaRegion, accountId!, this);
        }

        const primary = createBucketSide(
            name,
            r,
            { which: "primary", region: r.region, provider: undefined, accessLogBucket: r.accessLogBucket, accountId, role },
            this,
        );
        let replica: Side | undefined;
        let replication: aws.s3.BucketReplicationConfig | undefined;
        if (replicaRegion !== undefined && replicaProvider !== undefined && role !== undefined) {
            replica = createBucketSide(
                name,
                r,
                {
                    which: "replica",
                    region: replicaRegion,
                    provider: replicaProvider,
                    accessLogBucket: r.replicaAccessLogBucket,
                    accountId,
                    role,
                },
                this,
            );
            replication = createReplication(name, r, { primary, replica, replicaRegion, replicaProvider }, role, this);
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
