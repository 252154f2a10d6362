/**
 * `npm run preview -- --all-stacks`: the quotas every stack of the project consumes together.
 * Stacks deployed into one AWS account and Region share its quotas: dev, staging and prod are
 * each fine alone, but their NAT gateways' Elastic IPs add up against the same per-Region default.
 * The preview synthesizes each `Pulumi.<stack>.yaml` and hands the plans here.
 */
import * as fs from "fs";
import * as path from "path";
import { QuotaPlan, findings, formatQuotas, quotaStatus, quotaUsage } from "../components/plan/quotas";

/** What {@link runAllStacks} printed and how it ended. */
export interface AllStacksResult {
    /** 0, or 1 when a quota's default is exceeded (the deployment of the last stack would fail). */
    code: number;
    stdout: string;
    stderr: string;
}

/**
 * Sums the quota usage of `stacks`, each synthesized by `synthStack`, and prints the Quotas
 * section; `json` names a file that gets `{ stacks, assumption, quotas }`.
 */
export async function runAllStacks(
    stacks: readonly string[],
    synthStack: (stack: string) => Promise<QuotaPlan>,
    json?: string,
): Promise<AllStacksResult> {
    const plans: QuotaPlan[] = [];
    for (const stack of stacks) plans.push(await synthStack(stack));
    const usages = quotaUsage(plans);
    const exceeded = findings(usages).filter((f) => f.level === "exceeded");
    let stdout = formatQuotas(usages, { stacks }).join("\n") + "\n";
    if (json) {
        const doc = { stacks, assumption: "one AWS account and Region for every stack", quotas: quotaStatus(usages) };
        fs.writeFileSync(path.resolve(json), JSON.stringify(doc, null, 2) + "\n");
        stdout += `\nQuotas written to ${json}\n`;
    }
    const stderr =
        exceeded.length > 0
            ? `Quotas exceeded when stacks ${stacks.join(", ")} share an account and Region: ${exceeded.map((f) => `${f.quota}, ${f.scope}`).join("; ")}.\n`
            : "";
    return { code: exceeded.length > 0 ? 1 : 0, stdout, stderr };
}
