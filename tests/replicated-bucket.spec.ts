import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import {
    bucketKeyPolicy,
    checkReplicatedBucketSettings,
    REPLICATED_BUCKET_DEFAULTS,
    REPLICATED_BUCKET_SETTINGS_KEYS,
    ReplicatedBucket,
    ReplicatedBucketArgs,
    ReplicatedBucketSettings,
    resolveReplicatedBucketArgs,
} from "../components/bucket";
import { AWS_REGIONS, ConfigError, Problems } from "../components/core/validate";
import { synth } from "../components/testing";

type Plan = Awaited<ReturnType<typeof synth>>;
type Resource = Plan["resources"][number];

const COMPONENT = "elastic-web:aws:ReplicatedBucket";
const PROVIDER = "pulumi:providers:aws";
const KEY = "aws:kms/key:Key";
const BUCKET = "aws:s3/bucket:Bucket";
const VERSIONING = "aws:s3/bucketVersioning:BucketVersioning";
const ENCRYPTION = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const OWNERSHIP = "aws:s3/bucketOwnershipControls:BucketOwnershipControls";
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration";
const LOGGING = "aws:s3/bucketLogging:BucketLogging";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";

const ACCOUNT = "123456789012";
const W = 'elastic-web:aws:ReplicatedBucket "data"';
const PRIMARY_ARN = "arn:aws:s3:::data-primary";
const REPLICA_ARN = "arn:aws:s3:::data-replica";
const PRIMARY_KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/data-primary-key-id`;
const REPLICA_KEY_ARN = `arn:aws:kms:us-west-2:${ACCOUNT}:key/data-replica-key-id`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/data-replication-role`;
const REGIONS = AWS_REGIONS.join(", ");

const one = (plan: Plan, type: string, name?: string): Resource => {
    const found = plan.resources.filter((r) => r.type === type && (name === undefined || r.name === name));
    assert.equal(
        found.length,
        1,
        `expected one ${type}${name ? ` named ${name}` : ""}, found ${found.map((r) => r.name).join(", ") || "none"}`,
    );
    return found[0];
};
const named = (plan: Plan, name: string): Resource => {
    const found = plan.resources.filter((r) => r.name === name);
    assert.equal(found.length, 1, `expected one resource named ${name}, found ${found.length}`);
    return found[0];
};
const count = (plan: Plan, type: string) => plan.resources.filter((r) => r.type === type).length;
const children = (plan: Plan) => plan.resources.filter((r) => r.type !== COMPONENT);
const json = (r: Resource, key: string) => JSON.parse(r.inputs[key]);
/** The replica side's resources: `data-replica` and `data-replica-…` (not `data-replication…`). */
const isReplicaSide = (r: Resource) => r.name === "data-replica" || r.name.startsWith("data-replica-");
const listing = (plan: Plan) =>
    children(plan)
        .map((r) => `${r.type} ${r.name}`)
        .sort();

/** Runs a ReplicatedBucket named "data" under mocks; the plan's outputs are the component's outputs. */
async function bucket(args: Partial<ReplicatedBucketArgs> = {}) {
    return synth(() => {
        const b = new ReplicatedBucket("data", { region: "us-east-1", ...args });
        return {
            bucketName: b.bucketName,
            bucketArn: b.bucketArn,
            replicaBucketName: b.replicaBucketName,
            replicaBucketArn: b.replicaBucketArn,
            replicaRegion: b.replicaRegion,
            replicationRuleId: b.replicationRuleId,
            replicationMetrics: b.replicationMetrics,
            hasKey: b.key !== undefined,
            hasReplicaKey: b.replicaKey !== undefined,
            hasReplicaBucket: b.replicaBucket !== undefined,
            hasRole: b.replicationRole !== undefined,
        };
    });
}

/** The resources of one side (`primary` or `replica`), by role, as the component names them. */
function sideNames(side: "primary" | "replica", kms = true): string[] {
    const base = `data-${side}`;
    return [
        ...(kms ? [`${KEY} ${base}-key`] : []),
        `${BUCKET} ${base}`,
        `${VERSIONING} ${base}-versioning`,
        `${ENCRYPTION} ${base}-encryption`,
        `${PUBLIC_ACCESS_BLOCK} ${base}-public-access-block`,
        `${OWNERSHIP} ${base}-ownership`,
        `${BUCKET_POLICY} ${base}-policy`,
        `${LIFECYCLE} ${base}-lifecycle`,
    ];
}

const rootKeyStatement = {
    Sid: "AccountAdministration",
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
    Action: "kms:*",
    Resource: "*",
};

/** The permissions of one replication direction as the component must grant them. */
function direction(from: "Primary" | "Replica", to: "Primary" | "Replica", kms: boolean, prefix = "") {
    const arn = { Primary: PRIMARY_ARN, Replica: REPLICA_ARN };
    const key = { Primary: PRIMARY_KEY_ARN, Replica: REPLICA_KEY_ARN };
    const region = { Primary: "us-east-1", Replica: "us-west-2" };
    return [
        { Sid: `Read${from}Bucket`, Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: [arn[from]] },
        {
            Sid: `Read${from}Objects`,
            Effect: "Allow",
            Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
            Resource: [`${arn[from]}/${prefix}*`],
        },
        {
            Sid: `Write${to}Objects`,
            Effect: "Allow",
            Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
            Resource: [`${arn[to]}/${prefix}*`],
        },
        ...(kms
            ? [
                  {
                      Sid: `Decrypt${from}`,
                      Effect: "Allow",
                      Action: ["kms:Decrypt"],
                      Resource: [key[from]],
                      Condition: {
                          StringLike: {
                              "kms:ViaService": `s3.${region[from]}.amazonaws.com`,
                              "kms:EncryptionContext:aws:s3:arn": [arn[from], `${arn[from]}/${prefix}*`],
                          },
                      },
                  },
                  {
                      // S3 Bucket Keys: S3 decrypts with the replica key while it writes the replica.
                      Sid: `Encrypt${to}`,
                      Effect: "Allow",
                      Action: ["kms:Encrypt", "kms:Decrypt"],
                      Resource: [key[to]],
                      Condition: {
                          StringLike: {
                              "kms:ViaService": `s3.${region[to]}.amazonaws.com`,
                              "kms:EncryptionContext:aws:s3:arn": [arn[to], `${arn[to]}/${prefix}*`],
                          },
                      },
                  },
              ]
            : []),
    ];
}

/** Asserts that no statement of a policy document allows a wildcard action or resource. */
function assertNoWildcards(doc: { Statement: { Action: string | string[]; Resource: string | string[] }[] }): void {
    for (const s of doc.Statement) {
        for (const action of ([] as string[]).concat(s.Action)) {
            assert.ok(action !== "*" && !action.endsWith(":*"), `wildcard action ${action}`);
        }
        for (const resource of ([] as string[]).concat(s.Resource)) {
            assert.ok(resource !== "*" && !/^arn:aws:[a-z0-9-]+:[^:]*:[^:]*:\*$/.test(resource), `wildcard resource ${resource}`);
        }
    }
}

/** The settings recommended for each environment's profile. */
const PROFILE_SETTINGS: Record<"dev" | "staging" | "prod", ReplicatedBucketSettings> = {
    dev: { forceDestroy: true, retain: false, noncurrentVersionExpirationDays: 7 },
    staging: { replicaRegion: "us-west-2", forceDestroy: false, retain: true, noncurrentVersionExpirationDays: 30 },
    prod: {
        replicaRegion: "us-west-2",
        replicationTimeControl: true,
        forceDestroy: false,
        retain: true,
        noncurrentVersionExpirationDays: 90,
        transitions: [
            { days: 30, storageClass: "STANDARD_IA" },
            { days: 180, storageClass: "GLACIER_IR" },
        ],
    },
};

describe("ReplicatedBucket", () => {
    describe("under defaults (no replica)", () => {
        let plan: Plan;
        before(async () => {
            plan = await bucket();
        });

        it("creates exactly one hardened bucket with its key, and nothing for replication", () => {
            assert.deepEqual(listing(plan), sideNames("primary").sort());
            for (const type of [ROLE, ROLE_POLICY, REPLICATION, PROVIDER, LOGGING]) assert.equal(count(plan, type), 0, type);
        });

        it("encrypts with a rotating customer-managed key the account administers", () => {
            const key = one(plan, KEY, "data-primary-key");
            assert.deepEqual(
                { ...key.inputs, policy: undefined },
                {
                    description: "Encrypts the primary bucket of data (us-east-1)",
                    enableKeyRotation: true,
                    deletionWindowInDays: 30,
                    policy: undefined,
                    tags: {},
                },
            );
            assert.deepEqual(json(key, "policy"), { Version: "2012-10-17", Statement: [rootKeyStatement] });
        });

        it("keeps the bucket and its key on delete, and lets no destroy empty the bucket", () => {
            assert.deepEqual(one(plan, BUCKET, "data-primary").inputs, { forceDestroy: false, tags: {} });
            for (const r of children(plan)) {
                const data = r.type === BUCKET || r.type === KEY;
                assert.equal(r.options.retainOnDelete, data, `retainOnDelete of ${r.name}`);
                assert.equal(r.options.protect, false, `protect of ${r.name}`);
            }
        });

        it("turns versioning on", () => {
            assert.deepEqual(one(plan, VERSIONING).inputs, { bucket: "data-primary-id", versioningConfiguration: { status: "Enabled" } });
        });

        it("encrypts by default with the KMS key and an S3 Bucket Key", () => {
            assert.deepEqual(one(plan, ENCRYPTION).inputs, {
                bucket: "data-primary-id",
                rules: [
                    {
                        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: PRIMARY_KEY_ARN },
                        bucketKeyEnabled: true,
                    },
                ],
            });
        });

        it("blocks all four kinds of public access and disables ACLs", () => {
            assert.deepEqual(one(plan, PUBLIC_ACCESS_BLOCK).inputs, {
                bucket: "data-primary-id",
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            });
            assert.deepEqual(one(plan, OWNERSHIP).inputs, { bucket: "data-primary-id", rule: { objectOwnership: "BucketOwnerEnforced" } });
        });

        it("configures the bucket one step at a time, as S3 refuses concurrent configuration changes", () => {
            const order = [VERSIONING, ENCRYPTION, PUBLIC_ACCESS_BLOCK, OWNERSHIP, BUCKET_POLICY, LIFECYCLE].map((t) => one(plan, t));
            assert.deepEqual(
                order.map((r) => r.options.dependsOn),
                [[], ...order.slice(0, -1).map((r) => [r.urn])],
            );
        });

        it("denies every request without TLS, after the public access block and the ownership controls are set", () => {
            const policy = one(plan, BUCKET_POLICY);
            assert.equal(policy.inputs.bucket, "data-primary-id");
            assert.deepEqual(json(policy, "policy"), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "DenyInsecureTransport",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "s3:*",
                        Resource: [PRIMARY_ARN, `${PRIMARY_ARN}/*`],
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    },
                ],
            });
            assert.deepEqual(policy.options.dependsOn, [one(plan, OWNERSHIP).urn]);
        });

        it("aborts multipart uploads after 7 days and expires noncurrent versions after 90, after the bucket policy", () => {
            const lifecycle = one(plan, LIFECYCLE);
            assert.deepEqual(lifecycle.inputs, {
                bucket: "data-primary-id",
                rules: [
                    {
                        id: "abort-incomplete-multipart-uploads",
                        status: "Enabled",
                        filter: {},
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                    },
                    {
                        id: "expire-noncurrent-versions",
                        status: "Enabled",
                        filter: {},
                        noncurrentVersionExpiration: { noncurrentDays: 90 },
                    },
                ],
            });
            assert.deepEqual(lifecycle.options.dependsOn, [one(plan, BUCKET_POLICY).urn]);
        });

        it("names every child data-… and parents it to the component, in the stack's region", () => {
            const component = one(plan, COMPONENT, "data");
            for (const r of children(plan)) {
                assert.ok(r.name.startsWith("data-"), `${r.name} is not prefixed with data-`);
                assert.equal(r.parent, component.urn, `${r.name} is not a child of the component`);
                assert.ok(r.urn.includes(`${COMPONENT}$`), `${r.urn} is not under the component`);
                assert.equal(r.provider, null, `${r.name} uses an explicit provider`);
                assert.equal(r.region, "us-east-1", `region of ${r.name}`);
            }
        });

        it("outputs the bucket's name and ARN and no replica", () => {
            assert.deepEqual(plan.outputs, {
                bucketName: "data-primary",
                bucketArn: PRIMARY_ARN,
                hasKey: true,
                hasReplicaKey: false,
                hasReplicaBucket: false,
                hasRole: false,
            });
        });
    });

    describe("with a replica in us-west-2", () => {
        let plan: Plan;
        let provider: Resource;
        before(async () => {
            plan = await bucket({ replicaRegion: "us-west-2" });
            provider = one(plan, PROVIDER, "data-replica-provider");
        });

        it("creates both sides, the replica provider, the role, its policy and one replication configuration", () => {
            assert.deepEqual(
                listing(plan),
                [
                    ...sideNames("primary"),
                    ...sideNames("replica"),
                    `${PROVIDER} data-replica-provider`,
                    `${ROLE} data-replication-role`,
                    `${ROLE_POLICY} data-replication-policy`,
                    `${REPLICATION} data-replication`,
                ].sort(),
            );
        });

        it("makes a provider for the replica region and registers every replica-side resource through it", () => {
            assert.equal(provider.inputs.region, "us-west-2");
            assert.equal(provider.parent, one(plan, COMPONENT).urn);
            const replicaSide = children(plan).filter((r) => isReplicaSide(r) && r.type !== PROVIDER);
            assert.equal(replicaSide.length, 8);
            for (const r of replicaSide) {
                assert.equal(r.provider, provider.urn, `provider of ${r.name}`);
                assert.equal(r.region, "us-west-2", `region of ${r.name}`);
            }
        });

        it("keeps the primary side, the role and the replication configuration on the stack's provider", () => {
            const rest = children(plan).filter((r) => !isReplicaSide(r));
            assert.equal(rest.length, 11);
            for (const r of rest) {
                assert.equal(r.provider, null, `provider of ${r.name}`);
                assert.equal(r.region, "us-east-1", `region of ${r.name}`);
            }
        });

        it("hardens the replica exactly like the primary", () => {
            const replica = (suffix: string) => named(plan, `data-replica${suffix}`).inputs;
            assert.deepEqual(replica(""), { forceDestroy: false, tags: {} });
            assert.deepEqual(replica("-versioning"), { bucket: "data-replica-id", versioningConfiguration: { status: "Enabled" } });
            assert.deepEqual(replica("-encryption"), {
                bucket: "data-replica-id",
                rules: [
                    {
                        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: REPLICA_KEY_ARN },
                        bucketKeyEnabled: true,
                    },
                ],
            });
            assert.deepEqual(replica("-public-access-block"), {
                bucket: "data-replica-id",
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            });
            assert.deepEqual(replica("-ownership"), { bucket: "data-replica-id", rule: { objectOwnership: "BucketOwnerEnforced" } });
            assert.deepEqual(JSON.parse(replica("-policy").policy).Statement[0].Resource, [REPLICA_ARN, `${REPLICA_ARN}/*`]);
            assert.deepEqual(replica("-lifecycle"), {
                bucket: "data-replica-id",
                rules: [
                    {
                        id: "abort-incomplete-multipart-uploads",
                        status: "Enabled",
                        filter: {},
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                    },
                    {
                        id: "expire-noncurrent-versions",
                        status: "Enabled",
                        filter: {},
                        noncurrentVersionExpiration: { noncurrentDays: 90 },
                    },
                ],
            });
            assert.equal(named(plan, "data-replica-key").inputs.description, "Encrypts the replica bucket of data (us-west-2)");
        });

        it("lets only S3 assume the replication role", () => {
            const role = one(plan, ROLE, "data-replication-role");
            assert.equal(role.inputs.description, "S3 replication of data from us-east-1 to us-west-2");
            assert.deepEqual(json(role, "assumeRolePolicy"), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "s3.amazonaws.com" },
                        Action: "sts:AssumeRole",
                        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
                    },
                ],
            });
        });

        it("grants the role exactly the replication actions on these two buckets and keys", () => {
            const policy = one(plan, ROLE_POLICY, "data-replication-policy");
            assert.equal(policy.inputs.role, "data-replication-role-id");
            const doc = json(policy, "policy");
            assert.deepEqual(doc, { Version: "2012-10-17", Statement: direction("Primary", "Replica", true) });
            assertNoWildcards(doc);
        });

        it("lets the role use each key only through S3 in the key's region, for its side of the copy", () => {
            const statement = (actions: string[], region: string) => ({
                Sid: "ReplicationRoleThroughS3",
                Effect: "Allow",
                Principal: { AWS: ROLE_ARN },
                Action: actions,
                Resource: "*",
                Condition: { StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` } },
            });
            assert.deepEqual(json(named(plan, "data-primary-key"), "policy"), {
                Version: "2012-10-17",
                Statement: [rootKeyStatement, statement(["kms:Decrypt"], "us-east-1")],
            });
            assert.deepEqual(json(named(plan, "data-replica-key"), "policy"), {
                Version: "2012-10-17",
                Statement: [rootKeyStatement, statement(["kms:Decrypt", "kms:Encrypt"], "us-west-2")],
            });
        });

        it("replicates every object, delete markers and KMS-encrypted objects, with metrics and no RTC", () => {
            const replication = one(plan, REPLICATION, "data-replication");
            assert.deepEqual(replication.inputs, {
                bucket: "data-primary-id",
                role: ROLE_ARN,
                rules: [
                    {
                        id: "replicate-to-replica",
                        status: "Enabled",
                        filter: {},
                        deleteMarkerReplication: { status: "Enabled" },
                        destination: {
                            bucket: REPLICA_ARN,
                            encryptionConfiguration: { replicaKmsKeyId: REPLICA_KEY_ARN },
                            metrics: { status: "Enabled" },
                        },
                        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
                    },
                ],
            });
        });

        it("creates the replication configuration after every configuration of both buckets and the role's policy", () => {
            const replication = one(plan, REPLICATION, "data-replication");
            assert.deepEqual(replication.options.dependsOn, [
                named(plan, "data-primary-lifecycle").urn,
                named(plan, "data-replica-lifecycle").urn,
                named(plan, "data-replication-policy").urn,
            ]);
        });

        it("keeps both buckets and both keys on delete, and nothing else", () => {
            const retained = children(plan)
                .filter((r) => r.options.retainOnDelete)
                .map((r) => r.name)
                .sort();
            assert.deepEqual(retained, ["data-primary", "data-primary-key", "data-replica", "data-replica-key"]);
        });

        it("outputs both buckets' names and ARNs and the replica region", () => {
            assert.deepEqual(plan.outputs, {
                bucketName: "data-primary",
                bucketArn: PRIMARY_ARN,
                replicaBucketName: "data-replica",
                replicaBucketArn: REPLICA_ARN,
                replicaRegion: "us-west-2",
                replicationRuleId: "replicate-to-replica",
                replicationMetrics: {
                    bucketName: "data-primary",
                    replicaBucketName: "data-replica",
                    replicationRuleId: "replicate-to-replica",
                    replicaRegion: "us-west-2",
                },
                hasKey: true,
                hasReplicaKey: true,
                hasReplicaBucket: true,
                hasRole: true,
            });
        });
    });

    it("adds Replication Time Control with 15-minute thresholds when asked", async () => {
        const plan = await bucket({ replicaRegion: "us-west-2", replicationTimeControl: true });
        assert.deepEqual(one(plan, REPLICATION).inputs.rules[0].destination, {
            bucket: REPLICA_ARN,
            encryptionConfiguration: { replicaKmsKeyId: REPLICA_KEY_ARN },
            metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
            replicationTime: { status: "Enabled", time: { minutes: 15 } },
        });
    });

    it("publishes no replication metrics when replicationMetrics is false, and offers none to alarm on", async () => {
        const plan = await bucket({ replicaRegion: "us-west-2", replicationMetrics: false });
        assert.equal(plan.outputs.replicationMetrics, undefined);
        assert.equal(plan.outputs.replicationRuleId, "replicate-to-replica");
        assert.deepEqual(one(plan, REPLICATION).inputs.rules[0].destination, {
            bucket: REPLICA_ARN,
            encryptionConfiguration: { replicaKmsKeyId: REPLICA_KEY_ARN },
        });
    });

    it("replicates and grants only the prefix when one is given", async () => {
        const plan = await bucket({ replicaRegion: "us-west-2", prefix: "uploads/" });
        const rule = one(plan, REPLICATION).inputs.rules[0];
        assert.deepEqual(rule.filter, { prefix: "uploads/" });
        assert.deepEqual(json(one(plan, ROLE_POLICY), "policy").Statement, direction("Primary", "Replica", true, "uploads/"));
    });

    describe('with encryption "s3"', () => {
        let plan: Plan;
        before(async () => {
            plan = await bucket({ replicaRegion: "us-west-2", encryption: "s3" });
        });

        it("creates no KMS key and encrypts both buckets with SSE-S3", () => {
            assert.equal(count(plan, KEY), 0);
            for (const side of ["primary", "replica"]) {
                assert.deepEqual(named(plan, `data-${side}-encryption`).inputs, {
                    bucket: `data-${side}-id`,
                    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
                });
            }
            assert.deepEqual(
                listing(plan),
                [
                    ...sideNames("primary", false),
                    ...sideNames("replica", false),
                    `${PROVIDER} data-replica-provider`,
                    `${ROLE} data-replication-role`,
                    `${ROLE_POLICY} data-replication-policy`,
                    `${REPLICATION} data-replication`,
                ].sort(),
            );
        });

        it("grants no KMS action and selects no KMS-encrypted objects", () => {
            const doc = json(one(plan, ROLE_POLICY), "policy");
            assert.deepEqual(doc.Statement, direction("Primary", "Replica", false));
            assertNoWildcards(doc);
            const rule = one(plan, REPLICATION).inputs.rules[0];
            assert.equal(rule.sourceSelectionCriteria, undefined);
            assert.deepEqual(rule.destination, { bucket: REPLICA_ARN, metrics: { status: "Enabled" } });
        });

        it("keeps both buckets on delete", () => {
            const retained = children(plan)
                .filter((r) => r.options.retainOnDelete)
                .map((r) => r.name)
                .sort();
            assert.deepEqual(retained, ["data-primary", "data-replica"]);
        });
    });

    describe("with two-way replication (replicaModifications)", () => {
        let plan: Plan;
        before(async () => {
            plan = await bucket({ replicaRegion: "us-west-2", replicaModifications: true });
        });

        it("adds a reverse configuration on the replica bucket, through the replica provider, after both buckets' configurations", () => {
            const reverse = one(plan, REPLICATION, "data-reverse-replication");
            assert.equal(reverse.provider, one(plan, PROVIDER).urn);
            assert.equal(reverse.region, "us-west-2");
            assert.deepEqual(reverse.inputs, {
                bucket: "data-replica-id",
                role: ROLE_ARN,
                rules: [
                    {
                        id: "replicate-to-primary",
                        status: "Enabled",
                        filter: {},
                        deleteMarkerReplication: { status: "Enabled" },
                        destination: {
                            bucket: PRIMARY_ARN,
                            encryptionConfiguration: { replicaKmsKeyId: PRIMARY_KEY_ARN },
                            metrics: { status: "Enabled" },
                        },
                        sourceSelectionCriteria: {
                            sseKmsEncryptedObjects: { status: "Enabled" },
                            replicaModifications: { status: "Enabled" },
                        },
                    },
                ],
            });
            assert.deepEqual(reverse.options.dependsOn, [
                named(plan, "data-primary-lifecycle").urn,
                named(plan, "data-replica-lifecycle").urn,
                named(plan, "data-replication-policy").urn,
            ]);
        });

        it("replicates replica modifications on the forward rule too", () => {
            assert.deepEqual(one(plan, REPLICATION, "data-replication").inputs.rules[0].sourceSelectionCriteria, {
                sseKmsEncryptedObjects: { status: "Enabled" },
                replicaModifications: { status: "Enabled" },
            });
        });

        it("grants the one role both directions, still on only these buckets and keys", () => {
            const doc = json(one(plan, ROLE_POLICY), "policy");
            assert.deepEqual(doc.Statement, [...direction("Primary", "Replica", true), ...direction("Replica", "Primary", true)]);
            assertNoWildcards(doc);
            assert.equal(count(plan, ROLE), 1);
        });

        it("lets the role decrypt and encrypt with both keys", () => {
            for (const [key, region] of [
                ["data-primary-key", "us-east-1"],
                ["data-replica-key", "us-west-2"],
            ]) {
                const statement = json(named(plan, key), "policy").Statement[1];
                assert.deepEqual(statement.Action, ["kms:Decrypt", "kms:Encrypt"], key);
                assert.deepEqual(statement.Condition, { StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` } }, key);
            }
        });
    });

    it("registers the replica side through a provider passed in and makes none", async () => {
        const plan = await synth(() => {
            const replicaProvider = new aws.Provider("west", { region: "us-west-2" });
            return new ReplicatedBucket("data", { region: "us-east-1", replicaRegion: "us-west-2", replicaProvider });
        });
        assert.equal(count(plan, PROVIDER), 1);
        assert.equal(one(plan, PROVIDER).name, "west");
        // The plan records engine URNs, not the mock runtime's `replicaProvider.urn`.
        const given = "urn:pulumi:dev::elastic-web::pulumi:providers:aws::west";
        assert.equal(one(plan, PROVIDER).urn, given);
        const replicaSide = children(plan).filter(isReplicaSide);
        assert.equal(replicaSide.length, 8);
        for (const r of replicaSide) {
            assert.equal(r.provider, given, `provider of ${r.name}`);
            assert.equal(r.region, "us-west-2", `region of ${r.name}`);
        }
    });

    it("adds transitions as a third lifecycle rule on both sides", async () => {
        const transitions = [
            { days: 30, storageClass: "STANDARD_IA" as const },
            { days: 180, storageClass: "GLACIER_IR" as const },
        ];
        const plan = await bucket({
            replicaRegion: "us-west-2",
            transitions,
            noncurrentVersionExpirationDays: 30,
            abortIncompleteUploadDays: 2,
        });
        for (const side of ["primary", "replica"]) {
            assert.deepEqual(
                named(plan, `data-${side}-lifecycle`).inputs.rules,
                [
                    {
                        id: "abort-incomplete-multipart-uploads",
                        status: "Enabled",
                        filter: {},
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 2 },
                    },
                    {
                        id: "expire-noncurrent-versions",
                        status: "Enabled",
                        filter: {},
                        noncurrentVersionExpiration: { noncurrentDays: 30 },
                    },
                    { id: "transition-current-versions", status: "Enabled", filter: {}, transitions },
                ],
                side,
            );
        }
    });

    it("logs server access of each side to the log bucket given for it", async () => {
        const plan = await bucket({ replicaRegion: "us-west-2", accessLogBucket: "logs-east", replicaAccessLogBucket: "logs-west" });
        assert.deepEqual(one(plan, LOGGING, "data-primary-logging").inputs, {
            bucket: "data-primary-id",
            targetBucket: "logs-east",
            targetPrefix: "data-primary/",
        });
        const replica = one(plan, LOGGING, "data-replica-logging");
        assert.deepEqual(replica.inputs, { bucket: "data-replica-id", targetBucket: "logs-west", targetPrefix: "data-replica/" });
        assert.equal(replica.region, "us-west-2");
        assert.equal(replica.provider, one(plan, PROVIDER).urn);
        // Logging is the last configuration of each bucket, and replication waits for it.
        assert.deepEqual(replica.options.dependsOn, [named(plan, "data-replica-lifecycle").urn]);
        assert.deepEqual(one(plan, REPLICATION, "data-replication").options.dependsOn, [
            named(plan, "data-primary-logging").urn,
            replica.urn,
            named(plan, "data-replication-policy").urn,
        ]);
    });

    it("lets destroy empty and delete disposable buckets and keys with forceDestroy", async () => {
        const plan = await bucket({ replicaRegion: "us-west-2", forceDestroy: true });
        assert.equal(named(plan, "data-primary").inputs.forceDestroy, true);
        assert.equal(named(plan, "data-replica").inputs.forceDestroy, true);
        assert.deepEqual(
            children(plan)
                .filter((r) => r.options.retainOnDelete)
                .map((r) => r.name),
            [],
        );
    });

    it("passes tags to the buckets, the keys and the role", async () => {
        const tags = { team: "web" };
        const plan = await bucket({ replicaRegion: "us-west-2", tags });
        const tagged = children(plan)
            .filter((r) => r.inputs.tags !== undefined)
            .map((r) => r.name)
            .sort();
        assert.deepEqual(tagged, ["data-primary", "data-primary-key", "data-replica", "data-replica-key", "data-replication-role"]);
        for (const name of tagged) assert.deepEqual(named(plan, name).inputs.tags, tags, name);
    });

    it("throws before registering anything, not even itself", async () => {
        const plan = await synth(() => {
            assert.throws(() => new ReplicatedBucket("data", { region: "us-east-1", replicaRegion: "us-east-1" }), {
                name: "ConfigError",
                message:
                    'elastic-web:aws:ReplicatedBucket "data": `replicaRegion` ("us-east-1") is the primary bucket\'s region; choose another region for the replica, or leave `replicaRegion` out for a bucket without a replica.',
            });
            return {};
        });
        assert.deepEqual(plan.resources, []);
    });

    describe("per environment (recommended profile settings)", () => {
        const plans: Partial<Record<keyof typeof PROFILE_SETTINGS, Plan>> = {};
        before(async () => {
            for (const env of ["dev", "staging", "prod"] as const) plans[env] = await bucket(PROFILE_SETTINGS[env]);
        });

        it("dev: one deletable bucket, no replica", () => {
            const plan = plans.dev!;
            assert.equal(count(plan, BUCKET), 1);
            assert.equal(count(plan, REPLICATION), 0);
            assert.equal(named(plan, "data-primary").inputs.forceDestroy, true);
            assert.equal(
                children(plan).some((r) => r.options.retainOnDelete),
                false,
            );
        });

        it("staging: a retained replica in us-west-2 without RTC", () => {
            const plan = plans.staging!;
            assert.equal(named(plan, "data-replica").region, "us-west-2");
            assert.equal(one(plan, REPLICATION).inputs.rules[0].destination.replicationTime, undefined);
            assert.equal(named(plan, "data-replica").options.retainOnDelete, true);
        });

        it("prod: both buckets and keys retained, the replica side in us-west-2, RTC on, no wildcard in the role's policy", () => {
            const plan = plans.prod!;
            for (const name of ["data-primary", "data-replica", "data-primary-key", "data-replica-key"]) {
                assert.equal(named(plan, name).options.retainOnDelete, true, name);
                assert.equal(named(plan, name).region, name.includes("replica") ? "us-west-2" : "us-east-1", name);
            }
            assert.deepEqual(one(plan, REPLICATION).inputs.rules[0].destination.replicationTime, {
                status: "Enabled",
                time: { minutes: 15 },
            });
            assertNoWildcards(json(one(plan, ROLE_POLICY), "policy"));
        });
    });
});

describe("resolveReplicatedBucketArgs", () => {
    it("fills every default for a single-region bucket", () => {
        assert.deepEqual(resolveReplicatedBucketArgs("data", { region: "us-east-1" }), {
            region: "us-east-1",
            replicaRegion: undefined,
            encryption: "kms",
            noncurrentVersionExpirationDays: 90,
            abortIncompleteUploadDays: 7,
            transitions: [],
            replicationMetrics: true,
            replicationTimeControl: false,
            replicaModifications: false,
            prefix: undefined,
            forceDestroy: false,
            retain: true,
            accessLogBucket: undefined,
            replicaAccessLogBucket: undefined,
            replicaProvider: undefined,
            tags: {},
        });
    });

    it("retains by default unless forceDestroy is on, and keeps an explicit retain", () => {
        assert.equal(resolveReplicatedBucketArgs("data", { region: "us-east-1", forceDestroy: true }).retain, false);
        assert.equal(resolveReplicatedBucketArgs("data", { region: "us-east-1", retain: false }).retain, false);
        assert.equal(resolveReplicatedBucketArgs("data", { region: "us-east-1", forceDestroy: false }).retain, true);
    });

    it("matches the defaults table", () => {
        const resolved = resolveReplicatedBucketArgs("data", { region: "us-east-1" });
        for (const [key, value] of Object.entries(REPLICATED_BUCKET_DEFAULTS)) {
            assert.deepEqual((resolved as unknown as Record<string, unknown>)[key], value, key);
        }
    });

    it("never mutates its args", () => {
        const transitions = Object.freeze([Object.freeze({ days: 30, storageClass: "STANDARD_IA" as const })]);
        const tags = Object.freeze({ a: "b" });
        const args = Object.freeze({ region: "us-east-1", replicaRegion: "us-west-2", transitions, tags });
        const resolved = resolveReplicatedBucketArgs("data", args as unknown as ReplicatedBucketArgs);
        assert.deepEqual(args, {
            region: "us-east-1",
            replicaRegion: "us-west-2",
            transitions: [{ days: 30, storageClass: "STANDARD_IA" }],
            tags: { a: "b" },
        });
        assert.notEqual(resolved.tags, tags);
        assert.notEqual(resolved.transitions, transitions);
        assert.notEqual(resolved.transitions[0], transitions[0]);
    });

    const rejects =
        (args: unknown, problems: string[], name = "data") =>
        () => {
            assert.throws(
                () => resolveReplicatedBucketArgs(name, args as ReplicatedBucketArgs),
                (e: unknown) => {
                    assert.ok(e instanceof ConfigError, String(e));
                    assert.deepEqual(e.problems, problems);
                    assert.equal(e.message, problems.join("\n"));
                    return true;
                },
            );
        };
    const r = (extra: Record<string, unknown>) => ({ region: "us-east-1", ...extra });

    const cases: [string, unknown, string[]][] = [
        [
            "a replica in the primary region",
            r({ replicaRegion: "us-east-1" }),
            [
                `${W}: \`replicaRegion\` ("us-east-1") is the primary bucket's region; choose another region for the replica, or leave \`replicaRegion\` out for a bucket without a replica.`,
            ],
        ],
        [
            "an unknown replica region",
            r({ replicaRegion: "us-west-9" }),
            [`${W}: \`replicaRegion\` ("us-west-9") is not an AWS region this package knows; use one of ${REGIONS}.`],
        ],
        [
            "a replica region that is not a string",
            r({ replicaRegion: 2 }),
            [`${W}: \`replicaRegion\` (2) is not an AWS region this package knows; use one of ${REGIONS}.`],
        ],
        [
            "a missing primary region",
            {},
            [`${W}: \`region\` is required; pass the primary bucket's region (the stack's \`aws:region\`), e.g. "us-east-1".`],
        ],
        [
            "an unknown primary region",
            { region: "moon-1" },
            [`${W}: \`region\` ("moon-1") is not an AWS region this package knows; use one of ${REGIONS}.`],
        ],
        ["an unknown encryption", r({ encryption: "aes" }), [`${W}: \`encryption\` ("aes") must be one of "kms", "s3".`]],
        [
            "noncurrent versions expiring after 0 days",
            r({ noncurrentVersionExpirationDays: 0 }),
            [`${W}: \`noncurrentVersionExpirationDays\` (0) must be an integer from 1 to 36500.`],
        ],
        [
            "a fractional multipart-upload age",
            r({ abortIncompleteUploadDays: 1.5 }),
            [`${W}: \`abortIncompleteUploadDays\` (1.5) must be an integer from 1 to 36500.`],
        ],
        [
            "transitions that are not a list",
            r({ transitions: { days: 30 } }),
            [`${W}: \`transitions\` ({"days":30}) must be a list of { days, storageClass }.`],
        ],
        [
            "a transition that is not an object",
            r({ transitions: ["GLACIER"] }),
            [`${W}: \`transitions[0]\` ("GLACIER") must be an object { days, storageClass }.`],
        ],
        [
            "a transition without class or days, with an unknown key",
            r({ transitions: [{ after: 3 }] }),
            [
                `${W}: \`transitions[0].after\` (3) is not a known key; known keys are days, storageClass.`,
                `${W}: \`transitions[0].storageClass\` is required; use one of STANDARD_IA, INTELLIGENT_TIERING, ONEZONE_IA, GLACIER_IR, GLACIER, DEEP_ARCHIVE.`,
                `${W}: \`transitions[0].days\` is required; give the days after object creation.`,
            ],
        ],
        [
            "an unknown storage class and negative days",
            r({ transitions: [{ days: -1, storageClass: "STANDARD" }] }),
            [
                `${W}: \`transitions[0].storageClass\` ("STANDARD") must be one of "STANDARD_IA", "INTELLIGENT_TIERING", "ONEZONE_IA", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE".`,
                `${W}: \`transitions[0].days\` (-1) must be an integer from 0 to 36500.`,
            ],
        ],
        [
            "STANDARD_IA before 30 days",
            r({ transitions: [{ days: 29, storageClass: "STANDARD_IA" }] }),
            [
                `${W}: \`transitions[0].days\` (29) must be at least 30 for "STANDARD_IA"; S3 moves objects to an infrequent-access class only after 30 days.`,
            ],
        ],
        [
            "ONEZONE_IA before 30 days",
            r({ transitions: [{ days: 1, storageClass: "ONEZONE_IA" }] }),
            [
                `${W}: \`transitions[0].days\` (1) must be at least 30 for "ONEZONE_IA"; S3 moves objects to an infrequent-access class only after 30 days.`,
            ],
        ],
        [
            "transitions against the storage-class order",
            r({
                transitions: [
                    { days: 30, storageClass: "GLACIER" },
                    { days: 90, storageClass: "STANDARD_IA" },
                ],
            }),
            [
                `${W}: \`transitions[1].storageClass\` ("STANDARD_IA") cannot follow "GLACIER" (\`transitions[0]\`); list transitions in the order STANDARD_IA, INTELLIGENT_TIERING, ONEZONE_IA, GLACIER_IR, GLACIER, DEEP_ARCHIVE, each class at most once.`,
            ],
        ],
        [
            "one class twice",
            r({
                transitions: [
                    { days: 0, storageClass: "GLACIER" },
                    { days: 90, storageClass: "GLACIER" },
                ],
            }),
            [
                `${W}: \`transitions[1].storageClass\` ("GLACIER") cannot follow "GLACIER" (\`transitions[0]\`); list transitions in the order STANDARD_IA, INTELLIGENT_TIERING, ONEZONE_IA, GLACIER_IR, GLACIER, DEEP_ARCHIVE, each class at most once.`,
            ],
        ],
        [
            "transitions with decreasing days",
            r({
                transitions: [
                    { days: 90, storageClass: "GLACIER_IR" },
                    { days: 60, storageClass: "DEEP_ARCHIVE" },
                ],
            }),
            [
                `${W}: \`transitions[1].days\` (60) must be later than \`transitions[0].days\` (90); transitions are listed in increasing days.`,
            ],
        ],
        [
            "a transition less than 30 days after STANDARD_IA",
            r({
                transitions: [
                    { days: 30, storageClass: "STANDARD_IA" },
                    { days: 45, storageClass: "GLACIER" },
                ],
            }),
            [
                `${W}: \`transitions[1].days\` (45) must be at least 30 days after \`transitions[0].days\` (30); objects stay 30 days in "STANDARD_IA" before moving on.`,
            ],
        ],
        [
            "RTC without a replica",
            r({ replicationTimeControl: true }),
            [`${W}: \`replicationTimeControl\` (true) needs a replica; set \`replicaRegion\` or turn replicationTimeControl off.`],
        ],
        [
            "RTC without metrics",
            r({ replicaRegion: "us-west-2", replicationTimeControl: true, replicationMetrics: false }),
            [
                `${W}: \`replicationMetrics\` (false) must be true while \`replicationTimeControl\` is on; S3 Replication Time Control requires replication metrics.`,
            ],
        ],
        [
            "two-way replication without a replica",
            r({ replicaModifications: true }),
            [`${W}: \`replicaModifications\` (true) needs a replica; set \`replicaRegion\` or turn replicaModifications off.`],
        ],
        [
            "a prefix without a replica",
            r({ prefix: "uploads/" }),
            [`${W}: \`prefix\` ("uploads/") filters replication and needs a replica; set \`replicaRegion\` or remove prefix.`],
        ],
        ["an empty prefix", r({ replicaRegion: "us-west-2", prefix: "" }), [`${W}: \`prefix\` ("") must be a non-empty string.`]],
        [
            "a prefix longer than any key",
            r({ replicaRegion: "us-west-2", prefix: "k".repeat(1025) }),
            [`${W}: \`prefix\` (1025 characters) must be at most 1024 characters (the longest S3 object key).`],
        ],
        [
            "forceDestroy together with retain",
            r({ forceDestroy: true, retain: true }),
            [
                `${W}: \`forceDestroy\` (true) contradicts \`retain\` (true): a retained bucket is never deleted by Pulumi; turn one of them off.`,
            ],
        ],
        [
            "flags that are not booleans",
            r({ replicationMetrics: "yes", replicationTimeControl: 1, replicaModifications: null, forceDestroy: "no", retain: 0 }),
            [
                `${W}: \`replicationMetrics\` ("yes") must be true or false.`,
                `${W}: \`replicationTimeControl\` (1) must be true or false.`,
                `${W}: \`replicaModifications\` (null) must be true or false.`,
                `${W}: \`forceDestroy\` ("no") must be true or false.`,
                `${W}: \`retain\` (0) must be true or false.`,
            ],
        ],
        [
            "a log bucket name S3 would refuse",
            r({ accessLogBucket: "Logs_Bucket" }),
            [
                `${W}: \`accessLogBucket\` ("Logs_Bucket") must be an S3 bucket name (3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit).`,
            ],
        ],
        [
            "a replica log bucket without a replica",
            r({ replicaAccessLogBucket: "logs-west" }),
            [`${W}: \`replicaAccessLogBucket\` ("logs-west") needs a replica; set \`replicaRegion\` or remove replicaAccessLogBucket.`],
        ],
        [
            "a replica provider without a replica region",
            r({ replicaProvider: {} }),
            [`${W}: \`replicaRegion\` is required; a \`replicaProvider\` was given; set replicaRegion to that provider's region.`],
        ],
        [
            "an unknown key",
            r({ replicaRegoin: "us-west-2" }),
            [
                `${W}: \`replicaRegoin\` ("us-west-2") is not a known key; did you mean \`replicaRegion\`? Known keys are replicaRegion, encryption, noncurrentVersionExpirationDays, abortIncompleteUploadDays, transitions, replicationMetrics, replicationTimeControl, replicaModifications, prefix, forceDestroy, retain, accessLogBucket, replicaAccessLogBucket.`,
            ],
        ],
        ["tags that are not an object", r({ tags: "team=web" }), [`${W}: \`tags\` ("team=web") must be an object of tag names to values.`]],
        ["args that are not an object", 3, [`${W}: \`args\` (3) must be an object of ReplicatedBucket settings with at least \`region\`.`]],
        [
            "several problems at once, all reported",
            {
                region: "us-east-1",
                replicaRegion: "us-east-1",
                encryption: "none",
                replicationTimeControl: true,
                replicationMetrics: false,
            },
            [
                `${W}: \`replicaRegion\` ("us-east-1") is the primary bucket's region; choose another region for the replica, or leave \`replicaRegion\` out for a bucket without a replica.`,
                `${W}: \`encryption\` ("none") must be one of "kms", "s3".`,
                `${W}: \`replicationMetrics\` (false) must be true while \`replicationTimeControl\` is on; S3 Replication Time Control requires replication metrics.`,
            ],
        ],
    ];
    for (const [what, args, problems] of cases) it(`rejects ${what}`, rejects(args, problems));

    it(
        "rejects a name S3 could not use in a bucket name",
        rejects(
            { region: "us-east-1" },
            [
                `${W.replace('"data"', '"Data"')}: the name must be 1-39 lowercase letters, digits and hyphens, starting with a letter or digit; it starts both bucket names, which S3 limits to 63 lowercase characters, and the replication role's name "<name>-replication-role" plus Pulumi's 8-character suffix, which IAM limits to 64.`,
            ],
            "Data",
        ),
    );

    it(
        "rejects a name too long for the replication role's name",
        rejects(
            { region: "us-east-1" },
            [
                `elastic-web:aws:ReplicatedBucket "${"a".repeat(40)}": the name must be 1-39 lowercase letters, digits and hyphens, starting with a letter or digit; it starts both bucket names, which S3 limits to 63 lowercase characters, and the replication role's name "<name>-replication-role" plus Pulumi's 8-character suffix, which IAM limits to 64.`,
            ],
            "a".repeat(40),
        ),
    );

    it("accepts a 39-character name, every valid transition chain and AWS's smallest numbers", () => {
        const resolved = resolveReplicatedBucketArgs("a".repeat(39), {
            region: "eu-west-1",
            replicaRegion: "eu-central-1",
            noncurrentVersionExpirationDays: 1,
            abortIncompleteUploadDays: 1,
            transitions: [
                { days: 30, storageClass: "STANDARD_IA" },
                { days: 60, storageClass: "INTELLIGENT_TIERING" },
                { days: 61, storageClass: "ONEZONE_IA" },
                { days: 91, storageClass: "GLACIER_IR" },
                { days: 92, storageClass: "GLACIER" },
                { days: 93, storageClass: "DEEP_ARCHIVE" },
            ],
            replicationTimeControl: true,
            replicaModifications: true,
            prefix: "a/",
            accessLogBucket: "logs.example-1",
        });
        assert.equal(resolved.transitions.length, 6);
        assert.equal(resolved.replicaRegion, "eu-central-1");
    });
});

describe("checkReplicatedBucketSettings", () => {
    it("reports under the stack config's keys and accepts absent settings", () => {
        const p = new Problems("stack config", "elastic-web:bucket.");
        checkReplicatedBucketSettings(p, undefined, "us-east-1");
        assert.deepEqual(p.list, []);
        checkReplicatedBucketSettings(
            p,
            { replicaRegion: "us-east-1", replicationTimeControl: true, replicationMetrics: false },
            "us-east-1",
        );
        assert.deepEqual(p.list, [
            'stack config: `elastic-web:bucket.replicaRegion` ("us-east-1") is the primary bucket\'s region; choose another region for the replica, or leave `elastic-web:bucket.replicaRegion` out for a bucket without a replica.',
            "stack config: `elastic-web:bucket.replicationMetrics` (false) must be true while `elastic-web:bucket.replicationTimeControl` is on; S3 Replication Time Control requires replication metrics.",
        ]);
    });

    it("reports unknown keys first, then each setting in the package's order with the rules after the setting they report on", () => {
        const p = new Problems('elastic-web:aws:ReplicatedBucket "data"');
        checkReplicatedBucketSettings(
            p,
            {
                replicaAccessLogBucket: "logs-west",
                accessLogBucket: "Logs",
                prefix: "uploads/",
                retain: true,
                forceDestroy: true,
                replicaModifications: true,
                replicationTimeControl: true,
                replicationMetrics: false,
                transitions: [{ days: 10, storageClass: "STANDARD_IA" }],
                abortIncompleteUploadDays: 0,
                noncurrentVersionExpirationDays: 0,
                encryption: "aes",
                replicaRegoin: "us-west-2",
            },
            "us-east-1",
        );
        assert.deepEqual(p.list, [
            'elastic-web:aws:ReplicatedBucket "data": `replicaRegoin` ("us-west-2") is not a known key; did you mean `replicaRegion`? Known keys are replicaRegion, encryption, noncurrentVersionExpirationDays, abortIncompleteUploadDays, transitions, replicationMetrics, replicationTimeControl, replicaModifications, prefix, forceDestroy, retain, accessLogBucket, replicaAccessLogBucket.',
            'elastic-web:aws:ReplicatedBucket "data": `encryption` ("aes") must be one of "kms", "s3".',
            'elastic-web:aws:ReplicatedBucket "data": `noncurrentVersionExpirationDays` (0) must be an integer from 1 to 36500.',
            'elastic-web:aws:ReplicatedBucket "data": `abortIncompleteUploadDays` (0) must be an integer from 1 to 36500.',
            'elastic-web:aws:ReplicatedBucket "data": `transitions[0].days` (10) must be at least 30 for "STANDARD_IA"; S3 moves objects to an infrequent-access class only after 30 days.',
            'elastic-web:aws:ReplicatedBucket "data": `replicationTimeControl` (true) needs a replica; set `replicaRegion` or turn replicationTimeControl off.',
            'elastic-web:aws:ReplicatedBucket "data": `replicaModifications` (true) needs a replica; set `replicaRegion` or turn replicaModifications off.',
            'elastic-web:aws:ReplicatedBucket "data": `replicationMetrics` (false) must be true while `replicationTimeControl` is on; S3 Replication Time Control requires replication metrics.',
            'elastic-web:aws:ReplicatedBucket "data": `prefix` ("uploads/") filters replication and needs a replica; set `replicaRegion` or remove prefix.',
            'elastic-web:aws:ReplicatedBucket "data": `forceDestroy` (true) contradicts `retain` (true): a retained bucket is never deleted by Pulumi; turn one of them off.',
            'elastic-web:aws:ReplicatedBucket "data": `accessLogBucket` ("Logs") must be an S3 bucket name (3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit).',
            'elastic-web:aws:ReplicatedBucket "data": `replicaAccessLogBucket` ("logs-west") needs a replica; set `replicaRegion` or remove replicaAccessLogBucket.',
        ]);
    });

    it("derives its keys from the schema, in the documented order", () => {
        assert.deepEqual(REPLICATED_BUCKET_SETTINGS_KEYS, [
            "replicaRegion",
            "encryption",
            "noncurrentVersionExpirationDays",
            "abortIncompleteUploadDays",
            "transitions",
            "replicationMetrics",
            "replicationTimeControl",
            "replicaModifications",
            "prefix",
            "forceDestroy",
            "retain",
            "accessLogBucket",
            "replicaAccessLogBucket",
        ]);
    });

    it("reports settings that are not an object at the settings' own key", () => {
        const p = new Problems("stack config", "elastic-web:bucket.");
        checkReplicatedBucketSettings(p, "us-west-2");
        assert.deepEqual(p.list, ['stack config: `elastic-web:bucket` ("us-west-2") must be an object.']);
    });

    it("cannot compare regions when the primary region is unknown", () => {
        const p = new Problems("stack config");
        checkReplicatedBucketSettings(p, { replicaRegion: "us-east-1" });
        assert.deepEqual(p.list, []);
    });

    it("accepts the settings recommended for every environment", () => {
        for (const [env, settings] of Object.entries(PROFILE_SETTINGS)) {
            const p = new Problems(env);
            checkReplicatedBucketSettings(p, settings, "us-east-1");
            assert.deepEqual(p.list, [], env);
        }
    });
});

describe("bucketKeyPolicy", () => {
    const admin = (partition: string) => ({
        Sid: "AccountAdministration",
        Effect: "Allow",
        Principal: { AWS: `arn:${partition}:iam::111122223333:root` },
        Action: "kms:*",
        Resource: "*",
    });

    for (const [region, partition] of [
        ["us-east-1", "aws"],
        ["cn-north-1", "aws-cn"],
        ["us-gov-west-1", "aws-us-gov"],
    ]) {
        it(`names the account root in the ${partition} partition for a key in ${region}`, () => {
            assert.deepEqual(bucketKeyPolicy(region, "111122223333", undefined, []), {
                Version: "2012-10-17",
                Statement: [admin(partition)],
            });
        });
    }

    it("lets the replication role use the key only through S3 in the key's region", () => {
        const role = "arn:aws-us-gov:iam::111122223333:role/data-replication-role";
        assert.deepEqual(bucketKeyPolicy("us-gov-west-1", "111122223333", role, ["kms:Decrypt"]), {
            Version: "2012-10-17",
            Statement: [
                admin("aws-us-gov"),
                {
                    Sid: "ReplicationRoleThroughS3",
                    Effect: "Allow",
                    Principal: { AWS: role },
                    Action: ["kms:Decrypt"],
                    Resource: "*",
                    Condition: { StringEquals: { "kms:ViaService": "s3.us-gov-west-1.amazonaws.com" } },
                },
            ],
        });
    });
});
