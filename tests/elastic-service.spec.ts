import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { ElasticService, ElasticServiceArgs, ecrRepositoryArn, resolveElasticServiceArgs } from "../components/service";
import { ConfigError } from "../components/core/validate";
import { Match, Plan, synth } from "../components/testing";

const attachment = {
    listenerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web-alb/50dc6c495c0c9188/f2f7dc8efc522ab2",
    securityGroupId: "sg-alb",
    loadBalancerArnSuffix: "app/web-alb/50dc6c495c0c9188",
};
const base: ElasticServiceArgs = {
    image: "public.ecr.aws/nginx/nginx-unprivileged:stable-alpine",
    vpcId: "vpc-1",
    subnetIds: ["subnet-a", "subnet-b"],
    loadBalancer: attachment,
};

/** The one resource of `type` (named `name`, if given); the kit's message lists what exists instead. */
const one = (plan: Plan, type: string, name?: string) => (name === undefined ? plan.resource(type) : plan.named(name, type));
const count = (plan: Plan, type: string) => plan.resourceCount(type);
const policyDoc = (plan: Plan, name: string) => JSON.parse(one(plan, "aws:iam/rolePolicy:RolePolicy", name).inputs.policy);

describe("ElasticService", () => {
    describe("under defaults", () => {
        let plan: Plan;
        before(async () => {
            plan = await synth(() => new ElasticService("api", base));
        });

        it("creates its own cluster with Container Insights", () => {
            assert.deepEqual(one(plan, "aws:ecs/cluster:Cluster", "api-cluster").inputs.settings, [
                { name: "containerInsights", value: "enabled" },
            ]);
        });

        it("runs one Fargate task of 256 CPU / 512 MiB on x86_64 with awslogs to its own log group", () => {
            const task = one(plan, "aws:ecs/taskDefinition:TaskDefinition", "api-task");
            assert.equal(task.inputs.family, "api");
            assert.deepEqual(task.inputs.requiresCompatibilities, ["FARGATE"]);
            assert.equal(task.inputs.networkMode, "awsvpc");
            assert.equal(task.inputs.cpu, "256");
            assert.equal(task.inputs.memory, "512");
            assert.deepEqual(task.inputs.runtimePlatform, { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" });
            assert.equal(task.inputs.executionRoleArn, "arn:aws:iam::123456789012:role/api-exec-role");
            assert.equal(task.inputs.taskRoleArn, "arn:aws:iam::123456789012:role/api-task-role");
            assert.deepEqual(task.inputs.volumes, []);
            assert.deepEqual(JSON.parse(task.inputs.containerDefinitions), [
                {
                    name: "app",
                    image: "public.ecr.aws/nginx/nginx-unprivileged:stable-alpine",
                    essential: true,
                    portMappings: [{ containerPort: 8080, protocol: "tcp" }],
                    environment: [],
                    secrets: [],
                    readonlyRootFilesystem: false,
                    mountPoints: [],
                    logConfiguration: {
                        logDriver: "awslogs",
                        options: { "awslogs-group": "api-logs", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "api" },
                    },
                },
            ]);
            assert.equal(one(plan, "aws:cloudwatch/logGroup:LogGroup", "api-logs").inputs.retentionInDays, 30);
        });

        it("trusts only this account's ECS tasks with both roles", () => {
            for (const role of ["api-exec-role", "api-task-role"]) {
                assert.deepEqual(JSON.parse(one(plan, "aws:iam/role:Role", role).inputs.assumeRolePolicy), {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { Service: "ecs-tasks.amazonaws.com" },
                            Action: "sts:AssumeRole",
                            Condition: {
                                ArnLike: { "aws:SourceArn": "arn:aws:ecs:us-east-1:123456789012:*" },
                                StringEquals: { "aws:SourceAccount": "123456789012" },
                            },
                        },
                    ],
                });
            }
        });

        it("lets the execution role write only to its log group and grants the task role nothing", () => {
            assert.deepEqual(policyDoc(plan, "api-exec-policy"), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "WriteLogs",
                        Effect: "Allow",
                        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                        Resource: "arn:aws:logs:us-east-1:123456789012:log-group:api-logs:log-stream:*",
                    },
                ],
            });
            assert.equal(count(plan, "aws:iam/rolePolicy:RolePolicy"), 1);
            assert.equal(count(plan, "aws:iam/rolePolicyAttachment:RolePolicyAttachment"), 0);
        });

        it("admits only the load balancer's security group, on the container port", () => {
            const ingress = plan.resources.filter((r) => r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
            assert.equal(ingress.length, 1);
            assert.equal(ingress[0].inputs.cidrIpv4, undefined);
            assert.deepEqual(ingress[0].inputs, {
                securityGroupId: "api-sg-id",
                referencedSecurityGroupId: "sg-alb",
                ipProtocol: "tcp",
                fromPort: 8080,
                toPort: 8080,
                description: "Traffic from the load balancer",
            });
        });

        it("opens the load balancer's egress only towards the task group, on the container port", () => {
            assert.deepEqual(one(plan, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "api-alb-egress").inputs, {
                securityGroupId: "sg-alb",
                referencedSecurityGroupId: "api-sg-id",
                ipProtocol: "tcp",
                fromPort: 8080,
                toPort: 8080,
                description: "Traffic to the tasks of api",
            });
        });

        it("registers ip targets with the default health check and a 30 s drain", () => {
            const tg = one(plan, "aws:lb/targetGroup:TargetGroup", "api-tg");
            assert.equal(tg.inputs.targetType, "ip");
            assert.equal(tg.inputs.port, 8080);
            assert.equal(tg.inputs.protocol, "HTTP");
            assert.equal(tg.inputs.vpcId, "vpc-1");
            assert.equal(tg.inputs.deregistrationDelay, 30);
            assert.deepEqual(tg.inputs.healthCheck, {
                enabled: true,
                path: "/",
                matcher: "200-399",
                interval: 15,
                timeout: 5,
                healthyThreshold: 2,
                unhealthyThreshold: 3,
                protocol: "HTTP",
                port: "traffic-port",
            });
        });

        it("routes every request with a catch-all rule matched last", () => {
            const rule = one(plan, "aws:lb/listenerRule:ListenerRule", "api-rule");
            assert.equal(rule.inputs.listenerArn, attachment.listenerArn);
            assert.equal(rule.inputs.priority, 50000);
            assert.deepEqual(rule.inputs.conditions, [{ pathPattern: { values: ["/*"] } }]);
            assert.equal(rule.inputs.actions.length, 1);
            assert.equal(rule.inputs.actions[0].type, "forward");
        });

        it("runs the service in private subnets without public IPs, rolling back failed deployments", () => {
            plan.hasResourceCount("aws:ecs/service:Service", 1);
            const svc = plan.hasResource("aws:ecs/service:Service", {
                desiredCount: 1,
                launchType: "FARGATE",
                capacityProviderStrategies: Match.absent(),
                networkConfiguration: Match.exact({
                    subnets: ["subnet-a", "subnet-b"],
                    securityGroups: ["api-sg-id"],
                    assignPublicIp: false,
                }),
                deploymentCircuitBreaker: Match.exact({ enable: true, rollback: true }),
                deploymentMinimumHealthyPercent: 100,
                deploymentMaximumPercent: 200,
                healthCheckGracePeriodSeconds: 60,
                availabilityZoneRebalancing: "ENABLED",
                enableExecuteCommand: false,
                waitForSteadyState: true,
                alarms: Match.absent(),
                loadBalancers: [
                    Match.exact({ targetGroupArn: Match.stringLike("*:targetgroup/api-tg/*"), containerName: "app", containerPort: 8080 }),
                ],
            });
            assert.equal(svc.name, "api-svc");
        });

        it("creates the service after its listener rule and security group rules and does not ignore desiredCount when not autoscaled", () => {
            const svc = one(plan, "aws:ecs/service:Service", "api-svc");
            const urn = (type: string, name: string) => one(plan, type, name).urn;
            assert.deepEqual(svc.options.dependsOn, [
                urn("aws:lb/listenerRule:ListenerRule", "api-rule"),
                urn("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "api-from-alb"),
                urn("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "api-alb-egress"),
            ]);
            assert.deepEqual(svc.options.ignoreChanges, []);
        });

        it("creates no scaling target, policy, schedule, capacity providers or ECS Exec policy", () => {
            for (const type of [
                "aws:appautoscaling/target:Target",
                "aws:appautoscaling/policy:Policy",
                "aws:appautoscaling/scheduledAction:ScheduledAction",
                "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
            ]) {
                assert.equal(count(plan, type), 0, type);
            }
            assert.equal(
                plan.resources.find((r) => r.name === "api-exec-command-policy"),
                undefined,
            );
        });

        it("names every child api-<role> and parents it to the component", () => {
            const children = plan.resources.filter((r) => r.type !== "elastic-web:aws:ElasticService");
            assert.deepEqual(children.map((r) => r.name).sort(), [
                "api-alb-egress",
                "api-cluster",
                "api-egress",
                "api-exec-policy",
                "api-exec-role",
                "api-from-alb",
                "api-logs",
                "api-rule",
                "api-sg",
                "api-svc",
                "api-task",
                "api-task-role",
                "api-tg",
            ]);
            for (const child of children) {
                assert.match(child.urn, /elastic-web:aws:ElasticService\$/, child.name);
                assert.ok(child.name.startsWith("api-"), child.name);
            }
        });
    });

    describe("autoscaling", () => {
        let plan: Plan;
        before(async () => {
            plan = await synth(
                () =>
                    new ElasticService("api", {
                        ...base,
                        scaling: {
                            minTasks: 3,
                            maxTasks: 12,
                            cpuTarget: 50,
                            memoryTarget: 70,
                            requestsPerTarget: 1000,
                            scaleOutCooldownSeconds: 30,
                            scaleInCooldownSeconds: 600,
                            schedules: [
                                {
                                    name: "business-hours",
                                    schedule: "cron(0 8 ? * MON-FRI *)",
                                    timezone: "Europe/Berlin",
                                    minTasks: 4,
                                    maxTasks: 12,
                                },
                            ],
                        },
                    }),
            );
        });

        it("creates a scalable target over the service with the task bounds", () => {
            const t = one(plan, "aws:appautoscaling/target:Target", "api-scaling");
            assert.equal(t.inputs.serviceNamespace, "ecs");
            assert.equal(t.inputs.scalableDimension, "ecs:service:DesiredCount");
            assert.equal(t.inputs.resourceId, "service/api-cluster/api-svc");
            assert.equal(t.inputs.minCapacity, 3);
            assert.equal(t.inputs.maxCapacity, 12);
        });

        it("tracks CPU, memory and requests per target with the configured cooldowns", () => {
            const config = (n: string) => one(plan, "aws:appautoscaling/policy:Policy", n).inputs.targetTrackingScalingPolicyConfiguration;
            assert.deepEqual(config("api-cpu-scaling"), {
                targetValue: 50,
                scaleOutCooldown: 30,
                scaleInCooldown: 600,
                predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
            });
            assert.deepEqual(config("api-memory-scaling"), {
                targetValue: 70,
                scaleOutCooldown: 30,
                scaleInCooldown: 600,
                predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageMemoryUtilization" },
            });
            assert.deepEqual(config("api-requests-scaling"), {
                targetValue: 1000,
                scaleOutCooldown: 30,
                scaleInCooldown: 600,
                predefinedMetricSpecification: {
                    predefinedMetricType: "ALBRequestCountPerTarget",
                    resourceLabel: "app/web-alb/50dc6c495c0c9188/targetgroup/api-tg/73e2d6bc24d8a067",
                },
            });
            for (const n of ["api-cpu-scaling", "api-memory-scaling", "api-requests-scaling"]) {
                assert.equal(one(plan, "aws:appautoscaling/policy:Policy", n).inputs.policyType, "TargetTrackingScaling");
            }
        });

        it("applies schedules in their time zone", () => {
            const a = one(plan, "aws:appautoscaling/scheduledAction:ScheduledAction", "api-schedule-business-hours");
            assert.equal(a.inputs.schedule, "cron(0 8 ? * MON-FRI *)");
            assert.equal(a.inputs.timezone, "Europe/Berlin");
            assert.deepEqual(a.inputs.scalableTargetAction, { minCapacity: 4, maxCapacity: 12 });
        });

        it("changes the scalable target one step at a time", () => {
            const urn = (n: string) => plan.resources.find((r) => r.name === n)!.urn;
            const deps = (n: string) => plan.resources.find((r) => r.name === n)!.options.dependsOn;
            assert.deepEqual(deps("api-cpu-scaling"), [urn("api-scaling")]);
            assert.deepEqual(deps("api-memory-scaling"), [urn("api-cpu-scaling")]);
            assert.deepEqual(deps("api-requests-scaling"), [urn("api-memory-scaling")]);
            assert.deepEqual(deps("api-schedule-business-hours"), [urn("api-requests-scaling")]);
        });

        it("starts at minTasks and leaves desiredCount to the scaler", () => {
            const svc = one(plan, "aws:ecs/service:Service", "api-svc");
            assert.equal(svc.inputs.desiredCount, 3);
            assert.deepEqual(svc.options.ignoreChanges, ["desiredCount"]);
        });
    });

    it("creates no policy for a target of 0", async () => {
        const plan = await synth(
            () => new ElasticService("api", { ...base, scaling: { minTasks: 1, maxTasks: 4, cpuTarget: 0, requestsPerTarget: 500 } }),
        );
        assert.deepEqual(
            plan.resources.filter((r) => r.type === "aws:appautoscaling/policy:Policy").map((r) => r.name),
            ["api-requests-scaling"],
        );
    });

    it("creates no scaling policy when maxTasks equals minTasks", async () => {
        const plan = await synth(() => new ElasticService("api", { ...base, scaling: { minTasks: 2, maxTasks: 2 } }));
        assert.equal(count(plan, "aws:appautoscaling/target:Target"), 0);
        assert.equal(count(plan, "aws:appautoscaling/policy:Policy"), 0);
        assert.equal(one(plan, "aws:ecs/service:Service").inputs.desiredCount, 2);
    });

    it("splits tasks between FARGATE and FARGATE_SPOT and associates both providers with its cluster", async () => {
        const plan = await synth(() => new ElasticService("api", { ...base, spotShare: 75, spotBase: 2 }));
        const svc = one(plan, "aws:ecs/service:Service");
        assert.equal(svc.inputs.launchType, undefined);
        assert.deepEqual(svc.inputs.capacityProviderStrategies, [
            { capacityProvider: "FARGATE", base: 2, weight: 25 },
            { capacityProvider: "FARGATE_SPOT", base: 0, weight: 75 },
        ]);
        const providers = one(plan, "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", "api-capacity-providers");
        assert.deepEqual(providers.inputs.capacityProviders, ["FARGATE", "FARGATE_SPOT"]);
        assert.ok(svc.options.dependsOn.includes(providers.urn));
    });

    it("runs in a given cluster without creating one", async () => {
        const plan = await synth(
            () =>
                new ElasticService("api", {
                    ...base,
                    cluster: { arn: "arn:aws:ecs:us-east-1:123456789012:cluster/shared", name: "shared" },
                    scaling: { minTasks: 1, maxTasks: 3 },
                }),
        );
        assert.equal(count(plan, "aws:ecs/cluster:Cluster"), 0);
        assert.equal(one(plan, "aws:ecs/service:Service").inputs.cluster, "arn:aws:ecs:us-east-1:123456789012:cluster/shared");
        assert.equal(one(plan, "aws:appautoscaling/target:Target").inputs.resourceId, "service/shared/api-svc");
    });

    it("routes by path and host with the given priority", async () => {
        const plan = await synth(
            () =>
                new ElasticService("api", {
                    ...base,
                    routing: { pathPatterns: ["/api/*"], hostHeaders: ["api.example.com"], priority: 10 },
                }),
        );
        const rule = one(plan, "aws:lb/listenerRule:ListenerRule");
        assert.equal(rule.inputs.priority, 10);
        assert.deepEqual(rule.inputs.conditions, [
            { pathPattern: { values: ["/api/*"] } },
            { hostHeader: { values: ["api.example.com"] } },
        ]);
    });

    it("injects secrets by ARN and lets only the execution role read exactly those", async () => {
        const plan = await synth(
            () =>
                new ElasticService("api", {
                    ...base,
                    environment: { LOG_LEVEL: "info", APP_MODE: "web" },
                    secrets: {
                        DB_PASSWORD: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf",
                        API_KEY: "arn:aws:ssm:us-east-1:123456789012:parameter/api-key",
                    },
                }),
        );
        const [container] = JSON.parse(one(plan, "aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions);
        assert.deepEqual(container.environment, [
            { name: "APP_MODE", value: "web" },
            { name: "LOG_LEVEL", value: "info" },
        ]);
        assert.deepEqual(container.secrets, [
            { name: "API_KEY", valueFrom: "arn:aws:ssm:us-east-1:123456789012:parameter/api-key" },
            { name: "DB_PASSWORD", valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf" },
        ]);
        const statements = policyDoc(plan, "api-exec-policy").Statement;
        assert.deepEqual(statements.slice(1), [
            {
                Sid: "ReadParameters",
                Effect: "Allow",
                Action: "ssm:GetParameters",
                Resource: ["arn:aws:ssm:us-east-1:123456789012:parameter/api-key"],
            },
            {
                Sid: "ReadSecrets",
                Effect: "Allow",
                Action: "secretsmanager:GetSecretValue",
                Resource: ["arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"],
            },
        ]);
    });

    it("lets the execution role pull only the private ECR repository of the image", async () => {
        const plan = await synth(
            () => new ElasticService("api", { ...base, image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api:1.4.2" }),
        );
        assert.deepEqual(policyDoc(plan, "api-exec-policy").Statement.slice(1), [
            { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
            {
                Sid: "PullImage",
                Effect: "Allow",
                Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                Resource: "arn:aws:ecr:eu-west-1:123456789012:repository/team/api",
            },
        ]);
    });

    it("mounts writable volumes under a read-only root filesystem", async () => {
        const plan = await synth(
            () => new ElasticService("api", { ...base, readonlyRootFilesystem: true, writablePaths: ["/tmp", "/var/cache/nginx"] }),
        );
        const task = one(plan, "aws:ecs/taskDefinition:TaskDefinition");
        assert.deepEqual(task.inputs.volumes, [{ name: "writable-1" }, { name: "writable-2" }]);
        const [init, container] = JSON.parse(task.inputs.containerDefinitions);
        assert.equal(container.name, "app");
        assert.equal(container.readonlyRootFilesystem, true);
        assert.deepEqual(container.mountPoints, [
            { sourceVolume: "writable-1", containerPath: "/tmp", readOnly: false },
            { sourceVolume: "writable-2", containerPath: "/var/cache/nginx", readOnly: false },
        ]);
        assert.deepEqual(container.dependsOn, [{ containerName: "volume-permissions", condition: "SUCCESS" }]);
        // Fargate bind mounts start owned by root: a root step opens them before the application starts.
        assert.deepEqual(init, {
            name: "volume-permissions",
            image: "public.ecr.aws/docker/library/busybox:1.37",
            essential: false,
            user: "0",
            command: ["chmod", "1777", "/mnt/writable-1", "/mnt/writable-2"],
            readonlyRootFilesystem: true,
            mountPoints: [
                { sourceVolume: "writable-1", containerPath: "/mnt/writable-1", readOnly: false },
                { sourceVolume: "writable-2", containerPath: "/mnt/writable-2", readOnly: false },
            ],
            logConfiguration: {
                logDriver: "awslogs",
                options: { "awslogs-group": "api-logs", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "api-init" },
            },
        });
    });

    it("adds no volume step when the root filesystem is writable", async () => {
        const plan = await synth(() => new ElasticService("api", { ...base, readonlyRootFilesystem: false, writablePaths: ["/tmp"] }));
        const containers = JSON.parse(one(plan, "aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions);
        assert.deepEqual(
            containers.map((c: { name: string }) => c.name),
            ["app"],
        );
        assert.equal(containers[0].dependsOn, undefined);
    });

    it("grants the secret itself for a Secrets Manager reference to one JSON key", async () => {
        const plan = await synth(
            () =>
                new ElasticService("api", {
                    ...base,
                    secrets: {
                        DB_USER: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:username::",
                        DB_PASSWORD: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:password::",
                    },
                }),
        );
        assert.deepEqual(
            policyDoc(plan, "api-exec-policy").Statement.slice(1),
            [
                { Sid: "ReadParameters", Effect: "Allow", Action: "ssm:GetParameters", Resource: [] },
                {
                    Sid: "ReadSecrets",
                    Effect: "Allow",
                    Action: "secretsmanager:GetSecretValue",
                    Resource: ["arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"],
                },
            ].filter((st) => st.Resource.length > 0),
        );
        const [container] = JSON.parse(one(plan, "aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions);
        assert.deepEqual(container.secrets, [
            { name: "DB_PASSWORD", valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:password::" },
            { name: "DB_USER", valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:username::" },
        ]);
    });

    it("keeps the scalable target's bounds when schedules have moved them", async () => {
        const plan = await synth(
            () =>
                new ElasticService("api", {
                    ...base,
                    scaling: {
                        minTasks: 2,
                        maxTasks: 6,
                        schedules: [{ name: "day", schedule: "cron(0 8 * * ? *)", minTasks: 4, maxTasks: 6 }],
                    },
                }),
        );
        assert.deepEqual(one(plan, "aws:appautoscaling/target:Target").options.ignoreChanges, ["minCapacity", "maxCapacity"]);
    });

    it("enables ECS Exec with the SSM message permissions, session logging to its own log group, and an init process", async () => {
        const plan = await synth(() => new ElasticService("api", { ...base, enableExecuteCommand: true }));
        assert.equal(one(plan, "aws:ecs/service:Service").inputs.enableExecuteCommand, true);
        assert.deepEqual(policyDoc(plan, "api-exec-command-policy"), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "EcsExec",
                    Effect: "Allow",
                    Action: [
                        "ssmmessages:CreateControlChannel",
                        "ssmmessages:CreateDataChannel",
                        "ssmmessages:OpenControlChannel",
                        "ssmmessages:OpenDataChannel",
                    ],
                    Resource: "*",
                },
                {
                    Sid: "FindExecLogGroup",
                    Effect: "Allow",
                    Action: ["logs:DescribeLogGroups"],
                    Resource: "*",
                },
                {
                    Sid: "WriteExecSessionLogs",
                    Effect: "Allow",
                    Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
                    Resource: "arn:aws:logs:us-east-1:123456789012:log-group:api-logs:*",
                },
            ],
        });
        const [container] = JSON.parse(one(plan, "aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions);
        assert.deepEqual(container.linuxParameters, { initProcessEnabled: true });
    });

    it("runs arm64 tasks and a container health check", async () => {
        const plan = await synth(
            () =>
                new ElasticService("api", {
                    ...base,
                    cpu: 1024,
                    memory: 3072,
                    architecture: "arm64",
                    containerHealthCheck: { command: ["CMD-SHELL", "wget -qO- http://localhost:8080/health || exit 1"] },
                }),
        );
        const task = one(plan, "aws:ecs/taskDefinition:TaskDefinition");
        assert.deepEqual(task.inputs.runtimePlatform, { operatingSystemFamily: "LINUX", cpuArchitecture: "ARM64" });
        assert.equal(task.inputs.cpu, "1024");
        assert.equal(task.inputs.memory, "3072");
        assert.deepEqual(JSON.parse(task.inputs.containerDefinitions)[0].healthCheck, {
            command: ["CMD-SHELL", "wget -qO- http://localhost:8080/health || exit 1"],
            interval: 30,
            timeout: 5,
            retries: 3,
            startPeriod: 10,
        });
    });

    it("wires deployment alarms that roll back", async () => {
        const plan = await synth(
            () => new ElasticService("api", { ...base, deploymentAlarmNames: ["api-target-5xx", "api-unhealthy-hosts"] }),
        );
        assert.deepEqual(one(plan, "aws:ecs/service:Service").inputs.alarms, {
            enable: true,
            rollback: true,
            alarmNames: ["api-target-5xx", "api-unhealthy-hosts"],
        });
    });

    describe("resolveElasticServiceArgs", () => {
        const problems = (name: string, args: unknown): string[] => {
            try {
                resolveElasticServiceArgs(name, args as ElasticServiceArgs);
            } catch (e) {
                assert.ok(e instanceof ConfigError, String(e));
                return e.problems;
            }
            assert.fail("expected a ConfigError");
        };

        it("fills defaults without mutating the args", () => {
            const args = { ...base, scaling: { minTasks: 2 } };
            const copy = JSON.parse(JSON.stringify(args));
            const r = resolveElasticServiceArgs("api", args);
            assert.deepEqual(args, copy);
            assert.deepEqual(r.scaling, {
                minTasks: 2,
                maxTasks: 2,
                cpuTarget: 60,
                memoryTarget: 0,
                requestsPerTarget: 0,
                scaleOutCooldownSeconds: 60,
                scaleInCooldownSeconds: 300,
                schedules: [],
            });
            assert.equal(r.autoscaled, false);
        });

        it("reports the missing required args together", () => {
            assert.deepEqual(problems("api", {}), [
                'elastic-web:aws:ElasticService "api": `image` is required; give an image reference such as "public.ecr.aws/nginx/nginx-unprivileged:stable-alpine".',
                'elastic-web:aws:ElasticService "api": `vpcId` is required; give the VPC of the tasks, e.g. `network.vpcId`.',
                'elastic-web:aws:ElasticService "api": `subnetIds` is required; give the private subnets of the tasks, e.g. `network.privateSubnetIds`.',
                'elastic-web:aws:ElasticService "api": `loadBalancer` is required; give `loadBalancer.attachment` of a LoadBalancer, or the listener ARN, security group and ARN suffix of an existing one.',
            ]);
        });

        it("rejects maxTasks below minTasks", () => {
            assert.deepEqual(problems("api", { ...base, scaling: { minTasks: 2, maxTasks: 1 } }), [
                'elastic-web:aws:ElasticService "api": `scaling.maxTasks` (1) is below `scaling.minTasks` (2); raise maxTasks or lower minTasks.',
            ]);
        });

        it("rejects a scaling range with nothing to scale it", () => {
            assert.deepEqual(problems("api", { ...base, scaling: { minTasks: 1, maxTasks: 4, cpuTarget: 0 } }), [
                'elastic-web:aws:ElasticService "api": `scaling.maxTasks` (4) is above `scaling.minTasks` (1) but no scaling policy or schedule is on; set cpuTarget, memoryTarget or requestsPerTarget, add a schedule, or set maxTasks equal to minTasks.',
            ]);
        });

        it("rejects a name that leaves no room for the target group's suffix", () => {
            assert.deepEqual(problems("checkout-service-eu-01", base), [
                'elastic-web:aws:ElasticService "checkout-service-eu-01": the name "checkout-service-eu-01" is too long (22 characters); target group names allow 32 characters including the "-tg" role and Pulumi\'s 8-character suffix, so use at most 21.',
            ]);
        });

        it("rejects a Fargate size AWS does not offer", async () => {
            await assert.rejects(
                synth(() => new ElasticService("api", { ...base, cpu: 256, memory: 4096 })),
                (e: unknown) => {
                    assert.ok(e instanceof ConfigError);
                    assert.deepEqual(e.problems, [
                        'elastic-web:aws:ElasticService "api": `memory` (4096) is not a Fargate size for `cpu` 256; allowed memory (MiB): 512, 1024, 2048.',
                    ]);
                    return true;
                },
            );
        });
    });

    describe("a refused input", () => {
        const others = (plan: Plan) => plan.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => r.type);

        it("registers nothing, the component itself included", async () => {
            const plan = await synth(() => {
                assert.throws(
                    () => new ElasticService("api", { ...base, scaling: { minTasks: 2, maxTasks: 1 } }),
                    (e: unknown) => {
                        assert.ok(e instanceof ConfigError);
                        assert.deepEqual(e.problems, [
                            'elastic-web:aws:ElasticService "api": `scaling.maxTasks` (1) is below `scaling.minTasks` (2); raise maxTasks or lower minTasks.',
                        ]);
                        return true;
                    },
                );
                return {};
            });
            assert.deepEqual(others(plan), []);
        });

        it("refuses an empty list of subnets and registers nothing", async () => {
            const plan = await synth(() => {
                assert.throws(
                    () => new ElasticService("api", { ...base, subnetIds: [] }),
                    (e: unknown) => {
                        assert.ok(e instanceof ConfigError);
                        assert.deepEqual(e.problems, [
                            'elastic-web:aws:ElasticService "api": `subnetIds` ([]) must be a non-empty list of private subnet ids; give the subnets the tasks run in, e.g. `network.privateSubnetIds`.',
                        ]);
                        return true;
                    },
                );
                return {};
            });
            assert.deepEqual(others(plan), []);
        });

        it("leaves subnets known only at deployment to the deployment", async () => {
            const plan = await synth(() => new ElasticService("api", { ...base, subnetIds: pulumi.output(["subnet-a"]) }));
            assert.deepEqual(one(plan, "aws:ecs/service:Service").inputs.networkConfiguration.subnets, ["subnet-a"]);
        });

        it("refuses an empty list of subnets in resolveElasticServiceArgs too", () => {
            assert.throws(
                () => resolveElasticServiceArgs("api", { ...base, subnetIds: [] }),
                (e: unknown) => {
                    assert.ok(e instanceof ConfigError);
                    assert.deepEqual(e.problems, [
                        'elastic-web:aws:ElasticService "api": `subnetIds` ([]) must be a non-empty list of private subnet ids; give the subnets the tasks run in, e.g. `network.privateSubnetIds`.',
                    ]);
                    return true;
                },
            );
        });
    });

    it("recognises private ECR image references only", () => {
        assert.equal(
            ecrRepositoryArn("123456789012.dkr.ecr.us-east-1.amazonaws.com/api@sha256:abc"),
            "arn:aws:ecr:us-east-1:123456789012:repository/api",
        );
        assert.equal(ecrRepositoryArn("public.ecr.aws/nginx/nginx:1.27"), undefined);
        assert.equal(ecrRepositoryArn("nginx:latest"), undefined);
    });
});
