/** Rules for SNS topics and KMS keys. */
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
    principals,
    statements,
    str,
} from "../resources";

/** The AWS managed key of SNS; its key policy cannot be changed to let CloudWatch use it. */
const AWS_MANAGED_SNS_KEY = "alias/aws/sns";

/**
 * What CloudWatch needs of the key of a topic its alarms publish to (Amazon SNS developer guide,
 * "Enable compatibility between event sources from AWS services and encrypted topics").
 */
const CLOUDWATCH_KEY_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey"];
/** What CloudWatch Logs needs of a log group's key (CloudWatch Logs user guide, "Encrypt log data in CloudWatch Logs using AWS KMS"). */
const LOGS_KEY_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"];

/** The stack keys a reference names: a key id or ARN, or an alias (name or ARN) of a stack alias. */
export function keysNamed(stack: StackIndex, from: PolicyResource, prop: string, value: unknown = from.inputs[prop]): PolicyResource[] {
    const direct = stack.referenced(from, prop, T.key, value);
    if (direct.length > 0) return direct;
    const ref = str(value);
    if (!ref) return [];
    const aliasName = ref.includes(":alias/") ? ref.slice(ref.indexOf(":alias/") + 1) : ref.startsWith("alias/") ? ref : undefined;
    const aliases = stack
        .ofType(T.alias)
        .filter(
            (a) =>
                from.propertyDependencies?.[prop]?.includes(a.urn) ||
                (aliasName !== undefined && (str(a.inputs.name) ?? `alias/${a.name}`) === aliasName),
        );
    return aliases.flatMap((a) => stack.referenced(a, "targetKeyId", T.key));
}

/** The statements of a key's policy: its `policy` input and any KeyPolicy resources for it; undefined when one is unknown. */
export function keyStatements(stack: StackIndex, key: PolicyResource): Statement[] | undefined {
    const docs = [key.inputs.policy, ...stack.referrers(key, T.keyPolicy, "keyId").map((p) => p.inputs.policy)].filter(
        (d) => d !== undefined,
    );
    const parsed = docs.map(statements);
    return parsed.some((s) => s === undefined) ? undefined : (parsed.flat() as Statement[]);
}

/** The actions of `wanted` that no Allow statement grants to the principal `matches` accepts. */
export function missingGrants(stmts: Statement[], matches: (p: ReturnType<typeof principals>) => boolean, wanted: string[]): string[] {
    const allows = stmts.filter((s) => s.Effect === "Allow" && matches(principals(s.Principal)));
    return wanted.filter((action) => !allows.some((s) => allowsAction(s, action)));
}

/** Topics that at least one alarm notifies. */
function alarmTopics(stack: StackIndex): PolicyResource[] {
    const alarms = [...stack.ofType(T.metricAlarm), ...stack.ofType(T.compositeAlarm)];
    return stack
        .ofType(T.topic)
        .filter((t) => alarms.some((a) => ["alarmActions", "okActions", "insufficientDataActions"].some((k) => stack.refersTo(a, k, t))));
}

/** The statements that apply to a topic: its inline `policy` and every TopicPolicy naming it. */
function topicStatements(stack: StackIndex, topic: PolicyResource): Statement[] | undefined {
    const docs = [topic.inputs.policy, ...stack.referrers(topic, T.topicPolicy, "arn").map((p) => p.inputs.policy)].filter(
        (d) => d !== undefined,
    );
    const parsed = docs.map(statements);
    return parsed.some((s) => s === undefined) ? undefined : (parsed.flat() as Statement[]);
}

export const SNS_KMS_RULES: Rule[] = [
    defineRule({
        id: "sns-encrypted",
        area: "sns-kms",
        description: "SNS topics are encrypted at rest with a KMS key (`kmsMasterKeyId`).",
        sources: ["cdk-nag AwsSolutions-SNS2", "checkov CKV_AWS_26"],
        severity: "medium",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) =>
            stack
                .ofType(T.topic)
                .filter((t) => t.inputs.kmsMasterKeyId === undefined)
                .map((t) => finding(t, "Is not encrypted: set kmsMasterKeyId to a customer-managed KMS key.")),
    }),
    defineRule({
        id: "sns-alarm-topic-key",
        area: "sns-kms",
        description:
            "Topics that alarms notify are not encrypted with the AWS managed key alias/aws/sns: its policy cannot grant CloudWatch, so every alarm notification would be dropped.",
        sources: ["Amazon SNS developer guide: Enable compatibility between event sources from AWS services and encrypted topics"],
        severity: "high",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) =>
            alarmTopics(stack)
                .filter((t) => {
                    const k = str(t.inputs.kmsMasterKeyId);
                    return k === AWS_MANAGED_SNS_KEY || k?.endsWith(`:${AWS_MANAGED_SNS_KEY}`) === true;
                })
                .map((t) =>
                    finding(
                        t,
                        `Alarms notify it but it is encrypted with ${AWS_MANAGED_SNS_KEY}, which CloudWatch cannot use: encrypt it with a customer-managed key whose policy allows cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey*.`,
                    ),
                ),
    }),
    defineRule({
        id: "sns-tls-only",
        area: "sns-kms",
        description: "Topic policies deny publishing without TLS (Deny sns:Publish for everyone when aws:SecureTransport is false).",
        sources: ["cdk-nag SNSTopicSSLPublishOnly", "Well-Architected SEC09-BP02"],
        severity: "medium",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) =>
            stack.ofType(T.topic).flatMap((t) => {
                const stmts = topicStatements(stack, t);
                if (stmts === undefined || stmts.some((s) => deniesInsecureTransport(s, "sns:Publish"))) return [];
                return [
                    finding(
                        t,
                        'Accepts publishing without TLS: add a topic policy statement that denies sns:Publish to "*" when aws:SecureTransport is "false".',
                    ),
                ];
            }),
    }),
    defineRule({
        id: "kms-rotation",
        area: "sns-kms",
        description: "Symmetric customer-managed keys rotate their key material yearly (`enableKeyRotation`, default false).",
        sources: ["cdk-nag AwsSolutions-KMS5", "checkov CKV_AWS_7"],
        severity: "medium",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) =>
            stack
                .ofType(T.key)
                .filter(
                    (k) => (str(k.inputs.customerMasterKeySpec) ?? str(k.inputs.keySpec) ?? "SYMMETRIC_DEFAULT") === "SYMMETRIC_DEFAULT",
                )
                .filter(
                    (k) =>
                        k.inputs.enableKeyRotation === undefined ||
                        (known(k.inputs.enableKeyRotation) && k.inputs.enableKeyRotation !== true),
                )
                .map((k) =>
                    finding(k, "Does not rotate its key material (enableKeyRotation defaults to false): set enableKeyRotation: true."),
                ),
    }),
    defineRule({
        id: "kms-explicit-policy",
        area: "sns-kms",
        description:
            "Keys carry an explicit key policy (`policy`, or an aws.kms.KeyPolicy), so who may use them is written down rather than left to the default policy.",
        sources: ["checkov CKV2_AWS_64"],
        severity: "medium",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) =>
            stack
                .ofType(T.key)
                .filter((k) => k.inputs.policy === undefined && stack.referrers(k, T.keyPolicy, "keyId").length === 0)
                .map((k) =>
                    finding(
                        k,
                        "Has no explicit key policy: set policy to a document that names the account administrators and the services that use the key.",
                    ),
                ),
    }),
    defineRule({
        id: "kms-grants-users",
        area: "sns-kms",
        description:
            "Key policies grant the AWS services that use the key: CloudWatch Logs (logs.<region>.amazonaws.com) for encrypted log groups, and CloudWatch (cloudwatch.amazonaws.com) for topics that alarms notify.",
        sources: [
            "CloudWatch Logs user guide: Encrypt log data in CloudWatch Logs using AWS KMS",
            "Amazon SNS developer guide: Enable compatibility between event sources from AWS services and encrypted topics",
        ],
        severity: "high",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) => {
            const out: Finding[] = [];
            const require = (
                key: PolicyResource,
                user: PolicyResource,
                service: (s: string) => boolean,
                label: string,
                actions: string[],
            ) => {
                const stmts = keyStatements(stack, key);
                if (stmts === undefined) return;
                const missing = missingGrants(stmts, (p) => p.service.some(service), actions);
                if (missing.length > 0)
                    out.push(
                        finding(
                            key,
                            `Is used by ${user.name} but its policy does not allow ${label} ${missing.join(", ")}: add an Allow statement for that service principal.`,
                        ),
                    );
            };
            for (const g of stack.ofType(T.logGroup)) {
                for (const key of keysNamed(stack, g, "kmsKeyId")) {
                    require(key, g, (s) =>
                        s === "logs.amazonaws.com" ||
                        s === `logs.${g.region}.amazonaws.com`, `logs.${g.region}.amazonaws.com`, LOGS_KEY_ACTIONS);
                }
            }
            for (const t of alarmTopics(stack)) {
                for (const key of keysNamed(stack, t, "kmsMasterKeyId")) {
                    require(key, t, (s) => s === "cloudwatch.amazonaws.com", "cloudwatch.amazonaws.com", CLOUDWATCH_KEY_ACTIONS);
                }
            }
            return out;
        },
    }),
];
