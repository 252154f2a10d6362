/**
 * `npm run preview -- [--stack <name>] [--json <file>]`: shows what `pulumi up` would create for a
 * stack, offline. Loads `Pulumi.<stack>.yaml`, runs `index.ts` under the mocks of
 * components/testing and prints the resource tree, the resource count and the stack outputs.
 *
 * Start-up matters (it is the first command a newcomer runs): arguments and the stack file are
 * checked before the Pulumi SDK is loaded, and nothing here is type-checked at run time.
 */
import * as fs from "fs";
import * as path from "path";
import type { Plan, PlanResource } from "../components/testing/synth";

/** Parsed command line. */
export interface PreviewArgs {
    /**
     * Stack to preview.
     * @default "dev"
     */
    stack: string;
    /**
     * File the plan is written to as JSON.
     * @default - no file
     */
    json?: string;
    /**
     * Print the usage and exit.
     * @default false
     */
    help: boolean;
}

/** What {@link runPreview} printed and how it ended. */
export interface PreviewResult {
    /** Exit code: 0 on success, 1 when the stack or its config is wrong or the program fails, 2 on a bad command line. */
    code: number;
    stdout: string;
    stderr: string;
    /** The plan, when the program ran. */
    plan?: Plan;
}

/** Where {@link runPreview} finds the stacks and the program; tests point these elsewhere. */
export interface PreviewOptions {
    /**
     * Directory holding `Pulumi.yaml`, `Pulumi.<stack>.yaml` and `index.ts`.
     * @default - the package root
     */
    root?: string;
    /**
     * The program to run instead of `<root>/index`.
     * @default - `<root>/index`: a function export is called, a module's exports are its outputs
     */
    program?: () => unknown;
}

export const USAGE = "Usage: npm run preview -- [--stack <name>] [--json <file>]";

/** A bad command line; the message says what is wrong. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

/** A stack without a `Pulumi.<stack>.yaml`. */
export class UnknownStackError extends Error {
    constructor(readonly stack: string, readonly stackFiles: string[]) {
        super(
            `Unknown stack ${JSON.stringify(stack)}: Pulumi.${stack}.yaml does not exist. ` +
                (stackFiles.length > 0 ? `Stack files: ${stackFiles.join(", ")}.` : "There are no stack files."),
        );
        this.name = "UnknownStackError";
    }
}

/** Parses `--stack <name>`, `--json <file>` (also `--flag=value`) and `--help`; anything else is a {@link UsageError}. */
export function parseArgs(argv: readonly string[]): PreviewArgs {
    const args: PreviewArgs = { stack: "dev", help: false };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
        const flag = eq > 0 ? arg.slice(0, eq) : arg;
        const value = (): string => {
            const v = eq > 0 ? arg.slice(eq + 1) : argv[++i];
            if (v === undefined || v === "" || (eq < 0 && v.startsWith("--"))) {
                throw new UsageError(`Option ${flag} needs a value.`);
            }
            return v;
        };
        switch (flag) {
            case "--stack":
            case "-s":
                args.stack = value();
                if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(args.stack)) {
                    throw new UsageError(`Stack name ${JSON.stringify(args.stack)} may hold only letters, digits, "_", "." and "-".`);
                }
                break;
            case "--json":
                args.json = value();
                break;
            case "--help":
            case "-h":
                args.help = true;
                break;
            default:
                throw new UsageError(arg.startsWith("-") ? `Unknown option ${JSON.stringify(arg)}.` : `Unexpected argument ${JSON.stringify(arg)}.`);
        }
    }
    return args;
}

/** `Pulumi.<stack>.yaml` files in `root`, sorted. */
export function stackFiles(root: string): string[] {
    return fs
        .readdirSync(root)
        .filter((f) => /^Pulumi\.[^.].*\.yaml$/.test(f))
        .sort();
}

/**
 * The config map of a stack as the Pulumi CLI would pass it: `Pulumi.<stack>.yaml`'s `config`
 * over the `default`s of `Pulumi.yaml`, keys without a namespace put in the project's, secure
 * values (which only the Pulumi service can decrypt) replaced by `"[secret]"`.
 */
export function readStackConfig(root: string, stack: string): Record<string, unknown> {
    const file = path.join(root, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) throw new UnknownStackError(stack, stackFiles(root));
    const project = readYaml(path.join(root, "Pulumi.yaml"));
    const projectName = typeof project?.name === "string" ? project.name : "elastic-web";
    const key = (k: string) => (k.includes(":") ? k : `${projectName}:${k}`);

    const config: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(asRecord(project?.config))) {
        // Project config is either a value or a declaration `{ type, description, default }`.
        const declared = isRecord(v) && ("type" in v || "default" in v || "value" in v || "description" in v);
        const value = declared ? (v.value ?? v.default) : v;
        if (value !== undefined) config[key(k)] = withoutSecrets(value);
    }
    for (const [k, v] of Object.entries(asRecord(readYaml(file)?.config))) {
        config[key(k)] = withoutSecrets(v);
    }
    return config;
}

function readYaml(file: string): Record<string, any> | undefined {
    if (!fs.existsSync(file)) return undefined;
    const { load } = require("js-yaml") as { load(text: string): unknown };
    const doc = load(fs.readFileSync(file, "utf8"));
    return isRecord(doc) ? doc : undefined;
}

function isRecord(v: unknown): v is Record<string, any> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function asRecord(v: unknown): Record<string, unknown> {
    return isRecord(v) ? v : {};
}

function withoutSecrets(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(withoutSecrets);
    if (!isRecord(v)) return v;
    if (Object.keys(v).length === 1 && typeof v.secure === "string") return "[secret]";
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withoutSecrets(x)]));
}

/** Everything printed about a plan, section by section (later: policy findings, cost, diagram). */
export function formatPlan(plan: Plan, stackRegion = planRegion(plan)): string {
    const sections = [formatHeader(plan), formatTree(plan, stackRegion), formatCount(plan), formatOutputs(plan.outputs)];
    return sections.filter((lines) => lines.length > 0).map((lines) => lines.join("\n") + "\n").join("\n");
}

/** The stack's region: its `aws:region` config, else the mocks' default. */
export function planRegion(plan: Plan): string {
    const region = plan.config["aws:region"];
    return typeof region === "string" && region !== "" ? region : "us-east-1";
}

export function formatHeader(plan: Plan): string[] {
    return [`Previewing update (${plan.stack}), offline under mocks:`];
}

/**
 * The resource tree as `pulumi preview` draws it: the root stack, then every resource under its
 * parent, four spaces deeper per level, in registration order. A resource in another region than
 * the stack's shows its region.
 */
export function formatTree(plan: Plan, stackRegion = planRegion(plan)): string[] {
    const known = new Set(plan.resources.map((r) => r.urn));
    const children = new Map<string | null, PlanResource[]>();
    for (const r of plan.resources) {
        // Top-level resources hang off the root stack, which the plan does not list.
        const parent = r.parent !== null && known.has(r.parent) ? r.parent : null;
        const list = children.get(parent) ?? [];
        list.push(r);
        children.set(parent, list);
    }
    const lines = [`+ pulumi:pulumi:Stack ${plan.project}-${plan.stack}`];
    const walk = (parent: string | null, depth: number) => {
        for (const r of children.get(parent) ?? []) {
            const region = r.region !== stackRegion ? ` (${r.region})` : "";
            lines.push(`${"    ".repeat(depth)}+ ${r.type} ${r.name}${region}`);
            walk(r.urn, depth + 1);
        }
    };
    walk(null, 1);
    return lines;
}

/** `N resources to create`, the root stack included as Pulumi counts it. */
export function formatCount(plan: Plan): string[] {
    const n = plan.resources.length + 1;
    return [`${n} ${n === 1 ? "resource" : "resources"} to create`];
}

/** The stack outputs, sorted by name, values as JSON. */
export function formatOutputs(outputs: unknown): string[] {
    if (!isRecord(outputs) || Object.keys(outputs).length === 0) return [];
    const lines = ["Outputs:"];
    for (const key of Object.keys(outputs).sort()) {
        const json = JSON.stringify(outputs[key], null, 4) ?? "undefined";
        const [first, ...rest] = json.split("\n");
        lines.push(`    ${key}: ${first}`, ...rest.map((l) => `    ${l}`));
    }
    return lines;
}

/** The lines printed for a ConfigError: the file, then one line per problem. */
export function formatConfigErrors(stack: string, problems: readonly string[]): string[] {
    return [`Configuration errors in Pulumi.${stack}.yaml:`, ...problems.map((p) => `  - ${p}`)];
}

/** Runs the preview for a command line; prints nothing itself. */
export async function runPreview(argv: readonly string[], options: PreviewOptions = {}): Promise<PreviewResult> {
    let args: PreviewArgs;
    try {
        args = parseArgs(argv);
    } catch (error) {
        if (error instanceof UsageError) return { code: 2, stdout: "", stderr: `${error.message}\n${USAGE}\n` };
        throw error;
    }
    if (args.help) return { code: 0, stdout: `${USAGE}\n`, stderr: "" };

    const root = options.root ?? path.resolve(__dirname, "..");
    let config: Record<string, unknown>;
    try {
        config = readStackConfig(root, args.stack);
    } catch (error) {
        if (error instanceof UnknownStackError) return { code: 1, stdout: "", stderr: `${error.message}\n` };
        return { code: 1, stdout: "", stderr: `Cannot read Pulumi.${args.stack}.yaml: ${(error as Error).message}\n` };
    }

    // Loaded only now: the SDK is most of the start-up time.
    const { synth } = require("../components/testing/synth") as typeof import("../components/testing/synth");
    const program = options.program ?? (() => loadProgram(path.join(root, "index")));
    let plan: Plan;
    try {
        plan = await synth(program, { stack: args.stack, config });
    } catch (error) {
        if (isConfigError(error)) {
            return { code: 1, stdout: "", stderr: formatConfigErrors(args.stack, error.problems).join("\n") + "\n" };
        }
        return { code: 1, stdout: "", stderr: `Preview of stack ${JSON.stringify(args.stack)} failed: ${(error as Error)?.stack ?? String(error)}\n` };
    }

    let stdout = formatPlan(plan);
    if (args.json) {
        const file = path.resolve(args.json);
        fs.writeFileSync(file, JSON.stringify(plan, null, 2) + "\n");
        stdout += `\nPlan written to ${args.json}\n`;
    }
    return { code: 0, stdout, stderr: "", plan };
}

/**
 * Runs a Pulumi program module: a function export (`export = () => …`) is called and returns the
 * outputs; otherwise the module's exports are the outputs, and the module is loaded afresh so
 * each run registers its resources again.
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

/** A ConfigError of components/validate, recognised by shape so no module has to be loaded for it. */
function isConfigError(error: unknown): error is { problems: string[] } {
    return (
        error instanceof Error &&
        error.name === "ConfigError" &&
        Array.isArray((error as { problems?: unknown }).problems)
    );
}

if (require.main === module) {
    runPreview(process.argv.slice(2)).then(
        (result) => {
            process.stdout.write(result.stdout);
            process.stderr.write(result.stderr);
            process.exitCode = result.code;
        },
        (error) => {
            process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
            process.exitCode = 1;
        },
    );
}
