import * as assert from "node:assert/strict";
import {
    CostEstimate,
    CostLine,
    CostResource,
    DEFAULT_USAGE,
    PRICE_KEYS,
    PRICES,
    UsageAssumptions,
    estimateCost,
    formatCostTable,
    refersTo,
    spotSplit,
} from "../components/plan/cost";
import { ConfigError } from "../components/core/validate";
import { synth } from "../components/testing";
import { Network } from "../components/network";
import { ElasticService } from "../components/service";

function res(type: string, name: string, inputs: Record<string, any> = {}, region = "us-east-1"): CostResource {
    return { urn: `urn:pulumi:test::elastic-web::${type}::${name}`, type, name, region, inputs };
}

function estimate(resources: CostResource[], usage: Partial<UsageAssumptions> = {}): CostEstimate {
    return estimateCost({ resources }, usage);
}

/** The figures of the line for `item` of resource `name`; fails when there is not exactly one. */
function line(e: CostEstimate, name: string, item: string): Pick<CostLine, "quantity" | "unit" | "unitUsd" | "monthlyUsd" | "region"> {
    const found = e.lines.filter((l) => l.resource.endsWith(`::${name}`) && l.item === item);
    assert.equal(found.length, 1, `one "${item}" line for ${name}; lines: ${e.lines.map((l) => `${l.item} ${l.resource}`).join("; ")}`);
    const { quantity, unit, unitUsd, monthlyUsd, region } = found[0];
    return { quantity, unit, unitUsd, monthlyUsd, region };
}

function items(e: CostEstimate): string[] {
    return e.lines.map((l) => `${l.item} ${l.resource.split("::").pop()}`);
}

const TD = "aws:ecs/taskDefinition:TaskDefinition";
const SVC = "aws:ecs/service:Service";
const TARGET = "aws:appautoscaling/target:Target";
const LB = "aws:lb/loadBalancer:LoadBalancer";
const BUCKET = "aws:s3/bucket:Bucket";
const REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
const LOGS = "aws:cloudwatch/logGroup:LogGroup";
const FLOW = "aws:ec2/flowLog:FlowLog";

/** A task definition and a service running it, joined by the task definition ARN the mocks give. */
function service(name: string, td: Record<string, any>, svc: Record<string, any>, region = "us-east-1"): CostResource[] {
    return [
        res(TD, `${name}-task`, { family: name, requiresCompatibilities: ["FARGATE"], ...td }, region),
        res(SVC, `${name}-svc`, { taskDefinition: `arn:aws:ecs:${region}:123456789012:task-definition/${name}:1`, ...svc }, region),
    ];
}

describe("estimateCost", () => {
    describe("Fargate", () => {
        it("prices desiredCount tasks by vCPU-hour and GB-hour on x86", () => {
            const e = estimate(service("web", { cpu: "1024", memory: "2048" }, { desiredCount: 3, launchType: "FARGATE" }));
            // 3 tasks × 1 vCPU × 730 h = 2190 vCPU-h × 0.04048 = 88.6512
            assert.deepEqual(line(e, "web-svc", "Fargate x86 vCPU (on-demand)"), {
                quantity: 2190,
                unit: "vCPU-hour",
                unitUsd: 0.04048,
                monthlyUsd: 88.65,
                region: "us-east-1",
            });
            // 3 tasks × 2 GB × 730 h = 4380 GB-h × 0.004445 = 19.4691
            assert.deepEqual(line(e, "web-svc", "Fargate x86 memory (on-demand)"), {
                quantity: 4380,
                unit: "GB-hour",
                unitUsd: 0.004445,
                monthlyUsd: 19.47,
                region: "us-east-1",
            });
            assert.equal(e.lines.length, 2);
        });

        it("averages an autoscaled service's task count between its scaling target's bounds", () => {
            const resources = [
                ...service("api", { cpu: "256", memory: "512" }, { desiredCount: 3 }),
                res(TARGET, "api-scaling", {
                    serviceNamespace: "ecs",
                    resourceId: "service/api-cluster/api-svc",
                    minCapacity: 3,
                    maxCapacity: 12,
                }),
            ];
            const e = estimate(resources);
            // 3 + 0.25 × (12 − 3) = 5.25 tasks; 5.25 × 0.25 vCPU × 730 h = 958.125 vCPU-h × 0.04048 = 38.7849
            assert.deepEqual(line(e, "api-svc", "Fargate x86 vCPU (on-demand)"), {
                quantity: 958.125,
                unit: "vCPU-hour",
                unitUsd: 0.04048,
                monthlyUsd: 38.78,
                region: "us-east-1",
            });
            // 5.25 × 0.5 GB × 730 h = 1916.25 GB-h × 0.004445 = 8.51773125
            assert.equal(line(e, "api-svc", "Fargate x86 memory (on-demand)").monthlyUsd, 8.52);

            const busy = estimate(resources, { averageScaleShare: 0.5 });
            // 3 + 0.5 × 9 = 7.5 tasks; 7.5 × 0.25 × 730 = 1368.75 vCPU-h × 0.04048 = 55.407
            assert.equal(line(busy, "api-svc", "Fargate x86 vCPU (on-demand)").monthlyUsd, 55.41);
        });

        it("splits tasks between FARGATE and FARGATE_SPOT by base first, then by weight", () => {
            const e = estimate([
                ...service(
                    "web",
                    { cpu: "512", memory: "1024" },
                    {
                        desiredCount: 2,
                        capacityProviderStrategies: [
                            { capacityProvider: "FARGATE", base: 1, weight: 50 },
                            { capacityProvider: "FARGATE_SPOT", base: 0, weight: 50 },
                        ],
                    },
                ),
                res(TARGET, "web-scaling", {
                    serviceNamespace: "ecs",
                    resourceId: "service/web-cluster/web-svc",
                    minCapacity: 2,
                    maxCapacity: 4,
                }),
            ]);
            // 2 + 0.25 × 2 = 2.5 tasks: base 1 on FARGATE, the other 1.5 split 50/50 → 1.75 on-demand, 0.75 Spot
            // on-demand: 1.75 × 0.5 vCPU × 730 = 638.75 vCPU-h × 0.04048 = 25.8566
            assert.deepEqual(line(e, "web-svc", "Fargate x86 vCPU (on-demand)"), {
                quantity: 638.75,
                unit: "vCPU-hour",
                unitUsd: 0.04048,
                monthlyUsd: 25.86,
                region: "us-east-1",
            });
            // on-demand: 1.75 × 1 GB × 730 = 1277.5 GB-h × 0.004445 = 5.6784875
            assert.equal(line(e, "web-svc", "Fargate x86 memory (on-demand)").monthlyUsd, 5.68);
            // Spot: 0.75 × 0.5 × 730 = 273.75 vCPU-h × 0.01264355 = 3.4611718125
            assert.deepEqual(line(e, "web-svc", "Fargate x86 vCPU (Spot)"), {
                quantity: 273.75,
                unit: "vCPU-hour",
                unitUsd: 0.01264355,
                monthlyUsd: 3.46,
                region: "us-east-1",
            });
            // Spot: 0.75 × 1 GB × 730 = 547.5 GB-h × 0.00138835 = 0.760121625
            assert.equal(line(e, "web-svc", "Fargate x86 memory (Spot)").monthlyUsd, 0.76);
        });

        it("puts every task on Spot when FARGATE has neither base nor weight", () => {
            const e = estimate(
                service(
                    "dev",
                    { cpu: "256", memory: "512" },
                    {
                        desiredCount: 1,
                        capacityProviderStrategies: [
                            { capacityProvider: "FARGATE", base: 0, weight: 0 },
                            { capacityProvider: "FARGATE_SPOT", base: 0, weight: 100 },
                        ],
                    },
                ),
            );
            assert.deepEqual(items(e), ["Fargate x86 vCPU (Spot) dev-svc", "Fargate x86 memory (Spot) dev-svc"]);
            // 1 × 0.25 vCPU × 730 = 182.5 vCPU-h × 0.01264355 = 2.307447875
            assert.equal(line(e, "dev-svc", "Fargate x86 vCPU (Spot)").monthlyUsd, 2.31);
            // 1 × 0.5 GB × 730 = 365 GB-h × 0.00138835 = 0.50674775
            assert.equal(line(e, "dev-svc", "Fargate x86 memory (Spot)").monthlyUsd, 0.51);
        });

        it("prices ARM64 task definitions at the ARM rates of the service's region", () => {
            const arm = { cpu: "1024", memory: "2048", runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "ARM64" } };
            const e = estimate(service("api", arm, { desiredCount: 1 }));
            // 1 × 1 vCPU × 730 = 730 vCPU-h × 0.03238 = 23.6374
            assert.deepEqual(line(e, "api-svc", "Fargate ARM vCPU (on-demand)"), {
                quantity: 730,
                unit: "vCPU-hour",
                unitUsd: 0.03238,
                monthlyUsd: 23.64,
                region: "us-east-1",
            });
            // 1 × 2 GB × 730 = 1460 GB-h × 0.00356 = 5.1976
            assert.equal(line(e, "api-svc", "Fargate ARM memory (on-demand)").monthlyUsd, 5.2);

            const frankfurt = estimate(service("api", arm, { desiredCount: 1 }, "eu-central-1"));
            // 730 vCPU-h × 0.03725 = 27.1925; 1460 GB-h × 0.004088 = 5.96848
            assert.deepEqual(line(frankfurt, "api-svc", "Fargate ARM vCPU (on-demand)"), {
                quantity: 730,
                unit: "vCPU-hour",
                unitUsd: 0.03725,
                monthlyUsd: 27.19,
                region: "eu-central-1",
            });
            assert.equal(line(frankfurt, "api-svc", "Fargate ARM memory (on-demand)").monthlyUsd, 5.97);
        });

        it("reports a service whose task definition is not in the plan instead of pricing it", () => {
            const e = estimate([
                res(SVC, "orphan-svc", { taskDefinition: "arn:aws:ecs:us-east-1:123456789012:task-definition/gone:3", desiredCount: 2 }),
            ]);
            assert.deepEqual(e.lines, []);
            assert.deepEqual(e.unpriced, [
                {
                    resource: "urn:pulumi:test::elastic-web::aws:ecs/service:Service::orphan-svc",
                    type: SVC,
                    reason: "its task definition is not in the plan",
                },
            ]);
        });

        it("reports a service whose task count is unknown at preview time instead of pricing NaN", () => {
            const e = estimate(service("web", { cpu: "256", memory: "512" }, { desiredCount: "[unknown]" }));
            assert.deepEqual(e.lines, []);
            assert.deepEqual(
                e.unpriced.map((u) => u.reason),
                ["its task count is not known before deployment"],
            );
        });
    });

    describe("load balancers and NAT gateways", () => {
        it("prices an ALB's hours, its LCUs from traffic and one public IPv4 address per subnet", () => {
            const e = estimate([res(LB, "web-alb", { loadBalancerType: "application", subnets: ["net-public-1-id", "net-public-2-id"] })]);
            // 730 h × 0.0225 = 16.425
            assert.deepEqual(line(e, "web-alb", "ALB hours"), {
                quantity: 730,
                unit: "ALB-hour",
                unitUsd: 0.0225,
                monthlyUsd: 16.43,
                region: "us-east-1",
            });
            // 10 req/s × 3600 s × 32 KB ÷ 1,048,576 KB/GB = 1.0986328125 GB/h → 1.0986328125 LCU (new connections: 1/s ÷ 25 = 0.04)
            // 1.0986328125 × 730 h = 802.001953125 LCU-h × 0.008 = 6.416015625
            assert.deepEqual(line(e, "web-alb", "ALB capacity units"), {
                quantity: 802.001953125,
                unit: "LCU-hour",
                unitUsd: 0.008,
                monthlyUsd: 6.42,
                region: "us-east-1",
            });
            // 2 addresses × 730 h = 1460 IP-h × 0.005 = 7.30
            assert.equal(line(e, "web-alb", "Public IPv4 addresses").monthlyUsd, 7.3);
        });

        it("takes LCUs from new connections when they outweigh processed bytes, or from albLcuPerHour when given", () => {
            const alb = [res(LB, "api-alb", { internal: true, subnets: ["a", "b"] })];
            const chatty = estimate(alb, { requestsPerSecond: 100, averageResponseKb: 1, requestsPerConnection: 1 });
            // 100 new connections/s ÷ 25 = 4 LCU > 0.3433 GB/h; 4 × 730 = 2920 LCU-h × 0.008 = 23.36
            assert.equal(line(chatty, "api-alb", "ALB capacity units").monthlyUsd, 23.36);
            const given = estimate(alb, { albLcuPerHour: 2 });
            // 2 × 730 = 1460 LCU-h × 0.008 = 11.68
            assert.equal(line(given, "api-alb", "ALB capacity units").monthlyUsd, 11.68);
            assert.deepEqual(items(given), ["ALB hours api-alb", "ALB capacity units api-alb"], "an internal ALB has no public addresses");
        });

        it("counts the NAT gateways of an awsx VPC from its strategy and availability zones", () => {
            const e = estimate([
                res("awsx:ec2:Vpc", "prod-vpc", { numberOfAvailabilityZones: 3, natGateways: { strategy: "OnePerAz" } }),
                res("awsx:ec2:Vpc", "dev-vpc", { numberOfAvailabilityZones: 2, natGateways: { strategy: "Single" } }),
                res("awsx:ec2:Vpc", "isolated-vpc", { numberOfAvailabilityZones: 2, natGateways: { strategy: "None" } }),
            ]);
            // 3 gateways × 730 h = 2190 gateway-h × 0.045 = 98.55
            assert.deepEqual(line(e, "prod-vpc", "NAT gateway hours"), {
                quantity: 2190,
                unit: "gateway-hour",
                unitUsd: 0.045,
                monthlyUsd: 98.55,
                region: "us-east-1",
            });
            // 100 GB × 0.045 = 4.50
            assert.equal(line(e, "prod-vpc", "NAT gateway data processed").monthlyUsd, 4.5);
            // 3 Elastic IPs × 730 h = 2190 IP-h × 0.005 = 10.95
            assert.equal(line(e, "prod-vpc", "Public IPv4 addresses").monthlyUsd, 10.95);
            // 1 gateway × 730 h × 0.045 = 32.85
            assert.equal(line(e, "dev-vpc", "NAT gateway hours").monthlyUsd, 32.85);
            assert.ok(!e.lines.some((l) => l.resource.endsWith("::isolated-vpc")), "strategy None has no NAT lines");
        });

        it("defaults an awsx VPC without natGateways to one gateway in each of 3 availability zones", () => {
            const e = estimate([res("awsx:ec2:Vpc", "plain-vpc", {})]);
            assert.equal(line(e, "plain-vpc", "NAT gateway hours").quantity, 3 * 730);
        });

        it("shares the processed-data assumption between plain NAT gateway resources and prices them in their region", () => {
            const e = estimate([
                res("aws:ec2/natGateway:NatGateway", "nat-a", { subnetId: "public-a" }, "ap-northeast-1"),
                res("aws:ec2/natGateway:NatGateway", "nat-b", { subnetId: "public-b" }, "ap-northeast-1"),
            ]);
            // 730 h × 0.062 = 45.26 each
            assert.deepEqual(line(e, "nat-a", "NAT gateway hours"), {
                quantity: 730,
                unit: "gateway-hour",
                unitUsd: 0.062,
                monthlyUsd: 45.26,
                region: "ap-northeast-1",
            });
            // 100 GB ÷ 2 gateways = 50 GB × 0.062 = 3.10
            assert.deepEqual(line(e, "nat-b", "NAT gateway data processed"), {
                quantity: 50,
                unit: "GB",
                unitUsd: 0.062,
                monthlyUsd: 3.1,
                region: "ap-northeast-1",
            });
        });
    });

    describe("S3 and KMS", () => {
        const replicated = (replicaRegion: string) => [
            res(BUCKET, "data", {}),
            res(BUCKET, "data-replica", {}, replicaRegion),
            res(REPLICATION, "data-replication", {
                bucket: "data",
                role: "arn:aws:iam::123456789012:role/data-replication-role",
                rules: [{ id: "all", status: "Enabled", destination: { bucket: "arn:aws:s3:::data-replica", storageClass: "STANDARD" } }],
            }),
        ];

        it("prices each bucket's storage and requests, the replica in its own region", () => {
            const e = estimate(replicated("eu-central-1"), { storedGbPerBucket: 100 });
            // 100 GB × 0.023 = 2.30 in us-east-1
            assert.deepEqual(line(e, "data", "S3 Standard storage"), {
                quantity: 100,
                unit: "GB-month",
                unitUsd: 0.023,
                monthlyUsd: 2.3,
                region: "us-east-1",
            });
            // 100 GB × 0.02645 = 2.645 in eu-central-1
            assert.deepEqual(line(e, "data-replica", "S3 Standard storage"), {
                quantity: 100,
                unit: "GB-month",
                unitUsd: 0.02645,
                monthlyUsd: 2.65,
                region: "eu-central-1",
            });
            // 10,000 PUTs = 10 × 1,000 × 0.005 = 0.05; 100,000 GETs = 100 × 1,000 × 0.0004 = 0.04
            assert.equal(line(e, "data", "S3 PUT requests").monthlyUsd, 0.05);
            assert.equal(line(e, "data", "S3 GET requests").monthlyUsd, 0.04);
            // 10 × 0.00575 = 0.0575; 100 × 0.00046 = 0.046 in eu-central-1
            assert.equal(line(e, "data-replica", "S3 PUT requests").monthlyUsd, 0.06);
            assert.equal(line(e, "data-replica", "S3 GET requests").monthlyUsd, 0.05);
            // 5 GB replicated × 0.02 (transfer out of us-east-1) = 0.10
            assert.deepEqual(line(e, "data-replication", "S3 replication transfer"), {
                quantity: 5,
                unit: "GB",
                unitUsd: 0.02,
                monthlyUsd: 0.1,
                region: "us-east-1",
            });
        });

        it("bills replication transfer at the source region's rate", () => {
            const resources = replicated("us-east-1").map((r) => (r.name === "data-replica" ? r : { ...r, region: "ap-northeast-1" }));
            const e = estimate(resources, { replicatedGbPerMonth: 20 });
            // 20 GB × 0.09 (out of Tokyo) = 1.80
            assert.deepEqual(line(e, "data-replication", "S3 replication transfer"), {
                quantity: 20,
                unit: "GB",
                unitUsd: 0.09,
                monthlyUsd: 1.8,
                region: "ap-northeast-1",
            });
            // the Tokyo bucket: 10 GB × 0.025 = 0.25
            assert.equal(line(e, "data", "S3 Standard storage").monthlyUsd, 0.25);
        });

        it("has no transfer line for a replica in the same region", () => {
            const e = estimate(replicated("us-east-1"));
            assert.ok(!e.lines.some((l) => l.item === "S3 replication transfer"));
        });

        it("applies per-resource overrides to the named resource only", () => {
            const e = estimate([res(BUCKET, "web-access-logs"), res(BUCKET, "assets")], {
                perResource: { "web-access-logs": { storedGbPerBucket: 200 } },
            });
            // 200 GB × 0.023 = 4.60; the other bucket keeps 10 GB × 0.023 = 0.23
            assert.equal(line(e, "web-access-logs", "S3 Standard storage").monthlyUsd, 4.6);
            assert.equal(line(e, "assets", "S3 Standard storage").monthlyUsd, 0.23);
        });

        it("prices a KMS key per month plus its requests", () => {
            const e = estimate([res("aws:kms/key:Key", "data-key", { enableKeyRotation: true })]);
            assert.deepEqual(line(e, "data-key", "KMS key"), {
                quantity: 1,
                unit: "key-month",
                unitUsd: 1,
                monthlyUsd: 1,
                region: "us-east-1",
            });
            // 10,000 requests = 1 × 10,000 × 0.03 = 0.03
            assert.deepEqual(line(e, "data-key", "KMS requests"), {
                quantity: 1,
                unit: "10,000 requests",
                unitUsd: 0.03,
                monthlyUsd: 0.03,
                region: "us-east-1",
            });
        });
    });

    describe("CloudWatch", () => {
        it("bills a metric-math alarm per metric in it, a high-resolution alarm at its rate and a composite alarm at its own", () => {
            const e = estimate([
                res("aws:cloudwatch/metricAlarm:MetricAlarm", "error-rate", {
                    metricQueries: [
                        { id: "rate", expression: "100 * errors / requests", returnData: true },
                        {
                            id: "errors",
                            metric: { metricName: "HTTPCode_Target_5XX_Count", namespace: "AWS/ApplicationELB", period: 60, stat: "Sum" },
                        },
                        {
                            id: "requests",
                            metric: { metricName: "RequestCount", namespace: "AWS/ApplicationELB", period: 60, stat: "Sum" },
                        },
                    ],
                }),
                res("aws:cloudwatch/metricAlarm:MetricAlarm", "cpu", { metricName: "CPUUtilization", period: 60 }),
                res("aws:cloudwatch/metricAlarm:MetricAlarm", "latency-fast", { metricName: "TargetResponseTime", period: 10 }),
                res("aws:cloudwatch/compositeAlarm:CompositeAlarm", "degraded", { alarmRule: "ALARM(cpu) OR ALARM(error-rate)" }),
            ]);
            // 2 metrics × 0.10 = 0.20 (the expression itself is not billed)
            assert.deepEqual(line(e, "error-rate", "CloudWatch alarm"), {
                quantity: 2,
                unit: "alarm metric-month",
                unitUsd: 0.1,
                monthlyUsd: 0.2,
                region: "us-east-1",
            });
            assert.equal(line(e, "cpu", "CloudWatch alarm").monthlyUsd, 0.1);
            // period 10 s: 1 × 0.30
            assert.equal(line(e, "latency-fast", "CloudWatch high-resolution alarm").monthlyUsd, 0.3);
            assert.deepEqual(line(e, "degraded", "CloudWatch composite alarm"), {
                quantity: 1,
                unit: "alarm-month",
                unitUsd: 0.5,
                monthlyUsd: 0.5,
                region: "us-east-1",
            });
        });

        it("subtracts the 3 free dashboards and 10 free alarm metrics only when asked", () => {
            const alarm = (name: string) =>
                res("aws:cloudwatch/metricAlarm:MetricAlarm", name, {
                    metricQueries: [
                        { id: "e", expression: "a + b + c" },
                        { id: "a", metric: {} },
                        { id: "b", metric: {} },
                        { id: "c", metric: {} },
                    ],
                });
            const resources = [
                alarm("a1"),
                alarm("a2"),
                alarm("a3"),
                alarm("a4"),
                ...["d1", "d2", "d3", "d4"].map((d) => res("aws:cloudwatch/dashboard:Dashboard", d)),
            ];
            const paid = estimate(resources);
            // 4 alarms × 3 metrics × 0.10 = 1.20; 4 dashboards × 3.00 = 12.00
            assert.equal(paid.monthlyUsd, 13.2);
            const free = estimate(resources, { applyFreeTier: true });
            // metrics 1-10 free: a1-a3 (9) and 1 of a4 → a4 bills 2 × 0.10 = 0.20; dashboard d4 bills 3.00
            assert.deepEqual(
                free.lines.map((l) => l.monthlyUsd),
                [0, 0, 0, 0.2, 0, 0, 0, 3],
            );
            assert.equal(free.monthlyUsd, 3.2);
        });

        it("prices container log groups from the tasks writing to them, with storage over the retention", () => {
            const e = estimate([
                ...service(
                    "web",
                    {
                        cpu: "256",
                        memory: "512",
                        containerDefinitions: JSON.stringify([
                            { name: "app", logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "web-logs" } } },
                        ]),
                    },
                    { desiredCount: 2 },
                ),
                res(LOGS, "web-logs", { retentionInDays: 30 }),
            ]);
            // 2 tasks × 1 GB = 2 GB × 0.50 = 1.00
            assert.deepEqual(line(e, "web-logs", "CloudWatch Logs ingestion"), {
                quantity: 2,
                unit: "GB",
                unitUsd: 0.5,
                monthlyUsd: 1,
                region: "us-east-1",
            });
            // 30 days = 30 × 24 ÷ 730 = 0.98630137 months; 2 GB × 0.98630137 = 1.97260274 GB-month × 0.03 = 0.0591780822
            const storage = line(e, "web-logs", "CloudWatch Logs storage");
            assert.equal(storage.monthlyUsd, 0.06);
            assert.equal(storage.quantity, 1.97260273973);
        });

        it("prices flow logs as vended logs and their log group's storage, with no second ingestion line", () => {
            const e = estimate([
                res(LOGS, "net-flow-logs", { retentionInDays: 365 }),
                res(FLOW, "net-flow-log", {
                    vpcId: "net-vpc-id",
                    trafficType: "ALL",
                    logDestinationType: "cloud-watch-logs",
                    logDestination: "arn:aws:logs:us-east-1:123456789012:log-group:net-flow-logs",
                }),
            ]);
            // 5 GB × 0.50 = 2.50
            assert.deepEqual(line(e, "net-flow-log", "VPC flow logs delivery (vended logs)"), {
                quantity: 5,
                unit: "GB",
                unitUsd: 0.5,
                monthlyUsd: 2.5,
                region: "us-east-1",
            });
            // 365 days = 12 months; 5 GB × 12 = 60 GB-month × 0.03 = 1.80
            assert.deepEqual(line(e, "net-flow-logs", "CloudWatch Logs storage"), {
                quantity: 60,
                unit: "GB-month",
                unitUsd: 0.03,
                monthlyUsd: 1.8,
                region: "us-east-1",
            });
            assert.deepEqual(items(e), ["CloudWatch Logs storage net-flow-logs", "VPC flow logs delivery (vended logs) net-flow-log"]);
        });

        it("prices flow logs in Tokyo and to S3 at their own rates", () => {
            const tokyo = estimate([
                res(FLOW, "fl", { logDestination: "arn:aws:logs:ap-northeast-1:123456789012:log-group:gone" }, "ap-northeast-1"),
            ]);
            // 5 GB × 0.76 = 3.80
            assert.equal(line(tokyo, "fl", "VPC flow logs delivery (vended logs)").monthlyUsd, 3.8);
            const s3 = estimate([res(FLOW, "fl", { logDestinationType: "s3", logDestination: "arn:aws:s3:::flow-archive" })]);
            // 5 GB × 0.25 = 1.25
            assert.equal(line(s3, "fl", "VPC flow logs delivery to S3 (vended logs)").monthlyUsd, 1.25);
        });

        it("keeps a log group without retention for unlimitedRetentionMonths", () => {
            const e = estimate([res(LOGS, "audit", {})]);
            // 1 GB × 0.50 = 0.50; 1 GB × 12 months = 12 GB-month × 0.03 = 0.36
            assert.equal(line(e, "audit", "CloudWatch Logs ingestion").monthlyUsd, 0.5);
            assert.equal(line(e, "audit", "CloudWatch Logs storage").monthlyUsd, 0.36);
        });
    });

    describe("WAF, ECR and SNS", () => {
        it("prices a web ACL defined outside the plan once, plus the requests of each associated ALB", () => {
            const acl = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/shared/0f1e2d3c";
            const e = estimate(
                [
                    res(LB, "web-alb", { internal: true }),
                    res("aws:wafv2/webAclAssociation:WebAclAssociation", "web-waf", {
                        resourceArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web-alb/50dc6c495c0c9188",
                        webAclArn: acl,
                    }),
                ],
                { perResource: { "web-alb": { requestsPerSecond: 20 } } },
            );
            assert.equal(line(e, "web-waf", "WAF web ACL").monthlyUsd, 5);
            // 5 assumed rules × 1.00 = 5.00
            assert.equal(line(e, "web-waf", "WAF rules").monthlyUsd, 5);
            // the ALB's 20 req/s × 3600 × 730 = 52,560,000 = 52.56 million × 0.60 = 31.536
            assert.deepEqual(line(e, "web-waf", "WAF requests"), {
                quantity: 52.56,
                unit: "million requests",
                unitUsd: 0.6,
                monthlyUsd: 31.54,
                region: "us-east-1",
            });
        });

        it("prices a web ACL in the plan by its rules", () => {
            const e = estimate([
                res("aws:wafv2/webAcl:WebAcl", "edge-acl", { scope: "REGIONAL", rules: [{ name: "a" }, { name: "b" }, { name: "c" }] }),
                res("aws:wafv2/webAclAssociation:WebAclAssociation", "edge-waf", {
                    resourceArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/other/1",
                    webAclArn: "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/edge-acl/edge-acl-id",
                }),
            ]);
            assert.equal(line(e, "edge-acl", "WAF web ACL").monthlyUsd, 5);
            assert.equal(line(e, "edge-acl", "WAF rules").monthlyUsd, 3);
            // 10 req/s × 3600 × 730 = 26.28 million × 0.60 = 15.768
            assert.equal(line(e, "edge-waf", "WAF requests").monthlyUsd, 15.77);
            assert.ok(!e.lines.some((l) => l.resource.endsWith("::edge-waf") && l.item !== "WAF requests"));
        });

        it("prices ECR storage and SNS publishes", () => {
            const e = estimate([res("aws:ecr/repository:Repository", "api-repo"), res("aws:sns/topic:Topic", "alarms")], {
                ecrStoredGbPerRepository: 4,
                snsPublishesPerTopicMonth: 3_000_000,
            });
            // 4 GB × 0.10 = 0.40; 3 million × 0.50 = 1.50
            assert.equal(line(e, "api-repo", "ECR storage").monthlyUsd, 0.4);
            assert.equal(line(e, "alarms", "SNS publishes").monthlyUsd, 1.5);
        });
    });

    describe("the whole estimate", () => {
        it("has no lines for resources the plan lacks or that cost nothing", () => {
            const e = estimate([
                res("aws:iam/role:Role", "exec-role", { assumeRolePolicy: "{}" }),
                res("aws:ec2/securityGroup:SecurityGroup", "web-sg", { vpcId: "vpc-id" }),
                res("elastic-web:aws:ElasticService", "web", {}),
            ]);
            assert.deepEqual(e.lines, []);
            assert.deepEqual(e.unpriced, []);
            assert.equal(e.monthlyUsd, 0);
        });

        it("throws for a resource in a region the price data does not hold", () => {
            assert.throws(() => estimate([res(BUCKET, "data", {}, "xx-1")]), {
                message:
                    'No prices for region "xx-1" in components/plan/prices.json (version 2026-11); ' +
                    "known regions: us-east-1, us-west-2, eu-west-1, eu-central-1, ap-southeast-1, ap-northeast-1.",
            });
        });

        it("totals the rounded lines, in cents, and names the region most lines are in", () => {
            const e = estimate([
                ...service("web", { cpu: "1024", memory: "2048" }, { desiredCount: 3 }),
                res(LB, "web-alb", { subnets: ["a", "b"] }),
                res("awsx:ec2:Vpc", "net-vpc", { numberOfAvailabilityZones: 2, natGateways: { strategy: "Single" } }),
                res(BUCKET, "data"),
                res(BUCKET, "data-replica", {}, "us-west-2"),
            ]);
            const cents = e.lines.reduce((sum, l) => sum + Math.round(l.monthlyUsd * 100), 0);
            assert.equal(Math.round(e.monthlyUsd * 100), cents);
            // 88.65 + 19.47 + 16.43 + 6.42 + 7.30 + 32.85 + 4.50 + 3.65 + 2 × (0.23 + 0.05 + 0.04) = 179.91
            assert.equal(e.monthlyUsd, 179.91);
            assert.equal(e.region, "us-east-1");
            assert.equal(e.pricesVersion, "2026-11");
            assert.deepEqual(e.assumptions, { ...DEFAULT_USAGE, perResource: {} });
        });

        it("rejects usage figures out of range, listing every problem", () => {
            assert.throws(
                () => estimate([], { averageScaleShare: 2, storedGbPerBucket: -1, perResource: { data: { s3GetsPerMonth: Number.NaN } } }),
                (err: unknown) => {
                    assert.ok(err instanceof ConfigError);
                    assert.deepEqual(err.problems, [
                        "cost estimate: `usage.averageScaleShare` (2) must be a number from 0 to 1.",
                        "cost estimate: `usage.storedGbPerBucket` (-1) must be a number of at least 0.",
                        "cost estimate: `usage.perResource.data.s3GetsPerMonth` (NaN) must be a number of at least 0.",
                    ]);
                    return true;
                },
            );
        });

        it("rejects unknown usage keys", () => {
            assert.throws(
                () => estimate([], { requestPerSecond: 5 } as Partial<UsageAssumptions>),
                (err: unknown) => {
                    assert.ok(err instanceof ConfigError);
                    assert.equal(err.problems.length, 1);
                    assert.match(
                        err.problems[0],
                        /^cost estimate: `usage\.requestPerSecond` \(5\) is not a known key; did you mean `requestsPerSecond`\? Known keys are requestsPerSecond, averageResponseKb, /,
                    );
                    return true;
                },
            );
        });
    });
});

describe("estimateCost on synthesized plans", () => {
    // These run the components under the shared mocks, so they also catch a change in how
    // ids, ARNs and names join one resource's inputs to another resource.
    it("prices a Network's NAT gateway and flow logs", async () => {
        const plan = await synth(() => new Network("net", { azCount: 2, natGateways: "single", flowLogRetentionDays: 30 }));
        const e = estimateCost(plan);
        assert.deepEqual(
            e.lines.map((l) => [l.item, l.resource.split("::").pop(), l.monthlyUsd]),
            [
                ["NAT gateway hours", "net-vpc", 32.85], // 1 × 730 h × 0.045
                ["NAT gateway data processed", "net-vpc", 4.5], // 100 GB × 0.045
                ["Public IPv4 addresses", "net-vpc", 3.65], // 1 × 730 h × 0.005
                ["CloudWatch Logs storage", "net-flow-logs", 0.15], // 5 GB × 30 × 24 ÷ 730 months = 4.9315 GB-month × 0.03 = 0.147945
                ["VPC flow logs delivery (vended logs)", "net-flow-log", 2.5], // 5 GB × 0.50
            ],
        );
        assert.equal(e.monthlyUsd, 43.65);
    });

    it("joins an ElasticService's service, task definition, scaling target and log group", async () => {
        const plan = await synth(
            () =>
                new ElasticService("api", {
                    image: "public.ecr.aws/nginx/nginx-unprivileged:stable-alpine",
                    vpcId: "vpc-1",
                    subnetIds: ["subnet-a", "subnet-b"],
                    loadBalancer: {
                        listenerArn:
                            "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web-alb/50dc6c495c0c9188/f2f7dc8efc522ab2",
                        securityGroupId: "sg-alb",
                        loadBalancerArnSuffix: "app/web-alb/50dc6c495c0c9188",
                    },
                    cpu: 512,
                    memory: 1024,
                    scaling: { minTasks: 2, maxTasks: 4 },
                    spotShare: 50,
                    spotBase: 1,
                    logRetentionDays: 30,
                }),
        );
        const e = estimateCost(plan);
        // The same service as the hand-made Spot split above: 2.5 tasks, 1.75 on-demand and 0.75 Spot.
        assert.deepEqual(
            e.lines.map((l) => [l.item, l.resource.split("::").pop(), l.monthlyUsd]),
            [
                ["Fargate x86 vCPU (on-demand)", "api-svc", 25.86],
                ["Fargate x86 memory (on-demand)", "api-svc", 5.68],
                ["Fargate x86 vCPU (Spot)", "api-svc", 3.46],
                ["Fargate x86 memory (Spot)", "api-svc", 0.76],
                ["CloudWatch Logs ingestion", "api-logs", 1.25], // 2.5 tasks × 1 GB × 0.50
                ["CloudWatch Logs storage", "api-logs", 0.07], // 2.5 GB × 0.98630137 months × 0.03 = 0.0739726
            ],
        );
        assert.deepEqual(e.unpriced, []);
    });
});

describe("formatCostTable", () => {
    it("aligns the columns and ends with a total equal to monthlyUsd", () => {
        const e = estimate([res("aws:kms/key:Key", "key")]);
        assert.equal(
            formatCostTable(e),
            [
                "Monthly cost estimate: 1.03 USD (730 h month, prices 2026-11, region us-east-1)",
                "Item          Resource  Region     Quantity  Unit             USD/unit  USD/month  Note",
                "KMS key       key       us-east-1         1  key-month               1       1.00  1 customer managed key",
                "KMS requests  key       us-east-1         1  10,000 requests      0.03       0.03  10000 requests",
                "---------------------------------------------------------------------------------",
                "Total                                                                        1.03",
                "",
            ].join("\n"),
        );
    });

    it("lists the resources it could not price", () => {
        const e = estimate([res(LB, "edge-nlb", { loadBalancerType: "network" })]);
        assert.match(
            formatCostTable(e),
            /\nNot priced: edge-nlb \(aws:lb\/loadBalancer:LoadBalancer\): network load balancers are not in the price data\.\n$/,
        );
    });
});

describe("refersTo", () => {
    it("matches mock ids, ARN segments and auto-named physical names, not other names that contain them", () => {
        assert.ok(refersTo("arn:aws:logs:us-east-1:123456789012:log-group:web-logs", ["web-logs"]));
        assert.ok(refersTo("web-logs-id", ["web-logs"]));
        assert.ok(refersTo("web-logs-1a2b3c4", ["web-logs"]));
        assert.ok(!refersTo("arn:aws:logs:us-east-1:123456789012:log-group:web-logs", ["web"]));
        assert.ok(!refersTo("web-logs-archive", ["web-logs"]));
        assert.ok(!refersTo(undefined, ["web-logs"]));
    });
});

describe("spotSplit", () => {
    it("places base tasks first and splits the rest by weight", () => {
        assert.deepEqual(
            spotSplit(4, [
                { capacityProvider: "FARGATE", base: 2, weight: 1 },
                { capacityProvider: "FARGATE_SPOT", weight: 3 },
            ]),
            { onDemand: 2.5, spot: 1.5, note: "base 2 on FARGATE, Spot weight 3 of 4" },
        );
        assert.deepEqual(spotSplit(1, []), { onDemand: 1, spot: 0, note: "" });
    });
});

describe("prices.json", () => {
    it("holds every price for the regions the package supports, each with its sources or its derivation", () => {
        assert.equal(PRICES.version, "2026-11");
        assert.equal(PRICES.hoursPerMonth, 730);
        assert.deepEqual(Object.keys(PRICES.regions), [
            "us-east-1",
            "us-west-2",
            "eu-west-1",
            "eu-central-1",
            "ap-southeast-1",
            "ap-northeast-1",
        ]);
        const ids = new Set(PRICES.sources.map((s) => s.id));
        for (const s of PRICES.sources) assert.match(s.url, /^https:\/\//, s.id);
        for (const [region, p] of Object.entries(PRICES.regions)) {
            for (const key of PRICE_KEYS) {
                assert.ok(typeof p[key] === "number" && p[key] > 0, `${region} ${key} is a positive number`);
                const sources = p.sources[key];
                const derived = p.derived[key];
                assert.ok((sources !== undefined) !== (derived !== undefined), `${region} ${key} has sources or a derivation, not both`);
                for (const id of sources ?? []) assert.ok(ids.has(id), `${region} ${key}: source ${id} is listed`);
            }
            assert.deepEqual(
                Object.keys(p).filter((k) => !["name", "sources", "derived"].includes(k)),
                [...PRICE_KEYS],
                region,
            );
        }
    });
});
