/** Rules for S3 buckets and their replication. */
import {
    Finding,
    PolicyResource,
    Rule,
    Statement,
    StackIndex,
    T,
    allowsAction,
    defineRule,
    deniesInsecureTransport,
    finding,
    known,
    list,
    principals,
    statements,
    str,
} from "../resources";
import { roleStatements } from "./iam";
import { keyStatements, keysNamed } from "./sns-kms";

/** The four settings of a public access block; each defaults to false when unset. */
const PUBLIC_ACCESS_SETTINGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];
const PUBLIC_ACLS = ["public-read", "public-read-write", "authenticated-read"];

/** Resources of `types` configuring a bucket through their `bucket` input. */
function configsOf(stack: StackIndex, bucket: PolicyResource, types: readonly string[]): PolicyResource[] {
    return stack.referrers(bucket, types, "bucket");
}

/** Whether a bucket has versioning enabled; undefined when unknown. */
function versioned(stack: StackIndex, bucket: PolicyResource): boolean | undefined {
    if (bucket.inputs.versioning?.enabled === true) return true;
    const configs = configsOf(stack, bucket, T.versioning);
    if (configs.some((v) => str(v.inputs.versioningConfiguration?.status) === "Enabled")) return true;
    if (configs.some((v) => !known(v.inputs.versioningConfiguration?.status))) return undefined;
    return false;
}

/** One replication configuration: the resource holding it, its source bucket, role and rules. */
interface Replication {
    resource: PolicyResource;
    source: PolicyResource | undefined;
    rules: any[];
}

/** Replication configurations, as BucketReplicationConfig resources or inline on a bucket. */
function replications(stack: StackIndex): Replication[] {
    const separate = stack
        .ofType(T.replication)
        .map((rc) => ({ resource: rc, source: stack.referenced(rc, "bucket", T.bucket)[0], rules: list<any>(rc.inputs.rules) }));
    const inline = stack
        .ofType(T.bucket)
        .filter((b) => b.inputs.replicationConfiguration && known(b.inputs.replicationConfiguration))
        .map((b) => ({ resource: b, source: b, rules: list<any>(b.inputs.replicationConfiguration.rules) }));
    return [...separate, ...inline];
}

/** The role a replication configuration uses, when it is a role of this stack. */
function replicationRoles(stack: StackIndex, r: Replication): PolicyResource[] {
    const value = r.resource === r.source ? r.resource.inputs.replicationConfiguration?.role : r.resource.inputs.role;
    return stack.referenced(r.resource, r.resource === r.source ? "replicationConfiguration" : "role", T.role, value);
}

/** The stack bucket a replication rule's destination names. */
function destinationOf(stack: StackIndex, r: Replication, rule: any): PolicyResource | undefined {
    return stack
        .referenced(r.resource, r.resource === r.source ? "replicationConfiguration" : "rules", T.bucket, rule?.destination?.bucket)
        .find((b) => b !== r.source);
}

function enabled(rule: any): boolean {
    return rule?.status === undefined || rule.status === "Enabled";
}

/** Buckets that receive logs (ALB access logs, S3 server access logs, flow logs): their data is disposable by design. */
function logBuckets(stack: StackIndex): Set<PolicyResource> {
    const refs: { from: PolicyResource; prop: string; value: unknown }[] = [
        ...stack.ofType(T.loadBalancer).map((lb) => ({ from: lb, prop: "accessLogs", value: lb.inputs.accessLogs?.bucket })),
        ...stack.ofType(T.bucketLogging).map((l) => ({ from: l, prop: "targetBucket", value: l.inputs.targetBucket })),
        ...stack
            .ofType(T.flowLog)
            .filter((f) => f.inputs.logDestinationType === "s3")
            .map((f) => ({ from: f, prop: "logDestination", value: f.inputs.logDestination })),
    ];
    const out = new Set<PolicyResource>();
    for (const { from, prop, value } of refs) {
        for (const b of stack.referenced(from, prop, T.bucket, value)) out.add(b);
    }
    return out;
}

/** The SSE-KMS keys of a bucket's default encryption: stack keys, or "aws-managed" for aws:kms without a key. */
function bucketKeys(stack: StackIndex, bucket: PolicyResource): { kms: boolean; keys: PolicyResource[] } {
    let kms = false;
    const keys: PolicyResource[] = [];
    for (const config of configsOf(stack, bucket, T.encryption)) {
        for (const rule of list<any>(config.inputs.rules)) {
            const d = rule?.applyServerSideEncryptionByDefault;
            if (!d || !String(d.sseAlgorithm ?? "").startsWith("aws:kms")) continue;
            kms = true;
            keys.push(...keysNamed(stack, config, "rules", d.kmsMasterKeyId));
        }
    }
    return { kms, keys };
}

/** Whether a bucket encrypts with `key` under S3 Bucket Keys (an encryption rule naming the key with `bucketKeyEnabled`). */
function usedWithBucketKeys(stack: StackIndex, key: PolicyResource): boolean {
    return stack
        .ofType(T.encryption)
        .some((config) =>
            list<any>(config.inputs.rules).some(
                (rule) =>
                    rule?.bucketKeyEnabled === true &&
                    keysNamed(stack, config, "rules", rule?.applyServerSideEncryptionByDefault?.kmsMasterKeyId).includes(key),
            ),
        );
}

/** Whether identity statements allow `action` on `key` (by its ARN or id, or on `*`). */
function roleMayUse(stack: StackIndex, stmts: Statement[], action: string, key: PolicyResource): boolean {
    return stmts.some(
        (s) => s.Effect === "Allow" && allowsAction(s, action) && list(s.Resource).some((r) => r === "*" || stack.names(r, key)),
    );
}

/** Whether a key policy lets the role use the key for `action`: it names the role, or the role's account root (IAM delegation). */
function keyAllowsRole(stack: StackIndex, key: PolicyResource, role: PolicyResource, action: string): boolean | undefined {
    const stmts = keyStatements(stack, key);
    if (stmts === undefined) return undefined;
    return stmts.some(
        (s) =>
            s.Effect === "Allow" &&
            allowsAction(s, action) &&
            principals(s.Principal).aws.some((p) => stack.names(p, role) || /^arn:[^:]+:iam::\d{12}:root$/.test(p) || /^\d{12}$/.test(p)),
    );
}

export const S3_RULES: Rule[] = [
    defineRule({
        id: "s3-public-access-block",
        area: "s3",
        description:
            "Every bucket has a public access block with all four settings true (each defaults to false when unset) and no public canned ACL. New buckets block public access by default since April 2023; the explicit block keeps that true for imported and older buckets and makes a change visible in review.",
        sources: ["cdk-nag AwsSolutions-S2"],
        severity: "high",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) =>
            stack.ofType(T.bucket).flatMap((b) => {
                const out: Finding[] = [];
                const acl = str(b.inputs.acl);
                if (acl && PUBLIC_ACLS.includes(acl))
                    out.push(
                        finding(b, `Has the public canned ACL ${JSON.stringify(acl)}: remove acl (owner-enforced buckets use no ACLs).`),
                    );
                const blocks = configsOf(stack, b, T.publicAccessBlock);
                if (blocks.length === 0)
                    return [
                        ...out,
                        finding(
                            b,
                            `Has no public access block: add an aws.s3.BucketPublicAccessBlock with ${PUBLIC_ACCESS_SETTINGS.join(", ")} all true.`,
                        ),
                    ];
                if (blocks.some((p) => PUBLIC_ACCESS_SETTINGS.every((k) => p.inputs[k] === true))) return out;
                const off = PUBLIC_ACCESS_SETTINGS.filter(
                    (k) => !blocks.some((p) => p.inputs[k] === true || (!known(p.inputs[k]) && p.inputs[k] !== undefined)),
                );
                return off.length === 0
                    ? out
                    : [...out, finding(blocks[0], `Leaves ${off.join(", ")} off (unset means false): set all four to true.`)];
            }),
    }),
    defineRule({
        id: "s3-owner-enforced",
        area: "s3",
        description:
            "Every bucket has object ownership BucketOwnerEnforced (ACLs disabled). It is the default for new buckets since April 2023; the rule asks for it explicitly so imported and older buckets are covered.",
        sources: ["checkov CKV2_AWS_65"],
        severity: "medium",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) =>
            stack.ofType(T.bucket).flatMap((b) => {
                const controls = configsOf(stack, b, T.ownershipControls);
                if (controls.some((c) => !known(c.inputs.rule?.objectOwnership))) return [];
                const owners = controls.map((c) => str(c.inputs.rule?.objectOwnership));
                if (owners.includes("BucketOwnerEnforced")) return [];
                return [
                    finding(
                        b,
                        controls.length === 0
                            ? 'Has no ownership controls: add an aws.s3.BucketOwnershipControls with objectOwnership "BucketOwnerEnforced".'
                            : `Has object ownership ${owners.join(", ")}: set objectOwnership to "BucketOwnerEnforced".`,
                    ),
                ];
            }),
    }),
    defineRule({
        id: "s3-tls-only",
        area: "s3",
        description:
            "Every bucket policy denies requests without TLS (Deny s3:* for everyone on the bucket and its objects when aws:SecureTransport is false).",
        sources: ["cdk-nag AwsSolutions-S10", "Well-Architected SEC09-BP02"],
        severity: "high",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) =>
            stack.ofType(T.bucket).flatMap((b) => {
                const docs = [b.inputs.policy, ...configsOf(stack, b, T.bucketPolicy).map((p) => p.inputs.policy)].filter(
                    (d) => d !== undefined,
                );
                const stmts = docs.map(statements);
                if (stmts.some((s) => s === undefined)) return [];
                const ok = (stmts.flat() as Statement[]).some(
                    (s) =>
                        deniesInsecureTransport(s, "s3:GetObject") &&
                        deniesInsecureTransport(s, "s3:PutObject") &&
                        list<string>(s.Resource).some((r) => r === "*" || (typeof r === "string" && r.endsWith("/*") && stack.names(r, b))),
                );
                return ok
                    ? []
                    : [
                          finding(
                              b,
                              'Accepts requests without TLS: add a bucket policy statement that denies s3:* to "*" on the bucket and its objects when aws:SecureTransport is "false".',
                          ),
                      ];
            }),
    }),
    defineRule({
        id: "s3-replication-versioning",
        area: "s3",
        description:
            "Both ends of a replication rule are versioned (S3 refuses to replicate otherwise, and versions are what make replicated deletes recoverable).",
        sources: ["checkov CKV_AWS_21", "Well-Architected REL09-BP01"],
        severity: "high",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) =>
            replications(stack).flatMap((r) => {
                const ends = [r.source, ...r.rules.map((rule) => destinationOf(stack, r, rule))].filter(
                    (b): b is PolicyResource => b !== undefined,
                );
                return [...new Set(ends)]
                    .filter((b) => versioned(stack, b) === false)
                    .map((b) =>
                        finding(
                            b,
                            `Takes part in replication ${r.resource.name} but is not versioned: add an aws.s3.BucketVersioning with status "Enabled".`,
                        ),
                    );
            }),
    }),
    defineRule({
        id: "s3-cross-region-replication",
        area: "s3",
        description:
            "In prod, every bucket that holds data (not a log bucket, not itself a replica) replicates to a bucket in another region.",
        sources: ["checkov CKV_AWS_144", "Well-Architected REL09-BP01", "Well-Architected REL10-BP01"],
        severity: "high",
        mandatoryIn: ["prod"],
        appliesIn: ["prod"],
        check: (stack) => {
            const reps = replications(stack);
            const logs = logBuckets(stack);
            const replicas = new Set(
                reps.flatMap((r) => r.rules.map((rule) => destinationOf(stack, r, rule))).filter((b) => b !== undefined),
            );
            return stack
                .ofType(T.bucket)
                .filter((b) => !logs.has(b) && !replicas.has(b))
                .flatMap((b) => {
                    const rules = reps.filter((r) => r.source === b).flatMap((r) => r.rules.filter(enabled).map((rule) => ({ r, rule })));
                    const crossRegion = rules.some(({ r, rule }) => {
                        const dest = destinationOf(stack, r, rule);
                        // A destination outside the stack, or a region the source does not tell, cannot be judged.
                        return dest === undefined || !dest.region || !b.region || dest.region !== b.region;
                    });
                    if (crossRegion) return [];
                    return [
                        finding(
                            b,
                            rules.length === 0
                                ? `Holds data in ${b.region} only: replicate it to a bucket in another region (e.g. ReplicatedBucket with replicaRegion).`
                                : `Replicates only within ${b.region}: replicate it to a bucket in another region.`,
                        ),
                    ];
                });
        },
    }),
    defineRule({
        id: "s3-kms-replication",
        area: "s3",
        description:
            "Replication of a bucket encrypted with SSE-KMS really copies its objects: each rule selects KMS-encrypted objects and names a replica key, the role may decrypt with the source key and encrypt with the replica key (and decrypt with it, where the replica bucket uses S3 Bucket Keys), and both key policies let the role (or its account) use them.",
        sources: ["Amazon S3 user guide: Replicating encrypted objects (SSE-S3, SSE-KMS, DSSE-KMS, SSE-C)", "Well-Architected REL09-BP02"],
        severity: "high",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) =>
            replications(stack).flatMap((r) => {
                if (!r.source) return [];
                const source = bucketKeys(stack, r.source);
                if (!source.kms) return [];
                const out: Finding[] = [];
                const roles = replicationRoles(stack, r);
                for (const rule of r.rules.filter(enabled)) {
                    const id = rule?.id ? `Rule ${JSON.stringify(rule.id)}` : "A rule";
                    if (
                        known(rule?.sourceSelectionCriteria) &&
                        rule?.sourceSelectionCriteria?.sseKmsEncryptedObjects?.status !== "Enabled"
                    ) {
                        out.push(
                            finding(
                                r.resource,
                                `${id} skips KMS-encrypted objects, and ${r.source.name} encrypts with KMS: set sourceSelectionCriteria.sseKmsEncryptedObjects.status "Enabled".`,
                            ),
                        );
                    }
                    const replicaKey = rule?.destination?.encryptionConfiguration?.replicaKmsKeyId;
                    if (replicaKey === undefined) {
                        out.push(
                            finding(r.resource, `${id} names no replica key: set destination.encryptionConfiguration.replicaKmsKeyId.`),
                        );
                    }
                    const replicaKeys =
                        replicaKey === undefined
                            ? []
                            : keysNamed(stack, r.resource, r.resource === r.source ? "replicationConfiguration" : "rules", replicaKey);
                    for (const role of roles) {
                        const stmts = roleStatements(stack, role);
                        const uses: [PolicyResource, string][] = [
                            ...source.keys.map((k): [PolicyResource, string] => [k, "kms:Decrypt"]),
                            ...replicaKeys.map((k): [PolicyResource, string] => [k, "kms:Encrypt"]),
                            // With S3 Bucket Keys, S3 decrypts with the replica key too (S3 user guide, "Replicating encrypted
                            // objects", "S3 Bucket Keys and replication"); without it objects fail to replicate after a clean deploy.
                            ...replicaKeys
                                .filter((k) => usedWithBucketKeys(stack, k))
                                .map((k): [PolicyResource, string] => [k, "kms:Decrypt"]),
                        ];
                        for (const [key, action] of uses) {
                            if (stmts && !roleMayUse(stack, stmts, action, key)) {
                                out.push(
                                    finding(
                                        role,
                                        `May not ${action} with key ${key.name}, which replication ${r.resource.name} needs: allow ${action} on the key's ARN.`,
                                    ),
                                );
                            }
                            if (keyAllowsRole(stack, key, role, action) === false) {
                                out.push(
                                    finding(
                                        key,
                                        `Its policy lets neither ${role.name} nor its account ${action}, which replication ${r.resource.name} needs: add a statement for the role.`,
                                    ),
                                );
                            }
                        }
                    }
                }
                return out;
            }),
    }),
    defineRule({
        id: "s3-lifecycle",
        area: "s3",
        description:
            "Every bucket has an enabled lifecycle rule, and a versioned bucket expires noncurrent versions, so storage does not grow without bound.",
        sources: ["checkov CKV2_AWS_61"],
        severity: "low",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) =>
            stack.ofType(T.bucket).flatMap((b) => {
                const configs = configsOf(stack, b, T.lifecycle);
                if (configs.some((c) => !known(c.inputs.rules))) return [];
                const rules = [
                    ...configs.flatMap((c) => list<any>(c.inputs.rules)).filter((r) => r?.status === "Enabled"),
                    ...list<any>(b.inputs.lifecycleRules).filter((r) => r?.enabled === true),
                ];
                if (rules.length === 0)
                    return [
                        finding(
                            b,
                            "Has no enabled lifecycle rule: add an aws.s3.BucketLifecycleConfiguration (expire objects or abort incomplete uploads at least).",
                        ),
                    ];
                if (versioned(stack, b) === true && !rules.some((r) => r.noncurrentVersionExpiration)) {
                    return [
                        finding(
                            b,
                            "Is versioned but never expires noncurrent versions: add a lifecycle rule with noncurrentVersionExpiration.",
                        ),
                    ];
                }
                return [];
            }),
    }),
    defineRule({
        id: "s3-retained-in-prod",
        area: "s3",
        description:
            "In prod, no bucket can be emptied by `pulumi destroy` (`forceDestroy` true), and buckets that hold data (not log buckets) are kept when Pulumi deletes them (`retainOnDelete` or `protect`).",
        sources: ["Well-Architected REL09-BP01"],
        severity: "high",
        mandatoryIn: ["prod"],
        appliesIn: ["prod"],
        check: (stack) => {
            const logs = logBuckets(stack);
            return stack.ofType(T.bucket).flatMap((b) => {
                if (b.inputs.forceDestroy === true)
                    return [finding(b, "pulumi destroy would delete it with every object (forceDestroy: true): set forceDestroy: false.")];
                if (!logs.has(b) && b.options.protect !== true && b.options.retainOnDelete === false) {
                    return [
                        finding(b, "Would be deleted with the stack: set the resource option retainOnDelete: true (or protect: true)."),
                    ];
                }
                return [];
            });
        },
    }),
];
