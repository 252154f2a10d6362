/**
 * Per rule, the fix through our components' args for a finding on a resource one of them made,
 * keyed by component name. A rule or component missing here has no arg for the fix (our resolve
 * functions or fixed inputs already satisfy the rule, so only a transformation or a changed child
 * can break it): its findings say so and point to README "Adjusting a child".
 */
import { Advice, Fix, MadeBy } from "./advice";

/** Set `path: value` on the component. */
const arg =
    (path: string, value: string): Advice =>
    () => ({ path, value });

/** ` (stack config \`<key>\`)` when ElasticStack composed the component. */
function configOf(by: MadeBy, path: string): string {
    return by.config ? ` (stack config \`${by.config}${path}\`)` : "";
}

/** `<Component> "<name>"`. */
function named(by: MadeBy): string {
    return `${by.component} ${JSON.stringify(by.name)}`;
}

/** Subnets in two Availability Zones: the component's `subnetIds`, or under a stack the network's config. */
function twoZones(subnets: "publicSubnetIds" | "privateSubnetIds"): Advice {
    return (_f, by): Fix => ({
        say: by.config
            ? `set \`elastic-web:network.azCount\` to 2 or more, or list subnets of at least two Availability Zones in \`elastic-web:network.${subnets}\`.`
            : `pass \`subnetIds\` of at least two Availability Zones to ${named(by)}.`,
    });
}

/** What an image that runs as root needs: ElasticService has no `user` arg. */
const nonRootImage: Advice = (f, by) =>
    f.message.includes("privileged")
        ? undefined
        : {
              say: `not configurable through ${named(by)} yet (it has no \`user\` arg); build the image with a non-root USER instruction (README "Your own image"), or set user on its child ${f.resource.name} with a transformation (README "Adjusting a child").`,
          };

/** The alarm ServiceAlarms makes for a resource when it is given it. */
const alarmedBy =
    (what: string): Advice =>
    (_f, by) => ({
        say: `give ServiceAlarms ${what}${by.config ? " (ElasticStack does so for its own resources)" : ""}.`,
    });

/** Advice by rule id, then by component name. */
export const OUR_ADVICE: Readonly<Record<string, Readonly<Record<string, Advice>>>> = {
    "alb-access-logs": { LoadBalancer: arg("accessLogs", "true") },
    "alb-deletion-protection": { LoadBalancer: arg("deletionProtection", "true") },
    "alb-two-azs": { LoadBalancer: twoZones("publicSubnetIds") },
    "alb-waf": { LoadBalancer: arg("wafWebAclArn", '"<web ACL ARN>"') },
    "listener-https": { LoadBalancer: arg("certificateArn", '"<ACM certificate ARN>"') },
    "listener-tls-policy": { LoadBalancer: arg("sslPolicy", '"ELBSecurityPolicy-TLS13-1-2-2021-06"') },
    "target-group-health-check": { ElasticService: arg("healthCheck", '{ path: "/health", matcher: "200-399" }') },
    "ecs-container-insights": {
        ElasticService: arg("containerInsights", "true"),
        ElasticStack: (_f, by) => ({
            say: `set \`containerInsights: true\` on any of the services of ${named(by)} (stack config \`elastic-web:serviceDefaults.containerInsights\` or \`elastic-web:services.<name>.containerInsights\`).`,
        }),
    },
    "ecs-exec-disabled": { ElasticService: arg("enableExecuteCommand", "false") },
    "ecs-no-plaintext-secrets": {
        ElasticService: (_f, by) => ({
            say: `move them from \`environment\` to \`secrets\` (SSM parameter or Secrets Manager ARNs) on ${named(by)}${configOf(by, "secrets")}.`,
        }),
    },
    "ecs-no-privileged-or-root": { ElasticService: nonRootImage },
    "ecs-non-root-user": { ElasticService: nonRootImage },
    "ecs-readonly-root": {
        ElasticService: (_f, by) => ({
            say: `set \`readonlyRootFilesystem: true\` on ${named(by)}${configOf(by, "readonlyRootFilesystem")} and list the paths it writes in \`writablePaths\`.`,
        }),
    },
    "ecs-zero-downtime-deploy": {
        ElasticService: (f, by) => {
            const [path, value] = f.message.startsWith("deploymentMinimumHealthyPercent")
                ? ["minHealthyPercent", "100"]
                : ["maxPercent", "200"];
            return {
                message: `${f.message.replace(/^deployment\w+/, `\`${path}\``).replace(/; set it to \d+\.$/, "")}; set \`${path}: ${value}\` on ${named(by)}${configOf(by, path)}.`,
            };
        },
    },
    "ecs-grace-period": { ElasticService: arg("healthCheckGracePeriodSeconds", "60") },
    "ecs-multi-az-subnets": { ElasticService: twoZones("privateSubnetIds") },
    "ecs-prod-min-tasks": { ElasticService: arg("scaling.minTasks", "2") },
    "logs-retention": { ElasticService: arg("logRetentionDays", "30"), Network: arg("flowLogRetentionDays", "30") },
    "logs-retention-prod": {
        ElasticService: (f) => ({ path: "logRetentionDays", value: /at least (\d+) days/.exec(f.message)?.[1] ?? "365" }),
        Network: (f) => ({ path: "flowLogRetentionDays", value: /at least (\d+) days/.exec(f.message)?.[1] ?? "365" }),
    },
    "alarms-prod-coverage": {
        LoadBalancer: alarmedBy("the load balancer (`loadBalancer: { arnSuffix }`)"),
        ElasticService: alarmedBy("the service (an entry of `services`)"),
        ReplicatedBucket: alarmedBy("the bucket (`bucket`)"),
    },
    "network-two-azs": { Network: arg("azCount", "2") },
    "network-three-azs-prod": { Network: arg("azCount", "3") },
    "network-flow-logs": { Network: arg("flowLogRetentionDays", "365") },
    "s3-cross-region-replication": { ReplicatedBucket: arg("replicaRegion", '"us-west-2"') },
    "s3-lifecycle": { ReplicatedBucket: arg("noncurrentVersionExpirationDays", "90"), LoadBalancer: arg("accessLogRetentionDays", "90") },
    "s3-retained-in-prod": {
        ReplicatedBucket: (f) =>
            f.message.includes("forceDestroy") ? { path: "forceDestroy", value: "false" } : { path: "retain", value: "true" },
        LoadBalancer: (f) => (f.message.includes("forceDestroy") ? { path: "forceDestroyLogs", value: "false" } : undefined),
    },
};
