/** Facts about AWS that several components use. */
import type * as pulumi from "@pulumi/pulumi";

/** `aws`, `aws-cn` or `aws-us-gov`, from a region name. */
export function partitionOf(region: string): string {
    if (region.startsWith("cn-")) return "aws-cn";
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    return "aws";
}

/**
 * Creates the configuration resources of one S3 bucket one after the other: each one's options
 * depend on the one before. S3 refuses a configuration change of a bucket while another is in
 * progress with 409 `OperationAborted` ("A conflicting conditional operation is currently in progress
 * against this resource", Amazon S3 API Reference, "Error responses", list of error codes), which
 * providers meet when they configure one bucket in parallel (hashicorp/terraform-provider-aws#12949).
 *
 * @example
 * const step = bucketConfigurationSequence(opts);
 * const versioning = step((o) => new aws.s3.BucketVersioning(`${name}-versioning`, { … }, o));
 * step((o) => new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, { … }, o)); // waits for versioning
 */
export function bucketConfigurationSequence(opts: pulumi.CustomResourceOptions): BucketConfigurationSequence {
    let last: pulumi.Resource | undefined;
    const step = <T extends pulumi.Resource>(create: (o: pulumi.CustomResourceOptions) => T): T => {
        const resource = create(last ? { ...opts, dependsOn: [last] } : opts);
        last = resource;
        return resource;
    };
    return Object.assign(step, { last: () => last });
}

/** What {@link bucketConfigurationSequence} returns: a step function, and the last resource it made. */
export interface BucketConfigurationSequence {
    <T extends pulumi.Resource>(create: (o: pulumi.CustomResourceOptions) => T): T;
    /** The configuration created last, for what must wait for all of them (undefined before the first). */
    last(): pulumi.Resource | undefined;
}

/** A bucket's public access block with every setting on: no public ACL or policy is accepted or honoured. */
export const ALL_PUBLIC_ACCESS_BLOCKED = {
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
} as const;

/** Ownership controls that disable ACLs: the bucket owner owns every object. */
export const BUCKET_OWNER_ENFORCED = { objectOwnership: "BucketOwnerEnforced" } as const;
