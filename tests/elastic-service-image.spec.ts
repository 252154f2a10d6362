import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { once } from "node:events";
import {
    ElasticService,
    ElasticServiceArgs,
    contextFiles,
    dockerignoreMatcher,
    ecrLifecyclePolicy,
    imageContentTag,
    resolveElasticServiceArgs,
} from "../components/service";
import { ElasticStack } from "../components/stack/elastic-stack";
import { resolveStackConfig } from "../components/stack/config";
import {
    IMAGE_BUILD_KEYS,
    IMAGE_REPOSITORY_KEYS,
    SERVICE_INPUT_KEYS,
    checkImageBuildFiles,
    checkServiceSettings,
    dockerfileStages,
} from "../components/service";
import { ConfigError, Problems } from "../components/core/validate";
import { synth } from "../components/testing";
import { loadProgram, runPreview } from "../tools/preview";

const ROOT = path.resolve(__dirname, "..");
const SAMPLE = "examples/sample-app";
const attachment = {
    listenerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web-alb/50dc6c495c0c9188/f2f7dc8efc522ab2",
    securityGroupId: "sg-alb",
    loadBalancerArnSuffix: "app/web-alb/50dc6c495c0c9188",
};
const base: ElasticServiceArgs = {
    image: { context: SAMPLE },
    vpcId: "vpc-1",
    subnetIds: ["subnet-a", "subnet-b"],
    loadBalancer: attachment,
};
const W = 'elastic-web:aws:ElasticService "web"';

type Plan = Awaited<ReturnType<typeof synth>>;
const one = (plan: Plan, type: string, name?: string) => {
    const found = plan.resources.filter((r) => r.type === type && (name === undefined || r.name === name));
    assert.equal(
        found.length,
        1,
        `expected one ${type}${name ? ` named ${name}` : ""}, found ${found.map((r) => r.name).join(", ") || "none"}`,
    );
    return found[0];
};
const count = (plan: Plan, type: string) => plan.resources.filter((r) => r.type === type).length;
const container = (plan: Plan, name = "web-task") =>
    JSON.parse(one(plan, "aws:ecs/taskDefinition:TaskDefinition", name).inputs.containerDefinitions)[0];

/** A temporary folder holding `files` (paths with "/"), removed after the run. */
const made: string[] = [];
function folder(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "elastic-web-image-"));
    made.push(dir);
    for (const [file, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), text);
    }
    return dir;
}
after(() => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

const DOCKERFILE = 'FROM node:22-alpine AS build\nRUN true\nFROM node:22-alpine AS runtime\nCMD ["node"]\n';
const sampleTag = (platform: "linux/amd64" | "linux/arm64" = "linux/amd64") =>
    imageContentTag({
        contextDir: path.join(ROOT, SAMPLE),
        dockerfilePath: path.join(ROOT, SAMPLE, "Dockerfile"),
        target: undefined,
        platform,
        buildArgs: {},
    });

describe("ElasticService with an image build spec", () => {
    describe("building the sample application under defaults", () => {
        let plan: Plan;
        let outputs: { imageUri: string; pushed: string };
        before(async () => {
            plan = await synth(() => {
                const svc = new ElasticService("web", base);
                return { imageUri: svc.imageUri, pushed: svc.image!.imageUri };
            });
            outputs = plan.outputs as typeof outputs;
        });

        it("creates a private repository that scans on push, keeps tags immutable and encrypts with KMS", () => {
            assert.deepEqual(one(plan, "aws:ecr/repository:Repository", "web-repo").inputs, {
                imageScanningConfiguration: { scanOnPush: true },
                imageTagMutability: "IMMUTABLE",
                encryptionConfigurations: [{ encryptionType: "KMS" }],
                forceDelete: false,
                tags: {},
            });
        });

        it("expires untagged images after 3 days and keeps the last 10 tagged ones", () => {
            const lifecycle = one(plan, "aws:ecr/lifecyclePolicy:LifecyclePolicy", "web-repo-lifecycle");
            assert.equal(lifecycle.inputs.repository, "web-repo");
            assert.deepEqual(JSON.parse(lifecycle.inputs.policy), {
                rules: [
                    {
                        rulePriority: 1,
                        description: "Expire untagged images 3 days after their push",
                        selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 3 },
                        action: { type: "expire" },
                    },
                    {
                        rulePriority: 2,
                        description: "Keep the last 10 tagged images",
                        selection: { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: 10 },
                        action: { type: "expire" },
                    },
                ],
            });
        });

        it("builds the context for linux/amd64 and pushes it to the repository under its content tag", () => {
            const image = one(plan, "awsx:ecr:Image", "web-image");
            assert.equal(image.custom, false);
            assert.deepEqual(image.inputs, {
                repositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/web-repo",
                context: SAMPLE,
                dockerfile: `${SAMPLE}/Dockerfile`,
                platform: "linux/amd64",
                imageTag: sampleTag(),
            });
            assert.match(image.inputs.imageTag, /^[0-9a-f]{16}$/);
        });

        it("runs the task from the pushed image's output, by digest", () => {
            assert.equal(outputs.imageUri, outputs.pushed);
            assert.match(outputs.pushed, /^123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/.+@sha256:[0-9a-f]{64}$/);
            assert.equal(container(plan).image, outputs.pushed);
        });

        it("lets the execution role pull from exactly that repository", () => {
            const policy = JSON.parse(one(plan, "aws:iam/rolePolicy:RolePolicy", "web-exec-policy").inputs.policy);
            assert.deepEqual(policy, {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "WriteLogs",
                        Effect: "Allow",
                        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                        Resource: "arn:aws:logs:us-east-1:123456789012:log-group:web-logs:log-stream:*",
                    },
                    { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
                    {
                        Sid: "PullImage",
                        Effect: "Allow",
                        Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                        Resource: "arn:aws:ecr:us-east-1:123456789012:repository/web-repo",
                    },
                ],
            });
        });

        it("parents the repository, its lifecycle policy and the image to the service", () => {
            const service = one(plan, "elastic-web:aws:ElasticService", "web");
            for (const [type, name] of [
                ["aws:ecr/repository:Repository", "web-repo"],
                ["aws:ecr/lifecyclePolicy:LifecyclePolicy", "web-repo-lifecycle"],
                ["awsx:ecr:Image", "web-image"],
            ]) {
                const child = one(plan, type, name);
                assert.equal(child.parent, service.urn);
                assert.equal(child.urn, `urn:pulumi:dev::elastic-web::elastic-web:aws:ElasticService$${type}::${name}`);
            }
        });
    });

    it("creates no repository, lifecycle policy or image for a registry reference", async () => {
        const plan = await synth(
            () => new ElasticService("web", { ...base, image: "public.ecr.aws/nginx/nginx-unprivileged:stable-alpine" }),
        );
        assert.equal(count(plan, "aws:ecr/repository:Repository"), 0);
        assert.equal(count(plan, "aws:ecr/lifecyclePolicy:LifecyclePolicy"), 0);
        assert.equal(count(plan, "awsx:ecr:Image"), 0);
        assert.equal(container(plan).image, "public.ecr.aws/nginx/nginx-unprivileged:stable-alpine");
    });

    it("builds for linux/arm64 when the task runs on arm64", async () => {
        const plan = await synth(() => new ElasticService("web", { ...base, architecture: "arm64" }));
        const image = one(plan, "awsx:ecr:Image", "web-image");
        assert.equal(image.inputs.platform, "linux/arm64");
        assert.equal(image.inputs.imageTag, sampleTag("linux/arm64"));
        assert.notEqual(sampleTag("linux/arm64"), sampleTag("linux/amd64"));
        assert.deepEqual(one(plan, "aws:ecs/taskDefinition:TaskDefinition", "web-task").inputs.runtimePlatform, {
            operatingSystemFamily: "LINUX",
            cpuArchitecture: "ARM64",
        });
    });

    it("passes the Dockerfile, target stage and build args, and resolves the context against baseDir", async () => {
        const dir = folder({ "app/docker/Dockerfile.prod": DOCKERFILE, "app/index.js": "1" });
        const plan = await synth(
            () =>
                new ElasticService("web", {
                    ...base,
                    baseDir: dir,
                    image: { context: "app", dockerfile: "docker/Dockerfile.prod", target: "runtime", buildArgs: { NODE_VERSION: "22" } },
                }),
        );
        const rel = (file: string) => path.relative(process.cwd(), path.join(dir, file)).split(path.sep).join("/");
        assert.deepEqual(one(plan, "awsx:ecr:Image", "web-image").inputs, {
            repositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/web-repo",
            context: rel("app"),
            dockerfile: rel("app/docker/Dockerfile.prod"),
            target: "runtime",
            args: { NODE_VERSION: "22" },
            platform: "linux/amd64",
            imageTag: imageContentTag({
                contextDir: path.join(dir, "app"),
                dockerfilePath: path.join(dir, "app/docker/Dockerfile.prod"),
                target: "runtime",
                platform: "linux/amd64",
                buildArgs: { NODE_VERSION: "22" },
            }),
        });
    });

    it("pushes under the given tag instead of the content hash", async () => {
        const plan = await synth(() => new ElasticService("web", { ...base, image: { context: SAMPLE, imageTag: "1.4.2" } }));
        assert.equal(one(plan, "awsx:ecr:Image", "web-image").inputs.imageTag, "1.4.2");
    });

    it("takes the repository's forceDelete and lifecycle counts from imageRepository", async () => {
        const plan = await synth(
            () =>
                new ElasticService("web", { ...base, imageRepository: { forceDelete: true, keepTaggedImages: 1, untaggedExpiryDays: 1 } }),
        );
        assert.equal(one(plan, "aws:ecr/repository:Repository", "web-repo").inputs.forceDelete, true);
        const rules = JSON.parse(one(plan, "aws:ecr/lifecyclePolicy:LifecyclePolicy", "web-repo-lifecycle").inputs.policy).rules;
        assert.deepEqual(
            rules.map((r: any) => [r.description, r.selection.countNumber]),
            [
                ["Expire untagged images 1 day after their push", 1],
                ["Keep the last 1 tagged image", 1],
            ],
        );
    });

    it("tags the repository like every other child", async () => {
        const plan = await synth(() => new ElasticService("web", { ...base, tags: { team: "web" } }));
        assert.deepEqual(one(plan, "aws:ecr/repository:Repository", "web-repo").inputs.tags, { team: "web" });
    });

    it("fails before creating any child when the context folder is missing", async () => {
        const dir = folder({});
        await assert.rejects(
            synth(() => new ElasticService("web", { ...base, baseDir: dir, image: { context: "nope" } })),
            (e: unknown) => {
                assert.ok(e instanceof ConfigError);
                assert.deepEqual(e.problems, [
                    `${W}: \`image.context\` ("nope") is not a folder: ${path.join(dir, "nope")} does not exist; give the folder to build, relative to ${dir} or absolute.`,
                ]);
                return true;
            },
        );
    });
});

describe("the lifecycle policy of a built image's repository", () => {
    const policy = JSON.parse(ecrLifecyclePolicy(30, 7));

    it("has unique rule priorities and no catch-all `any` rule", () => {
        const priorities = policy.rules.map((r: any) => r.rulePriority);
        assert.deepEqual(priorities, [1, 2]);
        assert.equal(
            policy.rules.some((r: any) => r.selection.tagStatus === "any"),
            false,
        );
    });

    it("expires untagged images by age and tagged images beyond the count", () => {
        assert.deepEqual(
            policy.rules.map((r: any) => r.selection),
            [
                { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 },
                { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: 30 },
            ],
        );
        assert.deepEqual(
            policy.rules.map((r: any) => r.action),
            [{ type: "expire" }, { type: "expire" }],
        );
    });
});

describe("the content tag of a build", () => {
    const spec = (dir: string, extra: Partial<Parameters<typeof imageContentTag>[0]> = {}) => ({
        contextDir: dir,
        dockerfilePath: path.join(dir, "Dockerfile"),
        target: undefined,
        platform: "linux/amd64" as const,
        buildArgs: {},
        ...extra,
    });
    const files = { Dockerfile: DOCKERFILE, "server.js": "console.log(1)", "lib/util.js": "exports.x = 1" };

    it("is the same for the same files wherever the folder is", () => {
        assert.equal(imageContentTag(spec(folder(files))), imageContentTag(spec(folder(files))));
    });

    it("changes when a file's content, a file's name or the set of files changes", () => {
        const tag = imageContentTag(spec(folder(files)));
        assert.notEqual(imageContentTag(spec(folder({ ...files, "server.js": "console.log(2)" }))), tag);
        assert.notEqual(
            imageContentTag(spec(folder({ Dockerfile: DOCKERFILE, "main.js": "console.log(1)", "lib/util.js": "exports.x = 1" }))),
            tag,
        );
        assert.notEqual(imageContentTag(spec(folder({ ...files, "extra.txt": "" }))), tag);
    });

    it("changes with the Dockerfile, target, platform and build args", () => {
        const dir = folder(files);
        const tag = imageContentTag(spec(dir));
        const other = folder({ "Dockerfile.other": DOCKERFILE + "USER node\n" });
        assert.notEqual(imageContentTag(spec(dir, { dockerfilePath: path.join(other, "Dockerfile.other") })), tag);
        assert.notEqual(imageContentTag(spec(dir, { target: "build" })), tag);
        assert.notEqual(imageContentTag(spec(dir, { platform: "linux/arm64" })), tag);
        assert.notEqual(imageContentTag(spec(dir, { buildArgs: { NODE_VERSION: "22" } })), tag);
        assert.notEqual(
            imageContentTag(spec(dir, { buildArgs: { NODE_VERSION: "24" } })),
            imageContentTag(spec(dir, { buildArgs: { NODE_VERSION: "22" } })),
        );
    });

    it("leaves out what .dockerignore excludes, as Docker leaves it out of the context", () => {
        const ignore = { ".dockerignore": "# local only\n.git\nnode_modules\n**/*.log\ntmp/\n" };
        const tag = imageContentTag(spec(folder({ ...files, ...ignore })));
        assert.equal(
            imageContentTag(
                spec(
                    folder({
                        ...files,
                        ...ignore,
                        ".git/HEAD": "ref: refs/heads/main",
                        "node_modules/x/index.js": "1",
                        "lib/debug.log": "noise",
                        "tmp/cache.bin": "noise",
                    }),
                ),
            ),
            tag,
        );
    });

    it("hashes everything Docker would send without a .dockerignore, node_modules too", () => {
        const tag = imageContentTag(spec(folder({ ...files, "node_modules/x/index.js": "1" })));
        assert.notEqual(imageContentTag(spec(folder({ ...files, "node_modules/x/index.js": "2" }))), tag);
    });

    it("finds files re-included inside an excluded folder", () => {
        const dir = folder({ ".dockerignore": "vendor\n!vendor/keep.js\n", "vendor/keep.js": "1", "vendor/drop.js": "1", "a.js": "1" });
        assert.deepEqual(contextFiles(dir), [".dockerignore", "a.js", "vendor/keep.js"]);
    });

    it("lists the sample application's context as Docker would send it", () => {
        assert.deepEqual(contextFiles(path.join(ROOT, SAMPLE)), ["package.json", "server.js", "server.test.js"]);
    });
});

describe("dockerignoreMatcher", () => {
    const cases: [string, string, string, boolean][] = [
        ["a plain name, at the top", "secret.txt", "secret.txt", true],
        ["a plain name does not match deeper", "secret.txt", "a/secret.txt", false],
        ["a folder excludes what it holds", "build", "build/out/app.js", true],
        ["a trailing slash is a folder", "build/", "build/app.js", true],
        ["a leading slash is the context root", "/build", "build/app.js", true],
        ["* stays within a folder", "*.log", "a/b.log", false],
        ["*/ matches one level", "*/*.log", "a/b.log", true],
        ["** matches any depth", "**/*.log", "a/b/c.log", true],
        ["** matches no folder too", "**/*.log", "c.log", true],
        ["? matches one character", "file?.txt", "file1.txt", true],
        ["? does not match a slash", "a?b", "a/b", false],
        ["comments and blank lines are ignored", "# x\n\n", "# x", false],
        ["! re-includes, the last match wins", "*.md\n!README.md", "README.md", false],
        ["! then a later exclusion excludes again", "*.md\n!README.md\nREADME.md", "README.md", true],
        ["* then ! keeps only the listed files", "*\n!server.js", "server.js", false],
        ["dots are literal", "a.b", "axb", false],
    ];
    for (const [title, text, file, excluded] of cases) {
        it(`${title}: ${JSON.stringify(text)} ${excluded ? "excludes" : "keeps"} ${file}`, () => {
            assert.equal(dockerignoreMatcher(text)(file), excluded);
        });
    }

    it("matches case-sensitively, as Docker does on Linux", () => {
        assert.equal(dockerignoreMatcher("README.md")("readme.md"), false);
        assert.equal(dockerignoreMatcher("README.md")("README.md"), true);
    });

    it("keeps everything without a .dockerignore", () => {
        assert.equal(dockerignoreMatcher(undefined)("anything/at/all"), false);
    });
});

describe("validation of an image build spec", () => {
    const S = "service";
    const check = (settings: Record<string, unknown>) => {
        const p = new Problems(S);
        checkServiceSettings(p, settings);
        return p.list;
    };
    const files = (dir: string, spec: unknown) => {
        const p = new Problems(S);
        checkImageBuildFiles(p, "image", spec, dir);
        return p.list;
    };

    describe("checkServiceSettings", () => {
        it("accepts a registry reference, a minimal and a complete build spec", () => {
            assert.deepEqual(check({ image: "nginx:1.27" }), []);
            assert.deepEqual(check({ image: { context: SAMPLE } }), []);
            assert.deepEqual(
                check({
                    architecture: "arm64",
                    image: {
                        context: "app",
                        dockerfile: "Dockerfile.prod",
                        target: "runtime",
                        buildArgs: { NODE_VERSION: "22" },
                        platform: "linux/arm64",
                        imageTag: "v1.4.2_rc-1",
                    },
                    imageRepository: { forceDelete: true, keepTaggedImages: 1000, untaggedExpiryDays: 365 },
                }),
                [],
            );
        });

        const cases: [string, Record<string, unknown>, string[]][] = [
            [
                "a build spec without a context",
                { image: { dockerfile: "Dockerfile" } },
                [
                    `${S}: \`image.context\` is required; give the folder to build (it holds the Dockerfile), relative to the Pulumi project, e.g. "examples/sample-app".`,
                ],
            ],
            [
                "an empty context and Dockerfile",
                { image: { context: "", dockerfile: "" } },
                [`${S}: \`image.context\` ("") must be a non-empty string.`, `${S}: \`image.dockerfile\` ("") must be a non-empty string.`],
            ],
            ["an empty tag", { image: { context: "app", imageTag: "" } }, [`${S}: \`image.imageTag\` ("") must be a non-empty string.`]],
            [
                "a tag starting with a hyphen",
                { image: { context: "app", imageTag: "-1" } },
                [
                    `${S}: \`image.imageTag\` ("-1") must be a Docker tag: letters, digits, "_", "." and "-", not starting with "." or "-", at most 128 characters.`,
                ],
            ],
            [
                "a tag of 129 characters",
                { image: { context: "app", imageTag: "a".repeat(129) } },
                [
                    `${S}: \`image.imageTag\` ("${"a".repeat(129)}") must be a Docker tag: letters, digits, "_", "." and "-", not starting with "." or "-", at most 128 characters.`,
                ],
            ],
            [
                "a platform for arm64 on the default architecture",
                { image: { context: "app", platform: "linux/arm64" } },
                [
                    `${S}: \`image.platform\` ("linux/arm64") contradicts the default \`architecture\` ("x86_64"): the task runs linux/amd64 images, so build for "linux/amd64" or set architecture to "arm64".`,
                ],
            ],
            [
                "a platform for x86_64 on arm64",
                { architecture: "arm64", image: { context: "app", platform: "linux/amd64" } },
                [
                    `${S}: \`image.platform\` ("linux/amd64") contradicts \`architecture\` ("arm64"): the task runs linux/arm64 images, so build for "linux/arm64" or set architecture to "x86_64".`,
                ],
            ],
            [
                "an unknown platform",
                { image: { context: "app", platform: "windows/amd64" } },
                [`${S}: \`image.platform\` ("windows/amd64") must be one of "linux/amd64", "linux/arm64".`],
            ],
            [
                "a platform with an invalid architecture (reported once, on the architecture)",
                { architecture: "x86", image: { context: "app", platform: "linux/arm64" } },
                [`${S}: \`architecture\` ("x86") must be one of "x86_64", "arm64".`],
            ],
            [
                "a target that is no stage name",
                { image: { context: "app", target: "run time" } },
                [
                    `${S}: \`image.target\` ("run time") must be a build stage name like "runtime" (letters, digits, "_", "." and "-", starting with a letter).`,
                ],
            ],
            [
                "build args that are not an object",
                { image: { context: "app", buildArgs: ["A=1"] } },
                [
                    `${S}: \`image.buildArgs\` (["A=1"]) must be an object of build argument names to string values, e.g. { NODE_VERSION: "22" }.`,
                ],
            ],
            [
                "a build arg that is a number, one that looks like a secret, one badly named",
                { image: { context: "app", buildArgs: { VERSION: 22, NPM_TOKEN: "x", "1X": "y" } } },
                [
                    `${S}: \`image.buildArgs.VERSION\` (22) must be a string; quote it, e.g. "22".`,
                    `${S}: \`image.buildArgs.NPM_TOKEN\` looks like a secret; build arguments stay readable in the image history, so pass secrets at run time through \`secrets\` instead.`,
                    `${S}: \`image.buildArgs.1X\` is not a valid build argument name; use letters, digits and underscores, not starting with a digit.`,
                ],
            ],
            [
                "an unknown key in the build spec",
                { image: { context: "app", file: "Dockerfile" } },
                [`${S}: \`image.file\` ("Dockerfile") is not a known key; known keys are ${IMAGE_BUILD_KEYS.join(", ")}.`],
            ],
            [
                "an image that is neither a reference nor a build spec",
                { image: 42 },
                [
                    `${S}: \`image\` (42) must be an image reference like "123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1.4.2" or a build spec like { context: "examples/sample-app" }.`,
                ],
            ],
            [
                "repository counts out of range and a non-boolean forceDelete",
                { image: { context: "app" }, imageRepository: { forceDelete: "yes", keepTaggedImages: 0, untaggedExpiryDays: 366 } },
                [
                    `${S}: \`imageRepository.forceDelete\` ("yes") must be true or false.`,
                    `${S}: \`imageRepository.keepTaggedImages\` (0) must be an integer from 1 to 1000.`,
                    `${S}: \`imageRepository.untaggedExpiryDays\` (366) must be an integer from 1 to 365.`,
                ],
            ],
            [
                "an unknown imageRepository key",
                { imageRepository: { keep: 5 } },
                [`${S}: \`imageRepository.keep\` (5) is not a known key; known keys are ${IMAGE_REPOSITORY_KEYS.join(", ")}.`],
            ],
        ];
        for (const [title, settings, expected] of cases) {
            it(`rejects ${title}`, () => {
                assert.deepEqual(check(settings), expected);
            });
        }

        it("knows imageRepository as a service input key", () => {
            assert.ok(SERVICE_INPUT_KEYS.includes("imageRepository"));
        });
    });

    describe("checkImageBuildFiles", () => {
        it("accepts the sample application", () => {
            assert.deepEqual(files(ROOT, { context: SAMPLE }), []);
            assert.deepEqual(files(ROOT, { context: SAMPLE, target: "runtime" }), []);
            assert.deepEqual(files(ROOT, { context: path.join(ROOT, SAMPLE), dockerfile: "Dockerfile" }), []);
        });

        it("names the missing context folder", () => {
            const dir = folder({});
            assert.deepEqual(files(dir, { context: "app" }), [
                `${S}: \`image.context\` ("app") is not a folder: ${path.join(dir, "app")} does not exist; give the folder to build, relative to ${dir} or absolute.`,
            ]);
        });

        it("names a context that is a file", () => {
            const dir = folder({ app: "not a folder" });
            assert.deepEqual(files(dir, { context: "app" }), [
                `${S}: \`image.context\` ("app") is not a folder: ${path.join(dir, "app")} is a file; give the folder to build, relative to ${dir} or absolute.`,
            ]);
        });

        it("names the missing default Dockerfile", () => {
            const dir = folder({ "app/index.js": "" });
            assert.deepEqual(files(dir, { context: "app" }), [
                `${S}: \`image.context\` ("app") has no Dockerfile: ${path.join(dir, "app", "Dockerfile")} does not exist; add one, or name another with \`image.dockerfile\`.`,
            ]);
        });

        it("names the missing named Dockerfile, relative to the context", () => {
            const dir = folder({ "app/Dockerfile": DOCKERFILE });
            assert.deepEqual(files(dir, { context: "app", dockerfile: "docker/Dockerfile.prod" }), [
                `${S}: \`image.dockerfile\` ("docker/Dockerfile.prod") names no file: ${path.join(dir, "app", "docker", "Dockerfile.prod")} does not exist; give the Dockerfile's path relative to the context folder ${path.join(dir, "app")}.`,
            ]);
        });

        it("names a target that is not a stage of the Dockerfile, with the stages it has", () => {
            const dir = folder({ "app/Dockerfile": DOCKERFILE });
            assert.deepEqual(files(dir, { context: "app", target: "rutnime" }), [
                `${S}: \`image.target\` ("rutnime") is not a stage of ${path.join(dir, "app", "Dockerfile")}; its stages are "build", "runtime".`,
            ]);
            assert.deepEqual(files(dir, { context: "app", target: "RUNTIME" }), []);
        });

        it("leaves values the syntax checks reject alone", () => {
            assert.deepEqual(files(folder({}), { context: "" }), []);
            assert.deepEqual(files(folder({}), { context: 42 }), []);
            assert.deepEqual(files(folder({}), "nginx"), []);
        });
    });

    it("reads the stage names of a Dockerfile, with or without --platform", () => {
        assert.deepEqual(
            dockerfileStages("FROM --platform=$BUILDPLATFORM node:22 AS deps\nFROM deps as build\nfrom scratch\nFROM alpine AS final\n"),
            ["deps", "build", "final"],
        );
    });

    describe("resolveElasticServiceArgs", () => {
        const problemsOf = (name: string, args: ElasticServiceArgs) => {
            try {
                resolveElasticServiceArgs(name, args);
            } catch (e) {
                assert.ok(e instanceof ConfigError);
                return e.problems;
            }
            return [];
        };

        it("fills in the build: paths from the working directory, the platform from the architecture, default repository settings", () => {
            const r = resolveElasticServiceArgs("web", base);
            assert.equal(r.image, undefined);
            assert.deepEqual(r.build, {
                contextDir: path.join(ROOT, SAMPLE),
                dockerfilePath: path.join(ROOT, SAMPLE, "Dockerfile"),
                context: SAMPLE,
                dockerfile: `${SAMPLE}/Dockerfile`,
                target: undefined,
                buildArgs: {},
                platform: "linux/amd64",
                imageTag: undefined,
            });
            assert.deepEqual(r.imageRepository, { forceDelete: false, keepTaggedImages: 10, untaggedExpiryDays: 3 });
        });

        it("keeps a registry reference as the image and builds nothing", () => {
            const r = resolveElasticServiceArgs("web", { ...base, image: "nginx:1.27" });
            assert.equal(r.image, "nginx:1.27");
            assert.equal(r.build, undefined);
        });

        it("reports the missing Dockerfile with every other problem", () => {
            const dir = folder({ "app/index.js": "" });
            assert.deepEqual(problemsOf("web", { ...base, baseDir: dir, image: { context: "app", imageTag: "" }, cpu: 300 }), [
                `${W}: \`image.imageTag\` ("") must be a non-empty string.`,
                `${W}: \`cpu\` (300) must be one of 256, 512, 1024, 2048, 4096, 8192, 16384.`,
                `${W}: \`image.context\` ("app") has no Dockerfile: ${path.join(dir, "app", "Dockerfile")} does not exist; add one, or name another with \`image.dockerfile\`.`,
            ]);
        });

        it("rejects a platform that contradicts the architecture", () => {
            assert.deepEqual(problemsOf("web", { ...base, architecture: "arm64", image: { context: SAMPLE, platform: "linux/amd64" } }), [
                `${W}: \`image.platform\` ("linux/amd64") contradicts \`architecture\` ("arm64"): the task runs linux/arm64 images, so build for "linux/arm64" or set architecture to "x86_64".`,
            ]);
        });

        it("rejects a name that cannot name an ECR repository, only with a build spec", () => {
            assert.deepEqual(problemsOf("Web", base), [
                `elastic-web:aws:ElasticService "Web": the name "Web" cannot start an ECR repository name ("Web-repo" plus Pulumi's suffix); with an image build spec, use lowercase letters and digits, separated by single ".", "_" or "-".`,
            ]);
            assert.deepEqual(problemsOf("Web", { ...base, image: "nginx:1.27" }), []);
        });

        it("rejects an empty baseDir", () => {
            assert.deepEqual(problemsOf("web", { ...base, baseDir: "" }), [`${W}: \`baseDir\` ("") must be a folder path.`]);
        });
    });
});

describe("a stack whose service selects the sample application", () => {
    const raw = {
        "aws:region": "us-east-1",
        "elastic-web:environment": "dev",
        "elastic-web:services": { web: { image: { context: SAMPLE }, healthCheck: { path: "/health" } } },
    };

    it("resolves the build spec through the stack config", () => {
        const config = resolveStackConfig(raw, "dev");
        assert.deepEqual(config.services.web.image, { context: SAMPLE });
    });

    it("reports a bad build spec under its config key", () => {
        const bad = { ...raw, "elastic-web:services": { web: { image: { context: SAMPLE, platform: "linux/arm64", imageTag: "" } } } };
        assert.throws(
            () => resolveStackConfig(bad, "dev"),
            (e: unknown) => {
                assert.ok(e instanceof ConfigError);
                assert.deepEqual(e.problems, [
                    'stack config: `elastic-web:services.web.image.platform` ("linux/arm64") contradicts `elastic-web:services.web.architecture` from the dev profile ("x86_64"): the task runs linux/amd64 images, so build for "linux/amd64" or set architecture to "arm64".',
                    'stack config: `elastic-web:services.web.image.imageTag` ("") must be a non-empty string.',
                ]);
                return true;
            },
        );
    });

    it("synthesizes an ECR repository and an image whose output the task definition runs", async () => {
        const plan = await synth(() => {
            const config = resolveStackConfig(raw, "dev");
            const stack = new ElasticStack(config.name, config);
            return { pushed: stack.services.web.image!.imageUri };
        });
        const repo = one(plan, "aws:ecr/repository:Repository", "app-web-repo");
        assert.equal(repo.inputs.imageTagMutability, "IMMUTABLE");
        const image = one(plan, "awsx:ecr:Image", "app-web-image");
        assert.equal(image.inputs.repositoryUrl, "123456789012.dkr.ecr.us-east-1.amazonaws.com/app-web-repo");
        assert.equal(image.inputs.context, SAMPLE);
        assert.equal(container(plan, "app-web-task").image, (plan.outputs as { pushed: string }).pushed);
    });

    it("previews from a stack file with the repository and the image", async () => {
        const dir = folder({
            "Pulumi.yaml": "name: elastic-web\nruntime: nodejs\n",
            "Pulumi.sample.yaml": [
                "config:",
                "  aws:region: us-east-1",
                "  elastic-web:environment: dev",
                "  elastic-web:services:",
                "    web:",
                "      image:",
                `        context: ${SAMPLE}`,
                "",
            ].join("\n"),
        });
        const result = await runPreview(["--stack", "sample"], { root: dir, program: () => loadProgram(path.join(ROOT, "index")) });
        assert.equal(result.stderr, "");
        assert.equal(result.code, 0);
        const plan = result.plan!;
        one(plan as Plan, "aws:ecr/repository:Repository", "app-web-repo");
        one(plan as Plan, "awsx:ecr:Image", "app-web-image");
        assert.match(container(plan as Plan, "app-web-task").image, /@sha256:[0-9a-f]{64}$/);
    });
});

describe("the sample application", () => {
    const { createServer } = require("../examples/sample-app/server.js");

    async function get(route: string): Promise<{ status: number; body: any }> {
        const server = createServer().listen(0, "127.0.0.1");
        await once(server, "listening");
        try {
            const res = await fetch(`http://127.0.0.1:${server.address().port}${route}`);
            return { status: res.status, body: await res.json() };
        } finally {
            server.close();
        }
    }

    it("answers /health with 200 and status ok", async () => {
        assert.deepEqual(await get("/health"), { status: 200, body: { status: "ok" } });
    });

    it("answers / with a greeting and 404 elsewhere", async () => {
        const root = await get("/");
        assert.equal(root.status, 200);
        assert.equal(root.body.message, "Hello from elastic-web");
        assert.deepEqual(await get("/missing"), { status: 404, body: { error: "not found", path: "/missing" } });
    });

    it("builds in two stages and runs as a non-root user on port 8080", () => {
        const dockerfile = fs.readFileSync(path.join(ROOT, SAMPLE, "Dockerfile"), "utf8");
        assert.deepEqual(dockerfileStages(dockerfile), ["build", "runtime"]);
        const runtime = dockerfile.slice(dockerfile.search(/^FROM .* AS runtime$/m));
        assert.match(runtime, /^USER node$/m);
        assert.match(runtime, /^EXPOSE 8080$/m);
        assert.match(runtime, /^COPY --from=build /m);
    });
});
