/** Rules for CloudWatch log groups and alarms. */
import { Finding, PolicyResource, Rule, StackIndex, T, arnParts, defineRule, finding, known, list, num, str } from "../resources";

/** Days production logs are kept at least (one year, as checkov CKV_AWS_338 asks). */
export const PROD_LOG_RETENTION_DAYS = 365;

const ACTION_KEYS = ["alarmActions", "okActions", "insufficientDataActions"] as const;

function alarms(stack: StackIndex): PolicyResource[] {
    return [...stack.ofType(T.metricAlarm), ...stack.ofType(T.compositeAlarm)];
}

/** The SNS topic ARNs among an alarm's actions, with the input that holds each. */
function snsActions(alarm: PolicyResource): { key: string; arn: string }[] {
    return ACTION_KEYS.flatMap((key) =>
        list(alarm.inputs[key]).flatMap((a) => {
            const arn = str(a);
            return arn && arnParts(arn)?.service === "sns" ? [{ key, arn }] : [];
        }),
    );
}

/** Whether an alarm can notify anyone: actions enabled (the default) and at least one ALARM action. */
function notifies(alarm: PolicyResource): boolean {
    return alarm.inputs.actionsEnabled !== false && list(alarm.inputs.alarmActions).length > 0;
}

/** The metrics an alarm watches: its own metric, or the metrics of its metric queries. */
function metricsOf(alarm: PolicyResource): { namespace?: string; metricName?: string; dimensions: Record<string, unknown> }[] {
    const own =
        alarm.inputs.metricName !== undefined
            ? [
                  {
                      namespace: str(alarm.inputs.namespace),
                      metricName: str(alarm.inputs.metricName),
                      dimensions: alarm.inputs.dimensions ?? {},
                  },
              ]
            : [];
    const queries = list<any>(alarm.inputs.metricQueries)
        .filter((q) => q?.metric)
        .map((q) => ({ namespace: str(q.metric.namespace), metricName: str(q.metric.metricName), dimensions: q.metric.dimensions ?? {} }));
    return [...own, ...queries];
}

export const OBSERVABILITY_RULES: Rule[] = [
    defineRule({
        id: "logs-retention",
        area: "logs",
        description:
            "Every log group sets a retention (`retentionInDays`; unset or 0 keeps logs forever and their cost grows without bound).",
        sources: ["checkov CKV_AWS_66"],
        severity: "low",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) =>
            stack.ofType(T.logGroup).flatMap((g) => {
                const days = g.inputs.retentionInDays;
                if (days !== undefined && !known(days)) return [];
                return (num(days) ?? 0) > 0 ? [] : [finding(g, "Keeps logs forever: set retentionInDays (e.g. 30, or 365 in prod).")];
            }),
    }),
    defineRule({
        id: "logs-retention-prod",
        area: "logs",
        description: `Production log groups keep logs for at least ${PROD_LOG_RETENTION_DAYS} days.`,
        sources: ["checkov CKV_AWS_338"],
        severity: "medium",
        mandatoryIn: ["prod"],
        appliesIn: ["prod"],
        check: (stack) =>
            stack.ofType(T.logGroup).flatMap((g) => {
                const days = num(g.inputs.retentionInDays);
                return days !== undefined && days > 0 && days < PROD_LOG_RETENTION_DAYS
                    ? [finding(g, `Keeps logs ${days} days: keep production logs at least ${PROD_LOG_RETENTION_DAYS} days.`)]
                    : [];
            }),
    }),
    defineRule({
        id: "logs-kms",
        area: "logs",
        description:
            "Log groups are encrypted with a customer-managed KMS key (`kmsKeyId`) whose policy lets CloudWatch Logs use it. Meant to be mandatory in prod; advisory for now because Network and ElasticService create their log groups without a key.",
        sources: ["checkov CKV_AWS_158"],
        severity: "low",
        mandatoryIn: [],
        check: (stack) =>
            stack
                .ofType(T.logGroup)
                .filter((g) => g.inputs.kmsKeyId === undefined)
                .map((g) =>
                    finding(
                        g,
                        "Is not encrypted with a customer-managed key: set kmsKeyId to a KMS key whose policy allows logs.<region>.amazonaws.com.",
                    ),
                ),
    }),
    defineRule({
        id: "alarm-actions",
        area: "alarms",
        description:
            "Every alarm notifies someone: actions enabled (the default), at least one ALARM action, and SNS actions only to topics in the alarm's own region (CloudWatch cannot notify a topic in another region).",
        sources: ["checkov CKV_AWS_319", "Well-Architected REL06-BP03"],
        severity: "high",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) =>
            alarms(stack).flatMap((a) => {
                const out: Finding[] = [];
                if (a.inputs.actionsEnabled === false) out.push(finding(a, "Has its actions disabled: set actionsEnabled: true."));
                const actions = a.inputs.alarmActions;
                if (actions === undefined || (known(actions) && list(actions).length === 0))
                    out.push(finding(a, "Notifies nobody when it fires: add the stack's alarm topic to alarmActions."));
                for (const { key, arn } of snsActions(a)) {
                    const region = arnParts(arn)?.region;
                    if (region && a.region && region !== a.region)
                        out.push(
                            finding(
                                a,
                                `${key} names topic ${arn} in ${region}, but the alarm is in ${a.region}: notify a topic in ${a.region}.`,
                            ),
                        );
                }
                return out;
            }),
    }),
    defineRule({
        id: "alarm-stack-topic",
        area: "alarms",
        description:
            "Alarms notify topics of this stack, whose encryption, key policy and TLS-only policy the SNS rules check. Advisory in dev.",
        sources: ["Well-Architected REL06-BP03"],
        severity: "medium",
        mandatoryIn: ["staging", "prod"],
        check: (stack) => {
            const topics = stack.ofType(T.topic);
            return alarms(stack).flatMap((a) =>
                snsActions(a)
                    .filter(({ key, arn }) => !topics.some((t) => stack.refersTo(a, key, t, arn)))
                    .map(({ key, arn }) =>
                        finding(
                            a,
                            `${key} names topic ${arn}, which this stack does not manage: notify a topic created in the stack (e.g. the ServiceAlarms topic).`,
                        ),
                    ),
            );
        },
    }),
    defineRule({
        id: "alarms-prod-coverage",
        area: "alarms",
        description:
            "In prod, every ALB has a 5xx alarm, every ECS service a CPU, memory or task-count alarm, every target group of a service an unhealthy-hosts alarm, and every replication configuration a replication alarm, each notifying someone.",
        sources: ["Well-Architected REL06-BP03", "Well-Architected REL11-BP01"],
        severity: "medium",
        mandatoryIn: ["prod"],
        appliesIn: ["prod"],
        check: (stack) => {
            const watched = alarms(stack).filter(notifies).flatMap(metricsOf);
            const covered = (namespaces: string[], metricNames: string[] | undefined, dimension: string, target: PolicyResource) =>
                watched.some(
                    (m) =>
                        m.namespace !== undefined &&
                        namespaces.includes(m.namespace) &&
                        (metricNames === undefined || (m.metricName !== undefined && metricNames.includes(m.metricName))) &&
                        stack.names(m.dimensions[dimension], target),
                );
            const out: Finding[] = [];
            for (const lb of stack
                .ofType(T.loadBalancer)
                .filter((l) => (str(l.inputs.loadBalancerType) ?? "application") === "application")) {
                if (!covered(["AWS/ApplicationELB"], ["HTTPCode_ELB_5XX_Count", "HTTPCode_Target_5XX_Count"], "LoadBalancer", lb)) {
                    out.push(
                        finding(
                            lb,
                            "Has no 5xx alarm: alarm on HTTPCode_ELB_5XX_Count (AWS/ApplicationELB, dimension LoadBalancer) and notify the alarm topic.",
                        ),
                    );
                }
            }
            for (const s of stack.ofType(T.service)) {
                if (!covered(["AWS/ECS", "ECS/ContainerInsights"], undefined, "ServiceName", s)) {
                    out.push(
                        finding(
                            s,
                            "Has no service alarm: alarm on CPUUtilization, MemoryUtilization (AWS/ECS) or RunningTaskCount (ECS/ContainerInsights) with dimension ServiceName.",
                        ),
                    );
                }
                for (const b of list<any>(s.inputs.loadBalancers)) {
                    for (const tg of stack.referenced(s, "loadBalancers", T.targetGroup, b?.targetGroupArn)) {
                        if (!covered(["AWS/ApplicationELB"], ["UnHealthyHostCount"], "TargetGroup", tg)) {
                            out.push(
                                finding(
                                    tg,
                                    "Has no unhealthy-hosts alarm: alarm on UnHealthyHostCount (AWS/ApplicationELB, dimension TargetGroup).",
                                ),
                            );
                        }
                    }
                }
            }
            for (const rc of stack.ofType(T.replication)) {
                for (const source of stack.referenced(rc, "bucket", T.bucket)) {
                    if (!covered(["AWS/S3"], ["OperationsFailedReplication", "ReplicationLatency"], "SourceBucket", source)) {
                        out.push(
                            finding(
                                rc,
                                `Has no replication alarm: alarm on OperationsFailedReplication (AWS/S3, dimension SourceBucket ${source.name}).`,
                            ),
                        );
                    }
                }
            }
            return out;
        },
    }),
];
