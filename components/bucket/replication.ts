/**
 * Replication of a ReplicatedBucket: the role S3 assumes, its scoped permissions, and the replication
 * rule from the primary to the replica (and back, with `replicaModifications`).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ResolvedReplicatedBucketArgs } from "./args";
import { Side } from "./buckets";
import { ReplicationEnd, replicationStatements, replicationTrustPolicy } from "./policies";

/** Id of the replication rule from the primary to the replica (dimension `RuleId` of the S3 replication metrics). */
export const REPLICATION_RULE_ID = "replicate-to-replica";
/** Id of the reverse rule of two-way replication. */
export const REVERSE_REPLICATION_RULE_ID = "replicate-to-primary";

/** Creates `<name>-replication-role`, which only S3 acting for `accountId` may assume. */
export function createReplicationRole(
    name: string,
    r: ResolvedReplicatedBucketArgs,
    replicaRegion: string,
    accountId: pulumi.Output<string>,
    parent: pulumi.Resource,
): aws.iam.Role {
    return new aws.iam.Role(
        `${name}-replication-role`,
        {
            description: `S3 replication of ${name} from ${r.region} to ${replicaRegion}`,
            assumeRolePolicy: pulumi.jsonStringify(replicationTrustPolicy(accountId)),
            tags: r.tags,
        },
        { parent },
    );
}

/** The pair as the replication policy names it. */
function endOf(side: Side, region: string): ReplicationEnd {
    return { bucketArn: side.bucket.arn, keyArn: side.key?.arn, region };
}

/**
 * Creates `<name>-replication-policy` on the role and `<name>-replication` on the primary bucket, and with
 * `replicaModifications` `<name>-reverse-replication` on the replica. Returns the primary's configuration.
 */
export function createReplication(
    name: string,
    r: ResolvedReplicatedBucketArgs,
    pair: { primary: Side; replica: Side; replicaRegion: string; replicaProvider: aws.Provider },
    role: aws.iam.Role,
    parent: pulumi.Resource,
): aws.s3.BucketReplicationConfig {
    const { primary, replica, replicaRegion, replicaProvider } = pair;
    const primaryEnd = endOf(primary, r.region);
    const replicaEnd = endOf(replica, replicaRegion);
    const statements = [
        ...replicationStatements("Primary", "Replica", primaryEnd, replicaEnd, r.prefix),
        ...(r.replicaModifications ? replicationStatements("Replica", "Primary", replicaEnd, primaryEnd, r.prefix) : []),
    ];
    const rolePolicy = new aws.iam.RolePolicy(
        `${name}-replication-policy`,
        {
            role: role.id,
            policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements }),
        },
        { parent },
    );

    // Replication needs versioning on both buckets, is itself a configuration of the bucket (one at a time: it
    // waits for the bucket's last one, which waits for versioning), and needs the role's policy before the first
    // object replicates.
    const after = [primary.lastConfiguration, replica.lastConfiguration, rolePolicy];
    const replication = new aws.s3.BucketReplicationConfig(
        `${name}-replication`,
        {
            bucket: primary.bucket.id,
            role: role.arn,
            rules: [replicationRule(REPLICATION_RULE_ID, replica, r)],
        },
        { parent, dependsOn: after },
    );
    if (r.replicaModifications) {
        new aws.s3.BucketReplicationConfig(
            `${name}-reverse-replication`,
            {
                bucket: replica.bucket.id,
                role: role.arn,
                rules: [replicationRule(REVERSE_REPLICATION_RULE_ID, primary, r)],
            },
            { parent, provider: replicaProvider, dependsOn: after },
        );
    }
    return replication;
}

/**
 * The one rule of a replication configuration. Metrics carry an event threshold only with Replication
 * Time Control (S3 refuses "Metrics cannot contain an event threshold when ReplicationTime is not
 * specified or Disabled"); 15 minutes is the only value S3 accepts for both (Amazon S3 API Reference,
 * ReplicationTimeValue and Metrics).
 */
export function replicationRule(
    id: string,
    destination: Side,
    r: ResolvedReplicatedBucketArgs,
): aws.types.input.s3.BucketReplicationConfigRule {
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
