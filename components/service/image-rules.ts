/**
 * The hand-written rules of an image built from a Dockerfile: the build spec's values, its platform
 * against the task's architecture, and the files it names (context folder, Dockerfile, target stage).
 */
import * as fs from "fs";
import { resolve as resolvePath } from "path";
import type { ObjectRule } from "../core/schema";
import { join, note } from "../core/checks";
import { Problems, isRecord, show } from "../core/validate";
import { ENV_NAME, SECRET_NAME } from "./rules";

/**
 * The Docker platform an image must be built for to run on a Fargate Linux task of each architecture.
 * Source: ECS RuntimePlatform (`cpuArchitecture` X86_64 or ARM64) and the Docker platform names
 * of those CPUs (`docker buildx build --platform`).
 */
export const PLATFORMS = { x86_64: "linux/amd64", arm64: "linux/arm64" } as const;

/**
 * A Docker image tag. Source: Docker CLI reference, `docker image tag`: ASCII letters, digits,
 * underscores, periods and hyphens, not starting with a period or hyphen, at most 128 characters.
 */
export const DOCKER_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** A Dockerfile stage name (`FROM <image> AS <name>`); Docker compares them case-insensitively. */
export const STAGE_NAME = /^[A-Za-z][A-Za-z0-9_.-]*$/;

// --- image -------------------------------------------------------------------------------

const IMAGE_EXAMPLE = '"123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1.4.2"';
const BUILD_EXAMPLE = '{ context: "examples/sample-app" }';

/**
 * `image` given as a string or as something that is neither a string nor a build spec; true when
 * the value is a build spec, left to the build spec's schema.
 */
export function checkImageReference(p: Problems, path: string, value: unknown): boolean {
    if (typeof value === "string") {
        p.str(path, value, /^\S+$/, `an image reference without spaces, like ${IMAGE_EXAMPLE}`);
        return false;
    }
    if (!isRecord(value)) {
        p.add(path, value, `must be an image reference like ${IMAGE_EXAMPLE} or a build spec like ${BUILD_EXAMPLE}.`);
        return false;
    }
    return true;
}

/** A build spec's `context` is required. */
export const BUILD_CONTEXT_REQUIRED: ObjectRule = {
    after: "context",
    check(p, at, spec) {
        if (spec.context !== undefined) return;
        p.missing(
            join(at, "context"),
            'give the folder to build (it holds the Dockerfile), relative to the Pulumi project, e.g. "examples/sample-app".',
        );
    },
};

/** `image.buildArgs`: names a Dockerfile `ARG` can have, no secrets, string values. */
export function checkBuildArgs(p: Problems, at: string, args: unknown): void {
    if (!isRecord(args)) {
        p.add(at, args, 'must be an object of build argument names to string values, e.g. { NODE_VERSION: "22" }.');
        return;
    }
    for (const [name, value] of Object.entries(args)) {
        const path = `${at}.${name}`;
        if (!ENV_NAME.test(name)) {
            note(p, path, "is not a valid build argument name; use letters, digits and underscores, not starting with a digit.");
        } else if (SECRET_NAME.test(name)) {
            note(
                p,
                path,
                `looks like a secret; build arguments stay readable in the image history, so pass secrets at run time through ${p.key("secrets")} instead.`,
            );
        } else if (typeof value !== "string") {
            p.add(path, value, `must be a string; quote it, e.g. "${String(value)}".`);
        }
    }
}

/**
 * A valid `platform` of a build spec must be the one of the task's architecture. `architecture` is
 * the task's (undefined when not set, so the default x86_64 applies; null when invalid, so the platform is not compared).
 */
export function checkPlatform(p: Problems, at: string, platform: string, architecture: unknown): void {
    if (architecture === null) return;
    const arch = (architecture ?? "x86_64") as keyof typeof PLATFORMS;
    if (PLATFORMS[arch] === platform) return;
    const other = (Object.keys(PLATFORMS) as (keyof typeof PLATFORMS)[]).find((a) => PLATFORMS[a] === platform)!;
    const which =
        architecture === undefined ? `the default ${p.key("architecture")} (${show(arch)})` : `${p.key("architecture")} (${show(arch)})`;
    p.add(
        join(at, "platform"),
        platform,
        `contradicts ${which}: the task runs ${PLATFORMS[arch]} images, so build for ${show(PLATFORMS[arch])} or set architecture to ${show(other)}.`,
    );
}

// --- files of an image build ------------------------------------------------------------

/**
 * Checks that a build spec's files exist: the context folder (relative paths resolve against
 * `baseDir`), the Dockerfile (relative to the context), and the `target` stage in that Dockerfile.
 * Reads the file system but nothing else, so tests can point `baseDir` at a temporary folder.
 * Values the syntax checks reject (not non-empty strings) are left to them.
 */
export function checkImageBuildFiles(p: Problems, at: string, spec: unknown, baseDir: string): void {
    if (!isRecord(spec)) return;
    const context = spec.context;
    if (typeof context !== "string" || context === "") return;
    const contextDir = resolvePath(baseDir, context);
    const contextKind = kindOf(contextDir);
    if (contextKind !== "folder") {
        const why = contextKind === "missing" ? `${contextDir} does not exist` : `${contextDir} is a file`;
        p.add(join(at, "context"), context, `is not a folder: ${why}; give the folder to build, relative to ${baseDir} or absolute.`);
        return;
    }
    const dockerfile = spec.dockerfile;
    if (dockerfile !== undefined && (typeof dockerfile !== "string" || dockerfile === "")) return;
    const file = resolvePath(contextDir, dockerfile ?? "Dockerfile");
    if (kindOf(file) !== "file") {
        if (dockerfile === undefined) {
            p.add(
                join(at, "context"),
                context,
                `has no Dockerfile: ${file} does not exist; add one, or name another with ${p.key(join(at, "dockerfile"))}.`,
            );
        } else {
            p.add(
                join(at, "dockerfile"),
                dockerfile,
                `names no file: ${file} does not exist; give the Dockerfile's path relative to the context folder ${contextDir}.`,
            );
        }
        return;
    }
    const target = spec.target;
    if (typeof target === "string" && STAGE_NAME.test(target)) {
        const stages = dockerfileStages(fs.readFileSync(file, "utf8"));
        if (!stages.some((s) => s.toLowerCase() === target.toLowerCase())) {
            const named =
                stages.length > 0 ? `its stages are ${stages.map(show).join(", ")}` : "it names no stages (FROM <image> AS <name>)";
            p.add(join(at, "target"), target, `is not a stage of ${file}; ${named}.`);
        }
    }
}

function kindOf(file: string): "folder" | "file" | "missing" {
    try {
        return fs.statSync(file).isDirectory() ? "folder" : "file";
    } catch {
        return "missing";
    }
}

/** The stage names of a Dockerfile (`FROM [--platform=…] <image> AS <name>`), in order. */
export function dockerfileStages(text: string): string[] {
    const stages: string[] = [];
    for (const line of text.split(/\r?\n/)) {
        const m = /^\s*FROM\s+(?:--\S+\s+)*\S+\s+AS\s+(\S+)\s*$/i.exec(line);
        if (m) stages.push(m[1]);
    }
    return stages;
}
