/** Rules for ECS clusters, task definitions and services. */
import { Finding, PolicyResource, Rule, StackIndex, T, containers, defineRule, finding, known, list, num, str } from "../resources";

/** Environment variable names that hold secrets. */
const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL/i;
/** Values that are secrets whatever their name: AWS access key ids and PEM private keys. */
const SECRET_VALUE = /^(AKIA|ASIA)[0-9A-Z]{16}$|-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/** Users that are root: `root` or UID 0, with or without a group. */
const ROOT_USER = /^(root|0)(:.*)?$/;

/** The Application Auto Scaling targets that scale a service (resourceId `service/<cluster>/<service>`). */
export function scalingTargetsOf(stack: StackIndex, service: PolicyResource): PolicyResource[] {
    return stack.ofType(T.scalingTarget).filter((t) => {
        if (t.propertyDependencies?.resourceId?.includes(service.urn)) return true;
        const parts = str(t.inputs.resourceId)?.split("/");
        if (str(t.inputs.serviceNamespace) !== "ecs" || !parts || parts[0] !== "service" || parts.length !== 3) return false;
        return stack.names(parts[2], service) && serviceInCluster(stack, service, parts[1]);
    });
}

/** Whether a service runs in the cluster named `clusterName` (its `cluster` input names it, or names a cluster resource that has that name). */
function serviceInCluster(stack: StackIndex, service: PolicyResource, clusterName: string): boolean {
    const cluster = str(service.inputs.cluster);
    if (!cluster) return service.inputs.cluster === undefined ? clusterName === "default" : true;
    if (cluster === clusterName || cluster.endsWith(`:cluster/${clusterName}`)) return true;
    return stack.referenced(service, "cluster", T.cluster).some((c) => stack.identifiers(c).has(clusterName));
}

/** One finding per container of each task definition that `bad` reports on. */
function perContainer(stack: StackIndex, bad: (container: Record<string, any>, task: PolicyResource) => string | undefined): Finding[] {
    return stack.ofType(T.taskDefinition).flatMap((task) =>
        (containers(task) ?? []).flatMap((c) => {
            const message = bad(c, task);
            return message ? [finding(task, `Container ${JSON.stringify(c.name ?? "?")}: ${message}`)] : [];
        }),
    );
}

/**
 * A container that only opens its volumes to every user before the application starts: not
 * essential, no ports, no environment or secrets, a read-only root, and a command that is exactly
 * `chmod <mode> <its own mount points>`. Fargate bind mounts start owned by root, so a non-root
 * application behind a read-only root filesystem needs such a step; root is the only user that
 * can take it, and it exits before the application runs.
 */
export function isVolumePermissionStep(c: Record<string, any>): boolean {
    const command: unknown = c.command;
    const mounts = new Set<string>(((c.mountPoints ?? []) as Record<string, any>[]).map((m) => String(m.containerPath)));
    return (
        c.essential === false &&
        c.privileged !== true &&
        c.readonlyRootFilesystem === true &&
        (c.portMappings ?? []).length === 0 &&
        (c.environment ?? []).length === 0 &&
        (c.secrets ?? []).length === 0 &&
        Array.isArray(command) &&
        command.length >= 3 &&
        command[0] === "chmod" &&
        /^[0-7]{3,4}$/.test(String(command[1])) &&
        command.slice(2).every((path) => mounts.has(String(path)))
    );
}

/** The services that use the deployment circuit breaker's controller (ECS rolling updates, the default). */
function rollingServices(stack: StackIndex): PolicyResource[] {
    return stack
        .ofType(T.service)
        .filter((s) => (str(s.inputs.deploymentController?.type) ?? "ECS") === "ECS" && str(s.inputs.schedulingStrategy) !== "DAEMON");
}

export const ECS_RULES: Rule[] = [
    defineRule({
        id: "ecs-container-insights",
        area: "ecs",
        description:
            "ECS clusters publish Container Insights metrics (running and desired task counts the alarms and dashboard read); unset follows the account default, which is off. Advisory in dev, where the profile turns it off to save cost.",
        sources: ["cdk-nag AwsSolutions-ECS4", "checkov CKV_AWS_65", "Well-Architected REL06-BP01"],
        severity: "medium",
        mandatoryIn: ["staging", "prod"],
        check: (stack) =>
            stack.ofType(T.cluster).flatMap((c) => {
                if (!known(c.inputs.settings) && c.inputs.settings !== undefined) return [];
                const setting = list<any>(c.inputs.settings).find((s) => s?.name === "containerInsights");
                if (setting && !known(setting.value)) return [];
                const value = str(setting?.value);
                return value === "enabled" || value === "enhanced"
                    ? []
                    : [
                          finding(
                              c,
                              `Container Insights is ${value ?? "not enabled (account default)"}: set settings: [{ name: "containerInsights", value: "enabled" }].`,
                          ),
                      ];
            }),
    }),
    defineRule({
        id: "ecs-exec-disabled",
        area: "ecs",
        description:
            "Production services do not allow ECS Exec (`enableExecuteCommand`, default false): no interactive shell into production tasks. Reported as advisory in staging; not evaluated in dev.",
        sources: ["Well-Architected SEC03-BP02"],
        severity: "high",
        mandatoryIn: ["prod"],
        appliesIn: ["staging", "prod"],
        check: (stack) =>
            stack
                .ofType(T.service)
                .filter((s) => s.inputs.enableExecuteCommand === true)
                .map((s) => finding(s, "ECS Exec is enabled: set enableExecuteCommand: false.")),
    }),
    defineRule({
        id: "ecs-container-logging",
        area: "ecs",
        description:
            "Every container logs through the awslogs driver to a log group this stack manages (so its retention and encryption are checked too), not to a group ECS creates on the fly.",
        sources: ["cdk-nag AwsSolutions-ECS7", "Well-Architected REL06-BP01"],
        severity: "medium",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) => {
            const groups = stack.ofType(T.logGroup);
            return perContainer(stack, (c) => {
                const config = c.logConfiguration;
                if (!config) return "has no logConfiguration: send its output to a stack log group with the awslogs driver.";
                if (config.logDriver !== "awslogs")
                    return `logs through ${JSON.stringify(config.logDriver)}: use the awslogs driver with a log group of this stack.`;
                const group = config.options?.["awslogs-group"];
                if (!known(group))
                    return group === undefined ? "awslogs has no awslogs-group option: name a log group of this stack." : undefined;
                if (!groups.some((g) => stack.names(group, g)))
                    return `logs to ${JSON.stringify(group)}, which this stack does not manage: create the log group in the stack (with retention) and use its name.`;
                return undefined;
            });
        },
    }),
    defineRule({
        id: "ecs-no-plaintext-secrets",
        area: "ecs",
        description:
            "No secret travels as a plain environment variable (readable by anyone allowed to describe the task definition): names that look like secrets or values that look like keys belong in `secrets` (SSM Parameter Store or Secrets Manager).",
        sources: ["cdk-nag ECSTaskDefinitionNoEnvironmentVariables (stricter: flags every plain variable)"],
        severity: "high",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) =>
            perContainer(stack, (c) => {
                const leaked = list<any>(c.environment)
                    .filter(
                        (e) =>
                            (typeof e?.name === "string" && SECRET_NAME.test(e.name)) ||
                            (typeof e?.value === "string" && SECRET_VALUE.test(e.value)),
                    )
                    .map((e) => String(e.name));
                return leaked.length === 0
                    ? undefined
                    : `passes ${leaked.join(", ")} as plain environment variable${leaked.length === 1 ? "" : "s"}: move ${leaked.length === 1 ? "it" : "them"} to secrets (valueFrom an SSM parameter or Secrets Manager ARN).`;
            }),
    }),
    defineRule({
        id: "ecs-no-privileged-or-root",
        area: "ecs",
        description:
            'No container runs privileged or explicitly as root (`user` "root" or UID 0), except a non-essential step that only runs `chmod` on its own mount points before the application starts (Fargate bind mounts start owned by root).',
        sources: ["checkov CKV_AWSCC_76"],
        severity: "high",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) =>
            perContainer(stack, (c) => {
                if (c.privileged === true) return "runs privileged: remove privileged (or set it to false).";
                if (typeof c.user === "string" && ROOT_USER.test(c.user) && !isVolumePermissionStep(c))
                    return `runs as ${JSON.stringify(c.user)}: set user to a non-root UID, e.g. "1000".`;
                return undefined;
            }),
    }),
    defineRule({
        id: "ecs-non-root-user",
        area: "ecs",
        description:
            "Containers name a non-root user instead of inheriting the image's. Advisory: ElasticService does not set `user` (the demo image nginx-unprivileged runs as UID 101 through its own USER instruction).",
        sources: ["checkov CKV_AWSCC_76"],
        severity: "low",
        mandatoryIn: [],
        check: (stack) =>
            perContainer(stack, (c) =>
                c.user === undefined
                    ? "does not set user, so it runs as the image's user (root unless the image says otherwise): set user to a non-root UID."
                    : undefined,
            ),
    }),
    defineRule({
        id: "ecs-readonly-root",
        area: "ecs",
        description:
            "Production containers mount their root filesystem read-only (`readonlyRootFilesystem`, default false), with writable volumes only where needed.",
        sources: ["checkov CKV_AWS_336"],
        severity: "medium",
        mandatoryIn: ["prod"],
        check: (stack) =>
            perContainer(stack, (c) =>
                c.readonlyRootFilesystem === true
                    ? undefined
                    : "has a writable root filesystem: set readonlyRootFilesystem: true and mount volumes for the paths it writes.",
            ),
    }),
    defineRule({
        id: "ecs-separate-roles",
        area: "ecs",
        description:
            "The execution role (image pull, logs, secrets for ECS) and the task role (what the application may do) are different roles.",
        sources: ["checkov CKV_AWS_249", "Well-Architected SEC03-BP02"],
        severity: "high",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) =>
            stack.ofType(T.taskDefinition).flatMap((t) => {
                const exec = str(t.inputs.executionRoleArn);
                const task = str(t.inputs.taskRoleArn);
                return exec && task && exec === task
                    ? [finding(t, `Uses ${exec} as both execution and task role: give the application its own task role.`)]
                    : [];
            }),
    }),
    defineRule({
        id: "ecs-circuit-breaker",
        area: "ecs",
        description:
            "Services deployed with ECS rolling updates use the deployment circuit breaker with rollback (off by default), so a deployment that cannot reach steady state rolls back by itself.",
        sources: ["Well-Architected REL08-BP01 (rollback safety during deployments)"],
        severity: "medium",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) =>
            rollingServices(stack).flatMap((s) => {
                const cb = s.inputs.deploymentCircuitBreaker;
                if (cb !== undefined && !known(cb)) return [];
                if (cb?.enable === true && cb?.rollback === true) return [];
                return [
                    finding(
                        s,
                        "Deployment circuit breaker with rollback is off: set deploymentCircuitBreaker: { enable: true, rollback: true }.",
                    ),
                ];
            }),
    }),
    defineRule({
        id: "ecs-zero-downtime-deploy",
        area: "ecs",
        description:
            "Production deployments start new tasks before stopping old ones: minimum healthy percent at least 100 and maximum percent above 100 (defaults 100 and 200). Advisory in staging; not evaluated in dev.",
        sources: ["Well-Architected REL08-BP01 (rollback safety during deployments)"],
        severity: "medium",
        mandatoryIn: ["prod"],
        appliesIn: ["staging", "prod"],
        check: (stack) =>
            rollingServices(stack).flatMap((s) => {
                const min = s.inputs.deploymentMinimumHealthyPercent === undefined ? 100 : num(s.inputs.deploymentMinimumHealthyPercent);
                const max = s.inputs.deploymentMaximumPercent === undefined ? 200 : num(s.inputs.deploymentMaximumPercent);
                const out: Finding[] = [];
                if (min !== undefined && min < 100)
                    out.push(
                        finding(
                            s,
                            `deploymentMinimumHealthyPercent is ${min}: a deployment may stop running tasks before replacements are healthy; set it to 100.`,
                        ),
                    );
                if (max !== undefined && max <= 100)
                    out.push(
                        finding(
                            s,
                            `deploymentMaximumPercent is ${max}: a deployment cannot start a replacement before stopping a task; set it to 200.`,
                        ),
                    );
                return out;
            }),
    }),
    defineRule({
        id: "ecs-grace-period",
        area: "ecs",
        description:
            "Services behind a load balancer give new tasks a health-check grace period (`healthCheckGracePeriodSeconds`, default 0), so slow starters are not killed before they can answer.",
        sources: ["Amazon ECS developer guide: healthCheckGracePeriodSeconds", "Well-Architected REL11-BP01"],
        severity: "medium",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) =>
            stack
                .ofType(T.service)
                .filter((s) => list(s.inputs.loadBalancers).length > 0)
                .flatMap((s) => {
                    const grace = s.inputs.healthCheckGracePeriodSeconds;
                    if (grace !== undefined && !known(grace)) return [];
                    return (num(grace) ?? 0) > 0
                        ? []
                        : [
                              finding(
                                  s,
                                  "Has no health-check grace period behind its load balancer: set healthCheckGracePeriodSeconds (e.g. 60).",
                              ),
                          ];
                }),
    }),
    defineRule({
        id: "ecs-multi-az-subnets",
        area: "ecs",
        description: "awsvpc services place tasks in subnets of at least two Availability Zones.",
        sources: ["Well-Architected REL10-BP01"],
        severity: "high",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) =>
            stack.ofType(T.service).flatMap((s) => {
                const config = s.inputs.networkConfiguration;
                if (!config || !known(config) || !known(config.subnets)) return [];
                const subnets = list(config.subnets);
                if (subnets.some((x) => !known(x))) return [];
                const distinct = new Set(subnets).size;
                return distinct >= 2
                    ? []
                    : [
                          finding(
                              s,
                              `Places tasks in ${distinct} subnet${distinct === 1 ? "" : "s"}: give subnets in at least two Availability Zones.`,
                          ),
                      ];
            }),
    }),
    defineRule({
        id: "ecs-prod-min-tasks",
        area: "ecs",
        description:
            "Production services keep at least two tasks (desired count, or the scaling target's minimum when autoscaled), so tasks are spread over Availability Zones and one can fail.",
        sources: ["Well-Architected REL10-BP01"],
        severity: "high",
        mandatoryIn: ["prod"],
        appliesIn: ["prod"],
        check: (stack) =>
            stack
                .ofType(T.service)
                .filter((s) => str(s.inputs.schedulingStrategy) !== "DAEMON")
                .flatMap((s) => {
                    const targets = scalingTargetsOf(stack, s);
                    const count =
                        targets.length > 0
                            ? num(targets[0].inputs.minCapacity)
                            : s.inputs.desiredCount === undefined
                              ? 0
                              : num(s.inputs.desiredCount);
                    if (count === undefined || count >= 2) return [];
                    return [
                        finding(
                            s,
                            `Keeps as few as ${count} task${count === 1 ? "" : "s"}: run at least 2 in prod (${targets.length > 0 ? "raise the scaling target's minCapacity" : "raise desiredCount"}).`,
                        ),
                    ];
                }),
    }),
    defineRule({
        id: "ecs-no-public-ip",
        area: "ecs",
        description:
            "Tasks get no public IP address (`assignPublicIp`, default false); they run in private subnets behind the load balancer.",
        sources: ["checkov CKV_AWS_333"],
        severity: "high",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) =>
            stack
                .ofType(T.service)
                .filter((s) => s.inputs.networkConfiguration?.assignPublicIp === true)
                .map((s) =>
                    finding(
                        s,
                        "Assigns public IP addresses to tasks: set networkConfiguration.assignPublicIp: false and use private subnets.",
                    ),
                ),
    }),
    defineRule({
        id: "ecs-autoscaled-ignores-desired-count",
        area: "ecs",
        description:
            "An autoscaled service lists `desiredCount` in `ignoreChanges`, so a deployment does not reset the count Application Auto Scaling chose.",
        sources: [
            "Terraform AWS provider aws_ecs_service docs (ignore desired_count changes when autoscaled)",
            "Well-Architected REL07-BP01",
        ],
        severity: "medium",
        mandatoryIn: ["dev", "staging", "prod"],
        check: (stack) =>
            stack
                .ofType(T.service)
                .filter((s) => scalingTargetsOf(stack, s).length > 0)
                .filter((s) => !s.options.ignoreChanges.some((p) => p === "desiredCount" || p === "*"))
                .map((s) =>
                    finding(
                        s,
                        'Is autoscaled but does not ignore changes to desiredCount: add ignoreChanges: ["desiredCount"] to its resource options.',
                    ),
                ),
    }),
];
