import * as assert from "node:assert/strict";
import { checkSources } from "../tools/check-docs";

const SOURCE = `
import * as pulumi from "@pulumi/pulumi";

/** Arguments of Thing. */
export interface ThingArgs extends ThingSettings {
    /** Where it lives. */
    vpcId: pulumi.Input<string>;
    limits?: LimitsRef;
    /** Tags added to every child that takes tags. @default {} */
    tags?: Record<string, string>;
    /** @default - one */
    count?: number;
    /** Health check. @default - GET / */
    healthCheck?: { path?: string };
}

export interface ThingSettings {
    /**
     * Seconds before giving up.
     * @default 60
     */
    timeoutSeconds?: number;
}

export interface LimitsRef {
    max: number;
}

/** Not an arg: a result. */
export interface ThingResult {
    value: number;
}

export interface ResolvedThingArgs {
    vpcId: string;
}

interface PrivateArgs {
    hidden: string;
}

export class Thing extends pulumi.ComponentResource {
    constructor(name: string, config: ThingConfig) {
        super("x:y:Thing", name, {}, {});
    }
}

export interface ThingConfig {
    name: string;
}
`;

describe("check-docs", () => {
    const report = checkSources({ "components/thing.ts": SOURCE });
    const problems = report.problems.map((p) => `${p.kind} ${p.property} :${p.line}`);

    it("reports every undocumented property of args, of the types they extend or name, and of constructor args", () => {
        assert.deepEqual(problems, [
            "description ThingArgs.limits :8",
            "default ThingArgs.limits :8",
            "description ThingArgs.count :12",
            "description ThingArgs.healthCheck.path :14",
            "default ThingArgs.healthCheck.path :14",
            "description LimitsRef.max :26",
            "description ThingConfig.name :49",
        ]);
    });

    it("counts the properties of args only, not results, resolved copies or unexported types", () => {
        assert.equal(report.checked, 9);
    });

    it("accepts a one-line comment with a description and a @default", () => {
        assert.equal(problems.filter((p) => p.includes("ThingArgs.tags")).length, 0);
    });
});
