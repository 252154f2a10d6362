import * as path from "node:path";
import { Plan, synth } from "../components/testing";
import { readStackConfig } from "../tools/preview";

/** The repository root, where `index.ts` and the `Pulumi.<stack>.yaml` files live. */
export const ROOT = path.resolve(__dirname, "..");

const plans = new Map<string, Promise<Plan>>();

/**
 * The plan of a shipped stack (`index.ts` with `Pulumi.<stack>.yaml`, policy evaluated for the
 * stack's environment), synthesized once per test process and shared by every spec that only
 * reads it. Specs that change the config synthesize their own.
 */
export function shippedStack(stack: "dev" | "staging" | "prod"): Promise<Plan> {
    let plan = plans.get(stack);
    if (!plan) {
        plan = synth(() => require("../index")(), { stack, config: readStackConfig(ROOT, stack), policy: stack });
        plans.set(stack, plan);
    }
    return plan;
}
