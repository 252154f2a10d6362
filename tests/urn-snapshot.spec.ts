import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { PlanResource } from "../components/testing";
import { shippedStack } from "./stacks";

const SNAPSHOT = path.join(__dirname, "__snapshots__", "urns.json");
const SNAPSHOT_NAME = "tests/__snapshots__/urns.json";
const STACKS = ["dev", "staging", "prod"] as const;

/** Stack name → the sorted URNs of every resource the program creates in it. */
export type UrnSnapshot = Record<string, string[]>;

/**
 * The URNs the Pulumi engine gives a plan's resources. The mock monitor qualifies a type by its
 * direct parent's type only; the engine qualifies it by the types of all its ancestors below the
 * root stack (`elastic-web:aws:ElasticStack$elastic-web:aws:ElasticService$aws:ecs/service:Service`),
 * so a renamed type token anywhere above a resource changes that resource's URN too.
 */
export function engineUrns(resources: readonly PlanResource[], stack: string, project: string): string[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const chains = new Map<PlanResource, string>();
    const chainOf = (r: PlanResource): string => {
        const known = chains.get(r);
        if (known !== undefined) return known;
        const parent = r.parent === null ? undefined : byUrn.get(r.parent);
        const chain = parent ? `${chainOf(parent)}$${r.type}` : r.type;
        chains.set(r, chain);
        return chain;
    };
    return resources.map((r) => `urn:pulumi:${stack}::${project}::${chainOf(r)}::${r.name}`).sort();
}

/** `urn:pulumi:<stack>::<project>::<qualified type>::<name>` → its qualified type and name. */
function parseUrn(urn: string): { chain: string; name: string } {
    const parts = urn.split("::");
    return { chain: parts[2], name: parts.slice(3).join("::") };
}

/** The last type of a qualified type: the resource's own type token. */
function ownType(chain: string): string {
    return chain.split("$").pop()!;
}

/** The old role of a child renamed within one component: `app-web-svc` → `app-web-service` gives `svc`. */
function oldRole(from: string, to: string): string | undefined {
    let i = 0;
    while (i < from.length && from[i] === to[i]) i++;
    const cut = from.lastIndexOf("-", i - 1);
    return cut > 0 ? from.slice(cut + 1) : undefined;
}

/**
 * Renames among removed and added URNs: the same qualified type under a new name (a child
 * renamed), or the same name under a new qualified type (a type token changed, which changes the
 * URNs of all the component's descendants too, or a parent changed). Only one-to-one pairs are
 * reported; anything else is left to the lists of URNs.
 */
export function likelyRenames(removed: readonly string[], added: readonly string[]): string[] {
    const pairs = (key: (urn: string) => string): [string, string][] => {
        const groups = new Map<string, { removed: string[]; added: string[] }>();
        for (const urn of removed) groups.set(key(urn), { removed: [...(groups.get(key(urn))?.removed ?? []), urn], added: [] });
        for (const urn of added) {
            const group = groups.get(key(urn)) ?? { removed: [], added: [] };
            group.added.push(urn);
            groups.set(key(urn), group);
        }
        return [...groups.values()].filter((g) => g.removed.length === 1 && g.added.length === 1).map((g) => [g.removed[0], g.added[0]]);
    };
    const hints: string[] = [];
    for (const [from, to] of pairs((urn) => parseUrn(urn).chain)) {
        const a = parseUrn(from);
        const b = parseUrn(to);
        const role = oldRole(a.name, b.name);
        const inComponent = role ? ` (in the component: { aliases: [{ name: \`\${name}-${role}\` }] })` : "";
        hints.push(
            `child renamed: "${a.name}" → "${b.name}" (${ownType(a.chain)}); keep its identity with { aliases: [{ name: "${a.name}" }] }${inComponent}`,
        );
    }
    const moved = pairs((urn) => parseUrn(urn).name).map(([from, to]) => [parseUrn(from), parseUrn(to)] as const);
    const retyped = moved.filter(([a, b]) => ownType(a.chain) !== ownType(b.chain));
    const explained = (a: { chain: string }, b: { chain: string }) =>
        retyped.some(
            ([ra, rb]) =>
                a.chain.startsWith(`${ra.chain}$`) &&
                b.chain.startsWith(`${rb.chain}$`) &&
                a.chain.slice(ra.chain.length) === b.chain.slice(rb.chain.length),
        );
    for (const [a, b] of retyped) {
        const descendants = moved.filter(([ca, cb]) => ca.chain.startsWith(`${a.chain}$`) && cb.chain.startsWith(`${b.chain}$`)).length;
        hints.push(
            `type token changed: "${a.name}" ${ownType(a.chain)} → ${ownType(b.chain)}` +
                (descendants > 0 ? `, and with it the URNs of ${descendants} descendants` : "") +
                `; keep their identity with { aliases: [{ type: "${ownType(a.chain)}" }] } on "${b.name}" (children follow their parent's aliases)`,
        );
    }
    for (const [a, b] of moved) {
        if (ownType(a.chain) !== ownType(b.chain) || explained(a, b)) continue;
        hints.push(
            `parent changed for "${a.name}": ${a.chain} → ${b.chain}; keep its identity with { aliases: [{ parent: <the old parent> }] }`,
        );
    }
    return hints;
}

/** The failure message for a stack whose URNs differ from the snapshot; empty when they are equal. */
export function urnDiffMessage(stack: string, expected: readonly string[], actual: readonly string[]): string {
    const before = new Set(expected);
    const after = new Set(actual);
    const removed = expected.filter((u) => !after.has(u));
    const added = actual.filter((u) => !before.has(u));
    if (removed.length === 0 && added.length === 0) return "";
    const hints = likelyRenames(removed, added);
    return [
        `Resource URNs of stack "${stack}" differ from ${SNAPSHOT_NAME}.`,
        "",
        ...(removed.length > 0 ? ["Removed (an existing stack would DELETE these):", ...removed.map((u) => `  - ${u}`), ""] : []),
        ...(added.length > 0 ? ["Added (an existing stack would CREATE these):", ...added.map((u) => `  + ${u}`), ""] : []),
        ...(hints.length > 0 ? ["Likely renames:", ...hints.map((h) => `  ${h}`), ""] : []),
        "A URN is a resource's identity in every deployed stack: the type tokens of the resource and of",
        "all its parents, and its name. Renaming a component's type token (elastic-web:aws:…), renaming a",
        "child (`${name}-<role>`) or moving a child under another parent makes `pulumi up` delete the old",
        "resource and create a new one in every existing stack (a new ALB DNS name, an empty bucket, …),",
        "unless the resource declares its old identity with `aliases`:",
        "",
        "    // a child renamed from `${name}-svc` to `${name}-service`",
        "    new aws.ecs.Service(`${name}-service`, args, { parent: this, aliases: [{ name: `${name}-svc` }] });",
        "    // a component whose type token changed",
        '    super("elastic-web:aws:WebService", name, {}, pulumi.mergeOptions(opts, { aliases: [{ type: "elastic-web:aws:ElasticService" }] }));',
        "    // a child moved from the component to one of its children",
        "    new aws.iam.Role(`${name}-task-role`, args, { parent: taskGroup, aliases: [{ parent: this }] });",
        "",
        "Removing a child, or renaming one without an alias, is a breaking change (CHANGELOG.md, Versioning).",
        "When the change is deliberate (a new child, or a rename that carries its alias), rewrite the",
        "snapshot and commit it with the change:",
        "",
        "    UPDATE_SNAPSHOTS=1 npm test",
    ].join("\n");
}

async function stackUrns(stack: string): Promise<string[]> {
    const plan = await shippedStack(stack as "dev" | "staging" | "prod");
    return engineUrns(plan.resources, plan.stack, plan.project);
}

describe("URN snapshot (stable identity of every resource)", () => {
    const update = process.env.UPDATE_SNAPSHOTS === "1";
    const actual: UrnSnapshot = {};

    after(() => {
        if (!update || Object.keys(actual).length !== STACKS.length) return;
        fs.mkdirSync(path.dirname(SNAPSHOT), { recursive: true });
        fs.writeFileSync(SNAPSHOT, JSON.stringify(actual, null, 2) + "\n");
    });

    for (const stack of STACKS) {
        it(`gives the ${stack} stack's resources the URNs recorded in ${SNAPSHOT_NAME}`, async () => {
            actual[stack] = await stackUrns(stack);
            if (update) return;
            assert.ok(fs.existsSync(SNAPSHOT), `${SNAPSHOT_NAME} is missing; create it with: UPDATE_SNAPSHOTS=1 npm test`);
            const snapshot = JSON.parse(fs.readFileSync(SNAPSHOT, "utf8")) as UrnSnapshot;
            const expected = snapshot[stack] ?? [];
            const message = urnDiffMessage(stack, expected, actual[stack]);
            if (message) assert.fail(message);
        });
    }
});

describe("URN snapshot messages", () => {
    const svc = "urn:pulumi:prod::elastic-web::elastic-web:aws:ElasticStack$elastic-web:aws:ElasticService$aws:ecs/service:Service";

    it("names a renamed child and the alias that keeps its identity", () => {
        const message = urnDiffMessage("prod", [`${svc}::app-web-svc`], [`${svc}::app-web-service`]);
        assert.ok(
            message.includes(
                'child renamed: "app-web-svc" → "app-web-service" (aws:ecs/service:Service); keep its identity with { aliases: [{ name: "app-web-svc" }] }' +
                    " (in the component: { aliases: [{ name: `${name}-svc` }] })\n",
            ),
            message,
        );
        assert.ok(message.includes(`  - ${svc}::app-web-svc\n`), message);
        assert.ok(message.includes(`  + ${svc}::app-web-service\n`), message);
        assert.ok(message.endsWith("    UPDATE_SNAPSHOTS=1 npm test"), message);
    });

    it("names a changed type token once, with the descendants it moves, and the alias on the component", () => {
        const component = "urn:pulumi:prod::elastic-web::elastic-web:aws:ElasticStack$elastic-web:aws:ElasticService::app-web";
        const renamed = (urn: string) => urn.replace("elastic-web:aws:ElasticService", "elastic-web:aws:WebService");
        const before = [
            component,
            `${svc}::app-web-svc`,
            `${svc.replace("ecs/service:Service", "lb/targetGroup:TargetGroup")}::app-web-tg`,
        ];
        assert.deepEqual(likelyRenames(before, before.map(renamed)), [
            'type token changed: "app-web" elastic-web:aws:ElasticService → elastic-web:aws:WebService, and with it the URNs of 2 descendants; ' +
                'keep their identity with { aliases: [{ type: "elastic-web:aws:ElasticService" }] } on "app-web" (children follow their parent\'s aliases)',
        ]);
    });

    it("names a child moved under a parent of another type", () => {
        const moved = svc.replace("elastic-web:aws:ElasticService$", "elastic-web:aws:ElasticService$elastic-web:aws:TaskGroup$");
        assert.deepEqual(likelyRenames([`${svc}::app-web-svc`], [`${moved}::app-web-svc`]), [
            `parent changed for "app-web-svc": ${svc.split("::")[2]} → ${moved.split("::")[2]}; keep its identity with { aliases: [{ parent: <the old parent> }] }`,
        ]);
    });

    it("is empty when the URNs are the same", () => {
        assert.equal(urnDiffMessage("prod", [`${svc}::app-web-svc`], [`${svc}::app-web-svc`]), "");
    });

    it("qualifies a type by all its ancestors below the root stack, as the engine does", () => {
        const stackUrn = "urn:pulumi:prod::elastic-web::pulumi:pulumi:Stack::elastic-web-prod";
        const options = { protect: false, retainOnDelete: false, ignoreChanges: [], dependsOn: [], deleteBeforeReplace: false };
        const r = (urn: string, type: string, name: string, parent: string): PlanResource => ({
            urn,
            type,
            name,
            custom: false,
            parent,
            provider: null,
            region: "us-east-1",
            inputs: {},
            options,
        });
        const top = r("mock:top", "elastic-web:aws:ElasticStack", "app", stackUrn);
        const mid = r("mock:mid", "elastic-web:aws:ElasticService", "app-web", "mock:top");
        const leaf = r("mock:leaf", "aws:ecs/service:Service", "app-web-svc", "mock:mid");
        assert.deepEqual(engineUrns([leaf, top, mid], "prod", "elastic-web"), [
            "urn:pulumi:prod::elastic-web::elastic-web:aws:ElasticStack$elastic-web:aws:ElasticService$aws:ecs/service:Service::app-web-svc",
            "urn:pulumi:prod::elastic-web::elastic-web:aws:ElasticStack$elastic-web:aws:ElasticService::app-web",
            "urn:pulumi:prod::elastic-web::elastic-web:aws:ElasticStack::app",
        ]);
    });
});
