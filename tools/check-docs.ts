/**
 * `npm run lint` (last step), or `ts-node --transpile-only tools/check-docs.ts [files…]`: fails
 * when a property of an exported arg of the library (see {@link argDeclarations}) lacks a JSDoc
 * description, because the API reference (docs/api, `npm run docs`) is generated from those
 * comments. Optional properties without `@default` are reported as warnings; `--strict` makes them
 * errors too; `--verbose` also lists the known gaps of the baseline. `--compare <generated> <committed>` checks that docs/api is up to date instead
 * (`npm run docs:check`).
 *
 * Parses each file on its own (no type-check), so it runs in well under a second.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { formatOptions, readCommandLine } from "./args";

const ROOT = path.resolve(__dirname, "..");
/** The folder whose exported types make up the public API (the package's `.` and `./testing`), read recursively. */
const DEFAULT_DIRS = ["components"];

/** One documentation problem. */
export interface DocProblem {
    /** Path relative to the package root. */
    file: string;
    /** 1-based line of the property. */
    line: number;
    /** `Interface.property`, with nested object types as `Interface.property.inner`. */
    property: string;
    /** `description`: no JSDoc description (an error); `default`: optional without `@default` (a warning). */
    kind: "description" | "default";
}

/** What {@link checkSource} found in one file. */
export interface DocReport {
    /** Properties checked. */
    checked: number;
    problems: DocProblem[];
}

/** The JSDoc blocks attached to a node (TypeScript keeps them on the node, untyped). */
function jsDocsOf(node: ts.Node): ts.JSDoc[] {
    return ((node as { jsDoc?: ts.JSDoc[] }).jsDoc ?? []).filter(ts.isJSDoc);
}

function commentText(comment: string | ts.NodeArray<ts.JSDocComment> | undefined): string {
    if (comment === undefined) return "";
    if (typeof comment === "string") return comment;
    return comment.map((part) => part.text ?? "").join("");
}

/** True when one of the node's JSDoc blocks has text before its tags. */
export function hasDescription(node: ts.Node): boolean {
    return jsDocsOf(node).some((doc) => commentText(doc.comment).trim().length > 0);
}

/** True when one of the node's JSDoc blocks carries `@default`. */
export function hasDefault(node: ts.Node): boolean {
    return jsDocsOf(node).some((doc) => (doc.tags ?? []).some((tag) => tag.tagName.text === "default"));
}

function isExported(node: ts.Node): boolean {
    return (ts.getCombinedModifierFlags(node as ts.Declaration) & ts.ModifierFlags.Export) !== 0;
}

function propertyName(name: ts.PropertyName, source: ts.SourceFile): string {
    return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) ? name.text : name.getText(source);
}

/** Exported types a caller passes to a component or function: the roots of the check. */
export const ARG_TYPE = /Args$/;
/** Filled-in copies of args that resolve functions return: documented by the args they come from. */
const RESOLVED_TYPE = /^Resolved/;

/** An exported interface or object type alias, with where it is declared. */
interface Declaration {
    name: string;
    file: string;
    source: ts.SourceFile;
    members: ts.NodeArray<ts.TypeElement>;
    /** Type nodes whose referenced types are args too: `extends` clauses. */
    heritage: ts.Node[];
}

/** What one source file declares. */
export interface SourceDeclarations {
    /** Its exported interfaces and object type aliases. */
    declarations: Declaration[];
    /** Names of the types its components' constructors take (`StackConfig` of `ElasticStack`). */
    constructorArgs: string[];
}

/** The exported interfaces and object type aliases of one source text, and its components' constructor args. */
export function declarationsOf(file: string, text: string): SourceDeclarations {
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    const found: Declaration[] = [];
    const constructorArgs = new Set<string>();
    for (const statement of source.statements) {
        if (!isExported(statement)) continue;
        if (ts.isClassDeclaration(statement) && isComponent(statement)) {
            for (const member of statement.members) {
                if (!ts.isConstructorDeclaration(member)) continue;
                for (const param of member.parameters) if (param.type) referencedNames(param.type, constructorArgs);
            }
        } else if (ts.isInterfaceDeclaration(statement)) {
            const heritage = (statement.heritageClauses ?? []).flatMap((c) => [...c.types]);
            found.push({ name: statement.name.text, file, source, members: statement.members, heritage });
        } else if (ts.isTypeAliasDeclaration(statement) && ts.isTypeLiteralNode(statement.type)) {
            found.push({ name: statement.name.text, file, source, members: statement.type.members, heritage: [] });
        }
    }
    return { declarations: found, constructorArgs: [...constructorArgs] };
}

/** True for a class that extends `pulumi.ComponentResource`. */
function isComponent(node: ts.ClassDeclaration): boolean {
    return (node.heritageClauses ?? []).some((c) => c.types.some((t) => /(^|\.)ComponentResource$/.test(t.expression.getText())));
}

/** Names of the types a node refers to (`pulumi.Input<ScalingArgs[]>` → `pulumi.Input`, `ScalingArgs`). */
function referencedNames(node: ts.Node, names: Set<string>): Set<string> {
    const visit = (n: ts.Node) => {
        if (ts.isTypeReferenceNode(n)) names.add(n.typeName.getText());
        else if (ts.isExpressionWithTypeArguments(n)) names.add(n.expression.getText());
        ts.forEachChild(n, visit);
    };
    visit(node);
    return names;
}

/**
 * The args: exported types whose names end in `Args` (not the `Resolved…` copies) or that an
 * component's constructor takes, and every exported type they refer to or extend, transitively
 * (`ElasticServiceArgs` → `LoadBalancerAttachment`, `ClusterRef`, `ScalingArgs` → `ScheduleArgs`).
 */
export function argDeclarations(declarations: readonly Declaration[], constructorArgs: readonly string[]): Declaration[] {
    const byName = new Map(declarations.map((d) => [d.name, d]));
    const selected = new Set<Declaration>();
    const queue = declarations.filter((d) => constructorArgs.includes(d.name) || (ARG_TYPE.test(d.name) && !RESOLVED_TYPE.test(d.name)));
    while (queue.length > 0) {
        const d = queue.shift()!;
        if (selected.has(d)) continue;
        selected.add(d);
        const names = new Set<string>();
        for (const h of d.heritage) referencedNames(h, names);
        for (const m of d.members) referencedNames(m, names);
        for (const name of names) {
            const next = byName.get(name);
            if (next && !RESOLVED_TYPE.test(next.name) && !selected.has(next)) queue.push(next);
        }
    }
    return declarations.filter((d) => selected.has(d));
}

/** Checks the members of declarations, and of object types written inline in them (`healthCheck: { path?: string }`). */
export function checkDeclarations(declarations: readonly Declaration[]): DocReport {
    const report: DocReport = { checked: 0, problems: [] };
    for (const d of declarations) {
        const visitMembers = (members: ts.NodeArray<ts.TypeElement>, owner: string) => {
            for (const member of members) {
                if (!ts.isPropertySignature(member) && !ts.isMethodSignature(member)) continue;
                const property = `${owner}.${propertyName(member.name, d.source)}`;
                const line = d.source.getLineAndCharacterOfPosition(member.getStart(d.source)).line + 1;
                report.checked++;
                if (!hasDescription(member)) report.problems.push({ file: d.file, line, property, kind: "description" });
                if (member.questionToken && !hasDefault(member)) report.problems.push({ file: d.file, line, property, kind: "default" });
                if (ts.isPropertySignature(member) && member.type) visitInline(member.type, property);
            }
        };
        const visitInline = (type: ts.TypeNode, owner: string) => {
            if (ts.isTypeLiteralNode(type)) visitMembers(type.members, owner);
            else if (ts.isArrayTypeNode(type)) visitInline(type.elementType, owner);
            else if (ts.isParenthesizedTypeNode(type)) visitInline(type.type, owner);
        };
        visitMembers(d.members, d.name);
    }
    return report;
}

/** Checks the args declared in a set of source texts (file → text); types may refer across files. */
export function checkSources(sources: Record<string, string>): DocReport {
    const parsed = Object.entries(sources).map(([file, text]) => declarationsOf(file, text));
    const declarations = parsed.flatMap((p) => p.declarations);
    return checkDeclarations(
        argDeclarations(
            declarations,
            parsed.flatMap((p) => p.constructorArgs),
        ),
    );
}

/** The `.ts` files in each directory and its subfolders (not `.d.ts`), sorted. */
export function sourceFiles(dirs: readonly string[], root = ROOT): string[] {
    return dirs.flatMap((dir) =>
        (fs.readdirSync(path.join(root, dir), { recursive: true }) as string[])
            .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
            .sort()
            .map((f) => path.join(dir, f)),
    );
}

/** What a CLI run prints and how it ends. */
export interface CheckResult {
    code: number;
    stdout: string;
    stderr: string;
}

/**
 * Known gaps, by `Interface.property`: reported, not failed, until their owners document them.
 * Anything missing that is not listed fails; a listed property that is documented now is reported
 * so the entry can go.
 */
export const BASELINE_FILE = "tools/check-docs.baseline.json";

function readBaseline(root: string): Set<string> {
    const file = path.join(root, BASELINE_FILE);
    if (!fs.existsSync(file)) return new Set();
    const data = JSON.parse(fs.readFileSync(file, "utf8")) as { missingDescriptions?: string[] };
    return new Set(data.missingDescriptions ?? []);
}

/** The options of check-docs, for {@link readCommandLine}. */
const OPTIONS = {
    strict: { type: "boolean" },
    verbose: { type: "boolean" },
    "no-baseline": { type: "boolean" },
    compare: { type: "string" },
    help: { type: "boolean", short: "h" },
} as const;

/** What `--help` and a mistake on the command line print. */
export const USAGE = `Usage: ts-node --transpile-only tools/check-docs.ts [--strict] [--verbose] [--no-baseline] [files…]
       ts-node --transpile-only tools/check-docs.ts --compare <generated> <committed>

Options:
${formatOptions([
    ["--strict", "an optional property without @default is an error, not a warning"],
    ["--verbose", `also list the known gaps of ${BASELINE_FILE}`],
    ["--no-baseline", `fail on the known gaps of ${BASELINE_FILE} too`],
    ["--compare <generated> <committed>", "check that the committed API reference equals the one typedoc generated"],
    ["-h, --help", "this text"],
])}
`;

/** Parsed command line. */
export interface CheckDocsArgs {
    /** Optional properties without `@default` fail. */
    strict: boolean;
    /** List the known gaps of the baseline. */
    verbose: boolean;
    /** Ignore the baseline. */
    noBaseline: boolean;
    /** Files to check, relative to the root; none means every source of the API. */
    files: string[];
    /**
     * `--compare <generated> <committed>`: the two API reference folders.
     * @default - no comparison: the JSDoc check
     */
    compare?: { generated: string; committed: string };
    /** Print the usage and exit. */
    help: boolean;
}

/** Parses the command line with Node's `util.parseArgs`; throws an Error on a mistake. */
export function parseCheckDocsArgs(argv: readonly string[]): CheckDocsArgs {
    const { options, positionals } = readCommandLine(argv, OPTIONS, {
        unknown: (word) => `Unknown option ${JSON.stringify(word)}.`,
        error: (message) => new Error(message),
    });
    const args: CheckDocsArgs = { strict: false, verbose: false, noBaseline: false, files: positionals, help: false };
    for (const { name, value } of options) {
        if (name === "strict") args.strict = true;
        else if (name === "verbose") args.verbose = true;
        else if (name === "no-baseline") args.noBaseline = true;
        else if (name === "help") args.help = true;
        else args.compare = { generated: value!, committed: "" };
    }
    if (args.compare) {
        if (positionals.length !== 1) throw new Error("Option --compare takes two folders: --compare <generated> <committed>.");
        args.compare.committed = positionals[0];
        args.files = [];
    }
    return args;
}

/** Runs the check over files (relative to the root); returns the exit code and what to print. */
export function checkArgs(argv: readonly string[], root = ROOT): CheckResult {
    return checkDocs(parseCheckDocsArgs(argv), root);
}

function checkDocs(args: CheckDocsArgs, root: string): CheckResult {
    const { strict, verbose } = args;
    const files = args.files.length > 0 ? args.files : sourceFiles(DEFAULT_DIRS, root);
    const baseline = args.noBaseline ? new Set<string>() : readBaseline(root);
    const { checked, problems } = checkSources(Object.fromEntries(files.map((f) => [f, fs.readFileSync(path.join(root, f), "utf8")])));
    const missing = problems.filter((p) => p.kind === "description");
    const known = missing.filter((p) => baseline.has(p.property));
    const unknown = missing.filter((p) => !baseline.has(p.property));
    const stillMissing = new Set(missing.map((p) => p.property));
    const fixed = [...baseline].filter((property) => !stillMissing.has(property)).sort();
    const noDefault = problems.filter((p) => p.kind === "default");
    const lines = [
        ...unknown.map((p) => `${p.file}:${p.line}  ${p.property}: no JSDoc description`),
        ...(verbose
            ? known.map((p) => `${p.file}:${p.line}  ${p.property}: no JSDoc description (known gap, listed in ${BASELINE_FILE})`)
            : []),
        ...fixed.map((property) => `${property}: documented now (or gone); remove it from ${BASELINE_FILE}`),
        ...noDefault.map((p) => `${p.file}:${p.line}  ${p.property}: optional without @default${strict ? "" : " (warning)"}`),
    ];
    const failed = unknown.length > 0 || (strict && noDefault.length > 0);
    const summary =
        `check-docs: ${checked} properties of exported args in ${files.length} files; ` +
        `${unknown.length} without a description` +
        (known.length > 0 ? ` (and ${known.length} known gaps in ${BASELINE_FILE}${verbose ? "" : "; --verbose lists them"})` : "") +
        `, ${noDefault.length} optional without @default.`;
    const out = [...lines, summary].join("\n") + "\n";
    return failed ? { code: 1, stdout: "", stderr: out } : { code: 0, stdout: out, stderr: "" };
}

/** Relative paths of the files under a directory, sorted. */
function filesUnder(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    const out: string[] = [];
    const walk = (rel: string) => {
        for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
            const child = rel ? `${rel}/${entry.name}` : entry.name;
            if (entry.isDirectory()) walk(child);
            else out.push(child);
        }
    };
    walk("");
    return out.sort();
}

/**
 * `--compare <generated> <committed>`: fails unless the API reference typedoc just generated
 * equals the committed one, file by file (`npm run docs` rewrites docs/api).
 */
export function compareApiDocs(generated: string, committed: string, label = committed): CheckResult {
    const a = filesUnder(generated);
    const b = filesUnder(committed);
    const differing = [
        ...a.filter((f) => !b.includes(f)).map((f) => `  + ${f} (not committed)`),
        ...b.filter((f) => !a.includes(f)).map((f) => `  - ${f} (no longer generated)`),
        ...a
            .filter((f) => b.includes(f) && !fs.readFileSync(path.join(generated, f)).equals(fs.readFileSync(path.join(committed, f))))
            .map((f) => `  ~ ${f}`),
    ];
    if (differing.length === 0) return { code: 0, stdout: `check-docs: ${label} is up to date (${b.length} files).\n`, stderr: "" };
    return {
        code: 1,
        stdout: "",
        stderr:
            [`check-docs: ${label} is out of date with the JSDoc; run \`npm run docs\` and commit the result.`, ...differing].join("\n") +
            "\n",
    };
}

/** The command: the JSDoc check, or `--compare`; exit code 2 and the usage on a bad command line. */
export function main(argv: readonly string[], root = ROOT): CheckResult {
    let args: CheckDocsArgs;
    try {
        args = parseCheckDocsArgs(argv);
    } catch (error) {
        return { code: 2, stdout: "", stderr: `${(error as Error).message}\n${USAGE}` };
    }
    if (args.help) return { code: 0, stdout: USAGE, stderr: "" };
    if (args.compare) {
        const { generated, committed } = args.compare;
        return compareApiDocs(path.resolve(root, generated), path.resolve(root, committed), committed);
    }
    return checkDocs(args, root);
}

if (require.main === module) {
    const result = main(process.argv.slice(2));
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    process.exitCode = result.code;
}
