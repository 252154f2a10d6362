/**
 * Advice in the words of the package: a finding on a resource one of our components made names
 * the component arg (and, under ElasticStack, the stack config key) that fixes it, or says plainly
 * that the component has no such setting and what to do instead. A finding on a user's own raw
 * resource keeps the rule's wording, which names the AWS input.
 *
 * Which component made a resource is read from its parent chain (the nearest ancestor whose type
 * is `elastic-web:aws:<Name>`), else from the type chain its URN carries.
 */
import { Finding, PolicyResource, StackIndex } from "./resources";

/** Prefix of our components' type tokens. */
const OURS = "elastic-web:aws:";

/** The component that made a resource. */
export interface MadeBy {
    /** Component name without the prefix: `LoadBalancer`, `ElasticService`, … */
    component: string;
    /** The component's logical name, e.g. `app-web`. */
    name: string;
    /**
     * Prefix of the component's stack config keys when ElasticStack composed it, e.g.
     * `elastic-web:loadBalancer.` or `elastic-web:services.web.`; undefined outside a stack.
     */
    config?: string;
}

/** Stack config namespace of each component ElasticStack composes (services are keyed by name). */
const CONFIG_PREFIX: Record<string, string> = {
    Network: "elastic-web:network.",
    LoadBalancer: "elastic-web:loadBalancer.",
    ReplicatedBucket: "elastic-web:bucket.",
    ServiceAlarms: "elastic-web:alarms.",
    ElasticStack: "elastic-web:",
};

/** The type chain of a URN (`urn:pulumi:<stack>::<project>::<parent types $ … $ type>::<name>`). */
function typeChain(urn: string): string[] {
    return (urn.split("::")[2] ?? "").split("$");
}

/** The logical name of a URN. */
function urnName(urn: string): string {
    return urn.split("::").slice(3).join("::");
}

/**
 * The component of this package that made `r`, or undefined for a resource of the user's own.
 *
 * @example
 * madeBy(stack, albOfAStack); // { component: "LoadBalancer", name: "app", config: "elastic-web:loadBalancer." }
 */
export function madeBy(stack: StackIndex, r: PolicyResource): MadeBy | undefined {
    const ancestors: { type: string; name: string }[] = [];
    for (let parent = r.parent; parent;) {
        const record = stack.get(parent);
        ancestors.push({ type: record?.type ?? typeChain(parent).slice(-1)[0], name: record?.name ?? urnName(parent) });
        parent = record?.parent ?? null;
    }
    const chain = typeChain(r.urn).slice(0, -1);
    const owner = ancestors.find((a) => a.type.startsWith(OURS)) ?? chainOwner(chain, r.parent);
    if (!owner) return undefined;
    const component = owner.type.slice(OURS.length);
    const composed = ancestors.find((a) => a.type === `${OURS}ElasticStack` && a !== owner);
    const inStack = composed !== undefined || (component !== "ElasticStack" && chain.includes(`${OURS}ElasticStack`));
    let config: string | undefined;
    if (component === "ElasticStack") config = CONFIG_PREFIX.ElasticStack;
    else if (component === "ElasticService") {
        // ElasticStack names each service `${stack name}-${key}`: the key is the rest.
        if (composed && owner.name.startsWith(`${composed.name}-`))
            config = `elastic-web:services.${owner.name.slice(composed.name.length + 1)}.`;
    } else if (inStack) config = CONFIG_PREFIX[component];
    return { component, name: owner.name, config };
}

/** The nearest component type in a URN's type chain, when the parent records are missing. */
function chainOwner(chain: string[], parent: string | null): { type: string; name: string } | undefined {
    const type = [...chain].reverse().find((t) => t.startsWith(OURS));
    if (!type) return undefined;
    const parentType = parent ? typeChain(parent).slice(-1)[0] : undefined;
    return { type, name: parent && parentType === type ? urnName(parent) : "?" };
}

/** A fix through our API: the arg (path and value) to set, a sentence of what to do instead, or the whole message. */
export type Fix =
    | { path: string; value: string; /** The stack config key when it is not the component's prefix + path. */ key?: string }
    | { say: string }
    | { message: string };

/** What a rule advises for a finding on a resource one of our components made; undefined: no arg for it. */
export type Advice = (f: Finding, by: MadeBy) => Fix | undefined;

/** The `<problem>` of a rule message `<problem>: <AWS-input fix>`; the whole message when it has no such split. */
export function problemOf(message: string): string {
    const m =
        /^(.*?): (?:set|add|give|associate|move|use|remove|make|attach|create|send|name|run|raise|replicate|keep|choose|allow|encrypt|register|alarm|admit|write|list|notify|deny|narrow)\b/.exec(
            message,
        );
    return m ? m[1] : message.replace(/\.$/, "");
}

/** The message of a finding on a resource our component made. */
export function adviseOurs(f: Finding, by: MadeBy, advice: Advice | undefined): string {
    const fix = advice?.(f, by);
    const where = `${by.component} ${JSON.stringify(by.name)}`;
    if (!fix) {
        const problem = problemOf(f.message);
        const how = `adjust its child ${f.resource.name} with a transformation (README "Adjusting a child")`;
        if (problem.length >= f.message.length - 1) return `${problem}: not configurable through ${where} yet; ${how}.`;
        return `${problem}: not configurable through ${where} yet; ${how} to ${f.message.slice(problem.length + 2)}`;
    }
    if ("message" in fix) return fix.message;
    // The AWS default a rule message cites is not our component's default.
    const problem = problemOf(f.message).replace(/ \([^()]*defaults to[^()]*\)$/, "");
    if ("say" in fix) return `${problem}: ${fix.say}`;
    const key = fix.key ?? (by.config ? `${by.config}${fix.path}` : undefined);
    return `${problem}: set \`${fix.path}: ${fix.value}\` on ${where}${key ? ` (stack config \`${key}\`)` : ""}.`;
}
