/** Rules for Application Load Balancers, their listeners and target groups. */
import { createHash } from "crypto";
import { TLS12_SSL_POLICIES } from "../../components/load-balancer/rules";
import { PolicyResource, Rule, StackIndex, T, UNKNOWN, defineRule, finding, known, list, str } from "../resources";

/** An ALB (`loadBalancerType` unset means `application`). */
function isApplication(lb: PolicyResource): boolean {
    return (str(lb.inputs.loadBalancerType) ?? "application") === "application";
}

function albs(stack: StackIndex): PolicyResource[] {
    return stack.ofType(T.loadBalancer).filter(isApplication);
}

/** The listeners of a load balancer. */
export function listenersOf(stack: StackIndex, lb: PolicyResource): PolicyResource[] {
    return stack.referrers(lb, T.listener, "loadBalancerArn");
}

/** A listener's protocol; the provider's default for ALB listeners is `HTTP`. */
function protocolOf(listener: PolicyResource): string {
    return (str(listener.inputs.protocol) ?? "HTTP").toUpperCase();
}

/**
 * The last segment of a listener ARN under the shared mocks: 16 hex digits of the SHA-256 of the
 * listener's logical name (components/testing/mocks.ts), since a listener ARN carries no name.
 */
function mockListenerSuffix(name: string): string {
    return createHash("sha256").update(name).digest("hex").slice(0, 16);
}

/** Whether a listener rule's `listenerArn` names this listener of this load balancer. */
function ruleOnListener(stack: StackIndex, rule: PolicyResource, listener: PolicyResource, lb: PolicyResource): boolean {
    if (rule.propertyDependencies?.listenerArn?.includes(listener.urn)) return true;
    const arn = str(rule.inputs.listenerArn);
    if (!arn) return false;
    if (arn === str(listener.inputs.arn)) return true;
    return stack.names(arn, lb) && arn.endsWith(`/${mockListenerSuffix(listener.name)}`);
}

/** Whether a listener action answers with a permanent (301) redirect to HTTPS. */
function redirectsToHttps(action: any): boolean {
    const redirect = action?.redirect;
    return action?.type === "redirect" && str(redirect?.protocol)?.toUpperCase() === "HTTPS" && redirect?.statusCode === "HTTP_301";
}

export const LOAD_BALANCER_RULES: Rule[] = [
    defineRule({
        id: "alb-access-logs",
        area: "alb",
        description:
            "Every ALB writes access logs to S3 (`accessLogs` with `enabled: true`; the provider leaves them off otherwise, even with a bucket). Advisory in dev, where logs are a cost choice.",
        sources: ["cdk-nag AwsSolutions-ELB2", "checkov CKV_AWS_91", "Well-Architected REL06-BP01"],
        severity: "medium",
        mandatoryIn: ["staging", "prod"],
        check: (stack) =>
            albs(stack).flatMap((lb) => {
                const logs = lb.inputs.accessLogs;
                if (logs === undefined || logs === null)
                    return [finding(lb, "Access logs are off: set accessLogs: { bucket, enabled: true }.")];
                if (!known(logs) || (logs.enabled !== undefined && !known(logs.enabled))) return [];
                if (logs.enabled !== true)
                    return [
                        finding(
                            lb,
                            "Access logs are off: accessLogs.enabled is not true (the provider's default is false even with a bucket).",
                        ),
                    ];
                if (!known(logs.bucket) || str(logs.bucket)) return [];
                return [finding(lb, "Access logs have no bucket: set accessLogs.bucket.")];
            }),
    }),
    defineRule({
        id: "alb-deletion-protection",
        area: "alb",
        description: "Production ALBs refuse deletion until protection is turned off (`enableDeletionProtection`, default false).",
        sources: ["checkov CKV_AWS_150"],
        severity: "medium",
        mandatoryIn: ["prod"],
        check: (stack) =>
            albs(stack)
                .filter((lb) => lb.inputs.enableDeletionProtection !== UNKNOWN && lb.inputs.enableDeletionProtection !== true)
                .map((lb) =>
                    finding(
                        lb,
                        "Deletion protection is off (enableDeletionProtection defaults to false): set enableDeletionProtection: true.",
                    ),
                ),
    }),
    defineRule({
        id: "alb-drop-invalid-headers",
        area: "alb",
        description:
            "ALBs drop HTTP headers with invalid field names instead of passing them to targets (`dropInvalidHeaderFields`, default false), which closes a request-smuggling vector.",
        sources: ["checkov CKV_AWS_131"],
        severity: "medium",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) =>
            albs(stack)
                .filter((lb) => lb.inputs.dropInvalidHeaderFields !== UNKNOWN && lb.inputs.dropInvalidHeaderFields !== true)
                .map((lb) =>
                    finding(
                        lb,
                        "Invalid header fields are passed to targets (dropInvalidHeaderFields defaults to false): set dropInvalidHeaderFields: true.",
                    ),
                ),
    }),
    defineRule({
        id: "alb-two-azs",
        area: "alb",
        description: "ALBs span at least two Availability Zones, so losing one zone leaves the entry point up.",
        sources: ["Well-Architected REL10-BP01"],
        severity: "high",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) =>
            albs(stack).flatMap((lb) => {
                const mappings = list(lb.inputs.subnetMappings);
                const subnets = lb.inputs.subnets;
                if (!known(subnets) && mappings.length === 0)
                    return subnets === undefined ? [finding(lb, "Has no subnets: give subnets in at least two Availability Zones.")] : [];
                const ids = [...list(subnets), ...mappings.map((m: any) => m?.subnetId)];
                if (ids.some((id) => !known(id))) return [];
                const distinct = new Set(ids).size;
                return distinct >= 2
                    ? []
                    : [
                          finding(
                              lb,
                              `Spans ${distinct} subnet${distinct === 1 ? "" : "s"}: give subnets in at least two Availability Zones.`,
                          ),
                      ];
            }),
    }),
    defineRule({
        id: "alb-waf",
        area: "alb",
        description:
            "Internet-facing ALBs are associated with a WAFv2 web ACL. Meant to be mandatory in prod; advisory everywhere for now because no stack configures `loadBalancer.wafWebAclArn` (the LoadBalancer component associates one only when given).",
        sources: ["checkov CKV2_AWS_28"],
        severity: "medium",
        mandatoryIn: [],
        check: (stack) =>
            albs(stack)
                .filter((lb) => lb.inputs.internal !== true)
                .filter((lb) => stack.referrers(lb, T.wafAssociation, "resourceArn").length === 0)
                .map((lb) =>
                    finding(
                        lb,
                        "Internet-facing and not protected by a web ACL: associate a WAFv2 web ACL (aws.wafv2.WebAclAssociation with resourceArn set to the ALB).",
                    ),
                ),
    }),
    defineRule({
        id: "listener-https",
        area: "listener",
        description:
            "Internet-facing ALBs serve HTTPS (an HTTPS listener with an ACM certificate). Mandatory in prod, whose stack file sets `loadBalancer.certificateArn`; advisory in dev and staging, which configure no certificate, so the LoadBalancer component can only serve HTTP there.",
        sources: ["checkov CKV_AWS_2", "Well-Architected SEC09-BP02"],
        severity: "high",
        mandatoryIn: ["prod"],
        check: (stack) =>
            albs(stack)
                .filter((lb) => lb.inputs.internal !== true)
                .filter((lb) => {
                    const listeners = listenersOf(stack, lb);
                    return listeners.length > 0 && listeners.every((l) => protocolOf(l) === "HTTP");
                })
                .map((lb) => finding(lb, "Serves plain HTTP only: add an HTTPS listener with an ACM certificate and redirect HTTP to it.")),
    }),
    defineRule({
        id: "listener-redirect-to-https",
        area: "listener",
        description:
            "Where an ALB has an HTTPS listener (a certificate exists), nothing is served over plain HTTP: each HTTP listener answers with a 301 redirect to HTTPS and carries no rule that forwards or responds.",
        sources: ["checkov CKV2_AWS_20", "checkov CKV_AWS_2", "Well-Architected SEC09-BP02"],
        severity: "high",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) =>
            albs(stack).flatMap((lb) => {
                const listeners = listenersOf(stack, lb);
                if (!listeners.some((l) => protocolOf(l) === "HTTPS")) return [];
                return listeners
                    .filter((l) => protocolOf(l) === "HTTP")
                    .flatMap((l) => {
                        const out = [];
                        const actions = l.inputs.defaultActions;
                        if (known(actions) && !list(actions).some(redirectsToHttps)) {
                            out.push(
                                finding(
                                    l,
                                    `Serves plain HTTP on port ${l.inputs.port ?? 80} although the load balancer has an HTTPS listener: make its default action a redirect to HTTPS with statusCode "HTTP_301".`,
                                ),
                            );
                        }
                        for (const rule of stack.ofType(T.listenerRule).filter((r) => ruleOnListener(stack, r, l, lb))) {
                            const ruleActions = rule.inputs.actions;
                            if (known(ruleActions) && !list(ruleActions).every(redirectsToHttps)) {
                                out.push(
                                    finding(
                                        rule,
                                        `Serves plain HTTP through listener ${l.name} although the load balancer has an HTTPS listener: attach the rule to the HTTPS listener.`,
                                    ),
                                );
                            }
                        }
                        return out;
                    });
            }),
    }),
    defineRule({
        id: "listener-tls-policy",
        area: "listener",
        description:
            "HTTPS listeners use a security policy that accepts only TLS 1.2 and later; without `sslPolicy` the provider uses ELBSecurityPolicy-2016-08, which accepts TLS 1.0.",
        sources: ["checkov CKV_AWS_103", "Well-Architected SEC09-BP02"],
        severity: "high",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) =>
            stack
                .ofType(T.listener)
                .filter((l) => ["HTTPS", "TLS"].includes(protocolOf(l)))
                .flatMap((l) => {
                    const policy = l.inputs.sslPolicy;
                    if (policy !== undefined && !known(policy)) return [];
                    const name = str(policy) ?? "ELBSecurityPolicy-2016-08";
                    if ((TLS12_SSL_POLICIES as readonly string[]).includes(name)) return [];
                    return [
                        finding(
                            l,
                            `Security policy ${name}${policy === undefined ? " (the default)" : ""} accepts TLS versions below 1.2: set sslPolicy to "ELBSecurityPolicy-TLS13-1-2-2021-06".`,
                        ),
                    ];
                }),
    }),
    defineRule({
        id: "target-group-health-check",
        area: "target-group",
        description:
            "Target groups declare their health check (enabled, path and healthy codes) instead of relying on defaults, so unhealthy tasks leave rotation for the right reason.",
        sources: ["Well-Architected REL11-BP01"],
        severity: "medium",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) =>
            stack
                .ofType(T.targetGroup)
                .filter((tg) => str(tg.inputs.targetType) !== "lambda")
                .flatMap((tg) => {
                    const hc = tg.inputs.healthCheck;
                    if (hc === undefined || hc === null)
                        return [
                            finding(
                                tg,
                                "Has no explicit health check: set healthCheck { enabled: true, path, matcher, interval, healthyThreshold, unhealthyThreshold }.",
                            ),
                        ];
                    if (!known(hc)) return [];
                    if (hc.enabled === false) return [finding(tg, "Health check is disabled: set healthCheck.enabled: true.")];
                    const protocol = (str(hc.protocol) ?? str(tg.inputs.protocol) ?? "HTTP").toUpperCase();
                    if (!["HTTP", "HTTPS"].includes(protocol)) return [];
                    const missing = ["path", "matcher"].filter((k) => hc[k] === undefined);
                    return missing.length === 0
                        ? []
                        : [
                              finding(
                                  tg,
                                  `Health check relies on defaults for ${missing.join(" and ")}: set healthCheck.${missing.join(" and healthCheck.")}.`,
                              ),
                          ];
                }),
    }),
    defineRule({
        id: "target-group-ip-targets",
        area: "target-group",
        description:
            'Target groups of ECS services whose tasks use awsvpc networking (all Fargate tasks) register IP targets (`targetType: "ip"`; the default `instance` cannot hold task ENIs).',
        sources: ["Amazon ECS developer guide: Use a load balancer to distribute Amazon ECS service traffic"],
        severity: "high",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) => {
            const awsvpcServices = stack.ofType(T.service).filter((s) => s.inputs.networkConfiguration !== undefined);
            return stack
                .ofType(T.targetGroup)
                .filter((tg) =>
                    awsvpcServices.some((s) =>
                        list(s.inputs.loadBalancers).some((b: any) => stack.refersTo(s, "loadBalancers", tg, b?.targetGroupArn)),
                    ),
                )
                .filter((tg) => tg.inputs.targetType === undefined || (known(tg.inputs.targetType) && tg.inputs.targetType !== "ip"))
                .map((tg) =>
                    finding(
                        tg,
                        `Registers ${str(tg.inputs.targetType) ?? "instance (the default)"} targets but serves an awsvpc ECS service: set targetType: "ip".`,
                    ),
                );
        },
    }),
];
