/**
 * A small JSON Schema (draft 2020-12) validator for the keywords `tools/config-schema.ts` emits, so
 * the tests can check the stack files against the generated schema without a validator package.
 * A keyword outside that subset throws rather than pass unchecked.
 */

/** A JSON Schema: an object of keywords, or `true` / `false`. */
export type JsonSchema = boolean | { [keyword: string]: unknown };

/** Keywords that describe and never constrain. */
const ANNOTATIONS = new Set(["$schema", "$id", "title", "description", "default", "examples", "$comment"]);

/** The keywords {@link validate} checks. */
export const CHECKED_KEYWORDS = [
    "type",
    "enum",
    "const",
    "properties",
    "required",
    "additionalProperties",
    "propertyNames",
    "items",
    "minItems",
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "anyOf",
    "not",
] as const;

/**
 * The places where `value` breaks `schema`, one line each (`/config/elastic-web:name: must match …`);
 * empty when it is valid. Under `anyOf`, only the fact that no alternative matched is reported.
 */
export function validate(schema: JsonSchema, value: unknown, at = ""): string[] {
    if (schema === true) return [];
    if (schema === false) return [`${at || "/"}: is not allowed`];
    const errors: string[] = [];
    const fail = (text: string) => errors.push(`${at || "/"}: ${text}`);
    for (const keyword of Object.keys(schema)) {
        if (!ANNOTATIONS.has(keyword) && !(CHECKED_KEYWORDS as readonly string[]).includes(keyword)) {
            throw new Error(`${at || "/"}: the keyword ${JSON.stringify(keyword)} is outside what json-schema-check knows`);
        }
    }
    const s = schema as Record<string, any>;
    if (s.type !== undefined && !hasType(value, s.type)) {
        fail(`must be of type ${s.type}`);
        return errors;
    }
    if (s.enum !== undefined && !s.enum.some((e: unknown) => e === value)) fail(`must be one of ${JSON.stringify(s.enum)}`);
    if (s.const !== undefined && s.const !== value) fail(`must be ${JSON.stringify(s.const)}`);
    if (typeof value === "string") {
        if (s.minLength !== undefined && [...value].length < s.minLength) fail(`must have at least ${s.minLength} characters`);
        if (s.maxLength !== undefined && [...value].length > s.maxLength) fail(`must have at most ${s.maxLength} characters`);
        if (s.pattern !== undefined && !new RegExp(s.pattern, "u").test(value)) fail(`must match ${s.pattern}`);
    }
    if (typeof value === "number") {
        if (s.minimum !== undefined && value < s.minimum) fail(`must be at least ${s.minimum}`);
        if (s.maximum !== undefined && value > s.maximum) fail(`must be at most ${s.maximum}`);
        if (s.exclusiveMinimum !== undefined && value <= s.exclusiveMinimum) fail(`must be greater than ${s.exclusiveMinimum}`);
    }
    if (Array.isArray(value)) {
        if (s.minItems !== undefined && value.length < s.minItems) fail(`must have at least ${s.minItems} items`);
        if (s.items !== undefined) value.forEach((item, i) => errors.push(...validate(s.items, item, `${at}/${i}`)));
    }
    if (isObject(value)) {
        for (const key of s.required ?? []) if (!(key in value)) fail(`must have ${JSON.stringify(key)}`);
        for (const [key, item] of Object.entries(value)) {
            const path = `${at}/${key}`;
            if (s.propertyNames !== undefined && validate(s.propertyNames, key, path).length > 0) {
                errors.push(`${path}: is not an allowed key`);
                continue;
            }
            if (s.properties && Object.hasOwn(s.properties, key)) errors.push(...validate(s.properties[key], item, path));
            else if (s.additionalProperties === false) errors.push(`${path}: is not a known key`);
            else if (s.additionalProperties !== undefined) errors.push(...validate(s.additionalProperties, item, path));
        }
    }
    if (s.anyOf !== undefined && !s.anyOf.some((alt: JsonSchema) => validate(alt, value, at).length === 0)) {
        fail("matches none of the allowed forms");
    }
    if (s.not !== undefined && validate(s.not, value, at).length === 0) fail("matches a form that is not allowed");
    return errors;
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function hasType(value: unknown, type: string): boolean {
    switch (type) {
        case "object":
            return isObject(value);
        case "array":
            return Array.isArray(value);
        case "integer":
            return Number.isInteger(value);
        case "number":
            return typeof value === "number" && Number.isFinite(value);
        case "null":
            return value === null;
        default:
            return typeof value === type;
    }
}
