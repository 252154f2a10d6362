/** Rules for IAM roles and policies, and for the resource policies of topics, keys and buckets. */
import {
    Finding,
    PolicyResource,
    Rule,
    Statement,
    StackIndex,
    T,
    arnParts,
    conditionValues,
    defineRule,
    finding,
    list,
    principals as principalsOf,
    statements,
    str,
} from "../resources";

/**
 * Actions that have no resource-level permissions, so AWS requires `Resource: "*"` for them
 * (Service Authorization Reference: no resource types listed for these actions). A statement whose
 * actions are all in this list may use `"*"`.
 */
export const RESOURCE_WILDCARD_EXCEPTIONS: readonly string[] = [
    "ecr:GetAuthorizationToken",
    "ssmmessages:CreateControlChannel",
    "ssmmessages:CreateDataChannel",
    "ssmmessages:OpenControlChannel",
    "ssmmessages:OpenDataChannel",
    "logs:DescribeLogGroups",
    "cloudwatch:PutMetricData",
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
];

/**
 * AWS managed policies a role of this package may use; everything else AWS manages is too broad
 * or unreviewed here (the name after `policy/`, partition-independent).
 */
export const MANAGED_POLICY_ALLOW_LIST: readonly string[] = [
    "service-role/AmazonECSTaskExecutionRolePolicy",
    "CloudWatchAgentServerPolicy",
    "AWSXRayDaemonWriteAccess",
];

/** Condition keys that narrow a statement open to `*` to an account, organization or source. */
const NARROWING_KEYS = [
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOwner",
    "aws:PrincipalOrgID",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "kms:CallerAccount",
];

/** The identity policy statements of a role: inline policies, RolePolicy resources and attached policies of this stack; undefined when one is unknown. */
export function roleStatements(stack: StackIndex, role: PolicyResource): Statement[] | undefined {
    const docs: unknown[] = [
        ...list<any>(role.inputs.inlinePolicies).map((p) => p?.policy),
        ...stack.referrers(role, T.rolePolicy, "role").map((p) => p.inputs.policy),
    ];
    const attached = [
        ...list(role.inputs.managedPolicyArns),
        ...stack.referrers(role, T.rolePolicyAttachment, "role").map((a) => a.inputs.policyArn),
    ];
    for (const policy of stack.ofType(T.managedPolicy)) {
        if (attached.some((arn) => stack.names(arn, policy))) docs.push(policy.inputs.policy);
    }
    const parsed = docs.filter((d) => d !== undefined).map(statements);
    return parsed.some((s) => s === undefined) ? undefined : (parsed.flat() as Statement[]);
}

/** The principals a statement names (its `Principal`). */
function principals(statement: Statement): ReturnType<typeof principalsOf> {
    return principalsOf(statement.Principal);
}

/** Whether an Allow statement open to everyone is narrowed by a condition on the caller's account, organization or source. */
function narrowed(statement: Statement): boolean {
    return NARROWING_KEYS.some((key) => conditionValues(statement, key).length > 0);
}

/** The resource policies of the stack: topic, key and bucket policies, inline or as their own resources. */
function resourcePolicies(stack: StackIndex): { resource: PolicyResource; document: unknown }[] {
    const inline: readonly string[] = [...T.topic, ...T.key, ...T.bucket];
    const separate: readonly string[] = [...T.topicPolicy, ...T.keyPolicy, ...T.bucketPolicy];
    return stack.resources
        .filter((r) => separate.includes(r.type) || (inline.includes(r.type) && r.inputs.policy !== undefined))
        .map((resource) => ({ resource, document: resource.inputs.policy }));
}

/** The IAM policy documents that grant identities permissions, with their resource. */
function identityPolicies(stack: StackIndex): { resource: PolicyResource; document: unknown; where: string }[] {
    const inline = stack
        .ofType(T.role)
        .flatMap((r) =>
            list<any>(r.inputs.inlinePolicies).map((p, i) => ({ resource: r, document: p?.policy, where: `inlinePolicies[${i}]` })),
        );
    const separate = stack.ofType(T.identityPolicy).map((r) => ({ resource: r, document: r.inputs.policy, where: "policy" }));
    return [...inline, ...separate].filter((p) => p.document !== undefined);
}

/** AWS managed policy ARN → the name after `policy/`; undefined for customer managed policies. */
function awsManagedPolicyName(arn: string): string | undefined {
    const parts = arnParts(arn);
    return parts && parts.service === "iam" && parts.account === "aws" && parts.resource.startsWith("policy/")
        ? parts.resource.slice("policy/".length)
        : undefined;
}

export const IAM_RULES: Rule[] = [
    defineRule({
        id: "iam-trust-no-wildcard",
        area: "iam",
        description: "Role trust policies name who may assume the role: no `*` principal and no wildcard action.",
        sources: ["checkov CKV_AWS_60", "Well-Architected SEC03-BP02"],
        severity: "high",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) =>
            stack.ofType(T.role).flatMap((role) => {
                const stmts = statements(role.inputs.assumeRolePolicy);
                if (!stmts) return [];
                const out: Finding[] = [];
                for (const s of stmts.filter((x) => x.Effect === "Allow")) {
                    if (principals(s).everyone || s.NotPrincipal !== undefined)
                        out.push(finding(role, "Its trust policy lets any principal assume it: name the service or account that should."));
                    if (list<string>(s.Action).some((a) => a === "*" || a === "sts:*"))
                        out.push(
                            finding(role, "Its trust policy allows every STS action: allow sts:AssumeRole (or the one action needed)."),
                        );
                }
                return out;
            }),
    }),
    defineRule({
        id: "iam-trust-confused-deputy",
        area: "iam",
        description:
            "Trust policies for AWS service principals carry aws:SourceAccount or aws:SourceArn, so another account cannot make the service act with this role (confused deputy).",
        sources: ["IAM user guide: The confused deputy problem", "Well-Architected SEC03-BP02"],
        severity: "low",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) =>
            stack.ofType(T.role).flatMap((role) => {
                const stmts = statements(role.inputs.assumeRolePolicy);
                if (!stmts) return [];
                return stmts
                    .filter((s) => s.Effect === "Allow" && principals(s).service.length > 0)
                    .filter((s) => conditionValues(s, "aws:SourceAccount").length === 0 && conditionValues(s, "aws:SourceArn").length === 0)
                    .map((s) =>
                        finding(
                            role,
                            `Trusts ${principals(s).service.join(", ")} without aws:SourceAccount or aws:SourceArn: add a condition naming this account or the source resource.`,
                        ),
                    );
            }),
    }),
    defineRule({
        id: "iam-no-wildcards",
        area: "iam",
        description: `Identity policies name their actions and resources: no \`*\` or \`service:*\` actions, no NotAction or NotResource in Allow statements, and \`Resource: "*"\` only for actions without resource-level permissions (${RESOURCE_WILDCARD_EXCEPTIONS.join(", ")}).`,
        sources: ["cdk-nag AwsSolutions-IAM5", "checkov CKV_AWS_63", "checkov CKV_AWS_355", "Well-Architected SEC03-BP02"],
        severity: "high",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) =>
            identityPolicies(stack).flatMap(({ resource, document, where }) => {
                const stmts = statements(document);
                if (!stmts) return [];
                const out: Finding[] = [];
                stmts
                    .filter((s) => s.Effect === "Allow")
                    .forEach((s) => {
                        const label =
                            `${where === "policy" ? "Statement" : `${where} statement`} ${s.Sid ? JSON.stringify(s.Sid) : ""}`.replace(
                                / $/,
                                "",
                            );
                        const actions = list<string>(s.Action).filter((a) => typeof a === "string");
                        if (s.NotAction !== undefined || s.NotResource !== undefined)
                            out.push(
                                finding(
                                    resource,
                                    `${label} allows through NotAction or NotResource: list the actions and resources it needs.`,
                                ),
                            );
                        const wild = actions.filter((a) => a === "*" || /^[a-z0-9-]+:\*$/i.test(a));
                        if (wild.length > 0) out.push(finding(resource, `${label} allows ${wild.join(", ")}: list the actions it needs.`));
                        if (list(s.Resource).includes("*")) {
                            const scoped = actions.filter(
                                (a) => !RESOURCE_WILDCARD_EXCEPTIONS.some((e) => e.toLowerCase() === a.toLowerCase()),
                            );
                            if (scoped.length > 0)
                                out.push(
                                    finding(
                                        resource,
                                        `${label} grants ${scoped.join(", ")} on every resource ("*"): name the ARNs it needs.`,
                                    ),
                                );
                        }
                    });
                return out;
            }),
    }),
    defineRule({
        id: "iam-managed-policy-allow-list",
        area: "iam",
        description: `Roles, users and groups attach AWS managed policies only from the allow-list (${MANAGED_POLICY_ALLOW_LIST.join(", ")}); customer-managed policies are checked by iam-no-wildcards instead.`,
        sources: ["cdk-nag AwsSolutions-IAM4", "checkov CKV2_AWS_51"],
        severity: "high",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) => {
            const attached: { resource: PolicyResource; arn: unknown }[] = [
                ...stack.ofType(T.role).flatMap((r) => list(r.inputs.managedPolicyArns).map((arn) => ({ resource: r, arn }))),
                ...stack.ofType(T.policyAttachment).map((a) => ({ resource: a, arn: a.inputs.policyArn })),
            ];
            return attached.flatMap(({ resource, arn }) => {
                const value = str(arn);
                const name = value ? awsManagedPolicyName(value) : undefined;
                return name === undefined || MANAGED_POLICY_ALLOW_LIST.includes(name)
                    ? []
                    : [
                          finding(
                              resource,
                              `Attaches the AWS managed policy ${name}: write a policy scoped to what the role needs (allowed managed policies: ${MANAGED_POLICY_ALLOW_LIST.join(", ")}).`,
                          ),
                      ];
            });
        },
    }),
    defineRule({
        id: "no-public-principals",
        area: "iam",
        description:
            "Topic, key and bucket policies grant nothing to everyone: an Allow statement with Principal `*` must be narrowed by a condition on the source or the caller's account or organization, and NotPrincipal is not used with Allow.",
        sources: ["checkov CKV_AWS_33", "Well-Architected SEC03-BP02"],
        severity: "high",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) =>
            resourcePolicies(stack).flatMap(({ resource, document }) => {
                const stmts = statements(document);
                if (!stmts) return [];
                return stmts
                    .filter((s) => s.Effect === "Allow" && ((principals(s).everyone && !narrowed(s)) || s.NotPrincipal !== undefined))
                    .map((s) =>
                        finding(
                            resource,
                            `${s.Sid ? `Statement ${JSON.stringify(s.Sid)}` : "A statement"} allows ${list(s.Action).join(", ") || "actions"} to everyone: name the principals, or narrow it with aws:SourceAccount, aws:SourceArn or aws:PrincipalOrgID.`,
                        ),
                    );
            }),
    }),
];
