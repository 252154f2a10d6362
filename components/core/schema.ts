/**
 * Settings described once, as zod schemas, and checked the package's way.
 *
 * Each settings object of a component is a `z.object` of field schemas built with the constructors
 * below. From that one description come the key list, the unknown-key check, the per-value checks,
 * the defaults and the JSON Schema of the stack files. The schema is walked by {@link checkObject}
 * rather than parsed with `schema.parse`, for three reasons zod cannot serve on its own:
 *
 * - messages keep the package's form (key path, value, what is allowed), one per bad value, in the
 *   order of the keys, all problems at once, and with the stack config's key prefix
 *   (`elastic-web:services.web.`) where the stack config checks a component's settings;
 * - values known only at deployment (`pulumi.Output`, promises) are skipped, never refused;
 * - cross-field rules run right after the field they report on (see {@link after}), with the
 *   knowledge of which fields passed, so a bad value is reported once and not again by a rule built on it.
 *
 * What zod cannot say well (a cron expression, a Fargate CPU and memory pair, listener-rule limits) is
 * a hand-written rule kept beside the schema it belongs to, attached with {@link custom} or {@link after}.
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { Problems, isPlain, isRecord, show } from "./validate";

/** What is known of one field: the sentence a bad value gets, and the schema a deferred value is checked with. */
interface FieldInfo {
    /** The rule a value that fails the schema breaks, ending with a period: `must be an integer from 1 to 4000.` */
    rule?: string;
    /** A hand-written check of the value; it records its own problems and returns true when the value passes. */
    check?: (p: Problems, path: string, value: unknown) => boolean;
    /** For {@link deferred}: the schema a plain value is checked with. */
    inner?: z.ZodType;
}

/** Cross-field rules of an object schema, each run after the field it names. */
interface ObjectInfo {
    rules: ObjectRule[];
}

/** A cross-field rule: runs after the field `after` (or after every field), given which fields passed. */
export interface ObjectRule {
    /** The field after whose own check the rule runs; undefined runs it after all fields. */
    after?: string;
    /** Records problems about `obj`; `ok(key)` tells whether that field is present, plain and valid. */
    check: (p: Problems, at: string, obj: Record<string, unknown>, ok: (key: string) => boolean) => void;
}

const fields = new WeakMap<z.ZodType, FieldInfo>();
const objects = new WeakMap<z.ZodType, ObjectInfo>();

/** Attaches the rule sentence a value failing `schema` gets. Returns the same schema. */
export function rule<T extends z.ZodType>(schema: T, text: string): T {
    fields.set(schema, { ...fields.get(schema), rule: text });
    return schema;
}

/**
 * A field checked by hand-written code: the schema says its type (for the TypeScript type and the
 * JSON Schema), `check` says what AWS allows of it, with messages of its own.
 */
export function custom<T extends z.ZodType>(schema: T, check: NonNullable<FieldInfo["check"]>): T {
    fields.set(schema, { ...fields.get(schema), check });
    return schema;
}

/** Adds cross-field rules to an object schema (kept beside it); returns the same schema. */
export function after<T extends z.ZodObject>(schema: T, ...rules: ObjectRule[]): T {
    const info = objects.get(schema) ?? { rules: [] };
    objects.set(schema, { rules: [...info.rules, ...rules] });
    return schema;
}

/** An integer from `min` to `max`. */
export function int(min: number, max: number): z.ZodNumber {
    return rule(z.number().int().min(min).max(max), `must be an integer from ${min} to ${max}.`);
}

/** A finite number from `min` to `max`. */
export function num(min: number, max: number): z.ZodNumber {
    return rule(z.number().min(min).max(max), `must be a number from ${min} to ${max}.`);
}

/** One of the listed strings. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T): z.ZodEnum<{ [K in T[number]]: K }> {
    return rule(z.enum(values), `must be one of ${values.map(show).join(", ")}.`);
}

/** True or false. */
export function bool(): z.ZodBoolean {
    return rule(z.boolean(), "must be true or false.");
}

/** A non-empty string, optionally matching `pattern`, described by `what` (`letters, digits and hyphens`). */
export function text(pattern?: RegExp, what?: string): z.ZodString {
    const s = z.string().min(1);
    return custom(pattern ? s.regex(pattern) : s, (p, path, value) => p.str(path, value, pattern, what));
}

/**
 * A value that may be known only at deployment (`pulumi.Input<T>`): an Output or a promise passes
 * unchecked, a plain value is checked with `schema`.
 */
export function deferred<T extends z.ZodType>(schema: T): z.ZodType<pulumi.Input<z.output<T>>, pulumi.Input<z.input<T>>> {
    const wrapper = z.custom<pulumi.Input<z.output<T>>>((v) => !isPlain(v) || schema.safeParse(v).success);
    fields.set(wrapper, { inner: schema });
    return wrapper as unknown as z.ZodType<pulumi.Input<z.output<T>>, pulumi.Input<z.input<T>>>;
}

/** The schema a deferred field's plain value is checked with (the schema itself for other fields). */
export function innerOf(schema: z.ZodType): z.ZodType {
    let s = unwrapOptional(schema);
    while (fields.get(s)?.inner) s = unwrapOptional(fields.get(s)!.inner!);
    return s;
}

function unwrapOptional(schema: z.ZodType): z.ZodType {
    let s = schema;
    while (s instanceof z.ZodOptional || s instanceof z.ZodDefault) s = s.unwrap() as z.ZodType;
    return s;
}

/** The keys of an object schema, in their order. */
export function keysOf(schema: z.ZodObject): string[] {
    return Object.keys(schema.shape);
}

/** Joins a key onto a path prefix: `join("scaling", "maxTasks")` is `scaling.maxTasks`, `join("", "cpu")` is `cpu`. */
export function join(prefix: string, key: string): string {
    return prefix ? `${prefix}.${key}` : key;
}

/** Options of {@link checkObject}. */
export interface CheckOptions {
    /**
     * The keys the value may have, when they differ from the schema's: keys outside the schema are left
     * to the caller, schema keys not listed are neither allowed nor checked.
     */
    known?: readonly string[];
    /** Skip the unknown-key check (the caller made it). */
    unknownKeysChecked?: boolean;
}

/**
 * Checks `value` against the object schema `schema`, recording problems on `p` with keys under `at`:
 * first its unknown keys, then each field in the schema's order (nested objects recursively), each
 * followed by the cross-field rules that run after it. A value that is not an object is left to the caller.
 * Returns the keys whose values are present, plain and valid.
 */
export function checkObject(p: Problems, at: string, schema: z.ZodObject, value: unknown, options: CheckOptions = {}): Set<string> {
    const passed = new Set<string>();
    if (!isRecord(value)) return passed;
    const shape = schema.shape as Record<string, z.ZodType>;
    const known = options.known ?? Object.keys(shape);
    if (!options.unknownKeysChecked) p.knownKeys(at, value, known);
    const rules = objects.get(schema)?.rules ?? [];
    const ok = (key: string) => passed.has(key);
    for (const key of Object.keys(shape)) {
        if (!known.includes(key)) continue;
        if (checkField(p, join(at, key), shape[key], value[key])) passed.add(key);
        for (const r of rules) if (r.after === key) r.check(p, at, value, ok);
    }
    for (const r of rules) if (r.after === undefined) r.check(p, at, value, ok);
    return passed;
}

/**
 * Checks one value against a field schema; true when it is present, plain and valid. Absent and
 * deferred values record nothing and return false.
 */
export function checkField(p: Problems, path: string, schema: z.ZodType, value: unknown): boolean {
    if (value === undefined || !isPlain(value)) return false;
    const s = innerOf(schema);
    const info = fields.get(s);
    if (info?.check) return info.check(p, path, value);
    if (s instanceof z.ZodObject) {
        if (!isRecord(value)) {
            p.add(path, value, "must be an object.");
            return false;
        }
        const before = p.list.length;
        checkObject(p, path, s, value);
        return p.list.length === before;
    }
    if (s.safeParse(value).success) return true;
    p.add(path, value, info?.rule ?? "is not valid.");
    return false;
}

/** Fills the keys of `defaults` that `value` leaves undefined; never mutates either. */
export function withDefaults<T extends object, D extends object>(value: T, defaults: D): T & D {
    const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v;
    return out as T & D;
}

/** Compile-time check that two types are the same: `const _: Same<A, B> = true;`. */
export type Same<A, B> = (<G>() => G extends A ? 1 : 2) extends <G>() => G extends B ? 1 : 2 ? true : false;
