/**
 * The resource type tokens an assertion may name: those the installed Pulumi packages register
 * (`@pulumi/aws`, `@pulumi/awsx`, … : each module's `index.js` registers its resource classes
 * with `registerResourceModule`, whose `construct` switch lists `case "aws:lb/listener:Listener":`),
 * their providers (`pulumi:providers:aws`), this package's components and the plan's own types.
 * A misspelt token in `hasNoResource` or `hasResourceCount(type, 0)` would otherwise pass.
 *
 * Reads the packages' files as text (nothing here loads the Pulumi SDK), once per process.
 */
import * as fs from "fs";
import * as path from "path";

/** This package's component type tokens. */
export const COMPONENT_TYPES: readonly string[] = [
    "elastic-web:aws:Network",
    "elastic-web:aws:LoadBalancer",
    "elastic-web:aws:ElasticService",
    "elastic-web:aws:ReplicatedBucket",
    "elastic-web:aws:ServiceAlarms",
    "elastic-web:aws:ElasticStack",
];

let registered: ReadonlySet<string> | undefined;

/** The `@pulumi` folder the SDK was installed in, or undefined when there is none. */
function pulumiScope(): string | undefined {
    try {
        return path.dirname(path.dirname(require.resolve("@pulumi/pulumi/package.json")));
    } catch {
        return undefined;
    }
}

/** Type tokens registered by the installed `@pulumi/*` packages, read once and cached. */
export function registeredTypes(): ReadonlySet<string> {
    if (registered) return registered;
    const types = new Set<string>(["pulumi:pulumi:Stack"]);
    const scope = pulumiScope();
    const entries = (dir: string): fs.Dirent[] => {
        try {
            return fs.readdirSync(dir, { withFileTypes: true });
        } catch {
            return [];
        }
    };
    for (const pkg of scope ? entries(scope) : []) {
        if (!pkg.isDirectory() && !pkg.isSymbolicLink()) continue;
        const root = path.join(scope!, pkg.name);
        const files = [
            path.join(root, "index.js"),
            ...entries(root)
                .filter((e) => e.isDirectory())
                .map((e) => path.join(root, e.name, "index.js")),
        ];
        let found = false;
        for (const file of files) {
            let text: string;
            try {
                text = fs.readFileSync(file, "utf8");
            } catch {
                continue;
            }
            for (const m of text.matchAll(/case "([^"\s]+:[^"\s]*:[^"\s]+)":/g)) {
                types.add(m[1]);
                found = true;
            }
        }
        if (found) types.add(`pulumi:providers:${pkg.name}`);
    }
    registered = types;
    return types;
}
