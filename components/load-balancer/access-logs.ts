/** The access-log bucket of a LoadBalancer: private, SSE-S3, expiring, writable by ELB log delivery only. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ResolvedLoadBalancerArgs } from "./args";
import { ALL_PUBLIC_ACCESS_BLOCKED, BUCKET_OWNER_ENFORCED, bucketConfigurationSequence } from "../core/aws";
import { accessLogBucketPolicy } from "./policies";

/** The access-log bucket and its policy; the ALB waits for the policy. */
export interface AccessLogBucket {
    bucket: aws.s3.Bucket;
    policy: aws.s3.BucketPolicy;
}

/** The parts of an ARN (`arn:partition:service:region:account:resource`). */
function arnParts(arn: string): { partition: string; region: string; account: string } {
    const [prefix, partition, , region, account] = arn.split(":");
    if (prefix !== "arn" || !partition || !region || !/^\d{12}$/.test(account ?? "")) {
        throw new Error(`expected a regional ARN with an account id, got ${JSON.stringify(arn)}`);
    }
    return { partition, region, account };
}

/**
 * Creates `${name}-access-logs` with its `-public-access`, `-ownership`, `-encryption`, `-lifecycle`
 * and `-policy`. `securityGroup` is the load balancer's: its ARN tells the partition, Region and account.
 */
export function createAccessLogBucket(
    name: string,
    a: ResolvedLoadBalancerArgs,
    securityGroup: aws.ec2.SecurityGroup,
    parentOpts: pulumi.CustomResourceOptions,
): AccessLogBucket {
    const bucket = new aws.s3.Bucket(`${name}-access-logs`, { forceDestroy: a.forceDestroyLogs, tags: a.tags }, parentOpts);
    // Every configuration of the bucket waits for the one before: S3 refuses concurrent ones (OperationAborted).
    const step = bucketConfigurationSequence(parentOpts);
    step(
        (o) =>
            new aws.s3.BucketPublicAccessBlock(`${name}-access-logs-public-access`, { bucket: bucket.id, ...ALL_PUBLIC_ACCESS_BLOCKED }, o),
    );
    step((o) => new aws.s3.BucketOwnershipControls(`${name}-access-logs-ownership`, { bucket: bucket.id, rule: BUCKET_OWNER_ENFORCED }, o));
    // ALB access logs support SSE-S3 only (ALB user guide, "Enable access logs", step 1).
    step(
        (o) =>
            new aws.s3.BucketServerSideEncryptionConfiguration(
                `${name}-access-logs-encryption`,
                {
                    bucket: bucket.id,
                    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
                },
                o,
            ),
    );
    step(
        (o) =>
            new aws.s3.BucketLifecycleConfiguration(
                `${name}-access-logs-lifecycle`,
                {
                    bucket: bucket.id,
                    rules: [
                        {
                            id: "expire-access-logs",
                            status: "Enabled",
                            filter: {},
                            expiration: { days: a.accessLogRetentionDays },
                            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                        },
                    ],
                },
                o,
            ),
    );
    // The security group's ARN carries this component's partition, Region and account, so the
    // policy needs no data-source call.
    const document = pulumi.all([bucket.arn, securityGroup.arn]).apply(([bucketArn, sgArn]) => {
        const { partition, region, account } = arnParts(sgArn);
        return JSON.stringify(accessLogBucketPolicy({ bucketArn, partition, region, accountId: account }));
    });
    // Last in the sequence: the policy is what the load balancer waits for before it writes its first log.
    const policy = step(
        (o) =>
            new aws.s3.BucketPolicy(
                `${name}-access-logs-policy`,
                {
                    bucket: bucket.id,
                    policy: document,
                },
                o,
            ),
    );
    return { bucket, policy };
}
