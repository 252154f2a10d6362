/**
 * The plan of a program (what `synth` returns and `npm run preview -- --json` writes) and the
 * assertions on it. The data fields are the JSON document; the assertion methods live on the
 * prototype, so `JSON.stringify(plan)` gives exactly that document.
 *
 * Nothing here loads the Pulumi SDK.
 */
import { AssertionError } from "assert";
import { COMPONENT_TYPES, registeredTypes } from "./types";
import { formatMismatches, isMatcher, isPlainObject, matchInputs, Mismatch, render } from "./match";

/** Resource options a plan records; inherited values (`protect`) are resolved. */
export interface PlanOptions {
    protect: boolean;
    retainOnDelete: boolean;
    ignoreChanges: string[];
    /** URNs of the resources named in `dependsOn`. */
    dependsOn: string[];
    deleteBeforeReplace: boolean;
}

/** One registered resource, as the engine would receive it. */
export interface PlanResource {
    /**
     * URN as the engine (`pulumi up`) makes it, not as the mock runtime does: the type is qualified
     * by the types of all its ancestors below the root stack, whose own type is left out
     * (`urn:pulumi:prod::elastic-web::elastic-web:aws:ElasticStack$elastic-web:aws:ElasticService$aws:ecs/service:Service::app-web-svc`,
     * `urn:pulumi:dev::elastic-web::aws:sns/topic:Topic::alarms` at the top level). Every URN in a
     * plan (`parent`, `provider`, `dependsOn`, references in inputs and outputs) is the engine's;
     * the mock runtime's own URN (`resource.urn` under mocks) is not recorded.
     */
    urn: string;
    type: string;
    /** Logical name. */
    name: string;
    /** True for resources a provider manages (providers included), false for components. */
    custom: boolean;
    /** URN of the parent; top-level resources have the root stack's URN. */
    parent: string | null;
    /** URN of the explicit provider the engine would use; null for the default provider and for components. */
    provider: string | null;
    /** Region the resource lives in: its `region` input, its provider's region, or the stack's. */
    region: string;
    /**
     * Inputs as the provider receives them: outputs resolved, resources as their URNs, values
     * unknown at preview time as `"[unknown]"`, secrets as `"[secret]"` (never their clear text).
     */
    inputs: Record<string, any>;
    /**
     * Paths in `inputs` that hold a secret (`["secretString"]`, `["tags.password"]`), each
     * masked as `"[secret]"` there; absent when the resource has none. Match them with
     * `Match.secret()`.
     */
    secretPaths?: string[];
    options: PlanOptions;
    /**
     * Set on resources the program did not register but a remote component will create, computed
     * from the component's recorded inputs: `"awsx"` for the children of an `awsx:ec2:Vpc`
     * (subnets, route tables and their associations, routes, NAT gateways, Elastic IPs, the
     * internet gateway, the VPC itself), derived from awsx 3.x's code, not observed. Absent on
     * every registered resource. The assertions count derived resources like any other.
     */
    derived?: string;
}

/** A policy finding, as the package's policy rules (`policy/`) report it. */
export interface PlanViolation {
    /** The rule broken, e.g. `"alb-deletion-protection"`. */
    ruleId?: string;
    /** `"high"`, `"medium"` or `"low"`. */
    severity?: string;
    /** True when the rule blocks a deployment in the evaluated environment. */
    mandatory?: boolean;
    /** URN of the resource. */
    resource?: string;
    resourceName?: string;
    resourceType?: string;
    /** What is wrong and how to fix it. */
    message?: string;
}

/** The plan as a JSON document: what `npm run preview -- --json` writes. */
export interface PlanData {
    project: string;
    stack: string;
    /** The config map the program ran with (`"aws:region"`, `"elastic-web:services"`, …). */
    config: Record<string, unknown>;
    /** In registration order; the root stack itself is not listed. */
    resources: PlanResource[];
    /**
     * What the program returned, resolved: outputs awaited, resources replaced by their URN.
     * A module object (a program's `export const`s) gives one entry per export.
     */
    outputs: any;
    /** Policy findings: filled in by the preview, and by `synth` when asked (`{ policy: "prod" }`). */
    policy: { violations: PlanViolation[] };
    /** Monthly cost estimate; filled in by the cost tools. */
    cost: { monthlyUsd: number; lines: unknown[] };
}

/** How many candidates a failure message lists. */
const CANDIDATES = 3;

/**
 * Everything a program would create, with its outputs, and assertions over it. Made by `synth`;
 * `Plan.from(JSON.parse(text))` rebuilds one from a preview's JSON. Assertions throw an
 * `AssertionError` whose message shows what was expected and what the plan holds instead.
 *
 * @example
 * const plan = await synth(() => new ElasticService("api", args));
 * plan.hasResource("aws:ecs/service:Service", { deploymentCircuitBreaker: { rollback: true } });
 * assert.deepEqual(plan.options(plan.child("api", "svc")).ignoreChanges, ["desiredCount"]);
 */
export class Plan implements PlanData {
    project: string;
    stack: string;
    config: Record<string, unknown>;
    resources: PlanResource[];
    outputs: any;
    policy: { violations: PlanViolation[] };
    cost: { monthlyUsd: number; lines: unknown[] };

    constructor(data: PlanData) {
        // Assigned in the document's key order: JSON.stringify keeps it.
        this.project = data.project;
        this.stack = data.stack;
        this.config = data.config;
        this.resources = data.resources;
        this.outputs = data.outputs;
        this.policy = data.policy;
        this.cost = data.cost;
    }

    /** A plan over a preview's JSON (the document, or its text). */
    static from(data: PlanData | string): Plan {
        return new Plan(typeof data === "string" ? (JSON.parse(data) as PlanData) : data);
    }

    /**
     * The resources of `type` whose inputs match `matching` (objectLike; see `Match`), in
     * registration order. Named `resourcesOf` because `resources` is the plan's data field.
     */
    resourcesOf(type: string, matching?: unknown): PlanResource[] {
        this.checkType("resourcesOf", type);
        const ofType = this.resources.filter((r) => r.type === type);
        return matching === undefined ? ofType : ofType.filter((r) => matchInputs(matching, r.inputs).length === 0);
    }

    /** The one resource of `type` (matching `matching`, if given); throws when there is none or several. */
    resource(type: string, matching?: unknown): PlanResource {
        this.checkType("resource", type);
        const found = this.resourcesOf(type, matching);
        if (found.length === 1) return found[0];
        if (found.length === 0 && matching !== undefined) this.hasResource(type, matching);
        const what = `${type}${matching === undefined ? "" : ` matching ${render(matching)}`}`;
        throw new AssertionError({
            message:
                found.length === 0
                    ? `resource: ${this.noSuchType(type)}`
                    : `resource: expected one ${what}, found ${found.length}: ${names(found)}`,
            operator: "resource",
        });
    }

    /** The one resource named `name` (of `type`, if given); throws when there is none or several. */
    named(name: string, type?: string): PlanResource {
        if (type !== undefined) this.checkType("named", type);
        const found = this.resources.filter((r) => r.name === name && (type === undefined || r.type === type));
        if (found.length === 1) return found[0];
        const what = `${JSON.stringify(name)}${type ? ` of type ${type}` : ""}`;
        let message: string;
        if (found.length === 0) {
            const similar = closestStrings(
                name,
                this.resources.map((r) => r.name),
            );
            message = `named: no resource ${what} in the plan` + (similar.length > 0 ? `; similar names: ${similar.join(", ")}` : "");
        } else {
            message = `named: ${found.length} resources ${what}; pass the type: ${found.map((r) => r.type).join(", ")}`;
        }
        throw new AssertionError({ message, operator: "named" });
    }

    /**
     * Asserts that a resource of `type` has inputs matching `inputs` (objectLike: other keys may
     * exist; see `Match`) and returns the first that does. On failure the message shows the
     * pattern, the closest resources of that type by number of differing paths and, for the
     * closest, each differing path with the expected and the actual value.
     *
     * @example
     * plan.hasResource("aws:ecs/service:Service", { deploymentCircuitBreaker: { enable: true, rollback: true } });
     */
    hasResource(type: string, inputs: unknown): PlanResource {
        if (!isPlainObject(inputs) && !isMatcher(inputs)) {
            throw new TypeError(`hasResource: the inputs pattern must be an object or a Match matcher, got ${render(inputs)}`);
        }
        this.checkType("hasResource", type);
        const ofType = this.resources.filter((r) => r.type === type);
        const scored = ofType.map((r) => ({ r, mismatches: matchInputs(inputs, r.inputs) }));
        const hit = scored.find((s) => s.mismatches.length === 0);
        if (hit) return hit.r;

        const lines = [`hasResource: no ${type} has inputs matching`, `  ${render(inputs, 2000)}`];
        if (ofType.length === 0) {
            lines.push(this.noSuchType(type));
        } else {
            scored.sort((a, b) => a.mismatches.length - b.mismatches.length);
            const [closest, ...others] = scored;
            const count = ofType.length === 1 ? "1 resource" : `${ofType.length} resources`;
            lines.push(`${count} of that type${ofType.length > 1 ? ", closest first" : ""}:`);
            lines.push(`  ${closest.r.name} (${paths(closest.mismatches)}):`);
            lines.push(...formatMismatches(closest.mismatches, "    "));
            for (const s of others.slice(0, CANDIDATES - 1)) lines.push(`  ${s.r.name} (${paths(s.mismatches)})`);
            if (others.length > CANDIDATES - 1) lines.push(`  … and ${others.length - (CANDIDATES - 1)} more`);
        }
        throw new AssertionError({ message: lines.join("\n"), operator: "hasResource" });
    }

    /** Asserts that no resource of `type` has inputs matching `inputs`; the message names those that do. */
    hasNoResource(type: string, inputs: unknown = {}): void {
        this.checkType("hasNoResource", type);
        const found = this.resourcesOf(type, inputs);
        if (found.length === 0) return;
        throw new AssertionError({
            message: `hasNoResource: expected no ${type} with inputs matching ${render(inputs)}, found ${found.length}: ${names(found)}`,
            operator: "hasNoResource",
        });
    }

    /** How many resources of `type` the plan holds. */
    resourceCount(type: string): number {
        this.checkType("resourceCount", type);
        return this.resources.reduce((n, r) => n + (r.type === type ? 1 : 0), 0);
    }

    /** Asserts that the plan holds exactly `count` resources of `type`; the message names those it holds. */
    hasResourceCount(type: string, count: number): void {
        this.checkType("hasResourceCount", type);
        const found = this.resources.filter((r) => r.type === type);
        if (found.length === count) return;
        const similar = found.length === 0 ? this.similarTypes(type) : [];
        const held = found.length > 0 ? `: ${names(found)}` : similar.length > 0 ? `; similar types: ${similar.join(", ")}` : "";
        throw new AssertionError({
            message: `hasResourceCount: expected ${count} ${type}, found ${found.length}${held}`,
            operator: "hasResourceCount",
        });
    }

    /** The direct children of a component (a PlanResource, or the name of components), in registration order. */
    children(component: PlanResource | string): PlanResource[] {
        const parents = new Set(this.componentsOf(component).map((c) => c.urn));
        return this.resources.filter((r) => r.parent !== null && parents.has(r.parent));
    }

    /**
     * The child named `${component.name}-${role}` parented to `component` (a PlanResource, or a
     * name: several components may share it, e.g. a stack's network and load balancer).
     *
     * @example
     * plan.child("api", "svc")      // the ECS service of ElasticService "api"
     */
    child(component: PlanResource | string, role: string): PlanResource {
        const name = typeof component === "string" ? component : component.name;
        const components = this.componentsOf(component);
        if (components.length === 0) {
            const similar = closestStrings(
                name,
                this.resources.filter((r) => !r.custom).map((r) => r.name),
            );
            throw new AssertionError({
                message:
                    `child: no component ${JSON.stringify(name)} in the plan` +
                    (similar.length > 0 ? `; components with a similar name: ${similar.join(", ")}` : ""),
                operator: "child",
            });
        }
        const parents = new Set(components.map((c) => c.urn));
        const children = this.resources.filter((r) => r.parent !== null && parents.has(r.parent));
        const wanted = `${name}-${role}`;
        const found = children.filter((r) => r.name === wanted);
        if (found.length === 1) return found[0];
        const message =
            found.length === 0
                ? `child: ${JSON.stringify(name)} has no child ${JSON.stringify(wanted)}; its children: ${names(children) || "none"}`
                : `child: ${JSON.stringify(name)} has ${found.length} children named ${JSON.stringify(wanted)}: ${found.map((r) => r.type).join(", ")}`;
        throw new AssertionError({ message, operator: "child" });
    }

    /** The options of a resource (a PlanResource, or the name of one resource). */
    options(resource: PlanResource | string): PlanOptions {
        return (typeof resource === "string" ? this.named(resource) : resource).options;
    }

    /**
     * The policy findings, optionally of one severity. Filled in by the preview, and by `synth`
     * only when asked (`synth(program, { policy: "prod" })`); empty otherwise.
     */
    violations(filter: { severity?: string } = {}): PlanViolation[] {
        const all = this.policy?.violations ?? [];
        return filter.severity === undefined ? [...all] : all.filter((v) => v.severity === filter.severity);
    }

    /** Components given as a PlanResource, or every component of that name. */
    private componentsOf(component: PlanResource | string): PlanResource[] {
        if (typeof component !== "string") return [component];
        return this.resources.filter((r) => r.name === component && !r.custom);
    }

    /**
     * Refuses a type token that no installed Pulumi package registers, that is not one of this
     * package's components and that the plan does not hold: an assertion of absence on a misspelt
     * token would pass whatever the program makes.
     */
    private checkType(operator: string, type: string): void {
        const own = this.resources.map((r) => r.type);
        if (own.includes(type) || COMPONENT_TYPES.includes(type) || registeredTypes().has(type)) return;
        const [suggestion] = closestStrings(type, [...own, ...COMPONENT_TYPES, ...registeredTypes()]);
        throw new AssertionError({
            message:
                `${operator}: ${JSON.stringify(type)} is not a resource type of the installed Pulumi packages, of this package or of the plan` +
                (suggestion !== undefined ? `; did you mean \`${suggestion}\`?` : ""),
            operator,
        });
    }

    /** Types of the plan that differ from `type` as a typo would. */
    private similarTypes(type: string): string[] {
        return closestStrings(
            type,
            this.resources.map((r) => r.type),
        ).filter((t) => t !== type);
    }

    /** `no resource of type X in the plan (N resources); similar types: …` */
    private noSuchType(type: string): string {
        const similar = this.similarTypes(type);
        return (
            `no resource of type ${type} in the plan (${this.resources.length} resources)` +
            (similar.length > 0 ? `; similar types: ${similar.join(", ")}` : "")
        );
    }
}

function names(resources: readonly PlanResource[]): string {
    return resources.map((r) => r.name).join(", ");
}

function paths(mismatches: readonly Mismatch[]): string {
    return mismatches.length === 1 ? "1 differing path" : `${mismatches.length} differing paths`;
}

/** Up to three of `candidates` closest to `target` by edit distance (case-insensitive), close enough to be a typo. */
function closestStrings(target: string, candidates: readonly string[]): string[] {
    const t = target.toLowerCase();
    const limit = Math.max(3, Math.floor(t.length / 3));
    return [...new Set(candidates)]
        .map((c) => ({ c, d: c.toLowerCase() === t ? 0 : editDistance(t, c.toLowerCase()) }))
        .filter((x) => x.d <= limit)
        .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
        .slice(0, 3)
        .map((x) => x.c);
}

function editDistance(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        previous = current;
    }
    return previous[b.length];
}
