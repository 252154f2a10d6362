/**
 * The policy pack of pulumi-elastic-web: security and reliability rules as plain functions over the
 * recorded resources of a stack. `npm run preview` evaluates them on its plan; crossguard.ts runs the
 * same rules as a Pulumi CrossGuard pack (`pulumi preview --policy-pack policy`).
 *
 * @example
 * const violations = evaluate(plan.resources, environmentOf(plan.config, plan.stack));
 * console.log(formatFindings(violations).join("\n"));
 * if (violations.some((v) => v.mandatory)) process.exitCode = 1;
 */
import { ENVIRONMENTS, Environment } from "../components/stack/profiles";
import { adviseOurs, madeBy } from "./advice";
import { OUR_ADVICE } from "./our-advice";
import { PolicyResource, Rule, Severity, StackIndex } from "./resources";
import { AUTOSCALING_RULES } from "./rules/autoscaling";
import { ECS_RULES } from "./rules/ecs";
import { IAM_RULES } from "./rules/iam";
import { LOAD_BALANCER_RULES } from "./rules/load-balancer";
import { NETWORK_RULES } from "./rules/network";
import { OBSERVABILITY_RULES } from "./rules/observability";
import { S3_RULES } from "./rules/s3";
import { SNS_KMS_RULES } from "./rules/sns-kms";

export { Environment, ENVIRONMENTS };
export { Finding, PolicyResource, Rule, RuleArea, Severity, StackIndex, UNKNOWN } from "./resources";
export { Advice, Fix, MadeBy, madeBy } from "./advice";
export { OUR_ADVICE } from "./our-advice";
export { MANAGED_POLICY_ALLOW_LIST, RESOURCE_WILDCARD_EXCEPTIONS } from "./rules/iam";

/** Every rule, grouped by area in the order findings are listed. */
export const RULES: readonly Rule[] = Object.freeze([
    ...LOAD_BALANCER_RULES,
    ...ECS_RULES,
    ...AUTOSCALING_RULES,
    ...OBSERVABILITY_RULES,
    ...SNS_KMS_RULES,
    ...S3_RULES,
    ...NETWORK_RULES,
    ...IAM_RULES,
]);

/** One rule broken by one resource. */
export interface Violation {
    ruleId: string;
    severity: Severity;
    /** True when the rule is mandatory in the evaluated environment: the deployment must not proceed. */
    mandatory: boolean;
    /** URN of the resource. */
    resource: string;
    resourceName: string;
    resourceType: string;
    /** What is wrong and how to fix it. */
    message: string;
}

/**
 * Evaluates the rules that apply in `environment` on the resources of one stack. Rules about
 * resources the stack does not have report nothing.
 *
 * @param resources the stack's resources, e.g. `plan.resources` of a preview
 * @param environment the profile the stack was built from
 * @param rules the rules to evaluate
 * @default rules - {@link RULES}
 */
export function evaluate(resources: readonly PolicyResource[], environment: Environment, rules: readonly Rule[] = RULES): Violation[] {
    if (!ENVIRONMENTS.includes(environment)) {
        throw new Error(`evaluate: unknown environment ${JSON.stringify(environment)}; use one of ${ENVIRONMENTS.join(", ")}.`);
    }
    const stack = new StackIndex(resources);
    const violations: Violation[] = [];
    for (const rule of rules) {
        if (!rule.appliesIn.includes(environment)) continue;
        const mandatory = rule.mandatoryIn.includes(environment);
        const seen = new Set<string>();
        for (const f of rule.check(stack, environment)) {
            // A resource our component made gets the component's arg or config key; the user's own keeps the AWS input.
            const by = madeBy(stack, f.resource);
            const message = by ? adviseOurs(f, by, OUR_ADVICE[rule.id]?.[by.component]) : f.message;
            const key = `${f.resource.urn}\n${message}`;
            if (seen.has(key)) continue;
            seen.add(key);
            violations.push({
                ruleId: rule.id,
                severity: rule.severity,
                mandatory,
                resource: f.resource.urn,
                resourceName: f.resource.name,
                resourceType: f.resource.type,
                message,
            });
        }
    }
    return violations;
}

/** True when a violation blocks the deployment. */
export function hasMandatory(violations: readonly Violation[]): boolean {
    return violations.some((v) => v.mandatory);
}

const SEVERITIES: readonly Severity[] = ["high", "medium", "low"];

/**
 * The findings as printed by `npm run preview`: a summary line, then per severity (high first) the
 * mandatory violations before the advisory ones, each with its rule, resource and message.
 *
 * @example
 * Policy findings: 1 mandatory, 1 advisory
 *   high:
 *     MANDATORY  alb-deletion-protection  web-alb (aws:lb/loadBalancer:LoadBalancer)
 *                Deletion protection is off …
 */
export function formatFindings(violations: readonly Violation[]): string[] {
    if (violations.length === 0) return ["Policy findings: none"];
    const mandatory = violations.filter((v) => v.mandatory).length;
    const lines = [`Policy findings: ${mandatory} mandatory, ${violations.length - mandatory} advisory`];
    const order = new Map(RULES.map((r, i) => [r.id, i]));
    for (const severity of SEVERITIES) {
        const group = violations
            .filter((v) => v.severity === severity)
            .sort(
                (a, b) =>
                    Number(b.mandatory) - Number(a.mandatory) ||
                    (order.get(a.ruleId) ?? 1e9) - (order.get(b.ruleId) ?? 1e9) ||
                    a.resourceName.localeCompare(b.resourceName),
            );
        if (group.length === 0) continue;
        lines.push(`  ${severity}:`);
        for (const v of group) {
            lines.push(`    ${v.mandatory ? "MANDATORY" : "advisory "}  ${v.ruleId}  ${v.resourceName} (${v.resourceType})`);
            lines.push(`               ${v.message}`);
        }
    }
    return lines;
}

/**
 * The environment a stack is evaluated as: its `elastic-web:environment` config, else its name
 * when that is an environment, else prod (the strictest).
 *
 * @param config the stack's config map (`plan.config`)
 * @param stack the stack name
 */
export function environmentOf(config: Record<string, unknown>, stack: string): Environment {
    const configured = config["elastic-web:environment"];
    if (typeof configured === "string" && (ENVIRONMENTS as readonly string[]).includes(configured)) return configured as Environment;
    if ((ENVIRONMENTS as readonly string[]).includes(stack)) return stack as Environment;
    return "prod";
}

/** A rule by id. */
export function ruleById(id: string): Rule | undefined {
    return RULES.find((r) => r.id === id);
}
