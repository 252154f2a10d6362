/**
 * The URNs the Pulumi engine gives resources, computed from the parent chain. The mock runtime
 * makes its own (`MockMonitor.newUrn` qualifies a type by its direct parent's type only, the
 * root stack's included); a plan records the engine's, which `pulumi up` would create.
 *
 * Nothing here loads the Pulumi SDK.
 */

/** The type of the root stack resource, which the engine leaves out of its children's URNs. */
export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/** The qualified type of a URN (`urn:pulumi:<stack>::<project>::<qualified type>::<name>`): its third part. */
export function qualifiedType(urn: string): string {
    return urn.split("::")[2] ?? "";
}

/**
 * The URN the engine gives a resource of `type` named `name` whose parent has the URN `parentUrn`
 * (null for the root stack itself, or a resource without a parent). The engine passes the parent
 * URN's qualified type to `NewURN` (pulumi/pulumi `sdk/go/common/resource/urn.go`), which prefixes
 * it with `$` unless it is empty or the root stack's type; the Node SDK's `createUrn`
 * (`@pulumi/pulumi/resource.js`) does the same from the parent URN ("Don't prefix the stack type
 * as a parent type"). So a child's qualified type holds the types of all its ancestors below the
 * root stack.
 *
 * @example
 * engineUrn("prod", "elastic-web", "urn:pulumi:prod::elastic-web::elastic-web:aws:ElasticStack::app", "elastic-web:aws:ElasticService", "app-web")
 * // "urn:pulumi:prod::elastic-web::elastic-web:aws:ElasticStack$elastic-web:aws:ElasticService::app-web"
 */
export function engineUrn(stack: string, project: string, parentUrn: string | null, type: string, name: string): string {
    const parentType = parentUrn === null ? "" : qualifiedType(parentUrn);
    const qualified = parentType !== "" && parentType !== ROOT_STACK_TYPE ? `${parentType}$${type}` : type;
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** `value` with every string that is a key of `urns` replaced by its value, arrays and plain objects walked. */
export function replaceUrns<T>(value: T, urns: ReadonlyMap<string, string>): T {
    if (typeof value === "string") return (urns.get(value) ?? value) as T;
    if (Array.isArray(value)) return value.map((v) => replaceUrns(v, urns)) as T;
    if (value === null || typeof value !== "object") return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = replaceUrns(v, urns);
    return out as T;
}
