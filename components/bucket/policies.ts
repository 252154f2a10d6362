/**
 * The policy documents of a ReplicatedBucket: the bucket keys' key policy, the TLS-only bucket policy,
 * the replication role's trust policy and its permissions.
 */
import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "../core/aws";

/** One statement of a policy document. */
export type Statement = Record<string, unknown>;

/** A bucket as one direction of replication names it: its ARN, its key's ARN (with KMS), its region. */
export interface ReplicationEnd {
    bucketArn: pulumi.Input<string>;
    keyArn: pulumi.Input<string> | undefined;
    region: string;
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

/** Bucket policy denying every request without TLS, on the bucket and its objects. */
export function tlsOnlyBucketPolicy(bucketArn: pulumi.Input<string>): object {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucketArn, pulumi.interpolate`${bucketArn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    };
}

/** Trust policy of the replication role: only S3 acting for this account may assume it (confused-deputy protection). */
export function replicationTrustPolicy(accountId: pulumi.Input<string>): object {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: "s3.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": accountId } },
            },
        ],
    };
}

/**
 * The permissions of one replication direction, exactly as the Amazon S3 User Guide lists them in
 * "Setting up permissions for live replication" and "Replicating encrypted objects (SSE-S3, SSE-KMS,
 * DSSE-KMS, SSE-C)": read the replication configuration and list the source bucket; read object
 * versions, ACLs and tags of source objects; replicate objects, deletes and tags into the destination;
 * `kms:Decrypt` on the source key and `kms:Encrypt` and `kms:Decrypt` on the destination key (S3 Bucket Keys
 * need both there), each only through S3 in the key's region and only for these buckets. With S3 Bucket Keys the encryption context is the bucket
 * ARN, without them the object ARN (User Guide, "Reducing the cost of SSE-KMS with Amazon S3 Bucket
 * Keys"), so both are allowed.
 */
export function replicationStatements(
    from: string,
    to: string,
    source: ReplicationEnd,
    destination: ReplicationEnd,
    prefix: string | undefined,
): Statement[] {
    const objects = (end: ReplicationEnd) => pulumi.interpolate`${end.bucketArn}/${prefix ?? ""}*`;
    const statements: Statement[] = [
        {
            Sid: `Read${from}Bucket`,
            Effect: "Allow",
            Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
            Resource: [source.bucketArn],
        },
        {
            Sid: `Read${from}Objects`,
            Effect: "Allow",
            Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
            Resource: [objects(source)],
        },
        {
            Sid: `Write${to}Objects`,
            Effect: "Allow",
            Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
            Resource: [objects(destination)],
        },
    ];
    if (source.keyArn !== undefined && destination.keyArn !== undefined) {
        statements.push(
            {
                Sid: `Decrypt${from}`,
                Effect: "Allow",
                Action: ["kms:Decrypt"],
                Resource: [source.keyArn],
                Condition: {
                    StringLike: {
                        "kms:ViaService": `s3.${source.region}.amazonaws.com`,
                        "kms:EncryptionContext:aws:s3:arn": [source.bucketArn, objects(source)],
                    },
                },
            },
            {
                // With S3 Bucket Keys, S3 also decrypts with the destination key while it writes the replica: "the AWS
                // KMS key policy for the KMS key that's used to encrypt the object replica must include the kms:Decrypt
                // permission for the calling principal" (Amazon S3 User Guide, "Replicating encrypted objects",
                // section "S3 Bucket Keys and replication",
                // https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html).
                Sid: `Encrypt${to}`,
                Effect: "Allow",
                Action: ["kms:Encrypt", "kms:Decrypt"],
                Resource: [destination.keyArn],
                Condition: {
                    StringLike: {
                        "kms:ViaService": `s3.${destination.region}.amazonaws.com`,
                        "kms:EncryptionContext:aws:s3:arn": [destination.bucketArn, objects(destination)],
                    },
                },
            },
        );
    }
    return statements;
}
