import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { synth } from "../components/testing";
import { engineUrn } from "../components/testing/urns";
import { shippedStack } from "./stacks";

const SNAPSHOT = path.join(__dirname, "__snapshots__", "urns.json");
const SNAPSHOT_NAME = "tests/__snapshots__/urns.json";
const STACKS = ["dev", "staging", "prod"] as const;

/** Stack name → the sorted URNs of every resource the program creates in it. */
export type UrnSnapshot = Record<string, string[]>;

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
    return plan.resources.map((r) => r.urn).sort();
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
});

/** A component of a test type token, with its children under it. */
class Group extends pulumi.ComponentResource {
    constructor(type: string, name: string, opts?: pulumi.ComponentResourceOptions) {
        super(type, name, {}, opts);
    }
}

describe("engine URNs in a plan", () => {
    it("qualifies a type by all its ancestors below the root stack, as the engine does", async () => {
        const plan = await synth(
            () => {
                const top = new Group("elastic-web:aws:ElasticStack", "app");
                const mid = new Group("elastic-web:aws:ElasticService", "app-web", { parent: top });
                const svc = new aws.ecs.Service("app-web-svc", {}, { parent: mid });
                return { svc };
            },
            { stack: "prod" },
        );
        assert.deepEqual(
            plan.resources.map((r) => [r.urn, r.parent]),
            [
                [
                    "urn:pulumi:prod::elastic-web::elastic-web:aws:ElasticStack::app",
                    "urn:pulumi:prod::elastic-web::pulumi:pulumi:Stack::elastic-web-prod",
                ],
                [
                    "urn:pulumi:prod::elastic-web::elastic-web:aws:ElasticStack$elastic-web:aws:ElasticService::app-web",
                    "urn:pulumi:prod::elastic-web::elastic-web:aws:ElasticStack::app",
                ],
                [
                    "urn:pulumi:prod::elastic-web::elastic-web:aws:ElasticStack$elastic-web:aws:ElasticService$aws:ecs/service:Service::app-web-svc",
                    "urn:pulumi:prod::elastic-web::elastic-web:aws:ElasticStack$elastic-web:aws:ElasticService::app-web",
                ],
            ],
        );
        assert.deepEqual(plan.outputs, {
            svc: "urn:pulumi:prod::elastic-web::elastic-web:aws:ElasticStack$elastic-web:aws:ElasticService$aws:ecs/service:Service::app-web-svc",
        });
    });

    it("gives a root-level resource its own type alone, and names an explicit provider, dependsOn and references by engine URN", async () => {
        const plan = await synth(() => {
            const replica = new aws.Provider("replica", { region: "us-west-2" });
            const group = new Group("elastic-web:test:Group", "g");
            const topic = new aws.sns.Topic("t", {}, { parent: group, provider: replica });
            new aws.sns.TopicSubscription(
                "s",
                { topic: topic.arn, protocol: "sqs", endpoint: "arn:aws:sqs:us-west-2:123456789012:q" },
                { dependsOn: [topic] },
            );
        });
        const urns = Object.fromEntries(plan.resources.map((r) => [r.name, r.urn]));
        assert.deepEqual(urns, {
            replica: "urn:pulumi:dev::elastic-web::pulumi:providers:aws::replica",
            g: "urn:pulumi:dev::elastic-web::elastic-web:test:Group::g",
            t: "urn:pulumi:dev::elastic-web::elastic-web:test:Group$aws:sns/topic:Topic::t",
            s: "urn:pulumi:dev::elastic-web::aws:sns/topicSubscription:TopicSubscription::s",
        });
        assert.equal(plan.named("t").provider, "urn:pulumi:dev::elastic-web::pulumi:providers:aws::replica");
        assert.deepEqual(plan.named("s").options.dependsOn, ["urn:pulumi:dev::elastic-web::elastic-web:test:Group$aws:sns/topic:Topic::t"]);
        assert.equal(plan.named("s").parent, "urn:pulumi:dev::elastic-web::pulumi:pulumi:Stack::elastic-web-dev");
        assert.equal(JSON.stringify(plan).includes("pulumi:pulumi:Stack$"), false);
    });

    it("computes a URN from the parent's URN as NewURN and createUrn do", () => {
        const stackUrn = "urn:pulumi:prod::elastic-web::pulumi:pulumi:Stack::elastic-web-prod";
        const top = engineUrn("prod", "elastic-web", stackUrn, "elastic-web:aws:ElasticStack", "app");
        const mid = engineUrn("prod", "elastic-web", top, "elastic-web:aws:ElasticService", "app-web");
        assert.equal(engineUrn("prod", "elastic-web", null, "pulumi:pulumi:Stack", "elastic-web-prod"), stackUrn);
        assert.equal(top, "urn:pulumi:prod::elastic-web::elastic-web:aws:ElasticStack::app");
        assert.equal(
            engineUrn("prod", "elastic-web", mid, "aws:ecs/service:Service", "app-web-svc"),
            "urn:pulumi:prod::elastic-web::elastic-web:aws:ElasticStack$elastic-web:aws:ElasticService$aws:ecs/service:Service::app-web-svc",
        );
    });
});
