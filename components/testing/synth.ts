import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import { Plan, PlanResource, PlanViolation } from "./assertions";
import { keyPath, rememberSecrets, SECRET } from "./match";
import { ElasticMocks, ElasticMocksOptions, parseProviderRef } from "./mocks";
import { engineUrn, replaceUrns } from "./urns";
import { withAwsxChildren } from "./awsx-vpc";

/** Project name of every synth (the `name` in Pulumi.yaml). */
export const PROJECT = "elastic-web";

/** What a value unknown at preview time becomes in a plan (Pulumi shows it as `output<…>`). */
export const UNKNOWN = "[unknown]";

export { SECRET } from "./match";

export { Plan, PlanData, PlanOptions, PlanResource, PlanViolation } from "./assertions";

/** Options of {@link synth}. */
export interface SynthOptions {
    /**
     * Project name `pulumi.getProject()` returns (and the namespace of config keys without one).
     * @default - for a program given by path, the `name` of the nearest `Pulumi.yaml` in the
     * program's folder or above, as the CLI finds it; otherwise (or without one) "elastic-web"
     */
    project?: string;
    /**
     * Stack name `pulumi.getStack()` returns.
     * @default - the stack given to {@link useMocks} ("dev")
     */
    stack?: string;
    /**
     * Config map, keys as in `Pulumi.<stack>.yaml` (`"aws:region"`; a key without a namespace
     * belongs to the project); structured values are passed as JSON like the CLI does. It
     * replaces the config while the synth runs; the config before it is restored afterwards.
     * @default - the config as it is
     */
    config?: Record<string, unknown>;
    /**
     * Environment whose policy rules to evaluate (`"dev"`, `"staging"`, `"prod"`): the findings
     * fill `plan.policy.violations` (see `plan.violations()`). Evaluation needs the package's
     * `policy` module (`evaluate(resources, env)`); where that module is not installed the
     * findings stay empty.
     * @default - no policy evaluation; `plan.policy.violations` is empty
     */
    policy?: string;
    /**
     * Whether the plan also lists the children each `awsx:ec2:Vpc` will create, which the mocks
     * cannot (awsx's components are remote): computed from the Vpc's inputs as awsx 3.x's code
     * creates them, each marked `derived: "awsx"` (see `PlanResource.derived`), and then counted
     * by every assertion like registered resources (`plan.hasResourceCount("aws:ec2/natGateway:NatGateway", 3)`
     * holds for a 3-AZ `OnePerAz` VPC). Off by default: a plan shows what the program registers,
     * which is what its tests and the URN snapshot pin down; `npm run preview` turns it on.
     * @default false
     */
    awsxChildren?: boolean;
}

/** Options of {@link useMocks}. */
export interface UseMocksOptions extends ElasticMocksOptions {
    /**
     * Stack name of synths that name none.
     * @default "dev"
     */
    stack?: string;
}

/** A registration request as the mock monitor received it. */
interface Registration {
    custom: boolean;
    provider: string | null;
    inputs: Record<string, any>;
    /** Paths of the inputs that were secret, each masked as {@link SECRET} in `inputs`. */
    secrets: Map<string, unknown>;
}

/** A resource seen by the stack transformation, in construction order. */
interface Constructed {
    resource: pulumi.Resource;
    type: string;
    name: string;
    parent: pulumi.Resource;
    opts: pulumi.ResourceOptions & pulumi.CustomResourceOptions & pulumi.ComponentResourceOptions;
}

/** The registrations and constructions of the synth that is running. */
interface Recorder {
    registrations: Map<string, Registration>;
    constructed: Constructed[];
    /** Warnings given so far, so each is given once. */
    warned: Set<string>;
}

let installed: { mocks: ElasticMocks; stack: string } | undefined;
let active: Recorder | undefined;
let queue: Promise<unknown> = Promise.resolve();
const HOOKED = Symbol.for("elastic-web:testing:hooked");

/**
 * Sets {@link ElasticMocks} as Pulumi's mocks (project "elastic-web", preview mode) the first
 * time it is called in a process and returns them; later calls return the same instance and
 * ignore `options`. `tests/setup.ts` calls it once; {@link synth} calls it too.
 */
export function useMocks(options: UseMocksOptions = {}): ElasticMocks {
    if (!installed) {
        const mocks = new ElasticMocks(options);
        const stack = options.stack ?? "dev";
        void pulumi.runtime.setMocks(mocks, PROJECT, stack, true);
        installed = { mocks, stack };
    }
    hookMonitor();
    return installed.mocks;
}

/**
 * Runs a program inside a fresh root stack under the mocks ({@link useMocks}, set on first use)
 * and returns its {@link Plan}: every resource it registered, with inputs, options, parent,
 * provider and region, and what it returned, resolved.
 *
 * `program` is a function (its return value becomes the outputs) or the path of a program module
 * (absolute, or relative to the working directory), run as {@link loadProgram} runs it.
 * Resolves only once every resource is registered, also those made late in `apply` callbacks.
 * Rejects with the program's own error when it throws. Synths run one after another (a second
 * call waits for the first), and none sees another's resources.
 *
 * @example
 * const plan = await synth(() => new Network("net", { azCount: 2 }));
 * plan.hasResource("awsx:ec2:Vpc", { numberOfAvailabilityZones: 2 });
 * @example
 * const plan = await synth(require.resolve("../index"), { stack: "prod", config: { "aws:region": "us-east-1" } });
 */
export function synth(program: (() => unknown) | string, opts: SynthOptions = {}): Promise<Plan> {
    let run: Promise<Plan>;
    if (typeof program === "string") {
        const modulePath = path.resolve(program);
        const project = opts.project ?? projectOf(modulePath);
        run = queue.then(() => synthNow(() => loadProgram(modulePath), project === undefined ? opts : { ...opts, project }));
    } else {
        run = queue.then(() => synthNow(program, opts));
    }
    queue = run.catch(() => undefined);
    return run;
}

/**
 * The project name of a program: the `name` of the nearest `Pulumi.yaml` (or `Pulumi.yml`) in the
 * program's folder or one above it, as the CLI finds the project; undefined when there is none.
 */
export function projectOf(programPath: string): string | undefined {
    let dir = path.dirname(path.resolve(programPath));
    for (;;) {
        for (const file of ["Pulumi.yaml", "Pulumi.yml"]) {
            let text: string;
            try {
                text = fs.readFileSync(path.join(dir, file), "utf8");
            } catch {
                continue;
            }
            // `name` is a top-level scalar; a YAML parser is not worth loading for it.
            const m = /^name:[ \t]*(?:"([^"]*)"|'([^']*)'|([^\s#]+))/m.exec(text);
            return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
        }
        const up = path.dirname(dir);
        if (up === dir) return undefined;
        dir = up;
    }
}

/**
 * Runs a Pulumi program module: a function export (`export = () => …`, or a lone `default`) is
 * called and returns the outputs; otherwise the module's exports are the outputs, and the module
 * is loaded afresh so each run registers its resources again.
 */
export function loadProgram(modulePath: string): unknown {
    const resolved = require.resolve(modulePath);
    const cached = require.cache[resolved];
    if (cached && typeof cached.exports !== "function" && typeof cached.exports?.default !== "function") {
        delete require.cache[resolved];
    }
    const mod = require(resolved);
    if (typeof mod === "function") return mod();
    if (typeof mod?.default === "function" && Object.keys(mod).every((k) => k === "default")) return mod.default();
    return mod;
}

async function synthNow(program: () => unknown, opts: SynthOptions): Promise<Plan> {
    const mocks = useMocks();
    const project = opts.project ?? PROJECT;
    const stack = opts.stack ?? installed!.stack;
    const before = { project: pulumi.getProject(), stack: pulumi.getStack(), config: pulumi.runtime.allConfig() };
    setProjectAndStack(project, stack);
    const config = opts.config ? setConfig(opts.config, project) : {};

    const recorder: Recorder = { registrations: new Map(), constructed: [], warned: new Set() };
    active = recorder;
    let stackResource: pulumi.Resource | undefined;
    let returned: unknown;
    let failure: { error: unknown } | undefined;
    try {
        await pulumi.runtime.runInPulumiStack(async () => {
            stackResource = pulumi.runtime.getStackResource();
            pulumi.runtime.registerStackTransformation((args) => {
                record(recorder, args);
                return undefined;
            });
            // Caught here, not by the stack: a failed stack leaves rejected promises no one awaits.
            try {
                returned = await program();
                quiet(returned, new Set());
            } catch (error) {
                failure = { error };
            }
            return undefined;
        });
        let outputs: unknown;
        if (!failure) {
            try {
                outputs = await resolveValue(returned, new Set());
            } catch (error) {
                failure = { error };
            }
        }
        // A failed program may still have registrations in flight: they must land in this recorder.
        const drained = await drain(recorder);
        if (failure) throw failure.error;
        if (drained) throw drained.error;

        const stackUrn = await valueOf(stackResource!.urn);
        const built = await buildResources(recorder, mocks, stackResource!, stackUrn);
        const urns = built.urns;
        const resources =
            opts.awsxChildren !== true
                ? built.resources
                : withAwsxChildren(built.resources, stack, project, (region) => zonesOf(mocks, region));
        const violations = opts.policy === undefined ? [] : await evaluatePolicy(resources, opts.policy);
        return new Plan({
            project,
            stack,
            config,
            resources,
            outputs: replaceUrns(outputs ?? {}, urns),
            policy: { violations },
            cost: { monthlyUsd: 0, lines: [] },
        });
    } finally {
        active = undefined;
        // Nothing of this synth's project, stack or config outlives it.
        if (opts.config) pulumi.runtime.setAllConfig(before.config);
        setProjectAndStack(before.project, before.stack);
    }
}

/** The zones the mocks answer `aws:getAvailabilityZones` with in a region, as awsx would ask at deployment. */
function zonesOf(mocks: ElasticMocks, region: string): string[] {
    const answer = mocks.call({
        token: "aws:index/getAvailabilityZones:getAvailabilityZones",
        inputs: { region },
    } as pulumi.runtime.MockCallArgs);
    return Array.isArray(answer.names) ? answer.names.map(String) : [];
}

/** Where the package's policy rules live, relative to this directory (the same in the compiled package). */
const POLICY_MODULE = path.join(__dirname, "..", "..", "policy");

/**
 * The findings of the package's policy rules for an environment: `evaluate(resources, env)` of
 * the `policy` module, which returns the violations or `{ violations }`. Loaded only when asked;
 * a package without that module gives no findings.
 */
export async function evaluatePolicy(resources: PlanResource[], env: string, modulePath = POLICY_MODULE): Promise<PlanViolation[]> {
    let policy: { evaluate?: (resources: PlanResource[], env: string) => unknown };
    try {
        policy = require(modulePath);
    } catch (error) {
        const e = error as NodeJS.ErrnoException;
        if (e?.code === "MODULE_NOT_FOUND" && e.message.startsWith(`Cannot find module '${modulePath}'`)) return [];
        throw error;
    }
    if (typeof policy.evaluate !== "function") return [];
    const result = (await policy.evaluate(resources, env)) as PlanViolation[] | { violations?: PlanViolation[] } | undefined;
    return Array.isArray(result) ? result : (result?.violations ?? []);
}

/** Records a resource the program constructs; resources rehydrated from a reference or read by id are not created, so not recorded. */
function record(recorder: Recorder, args: pulumi.ResourceTransformationArgs): void {
    if (active !== recorder) return;
    const opts = args.opts as Constructed["opts"];
    if (opts.urn || opts.id) return;
    const parent = opts.parent ?? pulumi.runtime.getStackResource()!;
    if (opts.transforms !== undefined && opts.transforms.length > 0) {
        warn(
            recorder,
            `synth: ${args.type} "${args.name}" has the \`transforms\` option, which Pulumi's mock runtime does not apply: ` +
                "the plan shows its inputs and options untransformed, while `pulumi up` would transform them.",
        );
    }
    recorder.constructed.push({ resource: args.resource, type: args.type, name: args.name, parent, opts });
    // The output properties exist once the constructor returns.
    queueMicrotask(() => quiet(args.resource, new Set()));
}

/**
 * Gives a warning once per synth, on stderr (`console.warn`), as `pulumi preview` prints its own.
 */
function warn(recorder: Recorder, message: string): void {
    if (recorder.warned.has(message)) return;
    recorder.warned.add(message);
    console.warn(`warning: ${message}`);
}

/**
 * Marks the side promises of outputs (`isKnown`, `isSecret`) as handled. When a registration or
 * an invoke fails, each output rejects them too; the failure reaches the caller of `synth` through
 * the awaited values, so these copies would only surface as unhandled rejections.
 */
function quiet(value: unknown, seen: Set<unknown>): void {
    if (value === null || typeof value !== "object" || seen.has(value)) return;
    seen.add(value);
    if (pulumi.Output.isInstance(value)) {
        const o = value as any;
        o.isKnown?.catch?.(() => undefined);
        o.isSecret?.catch?.(() => undefined);
        return;
    }
    const isResource = pulumi.Resource.isInstance(value);
    for (const v of Object.values(value)) {
        // A resource's own outputs only; its parent and children are quieted through their own records.
        if (isResource && !pulumi.Output.isInstance(v)) continue;
        quiet(v, seen);
    }
}

/**
 * Waits until every constructed resource is registered and no new one appears (resources made in
 * `apply` callbacks appear only after the values they wait for resolve). Returns the first
 * registration error instead of throwing, so a failed program's error can take precedence.
 */
async function drain(recorder: Recorder): Promise<{ error: unknown } | undefined> {
    const waitForRPCs: (() => Promise<void>) | undefined = (pulumi.runtime as any).waitForRPCs;
    let seen = -1;
    let failure: { error: unknown } | undefined;
    while (seen !== recorder.constructed.length) {
        seen = recorder.constructed.length;
        const results = await Promise.allSettled(recorder.constructed.map((c) => settled(c.resource)));
        for (const r of results) {
            if (r.status === "rejected" && !failure) failure = { error: r.reason };
        }
        if (waitForRPCs) await waitForRPCs();
        await new Promise((resolve) => setImmediate(resolve));
    }
    return failure;
}

async function settled(resource: pulumi.Resource): Promise<void> {
    await valueOf(resource.urn);
    if (pulumi.CustomResource.isInstance(resource)) await valueOf(resource.id);
}

/**
 * The plan's resources, in construction order. URNs are the engine's ({@link engineUrn}), computed
 * from the parent chain; every mock URN the recorder saw (parents, providers, `dependsOn`,
 * resource references in inputs) is replaced by the engine's, so the plan joins on those alone.
 */
async function buildResources(
    recorder: Recorder,
    mocks: ElasticMocks,
    stackResource: pulumi.Resource,
    stackUrn: string,
): Promise<{ resources: PlanResource[]; urns: Map<string, string> }> {
    const urns = new Map<string, string>();
    const mockUrns: string[] = [];
    for (const c of recorder.constructed) {
        const urn: string = await valueOf(c.resource.urn);
        const parentMock = c.parent === stackResource ? stackUrn : await valueOf(c.parent.urn);
        urns.set(urn, engineUrn(pulumi.getStack(), pulumi.getProject(), urns.get(parentMock) ?? parentMock, c.type, c.name));
        mockUrns.push(urn);
    }
    const byResource = new Map<pulumi.Resource, PlanResource>();
    const resources: PlanResource[] = [];
    for (const [i, c] of recorder.constructed.entries()) {
        const registration = recorder.registrations.get(mockUrns[i]);
        if (!registration) throw new Error(`synth: ${urns.get(mockUrns[i])} was constructed but never reached the mock monitor`);
        const parentPlan = byResource.get(c.parent);
        const parent = c.parent === stackResource ? stackUrn : (parentPlan?.urn ?? replaceUrns(await valueOf(c.parent.urn), urns));
        const providerUrn = parseProviderRef(registration.provider ?? undefined)?.urn;
        const region = registration.custom
            ? mocks.regionOf(registration.inputs, registration.provider ?? undefined)
            : (componentRegion(c, byResource) ?? parentPlan?.region ?? mocks.defaultRegion());
        const plan: PlanResource = {
            urn: urns.get(mockUrns[i])!,
            type: c.type,
            name: c.name,
            custom: registration.custom,
            parent,
            provider: providerUrn === undefined ? null : replaceUrns(providerUrn, urns),
            region,
            inputs: replaceUrns(registration.inputs, urns),
            ...(registration.secrets.size > 0 ? { secretPaths: [...registration.secrets.keys()] } : {}),
            options: {
                protect: c.opts.protect ?? parentPlan?.options.protect ?? false,
                retainOnDelete: c.opts.retainOnDelete ?? false,
                ignoreChanges: [...(c.opts.ignoreChanges ?? [])],
                dependsOn: replaceUrns(await dependsOnUrns(c.opts.dependsOn), urns),
                deleteBeforeReplace: c.opts.deleteBeforeReplace ?? false,
            },
        };
        rememberSecrets(plan.inputs, registration.secrets);
        byResource.set(c.resource, plan);
        resources.push(plan);
    }
    return { resources, urns };
}

/** The region of a component given an aws provider (`provider` or `providers`). */
function componentRegion(c: Constructed, byResource: Map<pulumi.Resource, PlanResource>): string | undefined {
    const candidates: unknown[] = [c.opts.provider];
    const providers = c.opts.providers;
    if (Array.isArray(providers)) candidates.push(...providers);
    else if (providers) candidates.push(...Object.values(providers));
    for (const p of candidates) {
        const plan = p ? byResource.get(p as pulumi.Resource) : undefined;
        if (plan?.type === "pulumi:providers:aws") return plan.region;
    }
    return undefined;
}

async function dependsOnUrns(dependsOn: pulumi.ResourceOptions["dependsOn"]): Promise<string[]> {
    if (!dependsOn) return [];
    const value = pulumi.Output.isInstance(dependsOn) ? await (dependsOn as any).promise() : await dependsOn;
    const list: unknown[] = Array.isArray(value) ? value : [value];
    const urns: string[] = [];
    for (const item of list) {
        const r = pulumi.Output.isInstance(item) ? await (item as any).promise() : await item;
        if (pulumi.Resource.isInstance(r)) urns.push(await valueOf(r.urn));
    }
    return urns;
}

/** The value of an output; undefined when unknown at preview time. */
function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return (output as any).promise();
}

/**
 * Resolves what a program returned: outputs and promises awaited, resources as URNs, functions
 * dropped, secret outputs as {@link SECRET} (`pulumi stack output` shows them so too).
 */
async function resolveValue(value: unknown, seen: Set<unknown>): Promise<unknown> {
    if (value === null || value === undefined) return value;
    if (typeof value === "function" || typeof value === "symbol") return undefined;
    if (typeof value !== "object") return value;
    if (pulumi.isUnknown(value)) return UNKNOWN;
    if (pulumi.Resource.isInstance(value)) return valueOf(value.urn);
    if (pulumi.Output.isInstance(value)) {
        const v = await (value as any).promise(true);
        if (await (value as any).isSecret) return SECRET;
        return pulumi.isUnknown(v) ? UNKNOWN : resolveValue(v, seen);
    }
    if (typeof (value as PromiseLike<unknown>).then === "function") return resolveValue(await value, seen);
    if (seen.has(value)) return undefined;
    seen.add(value);
    try {
        if (Array.isArray(value)) {
            const out: unknown[] = [];
            for (const v of value) out.push(await resolveValue(v, seen));
            return out;
        }
        const out: Record<string, unknown> = {};
        for (const k of Object.keys(value)) {
            const v = await resolveValue((value as Record<string, unknown>)[k], seen);
            if (v !== undefined) out[k] = v;
        }
        return out;
    } finally {
        seen.delete(value);
    }
}

function setProjectAndStack(project: string, stack: string): void {
    const runtime = pulumi.runtime as any;
    if (pulumi.getProject() === project && pulumi.getStack() === stack) return;
    if (typeof runtime._setProject === "function" && typeof runtime._setStack === "function") {
        runtime._setProject(project);
        runtime._setStack(stack);
        return;
    }
    // Older SDKs: setting the mocks again is the only public way to rename the stack.
    void pulumi.runtime.setMocks(installed!.mocks, project, stack, true);
    hookMonitor();
}

/** Sets the config a synth runs with (replacing any other); returns the map as given. */
function setConfig(config: Record<string, unknown>, project: string): Record<string, unknown> {
    const raw: Record<string, string> = {};
    for (const [key, value] of Object.entries(config)) {
        if (value === undefined) continue;
        raw[key.includes(":") ? key : `${project}:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
    }
    pulumi.runtime.setAllConfig(raw);
    return { ...config };
}

/**
 * Wraps the mock monitor's `registerResource` so each request is recorded by URN with its
 * inputs, provider and kind. The mocks' `newResource` does not see the parent, so requests
 * could not otherwise be told apart when two resources share a type and name.
 */
function hookMonitor(): void {
    const monitor = pulumi.runtime.getMonitor() as any;
    if (!monitor || monitor[HOOKED] || typeof monitor.registerResource !== "function") return;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: unknown) => {
        if (active) {
            const urn = mockUrn(monitor, req.getParent(), req.getType(), req.getName());
            const secrets = new Map<string, unknown>();
            active.registrations.set(urn, {
                custom: req.getCustom(),
                provider: req.getProvider() || null,
                inputs: plainValue(req.getObject()?.toJavaScript() ?? {}, "", secrets) as Record<string, any>,
                secrets,
            });
        }
        return register(req, callback);
    };
    // The mock monitor takes `registerResourceTransform`'s callback but never calls it (SDK 3.276).
    if (typeof monitor.registerStackTransform === "function") {
        const registerTransform = monitor.registerStackTransform.bind(monitor);
        monitor.registerStackTransform = (req: unknown, callback: unknown) => {
            if (active) {
                warn(
                    active,
                    "synth: the program calls `pulumi.runtime.registerResourceTransform`, which Pulumi's mock runtime does not apply: " +
                        "the plan shows the resources registered after it untransformed, while `pulumi up` would transform them.",
                );
            }
            return registerTransform(req, callback);
        };
    }
    monitor[HOOKED] = true;
}

/** The URN the mock monitor gives a registration (same rule as `MockMonitor.newUrn`). */
function mockUrn(monitor: any, parent: string, type: string, name: string): string {
    if (typeof monitor.newUrn === "function") return monitor.newUrn(parent, type, name);
    const qualified = parent ? `${parent.split("::")[2].split("$").pop()}$${type}` : type;
    return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${qualified}::${name}`;
}

/**
 * Turns a serialized property value into plain JSON-friendly data. This is where a secret's clear
 * text would enter the plan: the mock monitor supports the `secrets` feature, so the SDK sends each
 * secret input wrapped with the secret signature (`rpc.js` `serializeProperties` with
 * `keepSecrets`). It is masked as {@link SECRET}, its path and clear value kept aside in `secrets`
 * (never serialised: see `rememberSecrets` in match.ts).
 */
function plainValue(value: unknown, path: string, secrets: Map<string, unknown>): unknown {
    const rt = pulumi.runtime;
    if (value === rt.unknownValue) return UNKNOWN;
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map((v, i) => plainValue(v, `${path}[${i}]`, secrets));
    const v = value as Record<string, any>;
    switch (v[rt.specialSigKey]) {
        case undefined:
            break;
        case rt.specialSecretSig:
            secrets.set(path, plainValue(v.value, path, new Map()));
            return SECRET;
        case rt.specialResourceSig:
            return v.urn;
        case rt.specialOutputValueSig:
            if (v.secret === true) {
                secrets.set(path, v.value === undefined ? UNKNOWN : plainValue(v.value, path, new Map()));
                return SECRET;
            }
            return v.value === undefined ? UNKNOWN : plainValue(v.value, path, secrets);
        case rt.specialAssetSig:
        case rt.specialArchiveSig: {
            const { [rt.specialSigKey]: _sig, ...rest } = v;
            return plainValue(rest, path, secrets);
        }
        default:
            return v;
    }
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = plainValue(v[k], keyPath(path, k), secrets);
    return out;
}
