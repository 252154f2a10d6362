/**
 * `npm run preview -- [--stack <name>] [--json <file>] [--diagram <file>]`: shows what `pulumi up`
 * would create for a stack, offline. Loads `Pulumi.<stack>.yaml`, runs `index.ts` under the mocks
 * of components/testing and prints the resource tree, the resource count, the stack outputs, the
 * policy findings and the monthly cost estimate.
 *
 * Start-up matters (it is the first command a newcomer runs): arguments and the stack file are
 * checked before the Pulumi SDK is loaded, the diagram library is loaded only for `--diagram`, and
 * `npm run preview` runs this file compiled (tools/run.js), never type-checked at run time.
 */
import * as fs from "fs";
import * as path from "path";
import { CostEstimate, UsageAssumptions, estimateCost, formatCostTable } from "../components/plan/cost";
import { wrap } from "../components/plan/cost/format";
import { formatQuotas, quotaStatus, quotaUsage } from "../components/plan/quotas";
import type { Plan, PlanData, PlanResource } from "../components/testing/synth";
import { formatOptions, readOptions } from "./args";

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
     * Where the architecture diagram is written: `<file>` without its `.mmd`/`.svg` extension
     * gets both, `<base>.mmd` (Mermaid) and `<base>.svg`.
     * @default - no diagram
     */
    diagram?: string;
    /**
     * Sum the quotas of every `Pulumi.<stack>.yaml` (one account and Region assumed) and print only them.
     * @default false
     */
    allStacks?: boolean;
    /**
     * Print the usage and exit.
     * @default false
     */
    help: boolean;
}

/** What {@link runPreview} printed and how it ended. */
export interface PreviewResult {
    /** Exit code: 0 on success, 1 when the stack or its config is wrong, the program fails or a mandatory policy rule fails, 2 on a bad command line. */
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

/** The usage line and the options, printed for `--help` and after a mistake on the command line. */
export const USAGE = `Usage: npm run preview -- [--stack <name>] [--json <file>] [--diagram <file>] [--all-stacks]

Options:
${formatOptions([
    ["-s, --stack <name>", "stack to preview (reads Pulumi.<name>.yaml)    default: dev"],
    ["--json <file>", "write the plan (every resource with its inputs and options) as JSON"],
    ["--diagram <file>", "write the diagram to <file>.mmd (Mermaid) and <file>.svg"],
    ["--all-stacks", "preview every Pulumi.<stack>.yaml and sum their quotas, as if they shared one account and Region"],
    ["-h, --help", "this text"],
])}`;

/** A bad command line; the message says what is wrong. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

/** A stack without a `Pulumi.<stack>.yaml`. */
export class UnknownStackError extends Error {
    constructor(
        readonly stack: string,
        readonly stackFiles: string[],
    ) {
        super(
            `Unknown stack ${JSON.stringify(stack)}: Pulumi.${stack}.yaml does not exist. ` +
                (stackFiles.length > 0 ? `Stack files: ${stackFiles.join(", ")}.` : "There are no stack files."),
        );
        this.name = "UnknownStackError";
    }
}

/** A stack name from the command line, checked: it names a file (`Pulumi.<stack>.yaml`). */
export function stackName(name: string): string {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) {
        throw new UsageError(`Stack name ${JSON.stringify(name)} may hold only letters, digits, "_", "." and "-".`);
    }
    return name;
}

/** The options of the preview, for {@link readOptions}. */
const OPTIONS = {
    stack: { type: "string", short: "s" },
    json: { type: "string" },
    diagram: { type: "string" },
    "all-stacks": { type: "boolean" },
    help: { type: "boolean", short: "h" },
} as const;

/**
 * Parses `--stack <name>` (`-s`), `--json <file>`, `--diagram <file>` (also `--flag=value`) and
 * `--all-stacks` and `--help` (`-h`) with Node's `util.parseArgs`; anything else is a {@link UsageError}.
 */
export function parseArgs(argv: readonly string[]): PreviewArgs {
    const args: PreviewArgs = { stack: "dev", help: false };
    const given = readOptions(argv, OPTIONS, {
        unknown: (word) => `Unknown option ${JSON.stringify(word)}.`,
        unexpected: (word) => `Unexpected argument ${JSON.stringify(word)}.`,
        error: (message) => new UsageError(message),
    });
    for (const { name, value } of given) {
        if (name === "stack") args.stack = stackName(value!);
        else if (name === "json") args.json = value;
        else if (name === "diagram") args.diagram = value;
        else if (name === "all-stacks") args.allStacks = true;
        else args.help = true;
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

/** The widest line a preview prints. */
export const LINE_WIDTH = 120;

/**
 * Everything printed about a plan, section by section: header, resource tree, count, quotas,
 * outputs, policy findings, then the cost estimate, which stays last. Lines fit
 * {@link LINE_WIDTH} columns: long quota and policy lines wrap under their own indentation, a
 * long tree line shortens its type token, and a wide cost table is printed grouped by resource.
 */
export function formatPlan(plan: PlanData, stackRegion = planRegion(plan)): string {
    const sections = [
        formatHeader(plan),
        formatTree(plan, stackRegion),
        formatCount(plan),
        fitLines(formatPlanQuotas(plan)),
        formatOutputs(plan.outputs),
        fitLines(formatPolicy(plan)),
        formatCost(plan.cost),
    ];
    return sections
        .filter((lines) => lines.length > 0)
        .map((lines) => lines.join("\n") + "\n")
        .join("\n");
}

/** The Quotas section of one plan; nothing for a plan that uses no quota {@link quotaUsage} counts. */
export function formatPlanQuotas(plan: PlanData): string[] {
    const usages = quotaUsage([plan]);
    return usages.length > 0 ? formatQuotas(usages) : [];
}

/** The policy findings grouped by severity, mandatory ones marked. */
export function formatPolicy(plan: PlanData): string[] {
    const { formatFindings } = require("../policy") as typeof import("../policy");
    return formatFindings(plan.policy.violations as import("../policy").Violation[]);
}

/** The stack's region: its `aws:region` config, else the mocks' default. */
export function planRegion(plan: PlanData): string {
    const region = plan.config["aws:region"];
    return typeof region === "string" && region !== "" ? region : "us-east-1";
}

export function formatHeader(plan: PlanData): string[] {
    return [`Previewing update (${plan.stack}), offline under mocks:`];
}

/**
 * The resource tree as `pulumi preview` draws it: the root stack, then every resource under its
 * parent, four spaces deeper per level, in registration order. A resource in another region than
 * the stack's shows its region; a derived one (an awsx Vpc's children, see `PlanResource.derived`)
 * is marked `(derived from awsx)`. A line wider than {@link LINE_WIDTH} shows the type as the
 * Pulumi CLI displays it, without the module's file part ({@link shortType}).
 */
export function formatTree(plan: PlanData, stackRegion = planRegion(plan)): string[] {
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
            const notes = [
                ...(r.region !== stackRegion ? [r.region] : []),
                ...(r.derived !== undefined ? [`derived from ${r.derived}`] : []),
            ];
            const suffix = notes.length > 0 ? ` (${notes.join(", ")})` : "";
            const line = `${"    ".repeat(depth)}+ ${r.type} ${r.name}${suffix}`;
            lines.push(line.length <= LINE_WIDTH ? line : `${"    ".repeat(depth)}+ ${shortType(r.type)} ${r.name}${suffix}`);
            walk(r.urn, depth + 1);
        }
    };
    walk(null, 1);
    return lines;
}

/**
 * A type token without its module's file part, as the Pulumi CLI displays types:
 * `aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration` →
 * `aws:s3:BucketServerSideEncryptionConfiguration`. Tokens of another shape are returned as they are.
 */
export function shortType(type: string): string {
    const parts = type.split(":");
    if (parts.length !== 3 || !parts[1].includes("/")) return type;
    return `${parts[0]}:${parts[1].slice(0, parts[1].indexOf("/"))}:${parts[2]}`;
}

/**
 * Lines wider than `width` broken at spaces, each continuation indented as the line it
 * continues; a single word wider than the line stays whole.
 */
export function fitLines(lines: readonly string[], width = LINE_WIDTH): string[] {
    return lines.flatMap((line) => {
        if (line.length <= width) return [line];
        const indent = /^ */.exec(line)![0];
        return wrap(line.slice(indent.length), indent, width);
    });
}

/**
 * `N resources to create`, the root stack included as Pulumi counts it, derived resources included
 * and, when there are any, counted per component they were derived from:
 * `120 resources to create (32 derived from awsx:ec2:Vpc app-vpc's inputs)`.
 */
export function formatCount(plan: PlanData): string[] {
    const n = plan.resources.length + 1;
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const from = new Map<string, number>();
    for (const r of plan.resources) {
        if (r.derived === undefined) continue;
        // Counted against the nearest registered ancestor: the component whose inputs they come from.
        let origin = r.parent === null ? undefined : byUrn.get(r.parent);
        while (origin?.derived !== undefined) origin = origin.parent === null ? undefined : byUrn.get(origin.parent);
        const label = origin ? `${origin.type} ${origin.name}` : (r.derived ?? "");
        from.set(label, (from.get(label) ?? 0) + 1);
    }
    const derived = [...from].map(([label, count]) => `${count} derived from ${label}'s inputs`);
    return [`${n} ${n === 1 ? "resource" : "resources"} to create${derived.length > 0 ? ` (${derived.join(", ")})` : ""}`];
}

/** The stack outputs, sorted by name, values as JSON; a value too long for its key's line on the next line. */
export function formatOutputs(outputs: unknown): string[] {
    if (!isRecord(outputs) || Object.keys(outputs).length === 0) return [];
    const lines = ["Outputs:"];
    for (const key of Object.keys(outputs).sort()) {
        const json = JSON.stringify(outputs[key], null, 4) ?? "undefined";
        const [first, ...rest] = json.split("\n");
        // A value too long for its key's line (a console URL) goes on the next one, whole.
        if (rest.length === 0 && `    ${key}: ${first}`.length > LINE_WIDTH) lines.push(`    ${key}:`, `        ${first}`);
        else lines.push(`    ${key}: ${first}`, ...rest.map((l) => `    ${l}`));
    }
    return lines;
}

/** A plan's `cost` when the estimate could not be made (a region without prices). */
export interface UnavailableCost {
    monthlyUsd: 0;
    lines: [];
    /** Why there is no estimate. */
    unavailable: string;
}

/**
 * The cost section: the estimate's table (its total is the plan's `cost.monthlyUsd`), or why
 * there is none; nothing for a plan without an estimate.
 */
export function formatCost(cost: PlanData["cost"] | CostEstimate | UnavailableCost): string[] {
    if (typeof (cost as UnavailableCost).unavailable === "string") {
        return [`Monthly cost estimate: not available: ${(cost as UnavailableCost).unavailable}`];
    }
    if (typeof (cost as CostEstimate).currency !== "string" || !Array.isArray(cost.lines)) return [];
    return formatCostTable(cost as CostEstimate)
        .replace(/\n$/, "")
        .split("\n");
}

/**
 * The usage figures a stack sets for the estimate: its `<project>:costAssumptions` config key
 * (an object, or JSON text as Pulumi passes structured values); none when unset.
 */
export function costAssumptions(config: Record<string, unknown>, project: string): Partial<UsageAssumptions> {
    const value = config[`${project}:costAssumptions`];
    if (typeof value === "string" && value.trim().startsWith("{")) return JSON.parse(value) as Partial<UsageAssumptions>;
    return isRecord(value) ? (value as Partial<UsageAssumptions>) : {};
}

/**
 * The monthly cost estimate of a plan with the stack's usage figures. A resource in a region
 * the price data does not hold leaves the plan without an estimate, and says why; bad usage
 * figures throw (a ConfigError).
 */
export function planCost(plan: PlanData): CostEstimate | UnavailableCost {
    const usage = costAssumptions(plan.config, plan.project);
    try {
        return estimateCost(plan, usage);
    } catch (error) {
        if (isConfigError(error)) throw error;
        return { monthlyUsd: 0, lines: [], unavailable: (error as Error).message };
    }
}

/** `<file>` without a diagram extension: the base of the `.mmd` and `.svg` files `--diagram` writes. */
export function diagramBase(file: string): string {
    return file.replace(/\.(mmd|mermaid|svg)$/i, "");
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

    const root = options.root ?? packageRoot();
    if (args.allStacks) return runAllStacksPreview(root, args, options);
    let config: Record<string, unknown>;
    try {
        config = readStackConfig(root, args.stack);
    } catch (error) {
        if (error instanceof UnknownStackError) return { code: 1, stdout: "", stderr: `${error.message}\n` };
        return { code: 1, stdout: "", stderr: `Cannot read Pulumi.${args.stack}.yaml: ${(error as Error).message}\n` };
    }

    // Loaded only now: the SDK is most of the start-up time.
    const { synth } = require("../components/testing/synth") as typeof import("../components/testing/synth");
    // The program beside this tool: index.ts, or index.js when this runs compiled from out/.
    const programPath = options.root ? path.join(options.root, "index") : path.resolve(__dirname, "..", "index");
    const program = options.program ?? (() => loadProgram(programPath));
    let plan: Plan;
    try {
        plan = await synth(program, { stack: args.stack, config, awsxChildren: true });
    } catch (error) {
        if (isConfigError(error)) {
            return { code: 1, stdout: "", stderr: formatConfigErrors(args.stack, error.problems).join("\n") + "\n" };
        }
        return {
            code: 1,
            stdout: "",
            stderr: `Preview of stack ${JSON.stringify(args.stack)} failed: ${(error as Error)?.stack ?? String(error)}\n`,
        };
    }

    try {
        plan.cost = planCost(plan);
    } catch (error) {
        if (isConfigError(error)) {
            return { code: 1, stdout: "", stderr: formatConfigErrors(args.stack, error.problems).join("\n") + "\n" };
        }
        throw error;
    }
    // A mandatory violation fails the preview, as `pulumi preview --policy-pack policy` would fail.
    const { evaluate, environmentOf, hasMandatory } = require("../policy") as typeof import("../policy");
    const violations = evaluate(plan.resources, environmentOf(plan.config, plan.stack));
    plan.policy = { violations };
    (plan as Plan & { quotas: unknown }).quotas = quotaStatus(quotaUsage([plan]));
    const code = hasMandatory(violations) ? 1 : 0;

    let stdout = formatPlan(plan);
    if (args.json) {
        const file = path.resolve(args.json);
        fs.writeFileSync(file, JSON.stringify(plan, null, 2) + "\n");
        stdout += `\nPlan written to ${args.json}\n`;
    }
    if (args.diagram) {
        // Loaded only here: the renderer is the largest module the preview can use.
        const { diagramFromPlan } = require("../components/plan/diagram") as typeof import("../components/plan/diagram");
        const { mermaid, svg } = await diagramFromPlan(plan);
        const base = diagramBase(args.diagram);
        fs.mkdirSync(path.dirname(path.resolve(base)), { recursive: true });
        fs.writeFileSync(path.resolve(`${base}.mmd`), mermaid);
        fs.writeFileSync(path.resolve(`${base}.svg`), svg);
        stdout += `\nDiagram written to ${base}.mmd and ${base}.svg\n`;
    }
    const stderr =
        code === 0 ? "" : `Mandatory policy violations in stack ${args.stack}: fix them or the stack's config before \`pulumi up\`.\n`;
    return { code, stdout, stderr, plan };
}

/** `--all-stacks`: every stack file synthesized, their quotas summed (tools/all-stacks.ts). */
async function runAllStacksPreview(root: string, args: PreviewArgs, options: PreviewOptions): Promise<PreviewResult> {
    if (args.diagram) return { code: 2, stdout: "", stderr: `--diagram draws one stack; it does not go with --all-stacks.\n${USAGE}\n` };
    const { runAllStacks } = require("./all-stacks") as typeof import("./all-stacks");
    const { synth } = require("../components/testing/synth") as typeof import("../components/testing/synth");
    const programPath = options.root ? path.join(options.root, "index") : path.resolve(__dirname, "..", "index");
    const program = options.program ?? (() => loadProgram(programPath));
    const stacks = stackFiles(root).map((f) => f.slice("Pulumi.".length, -".yaml".length));
    try {
        return await runAllStacks(
            stacks,
            (stack) => synth(program, { stack, config: readStackConfig(root, stack), awsxChildren: true }),
            args.json,
        );
    } catch (error) {
        if (isConfigError(error)) return { code: 1, stdout: "", stderr: `Configuration errors: ${error.problems.join("; ")}\n` };
        return { code: 1, stdout: "", stderr: `Preview of all stacks failed: ${(error as Error)?.stack ?? String(error)}\n` };
    }
}

/**
 * Runs a Pulumi program module as `pulumi up` would (see `loadProgram` of components/testing):
 * a function export is called, a module's exports are its outputs.
 */
export function loadProgram(modulePath: string): unknown {
    const testing = require("../components/testing/synth") as typeof import("../components/testing/synth");
    return testing.loadProgram(modulePath);
}

/** The directory holding Pulumi.yaml: the one above tools/, also when this file runs compiled from out/tools/. */
export function packageRoot(): string {
    const above = path.resolve(__dirname, "..");
    return path.basename(above) === "out" && !fs.existsSync(path.join(above, "Pulumi.yaml")) ? path.dirname(above) : above;
}

/** A ConfigError of components/validate, recognised by shape so no module has to be loaded for it. */
function isConfigError(error: unknown): error is { problems: string[] } {
    return error instanceof Error && error.name === "ConfigError" && Array.isArray((error as { problems?: unknown }).problems);
}

/** Runs the preview as a command: prints its output and resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
    try {
        const result = await runPreview(argv);
        process.stdout.write(result.stdout);
        process.stderr.write(result.stderr);
        return result.code;
    } catch (error) {
        process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
        return 1;
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then((code) => {
        process.exitCode = code;
    });
}
