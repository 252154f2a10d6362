/** The image step of an ElasticService: the given reference, or a private ECR repository and the image built into it. */
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { imageContentTag } from "./build-context";
import { ecrLifecyclePolicy } from "./policies";
import type { ResolvedElasticServiceArgs } from "./resolve";

/** What {@link createImage} makes or refers to. */
export interface ImageStep {
    /** The private ECR repository of a built image, or undefined for a registry reference. */
    repository: aws.ecr.Repository | undefined;
    /** The build and push of the image, or undefined for a registry reference. */
    image: awsx.ecr.Image | undefined;
    /** The image the task runs: the given reference, or the pushed image by digest. */
    imageUri: pulumi.Output<string>;
}

/**
 * For a build spec, creates `${name}-repo` (immutable tags, scanned on push, KMS-encrypted),
 * `${name}-repo-lifecycle` and `${name}-image` (built and pushed by awsx, tagged by content unless
 * `imageTag` is given); for a registry reference, creates nothing.
 */
export function createImage(name: string, r: ResolvedElasticServiceArgs, opts: pulumi.CustomResourceOptions): ImageStep {
    const build = r.build;
    if (!build) return { repository: undefined, image: undefined, imageUri: pulumi.output(r.image as pulumi.Input<string>) };
    const repository = new aws.ecr.Repository(
        `${name}-repo`,
        {
            imageScanningConfiguration: { scanOnPush: true },
            // A tag always names the image it was first pushed as: what a task definition names never changes under it.
            imageTagMutability: "IMMUTABLE",
            // Without a key ARN, ECR uses its AWS managed key (aws/ecr) and decrypts through its own KMS grant,
            // so pulling needs no KMS permission. Source: ECR user guide, "Encryption at rest".
            encryptionConfigurations: [{ encryptionType: "KMS" }],
            forceDelete: r.imageRepository.forceDelete,
            tags: r.tags ?? {},
        },
        opts,
    );
    new aws.ecr.LifecyclePolicy(
        `${name}-repo-lifecycle`,
        {
            repository: repository.name,
            policy: ecrLifecyclePolicy(r.imageRepository.keepTaggedImages, r.imageRepository.untaggedExpiryDays),
        },
        opts,
    );
    const image = new awsx.ecr.Image(
        `${name}-image`,
        {
            repositoryUrl: repository.repositoryUrl,
            context: build.context,
            dockerfile: build.dockerfile,
            ...(build.target !== undefined ? { target: build.target } : {}),
            ...(Object.keys(build.buildArgs).length > 0 ? { args: build.buildArgs } : {}),
            platform: build.platform,
            imageTag: build.imageTag ?? imageContentTag(build),
        },
        opts,
    );
    return { repository, image, imageUri: image.imageUri };
}
