/** Rules for Application Auto Scaling of ECS services. */
import { Finding, PolicyResource, Rule, StackIndex, T, defineRule, finding, known, num, str } from "../resources";
import { scalingTargetsOf } from "./ecs";

/**
 * Sensible band of a CPU or memory utilization target (percent): below it the service never scales
 * in, above it there is no headroom for the minutes a scale-out takes. A policy of this package.
 */
const UTILIZATION_TARGET = { min: 20, max: 85 };

/** The scaling target a policy or scheduled action acts on: same namespace, dimension and resource id. */
function targetOf(stack: StackIndex, r: PolicyResource): PolicyResource | undefined {
    return stack
        .ofType(T.scalingTarget)
        .find(
            (t) =>
                str(t.inputs.resourceId) === str(r.inputs.resourceId) &&
                str(t.inputs.scalableDimension) === str(r.inputs.scalableDimension) &&
                str(t.inputs.serviceNamespace) === str(r.inputs.serviceNamespace),
        );
}

function allKnown(r: PolicyResource, keys: string[]): boolean {
    return keys.every((k) => known(r.inputs[k]));
}

export const AUTOSCALING_RULES: Rule[] = [
    defineRule({
        id: "autoscaling-target-wired",
        area: "autoscaling",
        description:
            "Every ECS scaling target scales the desired count (`ecs:service:DesiredCount`) of a service of this stack (`service/<cluster>/<service>`), and every scaling policy and scheduled action acts on a scaling target of this stack.",
        sources: ["Well-Architected REL07-BP01"],
        severity: "high",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) => {
            const out: Finding[] = [];
            const services = stack.ofType(T.service);
            for (const t of stack.ofType(T.scalingTarget)) {
                if (str(t.inputs.serviceNamespace) !== "ecs" || !allKnown(t, ["resourceId", "scalableDimension"])) continue;
                if (str(t.inputs.scalableDimension) !== "ecs:service:DesiredCount") {
                    out.push(
                        finding(
                            t,
                            `Scales ${JSON.stringify(t.inputs.scalableDimension)}: an ECS service target scales "ecs:service:DesiredCount".`,
                        ),
                    );
                } else if (!services.some((s) => scalingTargetsOf(stack, s).includes(t))) {
                    out.push(
                        finding(
                            t,
                            `Scales ${JSON.stringify(t.inputs.resourceId)}, which is no ECS service of this stack: use "service/<cluster name>/<service name>" of the service it should scale.`,
                        ),
                    );
                }
            }
            for (const r of [...stack.ofType(T.scalingPolicy), ...stack.ofType(T.scheduledAction)]) {
                if (!allKnown(r, ["resourceId", "scalableDimension", "serviceNamespace"])) continue;
                if (!targetOf(stack, r)) {
                    out.push(
                        finding(
                            r,
                            `Acts on ${r.inputs.serviceNamespace} ${JSON.stringify(r.inputs.resourceId)} (${r.inputs.scalableDimension}), which has no scaling target in this stack: register an aws.appautoscaling.Target with the same resourceId, scalableDimension and serviceNamespace.`,
                        ),
                    );
                }
            }
            return out;
        },
    }),
    defineRule({
        id: "autoscaling-bounds",
        area: "autoscaling",
        description:
            "Scaling bounds are sane: at least one task, the maximum not below the minimum, and the same for every scheduled action.",
        sources: ["Well-Architected REL07-BP01"],
        severity: "high",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) => {
            const out: Finding[] = [];
            const bounds = (r: PolicyResource, min: unknown, max: unknown, where: string) => {
                const lo = num(min);
                const hi = num(max);
                if (lo !== undefined && lo < 1)
                    out.push(finding(r, `${where}minCapacity is ${lo}: keep at least 1 task behind the load balancer.`));
                if (lo !== undefined && hi !== undefined && hi < lo)
                    out.push(
                        finding(r, `${where}maxCapacity (${hi}) is below minCapacity (${lo}): raise maxCapacity or lower minCapacity.`),
                    );
            };
            for (const t of stack.ofType(T.scalingTarget)) bounds(t, t.inputs.minCapacity, t.inputs.maxCapacity, "");
            for (const a of stack.ofType(T.scheduledAction)) {
                const action = a.inputs.scalableTargetAction;
                if (action && known(action)) bounds(a, action.minCapacity, action.maxCapacity, "scalableTargetAction.");
            }
            return out;
        },
    }),
    defineRule({
        id: "autoscaling-sane-targets",
        area: "autoscaling",
        description: `Target-tracking policies aim at usable values: CPU and memory utilization between ${UTILIZATION_TARGET.min}% and ${UTILIZATION_TARGET.max}% (outside it a service never scales in or has no headroom while scaling out), request counts above zero, and cooldowns that are not negative.`,
        sources: ["Well-Architected REL07-BP01"],
        severity: "medium",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) =>
            stack.ofType(T.scalingPolicy).flatMap((p) => {
                const config = p.inputs.targetTrackingScalingPolicyConfiguration;
                if (!config || !known(config)) return [];
                const out: Finding[] = [];
                const value = num(config.targetValue);
                const metric = str(config.predefinedMetricSpecification?.predefinedMetricType);
                if (value !== undefined && value <= 0) {
                    out.push(finding(p, `Targets ${value}: a target-tracking value must be above 0.`));
                } else if (
                    value !== undefined &&
                    metric &&
                    /CPUUtilization|MemoryUtilization/.test(metric) &&
                    (value < UTILIZATION_TARGET.min || value > UTILIZATION_TARGET.max)
                ) {
                    out.push(
                        finding(
                            p,
                            `Targets ${value}% ${metric}: choose a value from ${UTILIZATION_TARGET.min} to ${UTILIZATION_TARGET.max}.`,
                        ),
                    );
                }
                for (const key of ["scaleInCooldown", "scaleOutCooldown"]) {
                    const v = num(config[key]);
                    if (v !== undefined && v < 0) out.push(finding(p, `${key} is ${v}: cooldowns are seconds, 0 or more.`));
                }
                return out;
            }),
    }),
];
