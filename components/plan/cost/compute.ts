/** Compute: Fargate tasks of ECS services, and the ECR repositories their images live in. */
import { HOURS_PER_MONTH, PriceKey } from "./prices";
import { Estimator, T } from "./estimator";
import { lastSegment, num, refersTo } from "./util";

/** Fargate vCPU and memory of every ECS service, on demand and on Spot. */
export function priceFargate(e: Estimator): void {
    const taskDefinitions = e.of(T.taskDefinition);
    const targets = e.of(T.scalingTarget).filter((t) => (t.inputs.serviceNamespace ?? "ecs") === "ecs");
    for (const svc of e.of(T.service)) {
        if (svc.inputs.launchType && svc.inputs.launchType !== "FARGATE") {
            e.skip(svc, `launch type ${svc.inputs.launchType} runs on instances the plan does not price`);
            continue;
        }
        const td = taskDefinitions.find((t) => refersTo(svc.inputs.taskDefinition, [t.urn, t.name, t.inputs.family]));
        if (!td) {
            e.skip(svc, "its task definition is not in the plan");
            continue;
        }
        const cpu = Number(td.inputs.cpu);
        const memory = Number(td.inputs.memory);
        if (!(cpu > 0) || !(memory > 0)) {
            e.skip(svc, `task definition ${td.name} sets no task-level cpu and memory`);
            continue;
        }
        const u = e.use(svc);
        const target = targets.find((t) => refersTo(lastSegment(t.inputs.resourceId), [svc.name, svc.inputs.name]));
        let tasks: number;
        let taskNote: string;
        if (target) {
            const min = Number(target.inputs.minCapacity ?? 0);
            const max = Number(target.inputs.maxCapacity ?? min);
            tasks = min + u.averageScaleShare * (max - min);
            taskNote = `${num(tasks)} tasks on average (${min} + ${u.averageScaleShare} × (${max} − ${min}))`;
        } else {
            tasks = Number(svc.inputs.desiredCount ?? 0);
            taskNote = `${num(tasks)} tasks (desiredCount)`;
        }
        if (!Number.isFinite(tasks)) {
            e.skip(svc, "its task count is not known before deployment");
            continue;
        }
        e.tasksByTaskDefinition.set(td.urn, (e.tasksByTaskDefinition.get(td.urn) ?? 0) + tasks);
        if (tasks <= 0) {
            e.skip(svc, "it runs no tasks (desiredCount 0 and no scaling target)");
            continue;
        }
        const split = spotSplit(tasks, svc.inputs.capacityProviderStrategies);
        const arm = String(td.inputs.runtimePlatform?.cpuArchitecture ?? "X86_64").toUpperCase() === "ARM64";
        const vcpu = cpu / 1024;
        const gb = memory / 1024;
        const arch = arm ? "ARM" : "x86";
        const tiers: [string, number, PriceKey, PriceKey][] = [
            ["on-demand", split.onDemand, arm ? "fargateArmVcpuHour" : "fargateVcpuHour", arm ? "fargateArmGbHour" : "fargateGbHour"],
            [
                "Spot",
                split.spot,
                arm ? "fargateSpotArmVcpuHour" : "fargateSpotVcpuHour",
                arm ? "fargateSpotArmGbHour" : "fargateSpotGbHour",
            ],
        ];
        for (const [tier, count, vcpuKey, gbKey] of tiers) {
            if (count <= 0) continue;
            const share = split.spot > 0 ? `${num(count)} ${tier} (${split.note}); ` : "";
            e.add(
                svc,
                `Fargate ${arch} vCPU (${tier})`,
                count * vcpu * HOURS_PER_MONTH,
                "vCPU-hour",
                vcpuKey,
                `${taskNote}; ${share}${num(vcpu)} vCPU × ${HOURS_PER_MONTH} h`,
            );
            e.add(
                svc,
                `Fargate ${arch} memory (${tier})`,
                count * gb * HOURS_PER_MONTH,
                "GB-hour",
                gbKey,
                `${taskNote}; ${share}${num(gb)} GB × ${HOURS_PER_MONTH} h`,
            );
        }
    }
}

/** ECR storage of every repository. */
export function priceEcr(e: Estimator): void {
    for (const repo of e.of(T.ecrRepository)) {
        const gb = e.use(repo).ecrStoredGbPerRepository;
        e.add(repo, "ECR storage", gb, "GB-month", "ecrStorageGbMonth", `${num(gb)} GB of images`);
    }
}

/** The Spot and on-demand task counts of a service with `tasks` average running tasks. */
export function spotSplit(tasks: number, strategies: unknown): { onDemand: number; spot: number; note: string } {
    const list = (Array.isArray(strategies) ? strategies : []).filter(
        (s) => s && (s.capacityProvider === "FARGATE" || s.capacityProvider === "FARGATE_SPOT"),
    );
    if (list.length === 0) return { onDemand: tasks, spot: 0, note: "" };
    // ECS places the `base` tasks first, then splits the rest by weight.
    let remaining = tasks;
    let spot = 0;
    let onDemand = 0;
    for (const s of list) {
        const base = Math.min(remaining, Number(s.base ?? 0));
        remaining -= base;
        if (s.capacityProvider === "FARGATE_SPOT") spot += base;
        else onDemand += base;
    }
    const weight = (p: string) => list.filter((s) => s.capacityProvider === p).reduce((sum, s) => sum + Number(s.weight ?? 0), 0);
    const spotWeight = weight("FARGATE_SPOT");
    const total = spotWeight + weight("FARGATE");
    const spotRest = total > 0 ? (remaining * spotWeight) / total : 0;
    spot += spotRest;
    onDemand += remaining - spotRest;
    const bases = list.filter((s) => Number(s.base ?? 0) > 0).map((s) => `base ${s.base} on ${s.capacityProvider}`);
    const note = [...bases, `Spot weight ${spotWeight} of ${total}`].join(", ");
    return { onDemand, spot, note };
}
