/**
 * The arguments of an image an ElasticService builds itself: the build spec and the ECR repository
 * it is pushed to, with their schemas and keys, and the rule that walks an `image` given as a build spec.
 */
import { z } from "zod";
import { get } from "../core/checks";
import { ObjectRule, Same, after, bool, checkObject, custom, int, keysOf, oneOf, text } from "../core/schema";
import { isRecord } from "../core/validate";
import { BUILD_CONTEXT_REQUIRED, DOCKER_TAG, STAGE_NAME, checkBuildArgs, checkImageReference, checkPlatform } from "./image-rules";
import { ARCHITECTURES, passes } from "./rules";

/** Docker platform of an image: the OS and CPU it runs on. */
export type ImagePlatform = "linux/amd64" | "linux/arm64";

/**
 * Build the service's image from a Dockerfile: the component creates a private ECR repository,
 * builds with `awsx.ecr.Image` (on `pulumi preview` too, without pushing) and pushes on `pulumi up`,
 * so a Docker engine must be running then, and runs the task from the pushed digest.
 *
 * @example { context: "examples/sample-app" }
 * @example { context: "services/api", dockerfile: "docker/Dockerfile.prod", target: "runtime", buildArgs: { NODE_VERSION: "22" } }
 */
export interface ImageBuildArgs {
    /**
     * Folder sent to Docker as the build context: relative to `baseDir` (the Pulumi project), or absolute.
     * @example "examples/sample-app"
     */
    context: string;
    /**
     * Path of the Dockerfile, relative to `context`.
     * @default "Dockerfile"
     */
    dockerfile?: string;
    /**
     * Build stage to stop at (`docker build --target`).
     * @default - the Dockerfile's last stage
     */
    target?: string;
    /**
     * Build-time variables for the Dockerfile's `ARG`s. They stay readable in the image history,
     * so never pass secrets; they are plain strings because they are part of the image tag.
     * @default {}
     */
    buildArgs?: Record<string, string>;
    /**
     * Platform to build for; it must match `architecture`.
     * @default - "linux/amd64" when `architecture` is "x86_64", "linux/arm64" when it is "arm64"
     */
    platform?: ImagePlatform;
    /**
     * Tag of the pushed image. Tags are immutable in the repository, so every different build needs a new one.
     * @default - a content hash of what the build reads: the context's files (those `.dockerignore` does not exclude), the Dockerfile, `target`, `platform` and `buildArgs`
     */
    imageTag?: string;
}

/** The private ECR repository of a built image; used only when `image` is a build spec. */
export interface ImageRepositoryArgs {
    /**
     * Let `pulumi destroy` delete the repository with its images; otherwise a repository that still holds images is not deleted.
     * @default false
     */
    forceDelete?: boolean;
    /**
     * Tagged images kept (1-1000); older ones expire, so a rollback can reach back this many builds.
     * @default 10
     */
    keepTaggedImages?: number;
    /**
     * Days an untagged image lives before it expires (1-365).
     * @default 3
     */
    untaggedExpiryDays?: number;
}

/** The schema of {@link ImageBuildArgs}. */
export const IMAGE_BUILD_SCHEMA = after(
    z.object({
        context: text(),
        dockerfile: text().optional(),
        target: text(
            STAGE_NAME,
            'a build stage name like "runtime" (letters, digits, "_", "." and "-", starting with a letter)',
        ).optional(),
        buildArgs: custom(z.record(z.string(), z.string()), passes(checkBuildArgs)).optional(),
        platform: oneOf(["linux/amd64", "linux/arm64"]).optional(),
        imageTag: text(
            DOCKER_TAG,
            'a Docker tag: letters, digits, "_", "." and "-", not starting with "." or "-", at most 128 characters',
        ).optional(),
    }),
    BUILD_CONTEXT_REQUIRED,
);

/** The schema of {@link ImageRepositoryArgs}. Source: ECR lifecycle policy parameters (`countNumber` a positive integer); the upper bounds are this package's sanity caps. */
export const IMAGE_REPOSITORY_SCHEMA = z.object({
    forceDelete: bool().optional(),
    keepTaggedImages: int(1, 1000).optional(),
    untaggedExpiryDays: int(1, 365).optional(),
});

// The exported types are written out (for their JSDoc and the API reference); these lines keep them equal to the schemas.
const _build: Same<ImageBuildArgs, z.input<typeof IMAGE_BUILD_SCHEMA>> = true;
const _repository: Same<ImageRepositoryArgs, z.input<typeof IMAGE_REPOSITORY_SCHEMA>> = true;
void [_build, _repository];

/** Keys of `ImageBuildArgs` (an `image` given as a build spec). */
export const IMAGE_BUILD_KEYS: readonly string[] = keysOf(IMAGE_BUILD_SCHEMA);
/** Keys of `ImageRepositoryArgs`. */
export const IMAGE_REPOSITORY_KEYS: readonly string[] = keysOf(IMAGE_REPOSITORY_SCHEMA);
/** The architecture a build spec's platform is compared with: undefined for the default, null when invalid (reported by itself). */
function architectureOf(s: Record<string, unknown>): unknown {
    const architecture = get(s, "architecture");
    return architecture === undefined || (ARCHITECTURES as readonly unknown[]).includes(architecture) ? architecture : null;
}

/** `image`: an image reference, or a build spec walked with {@link IMAGE_BUILD_SCHEMA}; its platform must suit the task's architecture. */
export const IMAGE_RULE: ObjectRule = {
    after: "image",
    check(p, _at, s) {
        const image = get(s, "image");
        if (image === undefined || !checkImageReference(p, "image", image)) return;
        const spec = image as Record<string, unknown>;
        p.knownKeys("image", spec, IMAGE_BUILD_KEYS);
        const upToPlatform = IMAGE_BUILD_KEYS.slice(0, IMAGE_BUILD_KEYS.indexOf("platform") + 1);
        const passed = checkObject(p, "image", IMAGE_BUILD_SCHEMA, spec, { known: upToPlatform, unknownKeysChecked: true });
        if (passed.has("platform")) checkPlatform(p, "image", spec.platform as string, architectureOf(s));
        const rest = IMAGE_BUILD_KEYS.filter((k) => !upToPlatform.includes(k));
        checkObject(p, "image", IMAGE_BUILD_SCHEMA, spec, { known: rest, unknownKeysChecked: true });
    },
};

/** True when `image` is a build spec rather than an image reference (or an Output of one). */
export function isImageBuild(image: unknown): image is ImageBuildArgs {
    return isRecord(image);
}
