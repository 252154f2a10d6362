import * as assert from "node:assert/strict";
import {
    DEMO_IMAGE,
    SERVICE_DEFAULTS_KEYS,
    STACK_CONFIG_KEYS,
    ServiceConfig,
    StackAlarmsConfig,
    StackBucketConfig,
    StackConfig,
    resolveStackConfig,
} from "../components/stack/config";
import { DEFAULT_USAGE } from "../components/plan/cost";
import { OPT_IN_REPLICA_REGIONS, PROFILES, REPLICA_REGIONS } from "../components/stack/profiles";
import { AWS_REGIONS, ConfigError } from "../components/core/validate";

/** The smallest config a stack needs: a region and one service. */
function minimal(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { "aws:region": "us-east-1", "elastic-web:services": { web: { image: DEMO_IMAGE } }, ...extra };
}

/** The prod profile requires someone to be notified; prod configs that test other keys add this. */
const ONCALL = { "elastic-web:alarms": { emails: ["oncall@example.com"] } };

/** The problems resolveStackConfig reports; fails when it does not throw a ConfigError. */
function problemsOf(raw: Record<string, unknown>, stack = "dev"): string[] {
    try {
        resolveStackConfig(raw, stack);
    } catch (e) {
        if (e instanceof ConfigError) return e.problems;
        throw e;
    }
    assert.fail("expected a ConfigError");
}

function deepFreeze<T>(value: T): T {
    if (typeof value === "object" && value !== null) {
        for (const v of Object.values(value)) deepFreeze(v);
        Object.freeze(value);
    }
    return value;
}

const P = "stack config";
const healthCheck = { path: "/", matcher: "200-399", intervalSeconds: 15, timeoutSeconds: 5, healthyThreshold: 2, unhealthyThreshold: 3 };
const extras = { image: DEMO_IMAGE, routing: {}, environment: {}, secrets: {} };

const WEB: Record<"dev" | "staging" | "prod", ServiceConfig> = {
    dev: {
        containerPort: 8080,
        cpu: 256,
        memory: 512,
        architecture: "x86_64",
        scaling: {
            minTasks: 1,
            maxTasks: 2,
            cpuTarget: 70,
            memoryTarget: 0,
            requestsPerTarget: 0,
            scaleOutCooldownSeconds: 60,
            scaleInCooldownSeconds: 300,
            schedules: [],
        },
        healthCheck,
        logRetentionDays: 7,
        spotShare: 100,
        spotBase: 0,
        enableExecuteCommand: true,
        readonlyRootFilesystem: false,
        writablePaths: ["/tmp"],
        minHealthyPercent: 0,
        maxPercent: 200,
        healthCheckGracePeriodSeconds: 60,
        deregistrationDelaySeconds: 15,
        waitForSteadyState: false,
        containerInsights: false,
        imageRepository: { forceDelete: true, keepTaggedImages: 5, untaggedExpiryDays: 1 },
        ...extras,
    },
    staging: {
        containerPort: 8080,
        cpu: 512,
        memory: 1024,
        architecture: "x86_64",
        scaling: {
            minTasks: 2,
            maxTasks: 4,
            cpuTarget: 60,
            memoryTarget: 75,
            requestsPerTarget: 0,
            scaleOutCooldownSeconds: 60,
            scaleInCooldownSeconds: 300,
            schedules: [],
        },
        healthCheck,
        logRetentionDays: 30,
        spotShare: 50,
        spotBase: 1,
        enableExecuteCommand: false,
        readonlyRootFilesystem: true,
        writablePaths: ["/tmp"],
        minHealthyPercent: 50,
        maxPercent: 200,
        healthCheckGracePeriodSeconds: 60,
        deregistrationDelaySeconds: 30,
        waitForSteadyState: true,
        containerInsights: true,
        imageRepository: { forceDelete: false, keepTaggedImages: 10, untaggedExpiryDays: 3 },
        ...extras,
    },
    prod: {
        containerPort: 8080,
        cpu: 1024,
        memory: 2048,
        architecture: "x86_64",
        scaling: {
            minTasks: 3,
            maxTasks: 12,
            cpuTarget: 50,
            memoryTarget: 70,
            requestsPerTarget: 1000,
            scaleOutCooldownSeconds: 60,
            scaleInCooldownSeconds: 300,
            schedules: [],
        },
        healthCheck,
        logRetentionDays: 365,
        spotShare: 0,
        spotBase: 0,
        enableExecuteCommand: false,
        readonlyRootFilesystem: true,
        writablePaths: ["/tmp"],
        minHealthyPercent: 100,
        maxPercent: 200,
        healthCheckGracePeriodSeconds: 60,
        deregistrationDelaySeconds: 30,
        waitForSteadyState: true,
        containerInsights: true,
        imageRepository: { forceDelete: false, keepTaggedImages: 30, untaggedExpiryDays: 7 },
        ...extras,
    },
};

const lb = (retention: number, deletionProtection: boolean, forceDestroyLogs: boolean) => ({
    ingressCidrs: ["0.0.0.0/0"],
    idleTimeoutSeconds: 60,
    deletionProtection,
    accessLogs: true,
    accessLogRetentionDays: retention,
    forceDestroyLogs,
    sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
});

type Thresholds = StackAlarmsConfig["thresholds"];

/** Alarm thresholds: the values every profile shares, with one profile's own over them. */
const thresholds = (own: Partial<Thresholds>): Thresholds => ({
    alb5xxRatePercent: 1,
    target5xxRatePercent: 1,
    p99LatencySeconds: 2,
    unhealthyHosts: 0,
    rejectedConnections: 0,
    cpuPercent: 85,
    memoryPercent: 85,
    capacityPinnedMinutes: 30,
    replicationLatencySeconds: 900,
    replicationFailedOperations: 0,
    periodSeconds: 60,
    evaluationPeriods: 5,
    datapointsToAlarm: 3,
    ...own,
});

const BUCKET: Record<"dev" | "staging" | "prod", StackBucketConfig> = {
    dev: {
        encryption: "kms",
        noncurrentVersionExpirationDays: 7,
        abortIncompleteUploadDays: 1,
        transitions: [],
        replicationMetrics: true,
        replicationTimeControl: false,
        replicaModifications: false,
        forceDestroy: true,
        retain: false,
    },
    staging: {
        replicaRegion: "us-west-2",
        encryption: "kms",
        noncurrentVersionExpirationDays: 30,
        abortIncompleteUploadDays: 7,
        transitions: [],
        replicationMetrics: true,
        replicationTimeControl: false,
        replicaModifications: false,
        forceDestroy: false,
        retain: true,
    },
    prod: {
        replicaRegion: "us-west-2",
        encryption: "kms",
        noncurrentVersionExpirationDays: 90,
        abortIncompleteUploadDays: 7,
        transitions: [
            { days: 30, storageClass: "STANDARD_IA" },
            { days: 180, storageClass: "GLACIER_IR" },
        ],
        replicationMetrics: true,
        replicationTimeControl: true,
        replicaModifications: false,
        forceDestroy: false,
        retain: true,
    },
};

const ALARMS: Record<"dev" | "staging" | "prod", StackAlarmsConfig> = {
    dev: {
        emails: [],
        httpsEndpoints: [],
        thresholds: thresholds({
            alb5xxRatePercent: 5,
            target5xxRatePercent: 5,
            p99LatencySeconds: 3,
            cpuPercent: 90,
            memoryPercent: 90,
            capacityPinnedMinutes: 60,
            replicationLatencySeconds: 1800,
        }),
        deploymentAlarms: false,
        requireSubscription: false,
        dashboard: true,
    },
    staging: {
        emails: [],
        httpsEndpoints: [],
        thresholds: thresholds({ alb5xxRatePercent: 2, target5xxRatePercent: 2 }),
        deploymentAlarms: true,
        requireSubscription: false,
        dashboard: true,
    },
    prod: {
        emails: ["oncall@example.com"],
        httpsEndpoints: [],
        thresholds: thresholds({ p99LatencySeconds: 1.5, cpuPercent: 80, memoryPercent: 80, capacityPinnedMinutes: 15 }),
        deploymentAlarms: true,
        requireSubscription: true,
        dashboard: true,
    },
};

/** What a minimal config resolves to (prod's with ONCALL). */
const EXPECTED: Record<"dev" | "staging" | "prod", StackConfig> = {
    dev: {
        stack: "dev",
        environment: "dev",
        region: "us-east-1",
        name: "app",
        network: { create: { azCount: 2, natGateways: "single", cidrBlock: "10.0.0.0/16", flowLogRetentionDays: 7 } },
        loadBalancer: lb(7, false, true),
        services: { web: WEB.dev },
        tags: { environment: "dev", stack: "dev" },
        bucket: BUCKET.dev,
        alarms: ALARMS.dev,
        costAssumptions: {},
        profile: PROFILES.dev,
    },
    staging: {
        stack: "staging",
        environment: "staging",
        region: "us-east-1",
        name: "app",
        network: { create: { azCount: 2, natGateways: "single", cidrBlock: "10.1.0.0/16", flowLogRetentionDays: 30 } },
        loadBalancer: lb(30, false, false),
        services: { web: WEB.staging },
        tags: { environment: "staging", stack: "staging" },
        bucket: BUCKET.staging,
        alarms: ALARMS.staging,
        costAssumptions: {},
        profile: PROFILES.staging,
    },
    prod: {
        stack: "prod",
        environment: "prod",
        region: "us-east-1",
        name: "app",
        network: { create: { azCount: 3, natGateways: "onePerAz", cidrBlock: "10.2.0.0/16", flowLogRetentionDays: 365 } },
        loadBalancer: lb(365, true, false),
        services: { web: WEB.prod },
        tags: { environment: "prod", stack: "prod" },
        bucket: BUCKET.prod,
        alarms: ALARMS.prod,
        costAssumptions: {},
        profile: PROFILES.prod,
    },
};

describe("resolveStackConfig", () => {
    describe("defaults of each profile", () => {
        for (const env of ["dev", "staging", "prod"] as const) {
            it(`resolves a minimal ${env} stack to the ${env} profile`, () => {
                assert.deepEqual(resolveStackConfig(minimal(env === "prod" ? ONCALL : {}), env), EXPECTED[env]);
            });
        }

        it("keeps the staging profile's Fargate Spot share on arm64 tasks, which FARGATE_SPOT runs", () => {
            const config = resolveStackConfig(
                minimal({ "elastic-web:services": { web: { image: DEMO_IMAGE, architecture: "arm64" } } }),
                "staging",
            );
            assert.deepEqual(config.services.web, { ...WEB.staging, architecture: "arm64" });
        });

        it("takes the profile from elastic-web:environment over the stack name", () => {
            const config = resolveStackConfig(minimal({ "elastic-web:environment": "prod", ...ONCALL }), "feature-login");
            assert.equal(config.environment, "prod");
            assert.equal(config.stack, "feature-login");
            assert.deepEqual(config.services.web, WEB.prod);
            assert.deepEqual(config.tags, { environment: "prod", stack: "feature-login" });
            assert.deepEqual(config.bucket, BUCKET.prod);
            assert.deepEqual(config.alarms, ALARMS.prod);
        });

        it("ignores keys of other namespaces", () => {
            const config = resolveStackConfig(
                minimal({ "aws:profile": "ops", "aws:defaultTags": { tags: { team: "web" } }, "other-project:replicas": 3 }),
                "dev",
            );
            assert.deepEqual(config, EXPECTED.dev);
        });
    });

    describe("merge rules", () => {
        it("applies serviceDefaults over the profile", () => {
            const config = resolveStackConfig(
                minimal({ "elastic-web:serviceDefaults": { cpu: 512, memory: 1024, logRetentionDays: 14 } }),
                "dev",
            );
            assert.deepEqual(config.services.web, { ...WEB.dev, cpu: 512, memory: 1024, logRetentionDays: 14 });
        });

        it("applies a service's own values over serviceDefaults", () => {
            const config = resolveStackConfig(
                minimal({
                    "elastic-web:serviceDefaults": { cpu: 512, memory: 1024 },
                    "elastic-web:services": { web: { image: DEMO_IMAGE, cpu: 1024, memory: 2048 } },
                }),
                "dev",
            );
            assert.deepEqual(config.services.web, { ...WEB.dev, cpu: 1024, memory: 2048 });
        });

        it("merges scaling key by key across profile, serviceDefaults and service", () => {
            const config = resolveStackConfig(
                minimal({
                    "elastic-web:serviceDefaults": { scaling: { maxTasks: 6, cpuTarget: 55 } },
                    "elastic-web:services": { web: { image: DEMO_IMAGE, scaling: { minTasks: 2, cpuTarget: 65 } } },
                }),
                "dev",
            );
            assert.deepEqual(config.services.web.scaling, { ...WEB.dev.scaling, minTasks: 2, maxTasks: 6, cpuTarget: 65 });
        });

        it("merges healthCheck key by key", () => {
            const config = resolveStackConfig(
                minimal({ "elastic-web:services": { web: { image: DEMO_IMAGE, healthCheck: { path: "/health" } } } }),
                "staging",
            );
            assert.deepEqual(config.services.web.healthCheck, { ...healthCheck, path: "/health" });
        });

        it("replaces lists instead of merging them", () => {
            const config = resolveStackConfig(
                minimal({
                    "elastic-web:serviceDefaults": {
                        writablePaths: ["/tmp", "/var/cache/nginx"],
                        scaling: { schedules: [{ name: "a", schedule: "rate(1 day)", minTasks: 1, maxTasks: 2 }] },
                    },
                    "elastic-web:services": { web: { image: DEMO_IMAGE, writablePaths: ["/data"] } },
                    "elastic-web:loadBalancer": { ingressCidrs: ["203.0.113.0/24"] },
                }),
                "dev",
            );
            assert.deepEqual(config.services.web.writablePaths, ["/data"]);
            assert.deepEqual(config.services.web.scaling.schedules, [
                { name: "a", schedule: "rate(1 day)", timezone: "UTC", minTasks: 1, maxTasks: 2 },
            ]);
            assert.deepEqual(config.loadBalancer.ingressCidrs, ["203.0.113.0/24"]);
        });

        it("lets a service replace the schedules of serviceDefaults with none", () => {
            const config = resolveStackConfig(
                minimal({
                    "elastic-web:serviceDefaults": {
                        scaling: { schedules: [{ name: "a", schedule: "rate(1 day)", minTasks: 1, maxTasks: 2 }] },
                    },
                    "elastic-web:services": { web: { image: DEMO_IMAGE, scaling: { schedules: [] } } },
                }),
                "dev",
            );
            assert.deepEqual(config.services.web.scaling.schedules, []);
        });

        it("merges load balancer settings key by key over the profile", () => {
            const certificateArn = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666";
            const config = resolveStackConfig(
                minimal({ "elastic-web:loadBalancer": { certificateArn, idleTimeoutSeconds: 120 }, ...ONCALL }),
                "prod",
            );
            assert.deepEqual(config.loadBalancer, { ...lb(365, true, false), certificateArn, idleTimeoutSeconds: 120 });
        });

        it("merges network settings key by key over the profile", () => {
            const config = resolveStackConfig(minimal({ "elastic-web:network": { cidrBlock: "10.20.0.0/16", azCount: 3 } }), "staging");
            assert.deepEqual(config.network, {
                create: { azCount: 3, natGateways: "single", cidrBlock: "10.20.0.0/16", flowLogRetentionDays: 30 },
            });
        });

        it("lets a prod service use ECS Exec with a writable root filesystem", () => {
            const config = resolveStackConfig(
                minimal({
                    ...ONCALL,
                    "elastic-web:services": { web: { image: DEMO_IMAGE, enableExecuteCommand: true, readonlyRootFilesystem: false } },
                }),
                "prod",
            );
            assert.deepEqual(config.services.web, { ...WEB.prod, enableExecuteCommand: true, readonlyRootFilesystem: false });
        });

        it("lets a dev service without ECS Exec have a read-only root filesystem", () => {
            const config = resolveStackConfig(
                minimal({ "elastic-web:serviceDefaults": { enableExecuteCommand: false, readonlyRootFilesystem: true } }),
                "dev",
            );
            assert.deepEqual(config.services.web, { ...WEB.dev, enableExecuteCommand: false, readonlyRootFilesystem: true });
        });

        it("takes a /24 network over the prod profile's 3 AZs, whose /27 private subnets hold prod's tasks", () => {
            const config = resolveStackConfig(minimal({ ...ONCALL, "elastic-web:network": { cidrBlock: "10.2.0.0/24" } }), "prod");
            assert.deepEqual(config.network, {
                create: { azCount: 3, natGateways: "onePerAz", cidrBlock: "10.2.0.0/24", flowLogRetentionDays: 365 },
            });
        });

        it("uses an existing VPC instead of the profile's network", () => {
            const existing = {
                vpcId: "vpc-0123456789abcdef0",
                publicSubnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"],
                privateSubnetIds: ["subnet-0cccccccccccccccc", "subnet-0dddddddddddddddd"],
            };
            const config = resolveStackConfig(minimal({ "elastic-web:network": existing, ...ONCALL }), "prod");
            assert.deepEqual(config.network, { existing });
        });

        it("keeps a service's routing, environment, secrets and container health check, and services in config order", () => {
            const api = {
                image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1.4.2",
                routing: { pathPatterns: ["/api/*"], priority: 10 },
                environment: { LOG_LEVEL: "debug" },
                secrets: { DB_PASSWORD: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf" },
                containerHealthCheck: { command: ["CMD-SHELL", "wget -qO- http://localhost:8080/health || exit 1"] },
            };
            const config = resolveStackConfig(minimal({ "elastic-web:services": { web: { image: DEMO_IMAGE }, api } }), "dev");
            assert.deepEqual(Object.keys(config.services), ["web", "api"]);
            assert.deepEqual(config.services.api, { ...WEB.dev, ...api });
            assert.equal("containerHealthCheck" in config.services.web, false);
        });

        it("adds the environment and stack tags to the stack's own", () => {
            const config = resolveStackConfig(minimal({ "elastic-web:tags": { team: "web", "cost-center": "4711" } }), "staging");
            assert.deepEqual(config.tags, { team: "web", "cost-center": "4711", environment: "staging", stack: "staging" });
        });

        it("takes a custom resource name prefix", () => {
            assert.equal(resolveStackConfig(minimal({ "elastic-web:name": "shop" }), "dev").name, "shop");
        });
    });

    describe("inputs and outputs", () => {
        it("never mutates raw", () => {
            const raw = minimal({
                "elastic-web:serviceDefaults": { scaling: { maxTasks: 6 }, writablePaths: ["/tmp"] },
                "elastic-web:services": {
                    web: {
                        image: DEMO_IMAGE,
                        scaling: { minTasks: 2, schedules: [{ name: "a", schedule: "rate(1 day)", minTasks: 2, maxTasks: 4 }] },
                    },
                },
                "elastic-web:loadBalancer": { ingressCidrs: ["203.0.113.0/24"] },
                "elastic-web:tags": { team: "web" },
                "elastic-web:bucket": { replicate: true, forceDestroy: true, transitions: [{ days: 30, storageClass: "STANDARD_IA" }] },
                "elastic-web:alarms": { emails: ["oncall@example.com"], thresholds: { cpuPercent: 70 } },
                "elastic-web:costAssumptions": { requestsPerSecond: 50, perResource: { "app-alb": { requestsPerSecond: 5 } } },
            });
            const before = structuredClone(raw);
            resolveStackConfig(deepFreeze(raw), "dev");
            assert.deepEqual(raw, before);
        });

        it("returns objects shared with neither raw nor the profiles", () => {
            const raw = minimal({ "elastic-web:services": { web: { image: DEMO_IMAGE, writablePaths: ["/data"] } } });
            const config = resolveStackConfig(raw, "dev");
            config.services.web.writablePaths.push("/more");
            config.services.web.scaling.minTasks = 99;
            config.loadBalancer.ingressCidrs.push("10.0.0.0/8");
            assert.deepEqual((raw["elastic-web:services"] as { web: { writablePaths: string[] } }).web.writablePaths, ["/data"]);
            assert.equal(PROFILES.dev.service.scaling.minTasks, 1);
            assert.deepEqual(PROFILES.dev.loadBalancer.ingressCidrs, ["0.0.0.0/0"]);
        });

        it("returns bucket, alarms and cost assumptions shared with neither raw nor the profiles", () => {
            const costAssumptions = { requestsPerSecond: 50, perResource: { "app-alb": { requestsPerSecond: 5 } } };
            const raw = minimal({ ...ONCALL, "elastic-web:costAssumptions": costAssumptions });
            const config = resolveStackConfig(raw, "prod");
            const transitions = (config.bucket && config.bucket.transitions) || assert.fail("expected the prod profile's transitions");
            transitions.push({ days: 365, storageClass: "DEEP_ARCHIVE" });
            transitions[0].days = 1;
            config.alarms.thresholds.cpuPercent = 1;
            config.alarms.emails.push("more@example.com");
            config.costAssumptions.perResource!["app-alb"].requestsPerSecond = 99;
            assert.deepEqual(PROFILES.prod.bucket.transitions, [
                { days: 30, storageClass: "STANDARD_IA" },
                { days: 180, storageClass: "GLACIER_IR" },
            ]);
            assert.equal(PROFILES.prod.alarms.thresholds.cpuPercent, 80);
            assert.deepEqual(PROFILES.prod.alarms.emails, []);
            assert.deepEqual(ONCALL["elastic-web:alarms"].emails, ["oncall@example.com"]);
            assert.equal(costAssumptions.perResource["app-alb"].requestsPerSecond, 5);
        });

        it("knows the keys in the order it reports them", () => {
            assert.deepEqual(STACK_CONFIG_KEYS, [
                "environment",
                "name",
                "network",
                "loadBalancer",
                "serviceDefaults",
                "services",
                "tags",
                "bucket",
                "alarms",
                "costAssumptions",
            ]);
        });
    });

    describe("acceptance examples", () => {
        it("rejects minTasks 5 with maxTasks 2", () => {
            assert.deepEqual(
                problemsOf(minimal({ "elastic-web:services": { web: { image: DEMO_IMAGE, scaling: { minTasks: 5, maxTasks: 2 } } } })),
                [
                    `${P}: \`elastic-web:services.web.scaling.maxTasks\` (2) is below \`elastic-web:services.web.scaling.minTasks\` (5); raise maxTasks or lower minTasks.`,
                ],
            );
        });

        it("rejects cpu 256 with memory 4096", () => {
            assert.deepEqual(problemsOf(minimal({ "elastic-web:services": { web: { image: DEMO_IMAGE, cpu: 256, memory: 4096 } } })), [
                `${P}: \`elastic-web:services.web.memory\` (4096) is not a Fargate size for \`elastic-web:services.web.cpu\` 256; allowed memory (MiB): 512, 1024, 2048.`,
            ]);
        });
    });

    describe("reports all problems together", () => {
        it("in a fixed order: aws:region, unknown keys, then each key in turn", () => {
            const raw = {
                "elastic-web:tags": { stack: "mine" },
                "elastic-web:services": { web: { image: DEMO_IMAGE, cpu: 256, memory: 4096, scaling: { minTasks: 5, maxTasks: 2 } } },
                "elastic-web:network": { azCount: 9 },
                "elastic-web:name": "My-App",
                "elastic-web:replicas": 3,
                "elastic-web:costAssumptions": { requestsPerSecond: -1 },
                "elastic-web:alarms": { emails: ["oncall"] },
                "elastic-web:bucket": "yes",
            };
            assert.deepEqual(problemsOf(raw), [
                `${P}: \`aws:region\` is required; set it with \`pulumi config set aws:region us-east-1\`.`,
                `${P}: \`elastic-web:replicas\` (3) is not a known key; known keys are environment, name, network, loadBalancer, serviceDefaults, services, tags, bucket, alarms, costAssumptions.`,
                `${P}: \`elastic-web:name\` ("My-App") must be 1-12 lowercase letters, digits and hyphens, starting with a letter (it prefixes every resource name).`,
                `${P}: \`elastic-web:network.azCount\` (9) must be an integer from 2 to 6.`,
                `${P}: \`elastic-web:services.web.memory\` (4096) is not a Fargate size for \`elastic-web:services.web.cpu\` 256; allowed memory (MiB): 512, 1024, 2048.`,
                `${P}: \`elastic-web:services.web.scaling.maxTasks\` (2) is below \`elastic-web:services.web.scaling.minTasks\` (5); raise maxTasks or lower minTasks.`,
                `${P}: \`elastic-web:tags.stack\` is set by the stack itself (to the environment and the stack name); remove it.`,
                `${P}: \`elastic-web:bucket\` ("yes") must be false (no bucket) or an object of bucket settings.`,
                `${P}: \`elastic-web:alarms.emails[0]\` ("oncall") must be an email address like "ops@example.com".`,
                `${P}: \`elastic-web:costAssumptions.requestsPerSecond\` (-1) must be a number of at least 0.`,
            ]);
        });

        it("reports a serviceDefaults problem once however many services inherit it", () => {
            const raw = minimal({
                "elastic-web:serviceDefaults": { cpu: 300 },
                "elastic-web:services": {
                    web: { image: DEMO_IMAGE },
                    api: { image: DEMO_IMAGE, routing: { pathPatterns: ["/api/*"], priority: 10 } },
                },
            });
            assert.deepEqual(problemsOf(raw), [
                `${P}: \`elastic-web:serviceDefaults.cpu\` (300) must be one of 256, 512, 1024, 2048, 4096, 8192, 16384.`,
            ]);
        });
    });

    describe("rejects", () => {
        const existing = {
            vpcId: "vpc-0123456789abcdef0",
            publicSubnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"],
            privateSubnetIds: ["subnet-0cccccccccccccccc", "subnet-0dddddddddddddddd"],
        };
        const web = (settings: Record<string, unknown>) => ({ "elastic-web:services": { web: { image: DEMO_IMAGE, ...settings } } });
        const api = { image: DEMO_IMAGE, routing: { pathPatterns: ["/api/*"], priority: 10 } };
        const regions = AWS_REGIONS.map((r) => JSON.stringify(r)).join(", ");
        const tooMany = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`t${i}`, "x"]));
        const EXEC_RULE =
            "the ECS Exec agent must write to the container's root filesystem and fails on a read-only one; set enableExecuteCommand to false to keep the read-only root, or readonlyRootFilesystem to false to use ECS Exec.";
        const NO_NAT_RULE =
            'leaves the private subnets without a route out, but the stack\'s tasks run there without public IPs: they could not pull their image from ECR, write to CloudWatch Logs or read Secrets Manager, so no service would ever become stable; use "single" (one NAT gateway) or "onePerAz".';
        const long = "x".repeat(300);

        const cases: [string, Record<string, unknown>, string, string[]][] = [
            [
                "a missing aws:region",
                { "elastic-web:services": { web: { image: DEMO_IMAGE } } },
                "dev",
                [`${P}: \`aws:region\` is required; set it with \`pulumi config set aws:region us-east-1\`.`],
            ],
            [
                "an unknown region",
                minimal({ "aws:region": "us-east-7" }),
                "dev",
                [`${P}: \`aws:region\` ("us-east-7") must be one of ${regions}.`],
            ],
            [
                "an unknown elastic-web key",
                minimal({ "elastic-web:replicas": 3 }),
                "dev",
                [
                    `${P}: \`elastic-web:replicas\` (3) is not a known key; known keys are environment, name, network, loadBalancer, serviceDefaults, services, tags, bucket, alarms, costAssumptions.`,
                ],
            ],
            [
                "a stack name that names no profile, without environment",
                minimal(),
                "feature-x",
                [
                    `${P}: \`elastic-web:environment\` is required; the stack name "feature-x" is not dev, staging, prod, so name the profile to start from, e.g. \`pulumi config set elastic-web:environment staging\`.`,
                ],
            ],
            [
                "an unknown environment",
                minimal({ "elastic-web:environment": "qa" }),
                "dev",
                [`${P}: \`elastic-web:environment\` ("qa") must be one of "dev", "staging", "prod".`],
            ],
            [
                "an upper-case name",
                minimal({ "elastic-web:name": "My-App" }),
                "dev",
                [
                    `${P}: \`elastic-web:name\` ("My-App") must be 1-12 lowercase letters, digits and hyphens, starting with a letter (it prefixes every resource name).`,
                ],
            ],
            [
                "a 17-character name",
                minimal({ "elastic-web:name": "checkout-frontend" }),
                "dev",
                [
                    `${P}: \`elastic-web:name\` ("checkout-frontend") must be 1-12 lowercase letters, digits and hyphens, starting with a letter (it prefixes every resource name).`,
                ],
            ],
            [
                "a network as a word",
                minimal({ "elastic-web:network": "default" }),
                "dev",
                [
                    `${P}: \`elastic-web:network\` ("default") must be an object with settings of a new VPC (azCount, natGateways, cidrBlock, flowLogRetentionDays) or an existing VPC (vpcId, publicSubnetIds, privateSubnetIds).`,
                ],
            ],
            [
                "a network that mixes a new VPC with an existing one",
                minimal({ "elastic-web:network": { azCount: 3, ...existing } }),
                "dev",
                [
                    `${P}: \`elastic-web:network\` mixes settings of a new VPC (azCount) with an existing VPC (vpcId, publicSubnetIds, privateSubnetIds); give either azCount, natGateways, cidrBlock, flowLogRetentionDays or vpcId, publicSubnetIds, privateSubnetIds.`,
                ],
            ],
            [
                "an unknown network key",
                minimal({ "elastic-web:network": { zones: 3 } }),
                "dev",
                [
                    `${P}: \`elastic-web:network.zones\` (3) is not a known key; known keys are azCount, natGateways, cidrBlock, flowLogRetentionDays, vpcId, publicSubnetIds, privateSubnetIds.`,
                ],
            ],
            [
                "seven availability zones",
                minimal({ "elastic-web:network": { azCount: 7 } }),
                "dev",
                [`${P}: \`elastic-web:network.azCount\` (7) must be an integer from 2 to 6.`],
            ],
            [
                "an existing VPC with a bad id, one public subnet and no private ones",
                minimal({ "elastic-web:network": { vpcId: "vpc-123", publicSubnetIds: ["subnet-0aaaaaaaaaaaaaaaa"] } }),
                "dev",
                [
                    `${P}: \`elastic-web:network.vpcId\` ("vpc-123") must be a VPC id like "vpc-0123456789abcdef0".`,
                    `${P}: \`elastic-web:network.publicSubnetIds\` (["subnet-0aaaaaaaaaaaaaaaa"]) must be a list of at least 2 public subnet ids in different availability zones.`,
                    `${P}: \`elastic-web:network.privateSubnetIds\` is required; give at least 2 private subnet ids in different availability zones, e.g. ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"].`,
                ],
            ],
            [
                "an existing VPC with a subnet listed twice and a subnet both public and private",
                minimal({
                    "elastic-web:network": {
                        ...existing,
                        publicSubnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0aaaaaaaaaaaaaaaa"],
                        privateSubnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0dddddddddddddddd"],
                    },
                }),
                "dev",
                [
                    `${P}: \`elastic-web:network.publicSubnetIds[1]\` ("subnet-0aaaaaaaaaaaaaaaa") is listed twice; list each subnet once.`,
                    `${P}: \`elastic-web:network.privateSubnetIds[0]\` ("subnet-0aaaaaaaaaaaaaaaa") is also in \`elastic-web:network.publicSubnetIds\`; a subnet is either public or private.`,
                ],
            ],
            [
                "an existing VPC with a malformed subnet id",
                minimal({ "elastic-web:network": { ...existing, privateSubnetIds: ["subnet-0cccccccccccccccc", "sn-1"] } }),
                "dev",
                [`${P}: \`elastic-web:network.privateSubnetIds[1]\` ("sn-1") must be a subnet id like "subnet-0123456789abcdef0".`],
            ],
            [
                "a load balancer as a list",
                minimal({ "elastic-web:loadBalancer": [] }),
                "dev",
                [`${P}: \`elastic-web:loadBalancer\` ([]) must be an object of load balancer settings.`],
            ],
            [
                "a certificate from another region",
                minimal({ "elastic-web:loadBalancer": { certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc" } }),
                "dev",
                [
                    `${P}: \`elastic-web:loadBalancer.certificateArn\` ("arn:aws:acm:eu-west-1:123456789012:certificate/abc") is in eu-west-1; an ALB in us-east-1 (\`aws:region\`) needs an ACM certificate from us-east-1.`,
                ],
            ],
            [
                "a web ACL from another region",
                minimal({ "elastic-web:loadBalancer": { wafWebAclArn: "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/web/1" } }),
                "dev",
                [
                    `${P}: \`elastic-web:loadBalancer.wafWebAclArn\` ("arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/web/1") is in eu-west-1; an ALB in us-east-1 (\`aws:region\`) needs a WAF web ACL from us-east-1.`,
                ],
            ],
            [
                "an idle timeout of an hour and a half",
                minimal({ "elastic-web:loadBalancer": { idleTimeoutSeconds: 5400 } }),
                "dev",
                [`${P}: \`elastic-web:loadBalancer.idleTimeoutSeconds\` (5400) must be an integer from 1 to 4000.`],
            ],
            [
                "serviceDefaults as a word",
                minimal({ "elastic-web:serviceDefaults": "big" }),
                "dev",
                [`${P}: \`elastic-web:serviceDefaults\` ("big") must be an object of service settings applied to every service.`],
            ],
            [
                "routing in serviceDefaults",
                minimal({ "elastic-web:serviceDefaults": { routing: { priority: 1 } } }),
                "dev",
                [
                    `${P}: \`elastic-web:serviceDefaults.routing\` ({"priority":1}) is not a known key; known keys are ${SERVICE_DEFAULTS_KEYS.join(", ")}.`,
                ],
            ],
            [
                "an image in serviceDefaults",
                minimal({ "elastic-web:serviceDefaults": { image: DEMO_IMAGE } }),
                "dev",
                [
                    `${P}: \`elastic-web:serviceDefaults.image\` ("${DEMO_IMAGE}") is not a known key; known keys are ${SERVICE_DEFAULTS_KEYS.join(", ")}.`,
                ],
            ],
            [
                "no services",
                { "aws:region": "us-east-1" },
                "dev",
                [
                    `${P}: \`elastic-web:services\` is required; add at least one service with an \`image\`, e.g. \`elastic-web:services: { web: { image: "${DEMO_IMAGE}" } }\`.`,
                ],
            ],
            [
                "an empty services map",
                minimal({ "elastic-web:services": {} }),
                "dev",
                [
                    `${P}: \`elastic-web:services\` ({}) must be an object of services by name with at least one service, e.g. \`elastic-web:services: { web: { image: "${DEMO_IMAGE}" } }\`.`,
                ],
            ],
            [
                "an upper-case service name",
                minimal({ "elastic-web:services": { Web: { image: DEMO_IMAGE } } }),
                "dev",
                [
                    `${P}: \`elastic-web:services.Web\` is not a valid service name; use 1-12 lowercase letters, digits and hyphens, starting with a letter.`,
                ],
            ],
            [
                "a service without an image",
                minimal({ "elastic-web:services": { web: { cpu: 512, memory: 1024 } } }),
                "dev",
                [`${P}: \`elastic-web:services.web.image\` is required; give the image to run, e.g. "${DEMO_IMAGE}".`],
            ],
            [
                "a service given as its image",
                minimal({ "elastic-web:services": { web: DEMO_IMAGE } }),
                "dev",
                [`${P}: \`elastic-web:services.web\` ("${DEMO_IMAGE}") must be an object of service settings with at least an \`image\`.`],
            ],
            [
                "a misspelt service key",
                minimal(web({ scaling: { desired: 3 } })),
                "dev",
                [
                    `${P}: \`elastic-web:services.web.scaling.desired\` (3) is not a known key; known keys are minTasks, maxTasks, cpuTarget, memoryTarget, requestsPerTarget, scaleOutCooldownSeconds, scaleInCooldownSeconds, schedules.`,
                ],
            ],
            [
                "two services without routing conditions",
                minimal({ "elastic-web:services": { web: { image: DEMO_IMAGE }, admin: { image: DEMO_IMAGE } } }),
                "dev",
                [
                    `${P}: \`elastic-web:services\` has 2 services without routing conditions (web, admin); only one can take every request, so give the others \`routing.pathPatterns\` or \`routing.hostHeaders\` and a \`routing.priority\`.`,
                ],
            ],
            [
                "two services with one priority",
                minimal({
                    "elastic-web:services": {
                        web: { image: DEMO_IMAGE },
                        api,
                        admin: { image: DEMO_IMAGE, routing: { hostHeaders: ["admin.example.com"], priority: 10 } },
                    },
                }),
                "dev",
                [
                    `${P}: \`elastic-web:services.admin.routing.priority\` (10) is also the priority of \`elastic-web:services.api.routing.priority\`; listener rule priorities must be unique.`,
                ],
            ],
            [
                "a name and service name too long for a target group",
                minimal({ "elastic-web:name": "checkout-web", "elastic-web:services": { "payments-api": { image: DEMO_IMAGE } } }),
                "dev",
                [
                    `${P}: \`elastic-web:services.payments-api\` makes the target group name "checkout-web-payments-api-tg" too long: with Pulumi's 8-character suffix, \`elastic-web:name\` and the service name may have 20 characters together; shorten one of them.`,
                ],
            ],
            [
                "minTasks above the profile's maxTasks without maxTasks",
                minimal(web({ scaling: { minTasks: 5 } })),
                "dev",
                [
                    `${P}: \`elastic-web:services.web.scaling.maxTasks\` from the dev profile (2) is below \`elastic-web:services.web.scaling.minTasks\` (5); raise maxTasks or lower minTasks.`,
                ],
            ],
            [
                "serviceDefaults minTasks above the profile's maxTasks, for each service",
                minimal({
                    "elastic-web:serviceDefaults": { scaling: { minTasks: 5 } },
                    "elastic-web:services": { web: { image: DEMO_IMAGE }, api },
                }),
                "dev",
                [
                    `${P}: \`elastic-web:services.web.scaling.maxTasks\` from the dev profile (2) is below \`elastic-web:serviceDefaults.scaling.minTasks\` (5); raise maxTasks or lower minTasks.`,
                    `${P}: \`elastic-web:services.api.scaling.maxTasks\` from the dev profile (2) is below \`elastic-web:serviceDefaults.scaling.minTasks\` (5); raise maxTasks or lower minTasks.`,
                ],
            ],
            [
                "serviceDefaults cpu with a service's memory",
                minimal({ "elastic-web:serviceDefaults": { cpu: 256 }, ...web({ memory: 4096 }), ...ONCALL }),
                "prod",
                [
                    `${P}: \`elastic-web:services.web.memory\` (4096) is not a Fargate size for \`elastic-web:serviceDefaults.cpu\` 256; allowed memory (MiB): 512, 1024, 2048.`,
                ],
            ],
            [
                "a service's cpu with the profile's memory",
                minimal({ ...web({ cpu: 4096 }), ...ONCALL }),
                "prod",
                [
                    `${P}: \`elastic-web:services.web.memory\` from the prod profile (2048) is not a Fargate size for \`elastic-web:services.web.cpu\` 4096; allowed memory (MiB): 8192-30720 in steps of 1024.`,
                ],
            ],
            [
                "turning off the dev profile's only scaling policy",
                minimal(web({ scaling: { cpuTarget: 0 } })),
                "dev",
                [
                    `${P}: \`elastic-web:services.web.scaling.maxTasks\` from the dev profile (2) is above \`elastic-web:services.web.scaling.minTasks\` from the dev profile (1) but no scaling policy or schedule is on; set cpuTarget, memoryTarget or requestsPerTarget, add a schedule, or set maxTasks equal to minTasks.`,
                ],
            ],
            [
                "a plain password in a service's environment",
                minimal(web({ environment: { DB_PASSWORD: "hunter2" } })),
                "dev",
                [
                    `${P}: \`elastic-web:services.web.environment.DB_PASSWORD\` looks like a secret; put it in \`elastic-web:services.web.secrets\` as an SSM parameter or Secrets Manager ARN instead of a plain value.`,
                ],
            ],
            [
                "a five-field cron in a schedule",
                minimal(web({ scaling: { schedules: [{ name: "a", schedule: "cron(0 8 * * 1-5)", minTasks: 1, maxTasks: 2 }] } })),
                "dev",
                [
                    `${P}: \`elastic-web:services.web.scaling.schedules[0].schedule\` ("cron(0 8 * * 1-5)") has 5 cron fields; Application Auto Scaling needs 6 (minutes hours day-of-month month day-of-week year), e.g. "cron(0 8 ? * MON-FRI *)".`,
                ],
            ],
            [
                "a read-only root filesystem under the dev profile's ECS Exec",
                minimal(web({ readonlyRootFilesystem: true })),
                "dev",
                [
                    `${P}: \`elastic-web:services.web.enableExecuteCommand\` from the dev profile (true) does not work with \`elastic-web:services.web.readonlyRootFilesystem\` (true): ${EXEC_RULE}`,
                ],
            ],
            [
                "ECS Exec in serviceDefaults under the staging profile's read-only root filesystem",
                minimal({ "elastic-web:serviceDefaults": { enableExecuteCommand: true } }),
                "staging",
                [
                    `${P}: \`elastic-web:serviceDefaults.enableExecuteCommand\` (true) does not work with \`elastic-web:services.web.readonlyRootFilesystem\` from the staging profile (true): ${EXEC_RULE}`,
                ],
            ],
            [
                "ECS Exec for a service under the prod profile's read-only root filesystem",
                minimal({ ...web({ enableExecuteCommand: true }), ...ONCALL }),
                "prod",
                [
                    `${P}: \`elastic-web:services.web.enableExecuteCommand\` (true) does not work with \`elastic-web:services.web.readonlyRootFilesystem\` from the prod profile (true): ${EXEC_RULE}`,
                ],
            ],
            [
                "ECS Exec and a read-only root filesystem both in serviceDefaults, once for all services",
                minimal({
                    "elastic-web:serviceDefaults": { enableExecuteCommand: true, readonlyRootFilesystem: true },
                    "elastic-web:services": { web: { image: DEMO_IMAGE }, api },
                }),
                "dev",
                [
                    `${P}: \`elastic-web:serviceDefaults.enableExecuteCommand\` (true) does not work with \`elastic-web:serviceDefaults.readonlyRootFilesystem\` (true): ${EXEC_RULE}`,
                ],
            ],
            [
                "a service's read-only root filesystem under serviceDefaults' ECS Exec",
                minimal({ "elastic-web:serviceDefaults": { enableExecuteCommand: true }, ...web({ readonlyRootFilesystem: true }) }),
                "dev",
                [
                    `${P}: \`elastic-web:serviceDefaults.enableExecuteCommand\` (true) does not work with \`elastic-web:services.web.readonlyRootFilesystem\` (true): ${EXEC_RULE}`,
                ],
            ],
            [
                "no NAT gateway for a network whose private subnets run the services",
                minimal({ "elastic-web:network": { natGateways: "none" } }),
                "dev",
                [`${P}: \`elastic-web:network.natGateways\` ("none") ${NO_NAT_RULE}`],
            ],
            [
                "no NAT gateway in prod",
                minimal({ "elastic-web:network": { natGateways: "none", azCount: 3 }, ...ONCALL }),
                "prod",
                [`${P}: \`elastic-web:network.natGateways\` ("none") ${NO_NAT_RULE}`],
            ],
            [
                "a /24 network over 5 AZs",
                minimal({ "elastic-web:network": { cidrBlock: "10.0.0.0/24", azCount: 5 } }),
                "dev",
                [
                    `${P}: \`elastic-web:network.azCount\` (5) with \`elastic-web:network.cidrBlock\` ("10.0.0.0/24") leaves each availability zone a /27, too narrow for a public subnet of /27 (the smallest an Application Load Balancer takes) beside a private subnet; use at most 4 availability zones, or a cidrBlock of /23 or larger.`,
                ],
            ],
            [
                "private subnets too small for the tasks of a deployment at the maximum",
                minimal({ "elastic-web:network": { cidrBlock: "10.0.0.0/24", azCount: 4 }, ...web({ scaling: { maxTasks: 60 } }) }),
                "dev",
                [
                    `${P}: \`elastic-web:network.cidrBlock\` ("10.0.0.0/24") gives each private subnet a /27 with 27 usable IP addresses, but the services may run 120 tasks at once at their maximum during a deployment, 30 per availability zone over 4, and each Fargate task takes one address; use a cidrBlock of /23 or larger, or lower the services' \`scaling.maxTasks\` or \`maxPercent\`.`,
                ],
            ],
            [
                "private subnets too small for two services and a schedule over the profile's 2 AZs",
                minimal({
                    "elastic-web:network": { cidrBlock: "10.1.0.0/24" },
                    "elastic-web:services": {
                        web: { image: DEMO_IMAGE, scaling: { maxTasks: 30 } },
                        api: {
                            ...api,
                            maxPercent: 150,
                            scaling: { schedules: [{ name: "peak", schedule: "rate(1 day)", minTasks: 10, maxTasks: 40 }] },
                        },
                    },
                }),
                "staging",
                [
                    `${P}: \`elastic-web:network.cidrBlock\` ("10.1.0.0/24") gives each private subnet a /26 with 59 usable IP addresses, but the services may run 120 tasks at once at their maximum during a deployment, 60 per availability zone over 2, and each Fargate task takes one address; use a cidrBlock of /23 or larger, or lower the services' \`scaling.maxTasks\` or \`maxPercent\`.`,
                ],
            ],
            [
                "tags as a list",
                minimal({ "elastic-web:tags": ["team=web"] }),
                "dev",
                [`${P}: \`elastic-web:tags\` (["team=web"]) must be an object of tag keys to string values.`],
            ],
            [
                "an environment tag of one's own",
                minimal({ "elastic-web:tags": { environment: "production" } }),
                "dev",
                [`${P}: \`elastic-web:tags.environment\` is set by the stack itself (to the environment and the stack name); remove it.`],
            ],
            [
                "a tag key with the reserved aws: prefix",
                minimal({ "elastic-web:tags": { "AWS:owner": "me" } }),
                "dev",
                [`${P}: \`elastic-web:tags.AWS:owner\` starts with "aws:", a prefix AWS reserves for its own tags; rename it.`],
            ],
            [
                "a tag key with a character AWS refuses",
                minimal({ "elastic-web:tags": { "team#1": "web" } }),
                "dev",
                [
                    `${P}: \`elastic-web:tags.team#1\` has characters AWS does not allow in tag keys; use letters, digits, spaces and _ . : / = + - @.`,
                ],
            ],
            [
                "a number as a tag value",
                minimal({ "elastic-web:tags": { "cost-center": 4711 } }),
                "dev",
                [`${P}: \`elastic-web:tags.cost-center\` (4711) must be a string; quote it.`],
            ],
            [
                "a tag value over 256 characters",
                minimal({ "elastic-web:tags": { note: long } }),
                "dev",
                [`${P}: \`elastic-web:tags.note\` has a value of 300 characters; AWS allows at most 256 in a tag value.`],
            ],
            [
                "a tag value with a character AWS refuses",
                minimal({ "elastic-web:tags": { owner: "<web team>" } }),
                "dev",
                [
                    `${P}: \`elastic-web:tags.owner\` ("<web team>") has characters AWS does not allow in tag values; use letters, digits, spaces and _ . : / = + - @.`,
                ],
            ],
            [
                "49 tags of one's own",
                minimal({ "elastic-web:tags": tooMany }),
                "dev",
                [
                    `${P}: \`elastic-web:tags\` has 49 tags; with \`environment\` and \`stack\` that exceeds the AWS limit of 50 tags per resource.`,
                ],
            ],
        ];

        for (const [name, raw, stack, expected] of cases) {
            it(name, () => {
                assert.deepEqual(problemsOf(raw, stack), expected);
            });
        }
    });

    describe("bucket", () => {
        const bucket = (settings: unknown, extra: Record<string, unknown> = {}) => minimal({ "elastic-web:bucket": settings, ...extra });
        const withoutReplica = ({ replicaRegion: _replicaRegion, ...rest }: StackBucketConfig): StackBucketConfig => rest;
        const regions = AWS_REGIONS.join(", ");

        const resolves: [string, Record<string, unknown>, string, StackBucketConfig | false][] = [
            ["creates no bucket when bucket is false, even where the profile replicates", bucket(false, ONCALL), "prod", false],
            [
                "removes the prod profile's replica, and the Replication Time Control that needs one, when replicate is false",
                bucket({ replicate: false }, ONCALL),
                "prod",
                { ...withoutReplica(BUCKET.prod), replicationTimeControl: false },
            ],
            [
                "replicates a dev bucket to the region paired with us-east-1 when replicate is true",
                bucket({ replicate: true }),
                "dev",
                { ...BUCKET.dev, replicaRegion: "us-west-2" },
            ],
            [
                "replicates to the region REPLICA_REGIONS pairs with aws:region",
                bucket({ replicate: true }, { "aws:region": "eu-west-1" }),
                "dev",
                { ...BUCKET.dev, replicaRegion: "eu-central-1" },
            ],
            [
                "takes a named replica region over the paired one",
                bucket({ replicaRegion: "eu-west-1" }),
                "staging",
                { ...BUCKET.staging, replicaRegion: "eu-west-1" },
            ],
            [
                "takes a named replica region where aws:region has no paired one",
                bucket({ replicaRegion: "eu-central-1" }, { "aws:region": "me-south-1" }),
                "staging",
                { ...BUCKET.staging, replicaRegion: "eu-central-1" },
            ],
            [
                "takes the opt-in partner once named",
                bucket({ replicaRegion: "ap-southeast-4" }, { "aws:region": "ap-southeast-2" }),
                "staging",
                { ...BUCKET.staging, replicaRegion: "ap-southeast-4" },
            ],
            [
                "replicates a dev bucket to a named region with Replication Time Control",
                bucket({ replicaRegion: "us-west-2", replicationTimeControl: true }),
                "dev",
                { ...BUCKET.dev, replicaRegion: "us-west-2", replicationTimeControl: true },
            ],
            [
                "accepts replication settings without a named region where the profile replicates",
                bucket({ prefix: "uploads/", replicationTimeControl: true }),
                "staging",
                { ...BUCKET.staging, prefix: "uploads/", replicationTimeControl: true },
            ],
            [
                "turns the profile's retain off when forceDestroy is true and retain is not set",
                bucket({ forceDestroy: true }),
                "staging",
                { ...BUCKET.staging, forceDestroy: true, retain: false },
            ],
            [
                "turns the profile's forceDestroy off when retain is true and forceDestroy is not set",
                bucket({ retain: true }),
                "dev",
                { ...BUCKET.dev, forceDestroy: false, retain: true },
            ],
            [
                "merges lifecycle settings key by key and replaces the transitions",
                bucket({ noncurrentVersionExpirationDays: 30, transitions: [{ days: 90, storageClass: "GLACIER_IR" }] }, ONCALL),
                "prod",
                { ...BUCKET.prod, noncurrentVersionExpirationDays: 30, transitions: [{ days: 90, storageClass: "GLACIER_IR" }] },
            ],
            [
                "replaces the profile's transitions with none",
                bucket({ transitions: [] }, ONCALL),
                "prod",
                { ...BUCKET.prod, transitions: [] },
            ],
            [
                "takes SSE-S3 encryption over the profile's KMS",
                bucket({ encryption: "s3" }),
                "staging",
                { ...BUCKET.staging, encryption: "s3" },
            ],
        ];
        for (const [name, raw, stack, expected] of resolves) {
            it(name, () => {
                assert.deepEqual(resolveStackConfig(raw, stack).bucket, expected);
            });
        }

        it("pairs no region with an opt-in region, and leaves out the regions whose only same-country partner is one", () => {
            // Regions launched after 20 March 2019 are opt-in (AWS Account Management reference guide,
            // "Enable or disable AWS Regions in your account").
            const optIn = [
                "ca-west-1",
                "mx-central-1",
                "eu-south-1",
                "eu-south-2",
                "eu-central-2",
                "ap-east-1",
                "ap-south-2",
                "ap-southeast-3",
                "ap-southeast-4",
                "ap-southeast-5",
                "ap-southeast-7",
                "me-south-1",
                "me-central-1",
                "il-central-1",
                "af-south-1",
            ];
            for (const [region, replica] of Object.entries(REPLICA_REGIONS)) assert.ok(!optIn.includes(replica), `${region} -> ${replica}`);
            for (const [region, partner] of Object.entries(OPT_IN_REPLICA_REGIONS)) {
                assert.equal(REPLICA_REGIONS[region], undefined, region);
                assert.ok(optIn.includes(partner), partner);
            }
        });

        it("pairs each region of REPLICA_REGIONS with another region the package knows", () => {
            for (const [region, replica] of Object.entries(REPLICA_REGIONS)) {
                const config = resolveStackConfig(minimal({ "aws:region": region }), "staging");
                assert.deepEqual(config.bucket, { ...BUCKET.staging, replicaRegion: replica }, region);
                assert.notEqual(replica, region);
            }
        });

        const rejects: [string, Record<string, unknown>, string, string[]][] = [
            [
                "a bucket given as a word",
                bucket("yes"),
                "dev",
                [`${P}: \`elastic-web:bucket\` ("yes") must be false (no bucket) or an object of bucket settings.`],
            ],
            [
                "a bucket given as true",
                bucket(true),
                "dev",
                [`${P}: \`elastic-web:bucket\` (true) must be false (no bucket) or an object of bucket settings.`],
            ],
            [
                "a replica region equal to aws:region",
                bucket({ replicaRegion: "us-east-1" }),
                "dev",
                [
                    `${P}: \`elastic-web:bucket.replicaRegion\` ("us-east-1") is the primary bucket's region; choose another region for the replica, or leave \`elastic-web:bucket.replicaRegion\` out for a bucket without a replica.`,
                ],
            ],
            [
                "an unknown replica region",
                bucket({ replicaRegion: "us-east-7" }),
                "staging",
                [
                    `${P}: \`elastic-web:bucket.replicaRegion\` ("us-east-7") is not an AWS region this package knows; use one of ${regions}.`,
                ],
            ],
            [
                "a staging stack in a region without a default replica region",
                minimal({ "aws:region": "me-south-1" }),
                "staging",
                [
                    `${P}: \`elastic-web:bucket.replicaRegion\` is required; the staging profile replicates the bucket and me-south-1 has no default replica region; name one, or set \`elastic-web:bucket.replicate\` to false.`,
                ],
            ],
            [
                "a prod stack in a region without a default replica region, once",
                minimal({ "aws:region": "me-south-1", ...ONCALL }),
                "prod",
                [
                    `${P}: \`elastic-web:bucket.replicaRegion\` is required; the prod profile replicates the bucket and me-south-1 has no default replica region; name one, or set \`elastic-web:bucket.replicate\` to false.`,
                ],
            ],
            [
                "a staging stack in Sydney, whose same-country partner is an opt-in region",
                minimal({ "aws:region": "ap-southeast-2" }),
                "staging",
                [
                    `${P}: \`elastic-web:bucket.replicaRegion\` is required; the staging profile replicates the bucket and ap-southeast-2 has no default replica region (its partner in the same country, ap-southeast-4, is an opt-in region that must be enabled for the account first); name one, or set \`elastic-web:bucket.replicate\` to false.`,
                ],
            ],
            [
                "a prod stack in Mumbai, whose same-country partner is an opt-in region",
                minimal({ "aws:region": "ap-south-1", ...ONCALL }),
                "prod",
                [
                    `${P}: \`elastic-web:bucket.replicaRegion\` is required; the prod profile replicates the bucket and ap-south-1 has no default replica region (its partner in the same country, ap-south-2, is an opt-in region that must be enabled for the account first); name one, or set \`elastic-web:bucket.replicate\` to false.`,
                ],
            ],
            [
                "a staging stack in Canada Central, whose same-country partner is an opt-in region",
                minimal({ "aws:region": "ca-central-1" }),
                "staging",
                [
                    `${P}: \`elastic-web:bucket.replicaRegion\` is required; the staging profile replicates the bucket and ca-central-1 has no default replica region (its partner in the same country, ca-west-1, is an opt-in region that must be enabled for the account first); name one, or set \`elastic-web:bucket.replicate\` to false.`,
                ],
            ],
            [
                "replicate as a word",
                bucket({ replicate: "yes" }),
                "staging",
                [`${P}: \`elastic-web:bucket.replicate\` ("yes") must be true or false.`],
            ],
            [
                "a named replica region with replicate false",
                bucket({ replicate: false, replicaRegion: "eu-west-1" }),
                "staging",
                [
                    `${P}: \`elastic-web:bucket.replicaRegion\` ("eu-west-1") names a replica while \`elastic-web:bucket.replicate\` is false; leave out one of them.`,
                ],
            ],
            [
                "noncurrent versions kept 0 days",
                bucket({ noncurrentVersionExpirationDays: 0 }),
                "dev",
                [`${P}: \`elastic-web:bucket.noncurrentVersionExpirationDays\` (0) must be an integer from 1 to 36500.`],
            ],
            [
                "a fractional multipart upload abort",
                bucket({ abortIncompleteUploadDays: 2.5 }),
                "dev",
                [`${P}: \`elastic-web:bucket.abortIncompleteUploadDays\` (2.5) must be an integer from 1 to 36500.`],
            ],
            [
                "a transition at negative days",
                bucket({ transitions: [{ days: -1, storageClass: "GLACIER" }] }),
                "dev",
                [`${P}: \`elastic-web:bucket.transitions[0].days\` (-1) must be an integer from 0 to 36500.`],
            ],
            [
                "STANDARD_IA after 10 days",
                bucket({ transitions: [{ days: 10, storageClass: "STANDARD_IA" }] }),
                "dev",
                [
                    `${P}: \`elastic-web:bucket.transitions[0].days\` (10) must be at least 30 for "STANDARD_IA"; S3 moves objects to an infrequent-access class only after 30 days.`,
                ],
            ],
            [
                "transitions in decreasing days",
                bucket({
                    transitions: [
                        { days: 60, storageClass: "GLACIER_IR" },
                        { days: 30, storageClass: "GLACIER" },
                    ],
                }),
                "dev",
                [
                    `${P}: \`elastic-web:bucket.transitions[1].days\` (30) must be later than \`elastic-web:bucket.transitions[0].days\` (60); transitions are listed in increasing days.`,
                ],
            ],
            [
                "an unknown encryption",
                bucket({ encryption: "aes" }),
                "dev",
                [`${P}: \`elastic-web:bucket.encryption\` ("aes") must be one of "kms", "s3".`],
            ],
            [
                "replication metrics off under the prod profile's Replication Time Control",
                bucket({ replicationMetrics: false }, ONCALL),
                "prod",
                [
                    `${P}: \`elastic-web:bucket.replicationMetrics\` (false) must be true while \`elastic-web:bucket.replicationTimeControl\` from the prod profile is on; S3 Replication Time Control requires replication metrics.`,
                ],
            ],
            [
                "Replication Time Control with replication metrics off",
                bucket({ replicationTimeControl: true, replicationMetrics: false }),
                "staging",
                [
                    `${P}: \`elastic-web:bucket.replicationMetrics\` (false) must be true while \`elastic-web:bucket.replicationTimeControl\` is on; S3 Replication Time Control requires replication metrics.`,
                ],
            ],
            [
                "Replication Time Control on a dev bucket without a replica",
                bucket({ replicationTimeControl: true }),
                "dev",
                [
                    `${P}: \`elastic-web:bucket.replicationTimeControl\` (true) needs a replica; set \`elastic-web:bucket.replicaRegion\` or turn replicationTimeControl off.`,
                ],
            ],
            [
                "Replication Time Control with replicate false",
                bucket({ replicate: false, replicationTimeControl: true }, ONCALL),
                "prod",
                [
                    `${P}: \`elastic-web:bucket.replicationTimeControl\` (true) needs a replica; set \`elastic-web:bucket.replicaRegion\` or turn replicationTimeControl off.`,
                ],
            ],
            [
                "forceDestroy with retain",
                bucket({ forceDestroy: true, retain: true }),
                "staging",
                [
                    `${P}: \`elastic-web:bucket.forceDestroy\` (true) contradicts \`elastic-web:bucket.retain\` (true): a retained bucket is never deleted by Pulumi; turn one of them off.`,
                ],
            ],
        ];
        for (const [name, raw, stack, expected] of rejects) {
            it(`rejects ${name}`, () => {
                assert.deepEqual(problemsOf(raw, stack), expected);
            });
        }
    });

    describe("alarms", () => {
        const alarms = (settings: unknown) => minimal({ "elastic-web:alarms": settings });
        const topicArn = "arn:aws:sns:us-east-1:123456789012:ops";

        const resolves: [string, Record<string, unknown>, string, StackAlarmsConfig][] = [
            [
                "lets an existing topic satisfy the prod profile's required subscription",
                alarms({ topicArn }),
                "prod",
                { ...ALARMS.prod, emails: [], topicArn },
            ],
            [
                "merges thresholds key by key over the profile",
                alarms({ thresholds: { cpuPercent: 70 } }),
                "staging",
                { ...ALARMS.staging, thresholds: { ...ALARMS.staging.thresholds, cpuPercent: 70 } },
            ],
            [
                "replaces the profile's lists and takes other settings over it",
                alarms({
                    emails: ["ops@example.com"],
                    httpsEndpoints: ["https://hooks.example.com/alarms"],
                    dashboard: false,
                    deploymentAlarms: true,
                }),
                "dev",
                {
                    ...ALARMS.dev,
                    emails: ["ops@example.com"],
                    httpsEndpoints: ["https://hooks.example.com/alarms"],
                    dashboard: false,
                    deploymentAlarms: true,
                },
            ],
        ];
        for (const [name, raw, stack, expected] of resolves) {
            it(name, () => {
                assert.deepEqual(resolveStackConfig(raw, stack).alarms, expected);
            });
        }

        it("keeps every threshold the stack config does not set at the profile's value", () => {
            const { thresholds } = resolveStackConfig(alarms({ thresholds: { evaluationPeriods: 10 } }), "dev").alarms;
            assert.deepEqual(thresholds, { ...ALARMS.dev.thresholds, evaluationPeriods: 10 });
            assert.equal(thresholds.cpuPercent, 90);
            assert.equal(thresholds.datapointsToAlarm, 3);
        });

        const thresholdKeys = Object.keys(ALARMS.dev.thresholds).join(", ");
        const rejects: [string, Record<string, unknown>, string, string[]][] = [
            [
                "a prod stack nobody would be notified of",
                minimal(),
                "prod",
                [
                    `${P}: \`elastic-web:alarms.requireSubscription\` is true but nobody would be notified; add \`elastic-web:alarms.emails\` or \`elastic-web:alarms.httpsEndpoints\`, or set \`elastic-web:alarms.topicArn\`.`,
                ],
            ],
            [
                "a stack that requires a subscription without one",
                alarms({ requireSubscription: true }),
                "dev",
                [
                    `${P}: \`elastic-web:alarms.requireSubscription\` is true but nobody would be notified; add \`elastic-web:alarms.emails\` or \`elastic-web:alarms.httpsEndpoints\`, or set \`elastic-web:alarms.topicArn\`.`,
                ],
            ],
            [
                "an email address without a domain",
                alarms({ emails: ["oncall"] }),
                "dev",
                [`${P}: \`elastic-web:alarms.emails[0]\` ("oncall") must be an email address like "ops@example.com".`],
            ],
            [
                "an http:// endpoint",
                alarms({ httpsEndpoints: ["http://hooks.example.com/alarms"] }),
                "dev",
                [
                    `${P}: \`elastic-web:alarms.httpsEndpoints[0]\` ("http://hooks.example.com/alarms") must be an https:// URL like "https://hooks.example.com/alarms".`,
                ],
            ],
            [
                "alarms given as a list",
                alarms(["oncall@example.com"]),
                "dev",
                [`${P}: \`elastic-web:alarms\` (["oncall@example.com"]) must be an object of alarm settings.`],
            ],
            [
                "an unknown threshold",
                alarms({ thresholds: { cpu: 70 } }),
                "dev",
                [`${P}: \`elastic-web:alarms.thresholds.cpu\` (70) is not a known key; known keys are ${thresholdKeys}.`],
            ],
            [
                "a CPU threshold of 0",
                alarms({ thresholds: { cpuPercent: 0 } }),
                "dev",
                [`${P}: \`elastic-web:alarms.thresholds.cpuPercent\` (0) must be a number from 1 to 100.`],
            ],
            [
                "more datapoints to alarm than evaluation periods",
                alarms({ thresholds: { datapointsToAlarm: 6 } }),
                "dev",
                [
                    `${P}: \`elastic-web:alarms.thresholds.datapointsToAlarm\` (6) is above \`elastic-web:alarms.thresholds.evaluationPeriods\` (5); lower datapointsToAlarm or raise evaluationPeriods.`,
                ],
            ],
            [
                "fewer evaluation periods than the profile's datapoints to alarm",
                minimal({ "elastic-web:alarms": { emails: ["oncall@example.com"], thresholds: { evaluationPeriods: 2 } } }),
                "prod",
                [
                    `${P}: \`elastic-web:alarms.thresholds.datapointsToAlarm\` (3) is above \`elastic-web:alarms.thresholds.evaluationPeriods\` (2); lower datapointsToAlarm or raise evaluationPeriods.`,
                ],
            ],
        ];
        for (const [name, raw, stack, expected] of rejects) {
            it(`rejects ${name}`, () => {
                assert.deepEqual(problemsOf(raw, stack), expected);
            });
        }
    });

    describe("costAssumptions", () => {
        const cost = (settings: unknown) => minimal({ "elastic-web:costAssumptions": settings });

        it("passes a valid override through unchanged, as a copy", () => {
            const costAssumptions = {
                requestsPerSecond: 50,
                averageScaleShare: 0.5,
                storedGbPerBucket: 200,
                applyFreeTier: true,
                perResource: { "app-alb": { requestsPerSecond: 5 } },
            };
            const config = resolveStackConfig(cost(costAssumptions), "dev");
            assert.deepEqual(config.costAssumptions, {
                requestsPerSecond: 50,
                averageScaleShare: 0.5,
                storedGbPerBucket: 200,
                applyFreeTier: true,
                perResource: { "app-alb": { requestsPerSecond: 5 } },
            });
            assert.notEqual(config.costAssumptions, costAssumptions);
        });

        const rejects: [string, Record<string, unknown>, string, string[]][] = [
            [
                "a negative request rate",
                cost({ requestsPerSecond: -5 }),
                "dev",
                [`${P}: \`elastic-web:costAssumptions.requestsPerSecond\` (-5) must be a number of at least 0.`],
            ],
            [
                "a number given as a string",
                cost({ storedGbPerBucket: "200" }),
                "dev",
                [`${P}: \`elastic-web:costAssumptions.storedGbPerBucket\` ("200") must be a number of at least 0.`],
            ],
            [
                "a scale share above 1",
                cost({ averageScaleShare: 1.5 }),
                "dev",
                [`${P}: \`elastic-web:costAssumptions.averageScaleShare\` (1.5) must be a number from 0 to 1.`],
            ],
            [
                "0 requests per connection",
                cost({ requestsPerConnection: 0 }),
                "dev",
                [`${P}: \`elastic-web:costAssumptions.requestsPerConnection\` (0) must be greater than 0.`],
            ],
            [
                "an unknown figure",
                cost({ rps: 50 }),
                "dev",
                [
                    `${P}: \`elastic-web:costAssumptions.rps\` (50) is not a known key; known keys are ${Object.keys(DEFAULT_USAGE).join(", ")}.`,
                ],
            ],
            [
                "a bad figure of one resource",
                cost({ perResource: { "app-alb": { requestsPerSecond: -1 } } }),
                "dev",
                [`${P}: \`elastic-web:costAssumptions.perResource.app-alb.requestsPerSecond\` (-1) must be a number of at least 0.`],
            ],
            [
                "applyFreeTier as a word",
                cost({ applyFreeTier: "yes" }),
                "dev",
                [`${P}: \`elastic-web:costAssumptions.applyFreeTier\` ("yes") must be true or false.`],
            ],
            [
                "cost assumptions given as a number",
                cost(50),
                "dev",
                [`${P}: \`elastic-web:costAssumptions\` (50) must be an object of usage figures, e.g. { requestsPerSecond: 50 }.`],
            ],
        ];
        for (const [name, raw, stack, expected] of rejects) {
            it(`rejects ${name}`, () => {
                assert.deepEqual(problemsOf(raw, stack), expected);
            });
        }
    });
});
