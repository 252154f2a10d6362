import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { SERVICE_INPUT_KEYS, checkServiceSettings } from "../components/service";
import { checkLoadBalancerSettings } from "../components/load-balancer";
import { checkNetworkSettings } from "../components/network";
import { PROFILES, REPLICA_REGIONS } from "../components/stack/profiles";
import { checkReplicatedBucketSettings } from "../components/bucket";
import { checkServiceAlarmsSettings } from "../components/alarms";
import { Problems, nearestKey } from "../components/core/validate";

type Checker = (p: Problems, s: unknown) => void;

const N = 'elastic-web:aws:Network "net"';
const L = 'elastic-web:aws:LoadBalancer "web"';
const S = 'elastic-web:aws:ElasticService "api"';
const B = 'elastic-web:aws:ReplicatedBucket "data"';
const A = 'elastic-web:aws:ServiceAlarms "alarms"';

/** The problems a checker records for `input`, as a component's resolve function would see them. */
function problems(checker: Checker, where: string, input: unknown): string[] {
    const p = new Problems(where);
    checker(p, input);
    return p.list;
}

const RETENTIONS = "1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653";
const SSL_RULE =
    'must be an ELB security policy that accepts only TLS 1.2 and 1.3, e.g. "ELBSecurityPolicy-TLS13-1-2-2021-06" or "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09" (see "Security policies for your Application Load Balancer" in the ELB guide).';
const CRON_EXAMPLE = '"cron(0 8 ? * MON-FRI *)"';

/** One schedule that is valid; cases override one field. */
const schedule = { name: "business-hours", schedule: "cron(0 8 ? * MON-FRI *)", timezone: "America/New_York", minTasks: 2, maxTasks: 6 };
const withSchedule = (overrides: Record<string, unknown>) => ({ scaling: { schedules: [{ ...schedule, ...overrides }] } });

describe("checks", () => {
    describe("accept", () => {
        for (const env of ["dev", "staging", "prod"] as const) {
            it(`every value of the ${env} profile`, () => {
                assert.deepEqual(problems(checkNetworkSettings, N, PROFILES[env].network), []);
                assert.deepEqual(problems(checkLoadBalancerSettings, L, PROFILES[env].loadBalancer), []);
                assert.deepEqual(problems(checkServiceSettings, S, PROFILES[env].service), []);
            });

            it(`every bucket and alarm value of the ${env} profile, with the replica and subscription a stack adds`, () => {
                const { replicate, ...bucket } = PROFILES[env].bucket;
                const replica = replicate ? { replicaRegion: REPLICA_REGIONS["us-east-1"] } : {};
                const checkBucket: Checker = (p, s) => checkReplicatedBucketSettings(p, s, "us-east-1");
                assert.deepEqual(problems(checkBucket, B, { ...bucket, ...replica }), []);
                const alarms = PROFILES[env].alarms;
                const subscription = alarms.requireSubscription ? { emails: ["oncall@example.com"] } : {};
                assert.deepEqual(problems(checkServiceAlarmsSettings, A, { ...alarms, ...subscription }), []);
            });
        }

        it("the prod profile's alarms only with a subscription", () => {
            assert.deepEqual(problems(checkServiceAlarmsSettings, A, PROFILES.prod.alarms), [
                `${A}: \`requireSubscription\` is true but nobody would be notified; add \`emails\` or \`httpsEndpoints\`, or set \`topicArn\`.`,
            ]);
        });

        it("Fargate Spot on arm64, which FARGATE_SPOT runs on platform version 1.4.0 and later", () => {
            assert.deepEqual(problems(checkServiceSettings, S, { architecture: "arm64", spotShare: 50, spotBase: 1 }), []);
        });

        it("a fully specified service with routing, schedules, environment, secrets and a container health check", () => {
            const service = {
                image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1.4.2",
                architecture: "arm64",
                spotShare: 0,
                scaling: {
                    minTasks: 2,
                    maxTasks: 10,
                    schedules: [
                        schedule,
                        { name: "nightly", schedule: "cron(0 22 * * ? *)", minTasks: 0, maxTasks: 0 },
                        { name: "hourly", schedule: "rate(1 hour)", minTasks: 2, maxTasks: 10 },
                        { name: "launch", schedule: "at(2030-01-31T08:00:00)", timezone: "Etc/GMT+9", minTasks: 8, maxTasks: 10 },
                    ],
                },
                healthCheck: { path: "/health", matcher: "200,302", intervalSeconds: 10, timeoutSeconds: 5 },
                routing: { pathPatterns: ["/api/*", "/v2/*"], hostHeaders: ["api.example.com"], priority: 10 },
                environment: { LOG_LEVEL: "info", _PRIVATE_FLAG: "1" },
                secrets: {
                    DB_PASSWORD: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf",
                    API_KEY: "arn:aws:ssm:eu-west-1:123456789012:parameter/api/key",
                },
                containerHealthCheck: { command: ["CMD-SHELL", "wget -qO- http://localhost:8080/health || exit 1"], retries: 5 },
                writablePaths: ["/tmp", "/var/cache/nginx"],
            };
            assert.deepEqual(problems(checkServiceSettings, S, service), []);
        });

        it("ECS Exec with a writable root filesystem, and a read-only root without ECS Exec", () => {
            assert.deepEqual(problems(checkServiceSettings, S, { enableExecuteCommand: true, readonlyRootFilesystem: false }), []);
            assert.deepEqual(problems(checkServiceSettings, S, { enableExecuteCommand: false, readonlyRootFilesystem: true }), []);
            assert.deepEqual(problems(checkServiceSettings, S, { enableExecuteCommand: true }), []);
        });

        it("a /24 block over 3 or 4 AZs, and a /23 block over 6", () => {
            for (const settings of [
                { cidrBlock: "10.0.0.0/24", azCount: 3 },
                { cidrBlock: "10.0.0.0/24", azCount: 4 },
                { cidrBlock: "10.0.0.0/23", azCount: 6 },
            ]) {
                assert.deepEqual(problems(checkNetworkSettings, N, settings), [], JSON.stringify(settings));
            }
        });

        it("a load balancer with a certificate, a regional web ACL and several ingress ranges", () => {
            const lb = {
                certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666",
                wafWebAclArn: "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/web/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111",
                ingressCidrs: ["203.0.113.0/24", "198.51.100.7/32"],
                sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06",
            };
            assert.deepEqual(problems(checkLoadBalancerSettings, L, lb), []);
        });

        it("keys the caller declares beyond the settings, and leaves them to the caller", () => {
            const args = { image: "nginx", vpcId: 42, subnetIds: "not checked here" };
            assert.deepEqual(
                (() => {
                    const p = new Problems(S);
                    checkServiceSettings(p, args, [...SERVICE_INPUT_KEYS, "vpcId", "subnetIds"]);
                    return p.list;
                })(),
                [],
            );
        });
    });

    describe("skip values known only at deployment", () => {
        it("Outputs and Promises anywhere in service settings", () => {
            const service = {
                image: pulumi.output("nginx"),
                cpu: pulumi.output(300),
                scaling: pulumi.output({ minTasks: 5, maxTasks: 2 }),
                healthCheck: { path: pulumi.output("no-slash") },
                environment: { DB_PASSWORD: pulumi.output("hunter2"), LOG_LEVEL: pulumi.output("info") },
                secrets: { TOKEN: pulumi.output("arn:aws:s3:::not-a-secret"), OTHER: Promise.resolve("nope") },
                writablePaths: [pulumi.output("relative")],
            };
            const found = problems(checkServiceSettings, S, service);
            // DB_PASSWORD is a name problem, not a value one: it is reported even without a value.
            assert.deepEqual(found, [
                `${S}: \`environment.DB_PASSWORD\` looks like a secret; put it in \`secrets\` as an SSM parameter or Secrets Manager ARN instead of a plain value.`,
            ]);
        });

        it("Outputs in load balancer and network settings", () => {
            assert.deepEqual(
                problems(checkLoadBalancerSettings, L, {
                    certificateArn: pulumi.output("arn:aws:iam::123456789012:server-certificate/x"),
                    wafWebAclArn: Promise.resolve("nope"),
                    ingressCidrs: [pulumi.output("not-a-cidr"), "10.0.0.0/8"],
                }),
                [],
            );
            assert.deepEqual(problems(checkNetworkSettings, N, { azCount: pulumi.output(9), cidrBlock: pulumi.output("x") }), []);
        });
    });

    describe("print keys relative to the collector's base", () => {
        it("reports maxTasks below minTasks for a component", () => {
            assert.deepEqual(problems(checkServiceSettings, S, { scaling: { minTasks: 5, maxTasks: 2 } }), [
                `${S}: \`scaling.maxTasks\` (2) is below \`scaling.minTasks\` (5); raise maxTasks or lower minTasks.`,
            ]);
        });

        it("reports maxTasks below minTasks for the stack config", () => {
            const p = new Problems("stack config", "elastic-web:services.web.");
            checkServiceSettings(p, { scaling: { minTasks: 5, maxTasks: 2 } });
            assert.deepEqual(p.list, [
                "stack config: `elastic-web:services.web.scaling.maxTasks` (2) is below `elastic-web:services.web.scaling.minTasks` (5); raise maxTasks or lower minTasks.",
            ]);
        });

        it("reports a CPU/memory pair Fargate does not offer", () => {
            assert.deepEqual(problems(checkServiceSettings, S, { cpu: 256, memory: 4096 }), [
                `${S}: \`memory\` (4096) is not a Fargate size for \`cpu\` 256; allowed memory (MiB): 512, 1024, 2048.`,
            ]);
        });
    });

    describe("suggest the known key one edit away from an unknown one", () => {
        const KNOWN = ["image", "cpu", "memory", "scaling", "healthCheck"];
        const unknownKey = (key: string) => {
            const p = new Problems(S);
            p.knownKeys("", { [key]: 1 }, KNOWN);
            return p.list;
        };
        const cases: [string, string, string | undefined][] = [
            ["an inserted character", "scalling", "scaling"],
            ["a deleted character", "scalin", "scaling"],
            ["a replaced character", "scaleng", "scaling"],
            ["two neighbours swapped", "sacling", "scaling"],
            ["a character appended", "cpus", "cpu"],
            ["a different case", "HealthCheck", "healthCheck"],
            ["an all-caps key", "CPU", "cpu"],
            ["two characters inserted", "scallingg", undefined],
            ["two characters replaced", "scalxyg", undefined],
            ["a swap and an insertion", "sacllng", undefined],
            ["a case change and an insertion", "Scalling", undefined],
            ["two deleted characters", "scali", undefined],
        ];
        for (const [what, key, near] of cases) {
            it(`${near ? "suggests" : "suggests nothing for"} ${what} (${key})`, () => {
                assert.equal(nearestKey(key, KNOWN), near);
            });
        }

        it("appends the suggestion to the unknown-key message", () => {
            assert.deepEqual(unknownKey("scalling"), [
                `${S}: \`scalling\` (1) is not a known key; did you mean \`scaling\`? Known keys are image, cpu, memory, scaling, healthCheck.`,
            ]);
        });

        it("keeps the message without a suggestion when no key is one edit away", () => {
            assert.deepEqual(unknownKey("scallingg"), [
                `${S}: \`scallingg\` (1) is not a known key; known keys are image, cpu, memory, scaling, healthCheck.`,
            ]);
        });

        it("suggests nothing when two known keys are equally near", () => {
            assert.equal(nearestKey("cat", ["bat", "car"]), undefined);
            assert.equal(nearestKey("Tags", ["tags", "TAGS"]), undefined);
        });
    });

    describe("reject", () => {
        const cases: [string, Checker, string, unknown, string[]][] = [
            // network
            ["one availability zone", checkNetworkSettings, N, { azCount: 1 }, [`${N}: \`azCount\` (1) must be an integer from 2 to 6.`]],
            [
                "a fractional AZ count",
                checkNetworkSettings,
                N,
                { azCount: 2.5 },
                [`${N}: \`azCount\` (2.5) must be an integer from 2 to 6.`],
            ],
            [
                "an unknown NAT strategy",
                checkNetworkSettings,
                N,
                { natGateways: "perAz" },
                [`${N}: \`natGateways\` ("perAz") must be one of "none", "single", "onePerAz".`],
            ],
            [
                "a /8 VPC",
                checkNetworkSettings,
                N,
                { cidrBlock: "10.0.0.0/8" },
                [`${N}: \`cidrBlock\` ("10.0.0.0/8") must be an IPv4 CIDR block like "10.0.0.0/16" with a prefix length from /16 to /24.`],
            ],
            [
                "a CIDR with host bits set",
                checkNetworkSettings,
                N,
                { cidrBlock: "10.0.3.7/16" },
                [`${N}: \`cidrBlock\` ("10.0.3.7/16") is not a network address (bits after the prefix are set); use "10.0.0.0/16".`],
            ],
            [
                "a flow log retention CloudWatch does not offer",
                checkNetworkSettings,
                N,
                { flowLogRetentionDays: 10 },
                [`${N}: \`flowLogRetentionDays\` (10) must be 0 (off) or a CloudWatch Logs retention in days: ${RETENTIONS}.`],
            ],
            [
                "an unknown network key",
                checkNetworkSettings,
                N,
                { azs: 3 },
                [`${N}: \`azs\` (3) is not a known key; known keys are azCount, natGateways, cidrBlock, flowLogRetentionDays.`],
            ],
            [
                "a /24 block over 5 AZs, too small for /27 public subnets",
                checkNetworkSettings,
                N,
                { cidrBlock: "10.0.0.0/24", azCount: 5 },
                [
                    `${N}: \`azCount\` (5) with \`cidrBlock\` ("10.0.0.0/24") leaves each availability zone a /27, too narrow for a public subnet of /27 (the smallest an Application Load Balancer takes) beside a private subnet; use at most 4 availability zones, or a cidrBlock of /23 or larger.`,
                ],
            ],
            [
                "a /24 block over 6 AZs",
                checkNetworkSettings,
                N,
                { cidrBlock: "10.8.1.0/24", azCount: 6 },
                [
                    `${N}: \`azCount\` (6) with \`cidrBlock\` ("10.8.1.0/24") leaves each availability zone a /27, too narrow for a public subnet of /27 (the smallest an Application Load Balancer takes) beside a private subnet; use at most 4 availability zones, or a cidrBlock of /23 or larger.`,
                ],
            ],
            // load balancer
            [
                "an IAM server certificate",
                checkLoadBalancerSettings,
                L,
                { certificateArn: "arn:aws:iam::123456789012:server-certificate/web" },
                [
                    `${L}: \`certificateArn\` ("arn:aws:iam::123456789012:server-certificate/web") must be an ARN like arn:aws:acm:us-east-1:123456789012:certificate/<id>.`,
                ],
            ],
            [
                "an ACM ARN that names no certificate",
                checkLoadBalancerSettings,
                L,
                { certificateArn: "arn:aws:acm:us-east-1:123456789012:pca/x" },
                [
                    `${L}: \`certificateArn\` ("arn:aws:acm:us-east-1:123456789012:pca/x") must be an ARN like arn:aws:acm:us-east-1:123456789012:certificate/<id>.`,
                ],
            ],
            [
                "a CloudFront (global) web ACL",
                checkLoadBalancerSettings,
                L,
                { wafWebAclArn: "arn:aws:wafv2:us-east-1:123456789012:global/webacl/web/1" },
                [
                    `${L}: \`wafWebAclArn\` ("arn:aws:wafv2:us-east-1:123456789012:global/webacl/web/1") must be an ARN like arn:aws:wafv2:us-east-1:123456789012:regional/webacl/<name>/<id>.`,
                ],
            ],
            [
                "no ingress ranges",
                checkLoadBalancerSettings,
                L,
                { ingressCidrs: [] },
                [`${L}: \`ingressCidrs\` ([]) must be a non-empty list of IPv4 CIDR blocks like "203.0.113.0/24".`],
            ],
            [
                "one ingress range as a string",
                checkLoadBalancerSettings,
                L,
                { ingressCidrs: "0.0.0.0/0" },
                [`${L}: \`ingressCidrs\` ("0.0.0.0/0") must be a non-empty list of IPv4 CIDR blocks like "203.0.113.0/24".`],
            ],
            [
                "an ingress address without prefix",
                checkLoadBalancerSettings,
                L,
                { ingressCidrs: ["0.0.0.0"] },
                [`${L}: \`ingressCidrs[0]\` ("0.0.0.0") must be an IPv4 CIDR block like "10.0.0.0/16".`],
            ],
            [
                "an ingress range listed twice",
                checkLoadBalancerSettings,
                L,
                { ingressCidrs: ["10.0.0.0/8", "10.0.0.0/8"] },
                [`${L}: \`ingressCidrs[1]\` ("10.0.0.0/8") is listed twice; list each CIDR block once.`],
            ],
            [
                "an idle timeout of 0",
                checkLoadBalancerSettings,
                L,
                { idleTimeoutSeconds: 0 },
                [`${L}: \`idleTimeoutSeconds\` (0) must be an integer from 1 to 4000.`],
            ],
            [
                "an access log retention over ten years",
                checkLoadBalancerSettings,
                L,
                { accessLogRetentionDays: 4000 },
                [`${L}: \`accessLogRetentionDays\` (4000) must be an integer from 1 to 3650.`],
            ],
            [
                "a TLS policy that allows TLS 1.0",
                checkLoadBalancerSettings,
                L,
                { sslPolicy: "ELBSecurityPolicy-2016-08" },
                [`${L}: \`sslPolicy\` ("ELBSecurityPolicy-2016-08") ${SSL_RULE}`],
            ],
            [
                "a TLS 1.3 policy that still allows TLS 1.1",
                checkLoadBalancerSettings,
                L,
                { sslPolicy: "ELBSecurityPolicy-TLS13-1-1-2021-06" },
                [`${L}: \`sslPolicy\` ("ELBSecurityPolicy-TLS13-1-1-2021-06") ${SSL_RULE}`],
            ],
            [
                "a boolean written as a word",
                checkLoadBalancerSettings,
                L,
                { deletionProtection: "yes" },
                [`${L}: \`deletionProtection\` ("yes") must be true or false.`],
            ],
            // service: basics
            [
                "an image reference with a space",
                checkServiceSettings,
                S,
                { image: "my image" },
                [
                    `${S}: \`image\` ("my image") must be an image reference without spaces, like "123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1.4.2".`,
                ],
            ],
            ["port 0", checkServiceSettings, S, { containerPort: 0 }, [`${S}: \`containerPort\` (0) must be an integer from 1 to 65535.`]],
            [
                "a CPU size Fargate does not offer",
                checkServiceSettings,
                S,
                { cpu: 300 },
                [`${S}: \`cpu\` (300) must be one of 256, 512, 1024, 2048, 4096, 8192, 16384.`],
            ],
            [
                "memory Fargate offers for no CPU size",
                checkServiceSettings,
                S,
                { memory: 3000 },
                [`${S}: \`memory\` (3000) must be a Fargate memory size in MiB, e.g. 512, 1024 or 2048.`],
            ],
            [
                "an unknown architecture",
                checkServiceSettings,
                S,
                { architecture: "amd64" },
                [`${S}: \`architecture\` ("amd64") must be one of "x86_64", "arm64".`],
            ],
            [
                "ECS Exec with a read-only root filesystem",
                checkServiceSettings,
                S,
                { enableExecuteCommand: true, readonlyRootFilesystem: true },
                [
                    `${S}: \`enableExecuteCommand\` (true) does not work with \`readonlyRootFilesystem\` (true): the ECS Exec agent must write to the container's root filesystem and fails on a read-only one; set enableExecuteCommand to false to keep the read-only root, or readonlyRootFilesystem to false to use ECS Exec.`,
                ],
            ],
            [
                "a misspelt key",
                checkServiceSettings,
                S,
                { cpus: 256 },
                [`${S}: \`cpus\` (256) is not a known key; did you mean \`cpu\`? Known keys are ${SERVICE_INPUT_KEYS.join(", ")}.`],
            ],
            // scaling
            ["scaling as a word", checkServiceSettings, S, { scaling: "auto" }, [`${S}: \`scaling\` ("auto") must be an object.`]],
            [
                "a negative minimum",
                checkServiceSettings,
                S,
                { scaling: { minTasks: -1 } },
                [`${S}: \`scaling.minTasks\` (-1) must be an integer from 0 to 1000.`],
            ],
            [
                "a maximum of 0",
                checkServiceSettings,
                S,
                { scaling: { maxTasks: 0 } },
                [`${S}: \`scaling.maxTasks\` (0) must be an integer from 1 to 1000.`],
            ],
            [
                "a CPU target of 5%",
                checkServiceSettings,
                S,
                { scaling: { cpuTarget: 5 } },
                [`${S}: \`scaling.cpuTarget\` (5) must be 0 (off) or a number from 10 to 95.`],
            ],
            [
                "a memory target of 99%",
                checkServiceSettings,
                S,
                { scaling: { memoryTarget: 99 } },
                [`${S}: \`scaling.memoryTarget\` (99) must be 0 (off) or a number from 10 to 95.`],
            ],
            [
                "a fractional request target",
                checkServiceSettings,
                S,
                { scaling: { requestsPerTarget: 0.5 } },
                [`${S}: \`scaling.requestsPerTarget\` (0.5) must be 0 (off) or an integer from 1 to 100000.`],
            ],
            [
                "a two-hour cooldown",
                checkServiceSettings,
                S,
                { scaling: { scaleInCooldownSeconds: 7200 } },
                [`${S}: \`scaling.scaleInCooldownSeconds\` (7200) must be an integer from 0 to 3600.`],
            ],
            [
                "a task range with every policy and schedule off",
                checkServiceSettings,
                S,
                { scaling: { minTasks: 1, maxTasks: 4, cpuTarget: 0, memoryTarget: 0, requestsPerTarget: 0, schedules: [] } },
                [
                    `${S}: \`scaling.maxTasks\` (4) is above \`scaling.minTasks\` (1) but no scaling policy or schedule is on; set cpuTarget, memoryTarget or requestsPerTarget, add a schedule, or set maxTasks equal to minTasks.`,
                ],
            ],
            [
                "an unknown scaling key",
                checkServiceSettings,
                S,
                { scaling: { desired: 3 } },
                [
                    `${S}: \`scaling.desired\` (3) is not a known key; known keys are minTasks, maxTasks, cpuTarget, memoryTarget, requestsPerTarget, scaleOutCooldownSeconds, scaleInCooldownSeconds, schedules.`,
                ],
            ],
            // schedules
            [
                "a schedule name with a space",
                checkServiceSettings,
                S,
                withSchedule({ name: "business hours" }),
                [`${S}: \`scaling.schedules[0].name\` ("business hours") must be letters, digits and hyphens.`],
            ],
            [
                "two schedules of one name",
                checkServiceSettings,
                S,
                { scaling: { schedules: [schedule, { ...schedule, schedule: "cron(0 20 ? * MON-FRI *)" }] } },
                [
                    `${S}: \`scaling.schedules[1].name\` ("business-hours") is the name of an earlier schedule; schedule names must be unique.`,
                ],
            ],
            [
                "a five-field Unix cron",
                checkServiceSettings,
                S,
                withSchedule({ schedule: "cron(0 8 * * MON-FRI)" }),
                [
                    `${S}: \`scaling.schedules[0].schedule\` ("cron(0 8 * * MON-FRI)") has 5 cron fields; Application Auto Scaling needs 6 (minutes hours day-of-month month day-of-week year), e.g. ${CRON_EXAMPLE}.`,
                ],
            ],
            [
                "a cron with both day fields set",
                checkServiceSettings,
                S,
                withSchedule({ schedule: "cron(0 8 * * MON-FRI *)" }),
                [
                    `${S}: \`scaling.schedules[0].schedule\` ("cron(0 8 * * MON-FRI *)") must have "?" in exactly one of day-of-month and day-of-week, e.g. ${CRON_EXAMPLE}.`,
                ],
            ],
            [
                "a cron at hour 25",
                checkServiceSettings,
                S,
                withSchedule({ schedule: "cron(0 25 ? * MON-FRI *)" }),
                [
                    `${S}: \`scaling.schedules[0].schedule\` ("cron(0 25 ? * MON-FRI *)") has an invalid hours field "25"; it takes values from 0 to 23, e.g. ${CRON_EXAMPLE}.`,
                ],
            ],
            [
                "a rate with a plural unit of 1",
                checkServiceSettings,
                S,
                withSchedule({ schedule: "rate(1 hours)" }),
                [
                    `${S}: \`scaling.schedules[0].schedule\` ("rate(1 hours)") must be "rate(<n> <unit>)" with a whole n of 1 or more and a unit of minute, hour or day (plural above 1), e.g. "rate(1 hour)" or "rate(15 minutes)".`,
                ],
            ],
            [
                "a one-time schedule on 30 February",
                checkServiceSettings,
                S,
                withSchedule({ schedule: "at(2030-02-30T08:00:00)" }),
                [
                    `${S}: \`scaling.schedules[0].schedule\` ("at(2030-02-30T08:00:00)") must be "at(yyyy-mm-ddThh:mm:ss)" with a real date and time, e.g. "at(2030-01-31T08:00:00)".`,
                ],
            ],
            [
                "a schedule in words",
                checkServiceSettings,
                S,
                withSchedule({ schedule: "every weekday at 8" }),
                [
                    `${S}: \`scaling.schedules[0].schedule\` ("every weekday at 8") must be a schedule expression: "cron(...)", "rate(...)" or "at(...)", e.g. ${CRON_EXAMPLE}.`,
                ],
            ],
            [
                "a time zone that does not exist",
                checkServiceSettings,
                S,
                withSchedule({ timezone: "Mars/Olympus" }),
                [
                    `${S}: \`scaling.schedules[0].timezone\` ("Mars/Olympus") must be an IANA time zone like "UTC", "Europe/Berlin" or "America/New_York".`,
                ],
            ],
            [
                "a time zone in lower case",
                checkServiceSettings,
                S,
                withSchedule({ timezone: "america/new_york" }),
                [`${S}: \`scaling.schedules[0].timezone\` ("america/new_york") must be spelled "America/New_York".`],
            ],
            [
                "a schedule whose maximum is below its minimum",
                checkServiceSettings,
                S,
                withSchedule({ minTasks: 5, maxTasks: 2 }),
                [
                    `${S}: \`scaling.schedules[0].maxTasks\` (2) is below \`scaling.schedules[0].minTasks\` (5); raise maxTasks or lower minTasks.`,
                ],
            ],
            [
                "a schedule with only a time zone",
                checkServiceSettings,
                S,
                { scaling: { schedules: [{ timezone: "UTC" }] } },
                [
                    `${S}: \`scaling.schedules[0].name\` is required; give each schedule a name like "business-hours".`,
                    `${S}: \`scaling.schedules[0].schedule\` is required; give a schedule expression like "cron(0 8 ? * MON-FRI *)".`,
                    `${S}: \`scaling.schedules[0].minTasks\` is required; give the lower task bound from this time on (0-1000).`,
                    `${S}: \`scaling.schedules[0].maxTasks\` is required; give the upper task bound from this time on (0-1000).`,
                ],
            ],
            // target-group health check
            [
                "a health check path without a slash",
                checkServiceSettings,
                S,
                { healthCheck: { path: "health" } },
                [`${S}: \`healthCheck.path\` ("health") must be a path starting with "/" (at most 1024 characters), like "/health".`],
            ],
            [
                "a matcher beyond 499",
                checkServiceSettings,
                S,
                { healthCheck: { matcher: "200-600" } },
                [`${S}: \`healthCheck.matcher\` ("200-600") must be HTTP codes from 200 to 499 like "200", "200-399" or "200,302".`],
            ],
            [
                "a timeout longer than the interval",
                checkServiceSettings,
                S,
                { healthCheck: { intervalSeconds: 10, timeoutSeconds: 20 } },
                [`${S}: \`healthCheck.timeoutSeconds\` (20) must be less than \`healthCheck.intervalSeconds\` (10).`],
            ],
            [
                "a healthy threshold of 1",
                checkServiceSettings,
                S,
                { healthCheck: { healthyThreshold: 1 } },
                [`${S}: \`healthCheck.healthyThreshold\` (1) must be an integer from 2 to 10.`],
            ],
            // routing
            [
                "a path condition without a priority",
                checkServiceSettings,
                S,
                { routing: { pathPatterns: ["/api/*"] } },
                [
                    `${S}: \`routing.priority\` is required; give a listener rule priority from 1 to 49999 (unique per listener, lower matches first) when \`routing.pathPatterns\` or \`routing.hostHeaders\` is set.`,
                ],
            ],
            [
                "a priority without a condition",
                checkServiceSettings,
                S,
                { routing: { priority: 10 } },
                [
                    `${S}: \`routing.priority\` (10) has no effect without \`routing.pathPatterns\` or \`routing.hostHeaders\`; add a condition or leave the priority out.`,
                ],
            ],
            [
                "the catch-all priority",
                checkServiceSettings,
                S,
                { routing: { hostHeaders: ["a.example.com"], priority: 50000 } },
                [`${S}: \`routing.priority\` (50000) must be an integer from 1 to 49999.`],
            ],
            [
                "four path patterns in one condition",
                checkServiceSettings,
                S,
                { routing: { pathPatterns: ["/a", "/b", "/c", "/d"], priority: 1 } },
                [
                    `${S}: \`routing.pathPatterns\` (["/a","/b","/c","/d"]) has 4 values; an ALB rule condition takes at most 3, so use fewer, wider patterns.`,
                ],
            ],
            [
                "six condition values in one rule",
                checkServiceSettings,
                S,
                {
                    routing: {
                        pathPatterns: ["/a", "/b", "/c"],
                        hostHeaders: ["a.example.com", "b.example.com", "c.example.com"],
                        priority: 1,
                    },
                },
                [
                    `${S}: \`routing\` has 6 condition values in pathPatterns and hostHeaders together; an ALB listener rule takes at most 5.`,
                ],
            ],
            [
                "six wildcards in one rule",
                checkServiceSettings,
                S,
                { routing: { pathPatterns: ["/a/*/*", "/b/*/*"], hostHeaders: ["*.*.example.com"], priority: 1 } },
                [`${S}: \`routing\` has 6 wildcards (* or ?) in its conditions; an ALB listener rule takes at most 5.`],
            ],
            [
                "a host header as a string",
                checkServiceSettings,
                S,
                { routing: { hostHeaders: "api.example.com", priority: 1 } },
                [
                    `${S}: \`routing.hostHeaders\` ("api.example.com") must be a non-empty list of host names like "api.example.com"; leave it out for no condition.`,
                ],
            ],
            // the rest of ServiceSettings
            [
                "a log retention of 0",
                checkServiceSettings,
                S,
                { logRetentionDays: 0 },
                [`${S}: \`logRetentionDays\` (0) must be a CloudWatch Logs retention in days: ${RETENTIONS}.`],
            ],
            [
                "a spot share over 100%",
                checkServiceSettings,
                S,
                { spotShare: 150 },
                [`${S}: \`spotShare\` (150) must be an integer from 0 to 100.`],
            ],
            [
                "a negative spot base",
                checkServiceSettings,
                S,
                { spotBase: -1 },
                [`${S}: \`spotBase\` (-1) must be an integer from 0 to 100000.`],
            ],
            [
                "a relative writable path",
                checkServiceSettings,
                S,
                { writablePaths: ["tmp"] },
                [`${S}: \`writablePaths[0]\` ("tmp") must be an absolute path other than "/", like "/tmp".`],
            ],
            [
                "the root as a writable path",
                checkServiceSettings,
                S,
                { writablePaths: ["/"] },
                [`${S}: \`writablePaths[0]\` ("/") must be an absolute path other than "/", like "/tmp".`],
            ],
            [
                "a deployment that can neither start nor stop a task",
                checkServiceSettings,
                S,
                { minHealthyPercent: 100, maxPercent: 100, scaling: { minTasks: 2, maxTasks: 4 } },
                [
                    `${S}: \`maxPercent\` (100) with \`minHealthyPercent\` (100) lets a deployment neither start nor stop a task while 2 tasks run; raise maxPercent (200 always works) or lower minHealthyPercent.`,
                ],
            ],
            [
                "a 150% maximum for a single task at 100% healthy",
                checkServiceSettings,
                S,
                { minHealthyPercent: 100, maxPercent: 150, scaling: { minTasks: 1, maxTasks: 4 } },
                [
                    `${S}: \`maxPercent\` (150) with \`minHealthyPercent\` (100) lets a deployment neither start nor stop a task while 1 task runs; raise maxPercent (200 always works) or lower minHealthyPercent.`,
                ],
            ],
            [
                "a maximum over 400%",
                checkServiceSettings,
                S,
                { maxPercent: 500 },
                [`${S}: \`maxPercent\` (500) must be an integer from 100 to 400.`],
            ],
            [
                "a minimum healthy over 100%",
                checkServiceSettings,
                S,
                { minHealthyPercent: 150 },
                [`${S}: \`minHealthyPercent\` (150) must be an integer from 0 to 100.`],
            ],
            [
                "a grace period in milliseconds",
                checkServiceSettings,
                S,
                { healthCheckGracePeriodSeconds: 60000 },
                [`${S}: \`healthCheckGracePeriodSeconds\` (60000) must be an integer from 0 to 3600.`],
            ],
            [
                "a deregistration delay over an hour",
                checkServiceSettings,
                S,
                { deregistrationDelaySeconds: 4000 },
                [`${S}: \`deregistrationDelaySeconds\` (4000) must be an integer from 0 to 3600.`],
            ],
            // environment and secrets
            [
                "a password in plain environment",
                checkServiceSettings,
                S,
                { environment: { DB_PASSWORD: "hunter2" } },
                [
                    `${S}: \`environment.DB_PASSWORD\` looks like a secret; put it in \`secrets\` as an SSM parameter or Secrets Manager ARN instead of a plain value.`,
                ],
            ],
            [
                "a token in lower case",
                checkServiceSettings,
                S,
                { environment: { github_token: "ghp_x" } },
                [
                    `${S}: \`environment.github_token\` looks like a secret; put it in \`secrets\` as an SSM parameter or Secrets Manager ARN instead of a plain value.`,
                ],
            ],
            [
                "a variable name starting with a digit",
                checkServiceSettings,
                S,
                { environment: { "1FOO": "x" } },
                [
                    `${S}: \`environment.1FOO\` is not a valid variable name; use letters, digits and underscores, not starting with a digit.`,
                ],
            ],
            [
                "a number as a variable value",
                checkServiceSettings,
                S,
                { environment: { PORT: 8080 } },
                [`${S}: \`environment.PORT\` (8080) must be a string; quote it, e.g. "8080".`],
            ],
            [
                "environment as a list",
                checkServiceSettings,
                S,
                { environment: ["A=1"] },
                [`${S}: \`environment\` (["A=1"]) must be an object of variable names to string values.`],
            ],
            [
                "a secret that is an S3 ARN",
                checkServiceSettings,
                S,
                { secrets: { DB_PASSWORD: "arn:aws:s3:::bucket/key" } },
                [
                    `${S}: \`secrets.DB_PASSWORD\` ("arn:aws:s3:::bucket/key") must be an SSM parameter ARN like arn:aws:ssm:us-east-1:123456789012:parameter/<name> or a Secrets Manager ARN like arn:aws:secretsmanager:us-east-1:123456789012:secret:<name>.`,
                ],
            ],
            [
                "a secret given as a plain parameter name",
                checkServiceSettings,
                S,
                { secrets: { DB_PASSWORD: "/prod/db/password" } },
                [
                    `${S}: \`secrets.DB_PASSWORD\` ("/prod/db/password") must be an SSM parameter ARN like arn:aws:ssm:us-east-1:123456789012:parameter/<name> or a Secrets Manager ARN like arn:aws:secretsmanager:us-east-1:123456789012:secret:<name>.`,
                ],
            ],
            [
                "a variable in both environment and secrets",
                checkServiceSettings,
                S,
                { environment: { MODE: "a" }, secrets: { MODE: "arn:aws:ssm:us-east-1:123456789012:parameter/mode" } },
                [`${S}: \`secrets.MODE\` is also set in \`environment\`; keep it in one of them.`],
            ],
            // container health check
            [
                "a container health check without a command",
                checkServiceSettings,
                S,
                { containerHealthCheck: { retries: 3 } },
                [
                    `${S}: \`containerHealthCheck.command\` is required; give the command, e.g. ["CMD-SHELL", "wget -qO- http://localhost:8080/health || exit 1"].`,
                ],
            ],
            [
                "a command without CMD or CMD-SHELL",
                checkServiceSettings,
                S,
                { containerHealthCheck: { command: ["curl", "-f", "http://localhost/"] } },
                [
                    `${S}: \`containerHealthCheck.command\` (["curl","-f","http://localhost/"]) must be a list of strings starting with "CMD" or "CMD-SHELL", e.g. ["CMD-SHELL", "wget -qO- http://localhost:8080/health || exit 1"].`,
                ],
            ],
            [
                "a container health check timeout over 60 s",
                checkServiceSettings,
                S,
                { containerHealthCheck: { command: ["CMD", "true"], timeoutSeconds: 90 } },
                [`${S}: \`containerHealthCheck.timeoutSeconds\` (90) must be an integer from 2 to 60.`],
            ],
        ];

        for (const [name, checker, where, input, expected] of cases) {
            it(name, () => {
                assert.deepEqual(problems(checker, where, input), expected);
            });
        }

        it("has at least 40 distinct cases", () => {
            assert.ok(new Set(cases.map((c) => JSON.stringify(c[3]))).size >= 40);
        });
    });

    describe("cross-field rules", () => {
        it("apply only when every value they involve is present", () => {
            assert.deepEqual(problems(checkServiceSettings, S, { scaling: { minTasks: 5 } }), []);
            assert.deepEqual(problems(checkServiceSettings, S, { healthCheck: { timeoutSeconds: 60 } }), []);
            assert.deepEqual(problems(checkServiceSettings, S, { maxPercent: 100 }), []);
            assert.deepEqual(problems(checkServiceSettings, S, { spotShare: 100 }), []);
        });

        it("let a deployment stop a task first when maxPercent is 100", () => {
            assert.deepEqual(
                problems(checkServiceSettings, S, { minHealthyPercent: 50, maxPercent: 100, scaling: { minTasks: 2, maxTasks: 6 } }),
                [],
            );
        });

        it("report every problem of one object, in check order", () => {
            assert.deepEqual(
                problems(checkServiceSettings, S, { cpu: 256, memory: 4096, scaling: { minTasks: 5, maxTasks: 2 }, containerPort: 0 }),
                [
                    `${S}: \`containerPort\` (0) must be an integer from 1 to 65535.`,
                    `${S}: \`memory\` (4096) is not a Fargate size for \`cpu\` 256; allowed memory (MiB): 512, 1024, 2048.`,
                    `${S}: \`scaling.maxTasks\` (2) is below \`scaling.minTasks\` (5); raise maxTasks or lower minTasks.`,
                ],
            );
        });
    });
});
