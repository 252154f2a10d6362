/**
 * The rules as CrossGuard stack policies: what crossguard.ts serves to the Pulumi engine. Kept apart
 * from the entry point so it can be tested without starting a policy-pack server.
 *
 * CrossGuard fixes a policy's enforcement level when the pack loads, but whether a rule is mandatory
 * depends on the stack's environment. So each rule becomes two policies: `<rule id>` (mandatory,
 * reporting the violations of environments where the rule is mandatory) and `<rule id>-advisory`
 * (advisory, reporting the others). Each violation appears exactly once, at the right level.
 */
import type { PolicyResource as CrossGuardResource, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { ENVIRONMENTS, Environment } from "../components/stack/profiles";
import { RULES, evaluate } from "./index";
import { PolicyResource, Rule, UNKNOWN } from "./resources";

/** Environment variable that names the environment a `pulumi preview --policy-pack policy` run evaluates as. */
export const ENVIRONMENT_VARIABLE = "ELASTIC_WEB_ENVIRONMENT";

/** Name of the pack (`pulumi policy` commands and the engine's output show it). */
export const PACK_NAME = "elastic-web";

/** Copies a CrossGuard property value into plain data; values unknown during preview become {@link UNKNOWN}. */
export function plainValue(value: unknown): unknown {
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) {
        const out: unknown[] = [];
        for (let i = 0; i < value.length; i++) out.push(read(value, i));
        return out;
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = read(value as Record<string, unknown>, key);
    return out;
}

/** Reads one property; CrossGuard's proxy throws on values unknown during preview. */
function read(container: any, key: string | number): unknown {
    try {
        return plainValue(container[key]);
    } catch {
        return UNKNOWN;
    }
}

/** A CrossGuard resource as the rules see it. CrossGuard does not expose `retainOnDelete`, so it stays undefined (unknown). */
export function toPolicyResource(r: CrossGuardResource): PolicyResource {
    const inputs = plainValue(r.props) as Record<string, any>;
    const providerRegion = r.provider ? read(r.provider.props, "region") : undefined;
    const region = [inputs.region, providerRegion].find((v): v is string => typeof v === "string" && v !== "" && v !== UNKNOWN) ?? "";
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        parent: r.parent?.urn ?? r.opts.parent ?? null,
        region,
        inputs,
        options: { protect: r.opts.protect === true, retainOnDelete: undefined, ignoreChanges: [...(r.opts.ignoreChanges ?? [])] },
        propertyDependencies: Object.fromEntries(
            Object.entries(r.propertyDependencies ?? {}).map(([key, deps]) => [key, deps.map((d) => d.urn)]),
        ),
    };
}

function isEnvironment(value: unknown): value is Environment {
    return typeof value === "string" && (ENVIRONMENTS as readonly string[]).includes(value);
}

/**
 * The environment to evaluate a stack as: the {@link ENVIRONMENT_VARIABLE} variable, else the stack
 * tag `environment`, else the `environment` tag most of its resources carry (the stacks of this
 * package tag every resource with it), else the stack name when it is an environment, else prod
 * (the strictest). Throws when the variable names no environment.
 */
export function inferEnvironment(
    resources: readonly PolicyResource[],
    stackTags: ReadonlyMap<string, string> = new Map(),
    variables: Record<string, string | undefined> = process.env,
): Environment {
    const variable = variables[ENVIRONMENT_VARIABLE];
    if (variable !== undefined && variable !== "") {
        if (!isEnvironment(variable)) {
            throw new Error(
                `${ENVIRONMENT_VARIABLE}=${JSON.stringify(variable)} names no environment; use one of ${ENVIRONMENTS.join(", ")}.`,
            );
        }
        return variable;
    }
    const tag = stackTags.get("environment");
    if (isEnvironment(tag)) return tag;
    const counts = new Map<Environment, number>();
    for (const r of resources) {
        const env = r.inputs?.tags?.environment;
        if (isEnvironment(env)) counts.set(env, (counts.get(env) ?? 0) + 1);
    }
    const tagged = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
    if (tagged) return tagged[0];
    const stack = resources[0]?.urn.split("::")[0]?.split(":")[2];
    return isEnvironment(stack) ? stack : "prod";
}

/** The violations of one rule for a CrossGuard stack, with whether the rule is mandatory in its environment. */
function violationsOf(rule: Rule, args: StackValidationArgs, variables: Record<string, string | undefined>) {
    const resources = args.resources.map(toPolicyResource);
    const environment = inferEnvironment(resources, args.stackTags, variables);
    return evaluate(resources, environment, [rule]);
}

/**
 * The stack policies of the pack: per rule, `<id>` (mandatory) and `<id>-advisory` (advisory),
 * each reporting the violations that have its level in the stack's environment.
 */
export function crossGuardPolicies(
    rules: readonly Rule[] = RULES,
    variables: Record<string, string | undefined> = process.env,
): StackValidationPolicy[] {
    return rules.flatMap((rule) => {
        const description = `${rule.description} Sources: ${rule.sources.join("; ")}.`;
        const policy = (mandatory: boolean): StackValidationPolicy => ({
            name: mandatory ? rule.id : `${rule.id}-advisory`,
            description,
            enforcementLevel: mandatory ? "mandatory" : "advisory",
            severity: rule.severity,
            validateStack: (args, reportViolation) => {
                for (const v of violationsOf(rule, args, variables)) {
                    if (v.mandatory === mandatory) reportViolation(`${v.resourceName}: ${v.message}`, v.resource);
                }
            },
        });
        return [policy(true), policy(false)];
    });
}
