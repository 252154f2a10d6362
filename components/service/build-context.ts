/**
 * The build context of an image built from a Dockerfile: the files Docker would send (after
 * `.dockerignore`), and the content tag computed from them.
 */
import ignore from "@balena/dockerignore";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { ResolvedImageBuild } from "./resolve";

/**
 * The image tag of a build: 16 hex digits of a SHA-256 over the context's files (paths and contents,
 * in path order), the Dockerfile, the target stage, the platform and the build args. Files
 * `.dockerignore` excludes are left out, as Docker leaves them out of the context: the tag changes
 * exactly when what the build reads changes, which immutable tags require (pushing a changed
 * image under an existing tag fails).
 */
export function imageContentTag(
    build: Pick<ResolvedImageBuild, "contextDir" | "dockerfilePath" | "target" | "platform" | "buildArgs">,
): string {
    const hash = createHash("sha256");
    const field = (label: string, value: string | Buffer) => {
        hash.update(`${label}\0${Buffer.byteLength(value)}\0`);
        hash.update(value);
    };
    for (const file of contextFiles(build.contextDir)) {
        const full = path.join(build.contextDir, ...file.split("/"));
        const stat = fs.lstatSync(full);
        field("file", file);
        field(stat.isSymbolicLink() ? "link" : "content", stat.isSymbolicLink() ? fs.readlinkSync(full) : fs.readFileSync(full));
    }
    field("dockerfile", fs.readFileSync(build.dockerfilePath));
    field("target", build.target ?? "");
    field("platform", build.platform);
    for (const name of Object.keys(build.buildArgs).sort()) field(`arg ${name}`, build.buildArgs[name]);
    return hash.digest("hex").slice(0, 16);
}

/** The files of a build context Docker would send, as sorted "/"-separated paths relative to it. */
export function contextFiles(contextDir: string): string[] {
    const dockerignore = readIfExists(path.join(contextDir, ".dockerignore"));
    const ignore = dockerignoreMatcher(dockerignore);
    // An excluded folder can hold re-included files only when some line starts with `!`.
    const mayReinclude = /^\s*!/m.test(dockerignore ?? "");
    const files: string[] = [];
    const walk = (relative: string) => {
        const dir = relative === "" ? contextDir : path.join(contextDir, ...relative.split("/"));
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const file = relative === "" ? entry.name : `${relative}/${entry.name}`;
            if (entry.isDirectory()) {
                if (mayReinclude || !ignore(file)) walk(file);
            } else if (!ignore(file)) {
                files.push(file);
            }
        }
    };
    walk("");
    return files.sort();
}

function readIfExists(file: string): string | undefined {
    try {
        return fs.readFileSync(file, "utf8");
    } catch {
        return undefined;
    }
}

/**
 * Whether `.dockerignore` excludes a file: each line is a pattern (`*`, `?`, `**`), `#` starts a
 * comment, `!` re-includes, and the last matching line wins; a pattern that matches a folder
 * matches everything in it. Source: Docker docs, "Build context" / ".dockerignore files"; the
 * matching is `@balena/dockerignore`, a port of Docker's own (moby's `dockerignore` and `fileutils`).
 */
export function dockerignoreMatcher(text: string | undefined): (file: string) => boolean {
    // Docker matches case-sensitively (Go's filepath.Match on Linux); the package ignores case unless told not to.
    const matcher = ignore({ ignorecase: false }).add(text ?? "");
    return (file) => matcher.ignores(file);
}
