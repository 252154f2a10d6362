import * as assert from "node:assert/strict";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { UNKNOWN as SYNTH_UNKNOWN } from "../components/testing";
import type { PolicyResource as CrossGuardResource } from "@pulumi/policy";
import {
    ENVIRONMENTS,
    Environment,
    PolicyResource,
    RULES,
    UNKNOWN,
    Violation,
    environmentOf,
    evaluate,
    formatFindings,
    hasMandatory,
    ruleById,
} from "../policy";
import { ENVIRONMENT_VARIABLE, crossGuardPolicies, inferEnvironment, plainValue, toPolicyResource } from "../policy/adapter";

// CrossGuard's proxy around props and its sentinel for unknown strings; @pulumi/policy keeps their types internal.
/** The root step ElasticService adds to open its writable volumes (components/service/task-definition.ts). */
const volumeStep = {
    name: "volume-permissions",
    essential: false,
    user: "0",
    command: ["chmod", "1777", "/mnt/writable-1"],
    readonlyRootFilesystem: true,
    portMappings: [],
    environment: [],
    secrets: [],
    mountPoints: [{ sourceVolume: "writable-1", containerPath: "/mnt/writable-1", readOnly: false }],
};

const { unknownCheckingProxy, unknownStringValue } = require("@pulumi/policy/proxy") as {
    unknownCheckingProxy<V>(value: V): V;
    unknownStringValue: string;
};

const ACCOUNT = "123456789012";
const REGION = "us-east-1";

const LB = "aws:lb/loadBalancer:LoadBalancer";
const ALB = "aws:alb/loadBalancer:LoadBalancer";
const LISTENER = "aws:lb/listener:Listener";
const ALB_LISTENER = "aws:alb/listener:Listener";
const LISTENER_RULE = "aws:lb/listenerRule:ListenerRule";
const TG = "aws:lb/targetGroup:TargetGroup";
const ALB_TG = "aws:alb/targetGroup:TargetGroup";
const WAF = "aws:wafv2/webAclAssociation:WebAclAssociation";
const CLUSTER = "aws:ecs/cluster:Cluster";
const SERVICE = "aws:ecs/service:Service";
const TASK = "aws:ecs/taskDefinition:TaskDefinition";
const TARGET = "aws:appautoscaling/target:Target";
const SCALING_POLICY = "aws:appautoscaling/policy:Policy";
const SCHEDULE = "aws:appautoscaling/scheduledAction:ScheduledAction";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const TOPIC = "aws:sns/topic:Topic";
const TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy";
const KEY = "aws:kms/key:Key";
const KEY_POLICY = "aws:kms/keyPolicy:KeyPolicy";
const ALIAS = "aws:kms/alias:Alias";
const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const OWNERSHIP = "aws:s3/bucketOwnershipControls:BucketOwnershipControls";
const VERSIONING = "aws:s3/bucketVersioning:BucketVersioning";
const VERSIONING_V2 = "aws:s3/bucketVersioningV2:BucketVersioningV2";
const LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration";
const SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
const AWSX_VPC = "awsx:ec2:Vpc";
const VPC = "aws:ec2/vpc:Vpc";
const SUBNET = "aws:ec2/subnet:Subnet";
const FLOW_LOG = "aws:ec2/flowLog:FlowLog";
const DEFAULT_SG = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";

/** A recorded resource as `synth` records it, with the mocks' conventions (ids `${name}-id`). */
function res(type: string, name: string, inputs: Record<string, any> = {}, extra: Partial<PolicyResource> = {}): PolicyResource {
    return {
        urn: `urn:pulumi:prod::elastic-web::${type}::${name}`,
        type,
        name,
        parent: null,
        region: REGION,
        inputs,
        options: { protect: false, retainOnDelete: false, ignoreChanges: [] },
        ...extra,
    };
}

const arn = {
    alb: (n: string) => `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/${n}/50dc6c495c0c9188`,
    tg: (n: string) => `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/${n}/73e2d6bc24d8a067`,
    /** The mocks derive a listener ARN's last segment from the listener's name. */
    listener: (lb: string, n: string) =>
        `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:listener/app/${lb}/50dc6c495c0c9188/${createHash("sha256").update(n).digest("hex").slice(0, 16)}`,
    role: (n: string) => `arn:aws:iam::${ACCOUNT}:role/${n}`,
    key: (n: string, region = REGION) => `arn:aws:kms:${region}:${ACCOUNT}:key/${n}-id`,
    topic: (n: string, region = REGION) => `arn:aws:sns:${region}:${ACCOUNT}:${n}`,
    bucket: (n: string) => `arn:aws:s3:::${n}`,
    cluster: (n: string) => `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${n}`,
};
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const denyInsecure = (action: string, resource: unknown) => ({
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: action,
    Resource: resource,
    Condition: { Bool: { "aws:SecureTransport": "false" } },
});

// --- shared fixtures ------------------------------------------------------------------------

const alb = (inputs: Record<string, any> = {}, type = LB) =>
    res(type, "web-alb", {
        loadBalancerType: "application",
        internal: false,
        subnets: ["web-vpc-public-1-id", "web-vpc-public-2-id"],
        securityGroups: ["web-alb-sg-id"],
        accessLogs: { bucket: "web-access-logs", enabled: true },
        enableDeletionProtection: true,
        dropInvalidHeaderFields: true,
        ...inputs,
    });
const listener = (name: string, inputs: Record<string, any>, type = LISTENER) =>
    res(type, name, { loadBalancerArn: arn.alb("web-alb"), ...inputs });
const https = (inputs: Record<string, any> = {}) =>
    listener("web-https", {
        port: 443,
        protocol: "HTTPS",
        sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
        certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0c1d",
        defaultActions: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404" } }],
        ...inputs,
    });
const REDIRECT = { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } };
const FORWARD = { type: "forward", targetGroupArn: arn.tg("web-tg") };

const healthCheck = { enabled: true, path: "/health", matcher: "200-399", interval: 15, healthyThreshold: 2, unhealthyThreshold: 3 };
const targetGroup = (inputs: Record<string, any> = {}, type = TG) =>
    res(type, "web-tg", { port: 8080, protocol: "HTTP", targetType: "ip", vpcId: "web-vpc-id", healthCheck, ...inputs });

const cluster = (settings: unknown = [{ name: "containerInsights", value: "enabled" }]) => res(CLUSTER, "web-cluster", { settings });
const service = (inputs: Record<string, any> = {}, options: Partial<PolicyResource["options"]> = {}) =>
    res(
        SERVICE,
        "web-svc",
        {
            cluster: arn.cluster("web-cluster"),
            taskDefinition: "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1",
            desiredCount: 3,
            launchType: "FARGATE",
            networkConfiguration: {
                subnets: ["web-vpc-private-1-id", "web-vpc-private-2-id"],
                securityGroups: ["web-task-sg-id"],
                assignPublicIp: false,
            },
            loadBalancers: [{ targetGroupArn: arn.tg("web-tg"), containerName: "app", containerPort: 8080 }],
            healthCheckGracePeriodSeconds: 60,
            deploymentCircuitBreaker: { enable: true, rollback: true },
            deploymentMinimumHealthyPercent: 100,
            deploymentMaximumPercent: 200,
            enableExecuteCommand: false,
            ...inputs,
        },
        { options: { protect: false, retainOnDelete: false, ignoreChanges: ["desiredCount"], ...options } },
    );
const container = (c: Record<string, any> = {}) => ({
    name: "app",
    image: "public.ecr.aws/nginx/nginx-unprivileged:stable-alpine",
    user: "101",
    readonlyRootFilesystem: true,
    environment: [{ name: "LOG_LEVEL", value: "info" }],
    secrets: [{ name: "DB_PASSWORD", valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf" }],
    logConfiguration: {
        logDriver: "awslogs",
        options: { "awslogs-group": "web-logs", "awslogs-region": REGION, "awslogs-stream-prefix": "web" },
    },
    ...c,
});
const task = (containers: object[] = [container()], inputs: Record<string, any> = {}) =>
    res(TASK, "web-task", {
        family: "web",
        networkMode: "awsvpc",
        requiresCompatibilities: ["FARGATE"],
        executionRoleArn: arn.role("web-exec-role"),
        taskRoleArn: arn.role("web-task-role"),
        containerDefinitions: JSON.stringify(containers),
        ...inputs,
    });
const logGroup = (inputs: Record<string, any> = {}, name = "web-logs") => res(LOG_GROUP, name, { retentionInDays: 365, ...inputs });
const scalingTarget = (inputs: Record<string, any> = {}) =>
    res(TARGET, "web-scaling", {
        serviceNamespace: "ecs",
        scalableDimension: "ecs:service:DesiredCount",
        resourceId: "service/web-cluster/web-svc",
        minCapacity: 2,
        maxCapacity: 6,
        ...inputs,
    });
const cpuPolicy = (inputs: Record<string, any> = {}, config: Record<string, any> = {}) =>
    res(SCALING_POLICY, "web-cpu-scaling", {
        policyType: "TargetTrackingScaling",
        serviceNamespace: "ecs",
        scalableDimension: "ecs:service:DesiredCount",
        resourceId: "service/web-cluster/web-svc",
        targetTrackingScalingPolicyConfiguration: {
            targetValue: 60,
            predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
            scaleInCooldown: 300,
            scaleOutCooldown: 60,
            ...config,
        },
        ...inputs,
    });

const alarm = (name: string, inputs: Record<string, any> = {}) =>
    res(ALARM, name, {
        name,
        actionsEnabled: true,
        alarmActions: [arn.topic("alarms-topic")],
        okActions: [arn.topic("alarms-topic")],
        comparisonOperator: "GreaterThanThreshold",
        evaluationPeriods: 5,
        threshold: 1,
        ...inputs,
    });
const topic = (inputs: Record<string, any> = {}, name = "alarms-topic") =>
    res(TOPIC, name, { kmsMasterKeyId: arn.key("alarms-key"), ...inputs });
const topicPolicy = (statements: object[], name = "alarms-topic") =>
    res(TOPIC_POLICY, `${name}-policy`, { arn: arn.topic(name), policy: doc(...statements) });
const key = (name: string, statements: object[] | undefined, inputs: Record<string, any> = {}) =>
    res(KEY, name, {
        enableKeyRotation: true,
        ...(statements ? { policy: doc(...statements) } : {}),
        ...inputs,
    });
const ADMIN = { Sid: "AccountAdministration", Effect: "Allow", Principal: { AWS: ROOT }, Action: "kms:*", Resource: "*" };
const CLOUDWATCH_USES_KEY = {
    Sid: "CloudWatch",
    Effect: "Allow",
    Principal: { Service: "cloudwatch.amazonaws.com" },
    Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
    Resource: "*",
};

const bucket = (name: string, inputs: Record<string, any> = {}, extra: Partial<PolicyResource> = {}) =>
    res(
        BUCKET,
        name,
        { forceDestroy: false, ...inputs },
        { options: { protect: false, retainOnDelete: true, ignoreChanges: [] }, ...extra },
    );
const pab = (b: string, inputs: Record<string, any> = {}) =>
    res(PAB, `${b}-public-access`, {
        bucket: `${b}-id`,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
        ...inputs,
    });
const versioning = (b: string, status = "Enabled", type = VERSIONING) =>
    res(type, `${b}-versioning`, { bucket: `${b}-id`, versioningConfiguration: { status } });
const bucketPolicy = (b: string, statements: object[]) =>
    res(BUCKET_POLICY, `${b}-policy`, { bucket: `${b}-id`, policy: doc(...statements) });
const tlsOnly = (b: string) => bucketPolicy(b, [denyInsecure("s3:*", [arn.bucket(b), `${arn.bucket(b)}/*`])]);
const lifecycle = (
    b: string,
    rules: object[] = [{ id: "noncurrent", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: 90 } }],
) => res(LIFECYCLE, `${b}-lifecycle`, { bucket: `${b}-id`, rules });
const kmsEncryption = (b: string, keyName: string) =>
    res(SSE, `${b}-encryption`, {
        bucket: `${b}-id`,
        rules: [
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: arn.key(keyName) }, bucketKeyEnabled: true },
        ],
    });
const replicationRule = (rule: Record<string, any> = {}, destination: Record<string, any> = {}) => ({
    id: "replicate",
    status: "Enabled",
    filter: {},
    deleteMarkerReplication: { status: "Enabled" },
    sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
    destination: {
        bucket: arn.bucket("data-replica"),
        encryptionConfiguration: { replicaKmsKeyId: arn.key("replica-key", "us-west-2") },
        ...destination,
    },
    ...rule,
});
const replication = (rules: object[] = [replicationRule()]) =>
    res(REPLICATION, "data-replication", { bucket: "data-primary-id", role: arn.role("replication-role"), rules });
const replicationRole = (statements: object[]) => [
    res(ROLE, "replication-role", {
        assumeRolePolicy: doc({
            Effect: "Allow",
            Principal: { Service: "s3.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
        }),
    }),
    res(ROLE_POLICY, "replication-policy", { role: "replication-role-id", policy: doc(...statements) }),
];
const REPLICATION_GRANTS = [
    { Sid: "Read", Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: [arn.bucket("data-primary")] },
    { Sid: "DecryptPrimary", Effect: "Allow", Action: ["kms:Decrypt"], Resource: [arn.key("primary-key")] },
    { Sid: "EncryptReplica", Effect: "Allow", Action: ["kms:Encrypt"], Resource: [arn.key("replica-key", "us-west-2")] },
];
/** A primary bucket replicated with SSE-KMS to us-west-2, as ReplicatedBucket builds it. */
const replicatedPair = (): PolicyResource[] => [
    bucket("data-primary"),
    versioning("data-primary"),
    kmsEncryption("data-primary", "primary-key"),
    key("primary-key", [ADMIN]),
    bucket("data-replica", {}, { region: "us-west-2" }),
    versioning("data-replica"),
    key("replica-key", [ADMIN], {}),
    replication(),
    ...replicationRole(REPLICATION_GRANTS),
];

const awsxVpc = (inputs: Record<string, any> = {}, name = "web-vpc") =>
    res(AWSX_VPC, name, { cidrBlock: "10.0.0.0/16", numberOfAvailabilityZones: 3, ...inputs });
const sg = (name: string, inputs: Record<string, any> = {}) => res(SG, name, { vpcId: "web-vpc-id", description: name, ...inputs });
const ingress = (name: string, groupId: string, inputs: Record<string, any>) =>
    res(INGRESS, name, { securityGroupId: groupId, ipProtocol: "tcp", ...inputs });

const trust = (statement: Record<string, any>) => doc({ Effect: "Allow", Action: "sts:AssumeRole", ...statement });

// --- the cases --------------------------------------------------------------------------------

/** A failing and a passing stack per rule; `expected` lists the violations of the failing one: [resource name, message]. */
interface Case {
    env?: Environment;
    fail: PolicyResource[];
    expected: [string, string][];
    pass: PolicyResource[];
}

const CASES: Record<string, Case> = {
    "alb-access-logs": {
        fail: [alb({ accessLogs: { bucket: "web-access-logs" } })],
        expected: [
            ["web-alb", "Access logs are off: accessLogs.enabled is not true (the provider's default is false even with a bucket)."],
        ],
        pass: [alb()],
    },
    "alb-deletion-protection": {
        fail: [alb({ enableDeletionProtection: undefined }, ALB)],
        expected: [
            ["web-alb", "Deletion protection is off (enableDeletionProtection defaults to false): set enableDeletionProtection: true."],
        ],
        pass: [alb({}, ALB), alb({ enableDeletionProtection: UNKNOWN })],
    },
    "alb-drop-invalid-headers": {
        fail: [alb({ dropInvalidHeaderFields: false })],
        expected: [
            [
                "web-alb",
                "Invalid header fields are passed to targets (dropInvalidHeaderFields defaults to false): set dropInvalidHeaderFields: true.",
            ],
        ],
        pass: [alb()],
    },
    "alb-two-azs": {
        fail: [alb({ subnets: ["web-vpc-public-1-id", "web-vpc-public-1-id"] })],
        expected: [["web-alb", "Spans 1 subnet: give subnets in at least two Availability Zones."]],
        pass: [alb(), alb({ subnets: UNKNOWN })],
    },
    "alb-waf": {
        fail: [alb(), alb({ internal: true }, ALB)],
        expected: [
            [
                "web-alb",
                "Internet-facing and not protected by a web ACL: associate a WAFv2 web ACL (aws.wafv2.WebAclAssociation with resourceArn set to the ALB).",
            ],
        ],
        pass: [
            alb(),
            res(WAF, "web-waf", {
                resourceArn: arn.alb("web-alb"),
                webAclArn: "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/web/1",
            }),
        ],
    },
    "listener-https": {
        fail: [alb(), listener("web-http", { port: 80, defaultActions: [FORWARD] })],
        expected: [["web-alb", "Serves plain HTTP only: add an HTTPS listener with an ACM certificate and redirect HTTP to it."]],
        pass: [alb(), https(), listener("web-http", { port: 80, protocol: "HTTP", defaultActions: [REDIRECT] })],
    },
    "listener-redirect-to-https": {
        fail: [
            alb(),
            https(),
            listener("web-http", {
                port: 80,
                protocol: "HTTP",
                defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_302" } }],
            }),
            res(LISTENER_RULE, "web-rule", { listenerArn: arn.listener("web-alb", "web-http"), priority: 10, actions: [FORWARD] }),
        ],
        expected: [
            [
                "web-http",
                'Serves plain HTTP on port 80 although the load balancer has an HTTPS listener: make its default action a redirect to HTTPS with statusCode "HTTP_301".',
            ],
            [
                "web-rule",
                "Serves plain HTTP through listener web-http although the load balancer has an HTTPS listener: attach the rule to the HTTPS listener.",
            ],
        ],
        pass: [
            alb(),
            https(),
            listener("web-http", { port: 80, protocol: "HTTP", defaultActions: [REDIRECT] }, ALB_LISTENER),
            res(LISTENER_RULE, "web-rule", { listenerArn: arn.listener("web-alb", "web-https"), priority: 10, actions: [FORWARD] }),
            // Without a certificate there is nothing to redirect to: plain HTTP is listener-https's concern.
            res(ALB, "other-alb", { loadBalancerType: "application" }),
            res(LISTENER, "other-http", { loadBalancerArn: arn.alb("other-alb"), port: 80, defaultActions: [FORWARD] }),
        ],
    },
    "listener-tls-policy": {
        fail: [
            alb(),
            https({ sslPolicy: undefined }),
            listener("web-https-old", { port: 8443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS-1-1-2017-01" }, ALB_LISTENER),
        ],
        expected: [
            [
                "web-https",
                'Security policy ELBSecurityPolicy-2016-08 (the default) accepts TLS versions below 1.2: set sslPolicy to "ELBSecurityPolicy-TLS13-1-2-2021-06".',
            ],
            [
                "web-https-old",
                'Security policy ELBSecurityPolicy-TLS-1-1-2017-01 accepts TLS versions below 1.2: set sslPolicy to "ELBSecurityPolicy-TLS13-1-2-2021-06".',
            ],
        ],
        pass: [alb(), https(), listener("web-http", { port: 80, defaultActions: [REDIRECT] })],
    },
    "target-group-health-check": {
        fail: [
            targetGroup({ healthCheck: undefined }),
            res(ALB_TG, "api-tg", { port: 8080, protocol: "HTTP", targetType: "ip", healthCheck: { enabled: true, path: "/" } }),
        ],
        expected: [
            [
                "web-tg",
                "Has no explicit health check: set healthCheck { enabled: true, path, matcher, interval, healthyThreshold, unhealthyThreshold }.",
            ],
            ["api-tg", "Health check relies on defaults for matcher: set healthCheck.matcher."],
        ],
        pass: [targetGroup(), res(TG, "fn-tg", { targetType: "lambda" })],
    },
    "target-group-ip-targets": {
        fail: [targetGroup({ targetType: undefined }), service()],
        expected: [["web-tg", 'Registers instance (the default) targets but serves an awsvpc ECS service: set targetType: "ip".']],
        pass: [targetGroup(), service(), res(TG, "ec2-tg", { targetType: "instance", healthCheck })],
    },
    "ecs-container-insights": {
        fail: [cluster([{ name: "containerInsights", value: "disabled" }]), res(CLUSTER, "bare-cluster", {})],
        expected: [
            ["web-cluster", 'Container Insights is disabled: set settings: [{ name: "containerInsights", value: "enabled" }].'],
            [
                "bare-cluster",
                'Container Insights is not enabled (account default): set settings: [{ name: "containerInsights", value: "enabled" }].',
            ],
        ],
        pass: [cluster(), cluster([{ name: "containerInsights", value: "enhanced" }])],
    },
    "ecs-exec-disabled": {
        fail: [service({ enableExecuteCommand: true })],
        expected: [["web-svc", "ECS Exec is enabled: set enableExecuteCommand: false."]],
        pass: [service(), service({ enableExecuteCommand: undefined })],
    },
    "ecs-container-logging": {
        fail: [
            logGroup(),
            task([
                container(),
                container({
                    name: "sidecar",
                    logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "elsewhere", "awslogs-create-group": "true" } },
                }),
                container({ name: "silent", logConfiguration: undefined }),
                container({ name: "fluent", logConfiguration: { logDriver: "awsfirelens" } }),
            ]),
        ],
        expected: [
            [
                "web-task",
                'Container "sidecar": logs to "elsewhere", which this stack does not manage: create the log group in the stack (with retention) and use its name.',
            ],
            ["web-task", 'Container "silent": has no logConfiguration: send its output to a stack log group with the awslogs driver.'],
            ["web-task", 'Container "fluent": logs through "awsfirelens": use the awslogs driver with a log group of this stack.'],
        ],
        pass: [logGroup(), task()],
    },
    "ecs-no-plaintext-secrets": {
        fail: [
            task([
                container({
                    environment: [
                        { name: "LOG_LEVEL", value: "info" },
                        { name: "DB_PASSWORD", value: "hunter2" },
                        { name: "UPLOAD_ID", value: "AKIAIOSFODNN7EXAMPLE" },
                    ],
                }),
            ]),
        ],
        expected: [
            [
                "web-task",
                'Container "app": passes DB_PASSWORD, UPLOAD_ID as plain environment variables: move them to secrets (valueFrom an SSM parameter or Secrets Manager ARN).',
            ],
        ],
        pass: [task()],
    },
    "ecs-no-privileged-or-root": {
        fail: [
            task([
                container({ privileged: true }),
                container({ name: "worker", user: "0:0" }),
                // A root step that is essential, or touches more than its mounts, gets no exception.
                container({ ...volumeStep, name: "init-essential", essential: true }),
                container({ ...volumeStep, name: "init-wide", command: ["chmod", "1777", "/mnt/writable-1", "/etc"] }),
            ]),
        ],
        expected: [
            ["web-task", 'Container "app": runs privileged: remove privileged (or set it to false).'],
            ["web-task", 'Container "worker": runs as "0:0": set user to a non-root UID, e.g. "1000".'],
            ["web-task", 'Container "init-essential": runs as "0": set user to a non-root UID, e.g. "1000".'],
            ["web-task", 'Container "init-wide": runs as "0": set user to a non-root UID, e.g. "1000".'],
        ],
        pass: [task([container(), container({ name: "worker", user: "1000:1000", privileged: false }), container(volumeStep)])],
    },
    "ecs-non-root-user": {
        fail: [task([container({ user: undefined })])],
        expected: [
            [
                "web-task",
                'Container "app": does not set user, so it runs as the image\'s user (root unless the image says otherwise): set user to a non-root UID.',
            ],
        ],
        pass: [task()],
    },
    "ecs-readonly-root": {
        fail: [task([container({ readonlyRootFilesystem: undefined })])],
        expected: [
            [
                "web-task",
                'Container "app": has a writable root filesystem: set readonlyRootFilesystem: true and mount volumes for the paths it writes.',
            ],
        ],
        pass: [task()],
    },
    "ecs-separate-roles": {
        fail: [task(undefined, { taskRoleArn: arn.role("web-exec-role") })],
        expected: [
            ["web-task", `Uses ${arn.role("web-exec-role")} as both execution and task role: give the application its own task role.`],
        ],
        pass: [task(), task(undefined, { taskRoleArn: undefined })],
    },
    "ecs-circuit-breaker": {
        fail: [service({ deploymentCircuitBreaker: { enable: true, rollback: false } })],
        expected: [
            ["web-svc", "Deployment circuit breaker with rollback is off: set deploymentCircuitBreaker: { enable: true, rollback: true }."],
        ],
        pass: [service(), res(SERVICE, "blue-green-svc", { deploymentController: { type: "CODE_DEPLOY" } })],
    },
    "ecs-zero-downtime-deploy": {
        fail: [service({ deploymentMinimumHealthyPercent: 50, deploymentMaximumPercent: 100 })],
        expected: [
            [
                "web-svc",
                "deploymentMinimumHealthyPercent is 50: a deployment may stop running tasks before replacements are healthy; set it to 100.",
            ],
            ["web-svc", "deploymentMaximumPercent is 100: a deployment cannot start a replacement before stopping a task; set it to 200."],
        ],
        pass: [service(), service({ deploymentMinimumHealthyPercent: undefined, deploymentMaximumPercent: undefined })],
    },
    "ecs-grace-period": {
        fail: [service({ healthCheckGracePeriodSeconds: undefined })],
        expected: [["web-svc", "Has no health-check grace period behind its load balancer: set healthCheckGracePeriodSeconds (e.g. 60)."]],
        pass: [service(), res(SERVICE, "worker-svc", { desiredCount: 2 })],
    },
    "ecs-multi-az-subnets": {
        fail: [
            service({
                networkConfiguration: { subnets: ["web-vpc-private-1-id"], securityGroups: ["web-task-sg-id"], assignPublicIp: false },
            }),
        ],
        expected: [["web-svc", "Places tasks in 1 subnet: give subnets in at least two Availability Zones."]],
        pass: [service(), service({ networkConfiguration: { subnets: UNKNOWN } })],
    },
    "ecs-prod-min-tasks": {
        fail: [cluster(), service({ desiredCount: 1 })],
        expected: [["web-svc", "Keeps as few as 1 task: run at least 2 in prod (raise desiredCount)."]],
        // Autoscaled: the scaling target's minimum counts, not the initial desired count.
        pass: [cluster(), service({ desiredCount: 1 }), scalingTarget({ minCapacity: 2 })],
    },
    "ecs-no-public-ip": {
        fail: [service({ networkConfiguration: { subnets: ["a", "b"], securityGroups: ["web-task-sg-id"], assignPublicIp: true } })],
        expected: [
            ["web-svc", "Assigns public IP addresses to tasks: set networkConfiguration.assignPublicIp: false and use private subnets."],
        ],
        pass: [service()],
    },
    "ecs-autoscaled-ignores-desired-count": {
        fail: [cluster(), service({}, { ignoreChanges: [] }), scalingTarget()],
        expected: [
            [
                "web-svc",
                'Is autoscaled but does not ignore changes to desiredCount: add ignoreChanges: ["desiredCount"] to its resource options.',
            ],
        ],
        pass: [cluster(), service(), scalingTarget(), res(SERVICE, "fixed-svc", { cluster: arn.cluster("web-cluster"), desiredCount: 2 })],
    },
    "autoscaling-target-wired": {
        fail: [cluster(), service(), scalingTarget({ resourceId: "service/web-cluster/other-svc" }), cpuPolicy()],
        expected: [
            [
                "web-scaling",
                'Scales "service/web-cluster/other-svc", which is no ECS service of this stack: use "service/<cluster name>/<service name>" of the service it should scale.',
            ],
            [
                "web-cpu-scaling",
                'Acts on ecs "service/web-cluster/web-svc" (ecs:service:DesiredCount), which has no scaling target in this stack: register an aws.appautoscaling.Target with the same resourceId, scalableDimension and serviceNamespace.',
            ],
        ],
        pass: [cluster(), service(), scalingTarget(), cpuPolicy()],
    },
    "autoscaling-bounds": {
        fail: [
            scalingTarget({ minCapacity: 3, maxCapacity: 2 }),
            res(SCHEDULE, "night", { resourceId: "service/web-cluster/web-svc", scalableTargetAction: { minCapacity: 0, maxCapacity: 2 } }),
        ],
        expected: [
            ["web-scaling", "maxCapacity (2) is below minCapacity (3): raise maxCapacity or lower minCapacity."],
            ["night", "scalableTargetAction.minCapacity is 0: keep at least 1 task behind the load balancer."],
        ],
        pass: [
            scalingTarget(),
            res(SCHEDULE, "night", { resourceId: "service/web-cluster/web-svc", scalableTargetAction: { minCapacity: 2, maxCapacity: 4 } }),
        ],
    },
    "autoscaling-sane-targets": {
        fail: [
            cpuPolicy({}, { targetValue: 95 }),
            res(SCALING_POLICY, "web-requests-scaling", {
                targetTrackingScalingPolicyConfiguration: {
                    targetValue: 0,
                    predefinedMetricSpecification: { predefinedMetricType: "ALBRequestCountPerTarget" },
                    scaleInCooldown: -1,
                },
            }),
        ],
        expected: [
            ["web-cpu-scaling", "Targets 95% ECSServiceAverageCPUUtilization: choose a value from 20 to 85."],
            ["web-requests-scaling", "Targets 0: a target-tracking value must be above 0."],
            ["web-requests-scaling", "scaleInCooldown is -1: cooldowns are seconds, 0 or more."],
        ],
        pass: [cpuPolicy()],
    },
    "logs-retention": {
        fail: [logGroup({ retentionInDays: undefined }), logGroup({ retentionInDays: 0 }, "forever")],
        expected: [
            ["web-logs", "Keeps logs forever: set retentionInDays (e.g. 30, or 365 in prod)."],
            ["forever", "Keeps logs forever: set retentionInDays (e.g. 30, or 365 in prod)."],
        ],
        pass: [logGroup({ retentionInDays: 7 })],
    },
    "logs-retention-prod": {
        fail: [logGroup({ retentionInDays: 30 })],
        expected: [["web-logs", "Keeps logs 30 days: keep production logs at least 365 days."]],
        pass: [logGroup(), logGroup({ retentionInDays: 3653 }, "audit")],
    },
    "logs-kms": {
        fail: [logGroup()],
        expected: [
            [
                "web-logs",
                "Is not encrypted with a customer-managed key: set kmsKeyId to a KMS key whose policy allows logs.<region>.amazonaws.com.",
            ],
        ],
        pass: [logGroup({ kmsKeyId: arn.key("logs-key") })],
    },
    "alarm-actions": {
        fail: [
            topic(),
            alarm("muted", { actionsEnabled: false, alarmActions: [] }),
            alarm("elsewhere", { alarmActions: [arn.topic("alarms-topic", "us-west-2")], okActions: undefined }),
        ],
        expected: [
            ["muted", "Has its actions disabled: set actionsEnabled: true."],
            ["muted", "Notifies nobody when it fires: add the stack's alarm topic to alarmActions."],
            [
                "elsewhere",
                `alarmActions names topic ${arn.topic("alarms-topic", "us-west-2")} in us-west-2, but the alarm is in us-east-1: notify a topic in us-east-1.`,
            ],
        ],
        pass: [
            topic(),
            alarm("web-cpu-high"),
            {
                ...alarm("replication-latency", { alarmActions: [arn.topic("replica-topic", "us-west-2")], okActions: [] }),
                region: "us-west-2",
            },
            // A resource whose region the source does not tell (CrossGuard without provider configuration) is not judged.
            { ...alarm("unplaced", { alarmActions: [arn.topic("replica-topic", "us-west-2")], okActions: [] }), region: "" },
        ],
    },
    "alarm-stack-topic": {
        fail: [topic(), alarm("web-cpu-high", { okActions: [arn.topic("ops")] })],
        expected: [
            [
                "web-cpu-high",
                `okActions names topic ${arn.topic("ops")}, which this stack does not manage: notify a topic created in the stack (e.g. the ServiceAlarms topic).`,
            ],
        ],
        pass: [topic(), alarm("web-cpu-high")],
    },
    "alarms-prod-coverage": {
        fail: [alb(), targetGroup(), cluster(), service(), ...replicatedPair()],
        expected: [
            [
                "web-alb",
                "Has no 5xx alarm: alarm on HTTPCode_ELB_5XX_Count (AWS/ApplicationELB, dimension LoadBalancer) and notify the alarm topic.",
            ],
            [
                "web-svc",
                "Has no service alarm: alarm on CPUUtilization, MemoryUtilization (AWS/ECS) or RunningTaskCount (ECS/ContainerInsights) with dimension ServiceName.",
            ],
            ["web-tg", "Has no unhealthy-hosts alarm: alarm on UnHealthyHostCount (AWS/ApplicationELB, dimension TargetGroup)."],
            [
                "data-replication",
                "Has no replication alarm: alarm on OperationsFailedReplication (AWS/S3, dimension SourceBucket data-primary).",
            ],
        ],
        pass: [
            alb(),
            targetGroup(),
            cluster(),
            service(),
            ...replicatedPair(),
            topic(),
            alarm("alb-5xx", {
                metricQueries: [
                    {
                        id: "errors",
                        metric: {
                            namespace: "AWS/ApplicationELB",
                            metricName: "HTTPCode_ELB_5XX_Count",
                            dimensions: { LoadBalancer: "app/web-alb/50dc6c495c0c9188" },
                            period: 60,
                            stat: "Sum",
                        },
                    },
                    { id: "rate", expression: "errors", returnData: true },
                ],
            }),
            alarm("web-cpu", {
                namespace: "AWS/ECS",
                metricName: "CPUUtilization",
                dimensions: { ClusterName: "web-cluster", ServiceName: "web-svc" },
            }),
            alarm("web-unhealthy", {
                namespace: "AWS/ApplicationELB",
                metricName: "UnHealthyHostCount",
                dimensions: { TargetGroup: "targetgroup/web-tg/73e2d6bc24d8a067", LoadBalancer: "app/web-alb/50dc6c495c0c9188" },
            }),
            alarm("replication-failed", {
                namespace: "AWS/S3",
                metricName: "OperationsFailedReplication",
                dimensions: { SourceBucket: "data-primary", DestinationBucket: "data-replica", RuleId: "replicate" },
            }),
        ],
    },
    "sns-encrypted": {
        fail: [topic({ kmsMasterKeyId: undefined })],
        expected: [["alarms-topic", "Is not encrypted: set kmsMasterKeyId to a customer-managed KMS key."]],
        pass: [topic()],
    },
    "sns-alarm-topic-key": {
        fail: [topic({ kmsMasterKeyId: "alias/aws/sns" }), alarm("web-cpu-high")],
        expected: [
            [
                "alarms-topic",
                "Alarms notify it but it is encrypted with alias/aws/sns, which CloudWatch cannot use: encrypt it with a customer-managed key whose policy allows cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey*.",
            ],
        ],
        // A topic no alarm notifies may use the AWS managed key.
        pass: [topic(), alarm("web-cpu-high"), topic({ kmsMasterKeyId: "alias/aws/sns" }, "deploys-topic")],
    },
    "sns-tls-only": {
        fail: [
            topic(),
            topicPolicy([
                {
                    Sid: "Publish",
                    Effect: "Allow",
                    Principal: { Service: "cloudwatch.amazonaws.com" },
                    Action: "sns:Publish",
                    Resource: arn.topic("alarms-topic"),
                },
            ]),
        ],
        expected: [
            [
                "alarms-topic",
                'Accepts publishing without TLS: add a topic policy statement that denies sns:Publish to "*" when aws:SecureTransport is "false".',
            ],
        ],
        pass: [
            topic(),
            topicPolicy([denyInsecure("sns:Publish", arn.topic("alarms-topic"))]),
            topic({ policy: doc(denyInsecure("sns:*", "*")) }, "inline-topic"),
        ],
    },
    "kms-rotation": {
        fail: [key("alarms-key", [ADMIN], { enableKeyRotation: undefined })],
        expected: [["alarms-key", "Does not rotate its key material (enableKeyRotation defaults to false): set enableKeyRotation: true."]],
        pass: [
            key("alarms-key", [ADMIN]),
            key("signing-key", [ADMIN], { enableKeyRotation: undefined, customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" }),
        ],
    },
    "kms-explicit-policy": {
        fail: [key("alarms-key", undefined)],
        expected: [
            [
                "alarms-key",
                "Has no explicit key policy: set policy to a document that names the account administrators and the services that use the key.",
            ],
        ],
        pass: [
            key("alarms-key", [ADMIN]),
            key("other-key", undefined),
            res(KEY_POLICY, "other-key-policy", { keyId: "other-key-id", policy: doc(ADMIN) }),
        ],
    },
    "kms-grants-users": {
        fail: [
            key("logs-key", [ADMIN]),
            logGroup({ kmsKeyId: arn.key("logs-key") }),
            key("alarms-key", [ADMIN]),
            res(ALIAS, "alarms-key-alias", { name: "alias/alarms", targetKeyId: "alarms-key-id" }),
            topic({ kmsMasterKeyId: "alias/alarms" }),
            alarm("web-cpu-high"),
        ],
        expected: [
            [
                "logs-key",
                "Is used by web-logs but its policy does not allow logs.us-east-1.amazonaws.com kms:Encrypt, kms:Decrypt, kms:GenerateDataKey: add an Allow statement for that service principal.",
            ],
            [
                "alarms-key",
                "Is used by alarms-topic but its policy does not allow cloudwatch.amazonaws.com kms:Decrypt, kms:GenerateDataKey: add an Allow statement for that service principal.",
            ],
        ],
        pass: [
            key("logs-key", [
                ADMIN,
                {
                    Effect: "Allow",
                    Principal: { Service: "logs.us-east-1.amazonaws.com" },
                    Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                    Resource: "*",
                },
            ]),
            logGroup({ kmsKeyId: arn.key("logs-key") }),
            key("alarms-key", [ADMIN, CLOUDWATCH_USES_KEY]),
            res(ALIAS, "alarms-key-alias", { name: "alias/alarms", targetKeyId: "alarms-key-id" }),
            topic({ kmsMasterKeyId: "alias/alarms" }),
            alarm("web-cpu-high"),
        ],
    },
    "s3-public-access-block": {
        fail: [
            bucket("data"),
            pab("data", { restrictPublicBuckets: undefined, ignorePublicAcls: false }),
            bucket("open", { acl: "public-read" }),
        ],
        expected: [
            ["data-public-access", "Leaves ignorePublicAcls, restrictPublicBuckets off (unset means false): set all four to true."],
            ["open", 'Has the public canned ACL "public-read": remove acl (owner-enforced buckets use no ACLs).'],
            [
                "open",
                "Has no public access block: add an aws.s3.BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets all true.",
            ],
        ],
        pass: [bucket("data"), pab("data"), res(BUCKET_V2, "legacy", {}), pab("legacy")],
    },
    "s3-owner-enforced": {
        fail: [
            bucket("data"),
            res(OWNERSHIP, "data-ownership", { bucket: "data-id", rule: { objectOwnership: "ObjectWriter" } }),
            bucket("bare"),
        ],
        expected: [
            ["data", 'Has object ownership ObjectWriter: set objectOwnership to "BucketOwnerEnforced".'],
            ["bare", 'Has no ownership controls: add an aws.s3.BucketOwnershipControls with objectOwnership "BucketOwnerEnforced".'],
        ],
        pass: [bucket("data"), res(OWNERSHIP, "data-ownership", { bucket: "data-id", rule: { objectOwnership: "BucketOwnerEnforced" } })],
    },
    "s3-tls-only": {
        fail: [
            bucket("data"),
            bucketPolicy("data", [
                { Sid: "Read", Effect: "Allow", Principal: { AWS: ROOT }, Action: "s3:GetObject", Resource: `${arn.bucket("data")}/*` },
            ]),
            bucket("bare"),
        ],
        expected: [
            [
                "data",
                'Accepts requests without TLS: add a bucket policy statement that denies s3:* to "*" on the bucket and its objects when aws:SecureTransport is "false".',
            ],
            [
                "bare",
                'Accepts requests without TLS: add a bucket policy statement that denies s3:* to "*" on the bucket and its objects when aws:SecureTransport is "false".',
            ],
        ],
        pass: [
            bucket("data"),
            tlsOnly("data"),
            bucket("inline", { policy: doc(denyInsecure("s3:*", [arn.bucket("inline"), `${arn.bucket("inline")}/*`])) }),
        ],
    },
    "s3-replication-versioning": {
        fail: replicatedPair().filter((r) => r.name !== "data-replica-versioning"),
        expected: [
            [
                "data-replica",
                'Takes part in replication data-replication but is not versioned: add an aws.s3.BucketVersioning with status "Enabled".',
            ],
        ],
        pass: [
            ...replicatedPair().filter((r) => r.name !== "data-replica-versioning"),
            versioning("data-replica", "Enabled", VERSIONING_V2),
        ],
    },
    "s3-cross-region-replication": {
        fail: [bucket("uploads"), ...replicatedPair().map((r) => (r.name === "data-replica" ? { ...r, region: REGION } : r))],
        expected: [
            [
                "uploads",
                "Holds data in us-east-1 only: replicate it to a bucket in another region (e.g. ReplicatedBucket with replicaRegion).",
            ],
            ["data-primary", "Replicates only within us-east-1: replicate it to a bucket in another region."],
        ],
        // The ALB's access-log bucket holds logs, not data.
        pass: [...replicatedPair(), alb(), bucket("web-access-logs")],
    },
    "s3-kms-replication": {
        fail: [
            ...replicatedPair().filter((r) => !["data-replication", "replication-policy", "primary-key"].includes(r.name)),
            key("primary-key", [{ ...ADMIN, Principal: { AWS: "arn:aws:iam::999999999999:role/auditor" } }]),
            replication([replicationRule({ sourceSelectionCriteria: {} }, { encryptionConfiguration: undefined })]),
            res(ROLE_POLICY, "replication-policy", { role: "replication-role-id", policy: doc(REPLICATION_GRANTS[0]) }),
        ],
        expected: [
            [
                "data-replication",
                'Rule "replicate" skips KMS-encrypted objects, and data-primary encrypts with KMS: set sourceSelectionCriteria.sseKmsEncryptedObjects.status "Enabled".',
            ],
            ["data-replication", 'Rule "replicate" names no replica key: set destination.encryptionConfiguration.replicaKmsKeyId.'],
            [
                "replication-role",
                "May not kms:Decrypt with key primary-key, which replication data-replication needs: allow kms:Decrypt on the key's ARN.",
            ],
            [
                "primary-key",
                "Its policy lets neither replication-role nor its account kms:Decrypt, which replication data-replication needs: add a statement for the role.",
            ],
        ],
        pass: replicatedPair(),
    },
    "s3-lifecycle": {
        fail: [
            bucket("data"),
            versioning("data"),
            lifecycle("data", [{ id: "abort", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }]),
            bucket("bare"),
            lifecycle("bare", [{ id: "off", status: "Disabled", expiration: { days: 30 } }]),
        ],
        expected: [
            ["data", "Is versioned but never expires noncurrent versions: add a lifecycle rule with noncurrentVersionExpiration."],
            [
                "bare",
                "Has no enabled lifecycle rule: add an aws.s3.BucketLifecycleConfiguration (expire objects or abort incomplete uploads at least).",
            ],
        ],
        pass: [
            bucket("data"),
            versioning("data"),
            lifecycle("data"),
            bucket("inline", { lifecycleRules: [{ enabled: true, expiration: { days: 30 } }] }),
        ],
    },
    "s3-retained-in-prod": {
        fail: [
            bucket("scratch", { forceDestroy: true }),
            bucket("data", {}, { options: { protect: false, retainOnDelete: false, ignoreChanges: [] } }),
        ],
        expected: [
            ["scratch", "pulumi destroy would delete it with every object (forceDestroy: true): set forceDestroy: false."],
            ["data", "Would be deleted with the stack: set the resource option retainOnDelete: true (or protect: true)."],
        ],
        pass: [
            bucket("data"),
            bucket("ledger", {}, { options: { protect: true, retainOnDelete: false, ignoreChanges: [] } }),
            // Log buckets may go with the stack; CrossGuard cannot tell retainOnDelete, so it is not judged there.
            alb(),
            bucket("web-access-logs", {}, { options: { protect: false, retainOnDelete: false, ignoreChanges: [] } }),
            bucket("crossguard", {}, { options: { protect: false, ignoreChanges: [] } }),
        ],
    },
    "network-two-azs": {
        env: "dev",
        fail: [awsxVpc({ numberOfAvailabilityZones: 1 })],
        expected: [["web-vpc", "Spans 1 Availability Zone: use at least 2."]],
        pass: [awsxVpc({ numberOfAvailabilityZones: 2 }), awsxVpc({ numberOfAvailabilityZones: undefined }, "default-vpc")],
    },
    "network-three-azs-prod": {
        fail: [
            res(VPC, "main", { cidrBlock: "10.0.0.0/16" }),
            res(SUBNET, "main-a", { vpcId: "main-id", availabilityZone: "us-east-1a" }),
            res(SUBNET, "main-b", { vpcId: "main-id", availabilityZone: "us-east-1b" }),
            res(SUBNET, "main-c", { vpcId: "main-id", availabilityZone: "us-east-1b" }),
        ],
        expected: [["main", "Spans 2 Availability Zones: use at least 3 in prod."]],
        pass: [
            awsxVpc({ numberOfAvailabilityZones: undefined }),
            awsxVpc({ availabilityZoneNames: ["us-east-1a", "us-east-1b", "us-east-1c"] }, "named"),
        ],
    },
    "network-no-world-ingress": {
        fail: [
            alb(),
            https(),
            sg("web-alb-sg"),
            sg("app-sg", { ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] }),
            ingress("alb-in-8080", "web-alb-sg-id", { fromPort: 8080, toPort: 8080, cidrIpv4: "0.0.0.0/0" }),
            res(SG_RULE, "ssh", {
                type: "ingress",
                securityGroupId: "app-sg-id",
                protocol: "tcp",
                fromPort: 22,
                toPort: 22,
                ipv6CidrBlocks: ["::/0"],
            }),
        ],
        expected: [
            [
                "alb-in-8080",
                "Opens tcp port 8080 of web-alb-sg to the internet: allow only the load balancer's listener ports from 0.0.0.0/0, and everything else from security groups or private ranges.",
            ],
            [
                "ssh",
                "Opens tcp port 22 of app-sg to the internet: allow only the load balancer's listener ports from 0.0.0.0/0, and everything else from security groups or private ranges.",
            ],
            [
                "app-sg",
                "Opens all traffic of app-sg to the internet: allow only the load balancer's listener ports from 0.0.0.0/0, and everything else from security groups or private ranges.",
            ],
        ],
        pass: [
            alb(),
            https(),
            listener("web-http", { port: 80, defaultActions: [REDIRECT] }),
            sg("web-alb-sg"),
            ingress("alb-in-443", "web-alb-sg-id", { fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" }),
            ingress("alb-in-80", "web-alb-sg-id", { fromPort: 80, toPort: 80, cidrIpv6: "::/0" }),
            sg("app-sg"),
            ingress("app-from-vpc", "app-sg-id", { fromPort: 8080, toPort: 8080, cidrIpv4: "10.0.0.0/16" }),
        ],
    },
    "network-task-ingress-from-alb": {
        fail: [
            alb(),
            sg("web-alb-sg"),
            sg("web-task-sg"),
            sg("bastion-sg"),
            service(),
            ingress("task-from-vpc", "web-task-sg-id", { fromPort: 8080, toPort: 8080, cidrIpv4: "10.0.0.0/16" }),
            ingress("task-from-bastion", "web-task-sg-id", { fromPort: 8080, toPort: 8080, referencedSecurityGroupId: "bastion-sg-id" }),
        ],
        expected: [
            [
                "task-from-vpc",
                "Opens tcp port 8080 of web-task-sg (a task security group) to 10.0.0.0/16: admit only the load balancer's security group.",
            ],
            [
                "task-from-bastion",
                "Opens tcp port 8080 of web-task-sg (a task security group) to bastion-sg-id, which is no load balancer's security group: admit only the load balancer's.",
            ],
        ],
        pass: [
            alb(),
            sg("web-alb-sg"),
            sg("web-task-sg"),
            service(),
            ingress("task-from-alb", "web-task-sg-id", { fromPort: 8080, toPort: 8080, referencedSecurityGroupId: "web-alb-sg-id" }),
        ],
    },
    "network-flow-logs": {
        fail: [awsxVpc()],
        expected: [["web-vpc", 'Records no flow logs: add an aws.ec2.FlowLog for the VPC (trafficType "ALL").']],
        pass: [
            awsxVpc(),
            res(FLOW_LOG, "web-flow-log", { vpcId: "web-vpc-id", trafficType: "ALL", logDestinationType: "cloud-watch-logs" }),
        ],
    },
    "network-default-sg-closed": {
        fail: [
            awsxVpc(),
            awsxVpc({}, "other-vpc"),
            res(DEFAULT_SG, "other-default-sg", {
                vpcId: "other-vpc-id",
                ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }],
                egress: [],
            }),
        ],
        expected: [
            [
                "web-vpc",
                "Leaves its default security group open (AWS allows all traffic within it and all egress): add an aws.ec2.DefaultSecurityGroup for the VPC without ingress or egress rules.",
            ],
            ["other-default-sg", "Keeps rules in the VPC's default security group: remove its ingress and egress rules."],
        ],
        // Without rule blocks the provider removes every rule of the default group.
        pass: [
            awsxVpc(),
            res(DEFAULT_SG, "web-default-sg", { vpcId: "web-vpc-id", ingress: [], egress: [] }),
            awsxVpc({}, "other-vpc"),
            res(DEFAULT_SG, "other-default-sg", { vpcId: "other-vpc-id" }),
        ],
    },
    "iam-trust-no-wildcard": {
        fail: [res(ROLE, "open-role", { assumeRolePolicy: trust({ Principal: "*", Action: "sts:*" }) })],
        expected: [
            ["open-role", "Its trust policy lets any principal assume it: name the service or account that should."],
            ["open-role", "Its trust policy allows every STS action: allow sts:AssumeRole (or the one action needed)."],
        ],
        pass: [res(ROLE, "task-role", { assumeRolePolicy: trust({ Principal: { Service: "ecs-tasks.amazonaws.com" } }) })],
    },
    "iam-trust-confused-deputy": {
        fail: [res(ROLE, "replication-role", { assumeRolePolicy: trust({ Principal: { Service: "s3.amazonaws.com" } }) })],
        expected: [
            [
                "replication-role",
                "Trusts s3.amazonaws.com without aws:SourceAccount or aws:SourceArn: add a condition naming this account or the source resource.",
            ],
        ],
        pass: [
            res(ROLE, "task-role", {
                assumeRolePolicy: trust({
                    Principal: { Service: "ecs-tasks.amazonaws.com" },
                    Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
                }),
            }),
            res(ROLE, "deploy-role", { assumeRolePolicy: trust({ Principal: { AWS: ROOT } }) }),
        ],
    },
    "iam-no-wildcards": {
        fail: [
            res(ROLE, "app-role", {
                inlinePolicies: [{ name: "all", policy: doc({ Effect: "Allow", Action: "*", Resource: arn.bucket("data") }) }],
            }),
            res(ROLE_POLICY, "app-policy", {
                role: "app-role-id",
                policy: doc(
                    { Sid: "Everything", Effect: "Allow", Action: ["s3:*", "sqs:SendMessage"], Resource: "*" },
                    { Sid: "AllBut", Effect: "Allow", NotAction: "iam:*", Resource: arn.bucket("data") },
                ),
            }),
        ],
        expected: [
            ["app-role", "inlinePolicies[0] statement allows *: list the actions it needs."],
            ["app-policy", 'Statement "Everything" allows s3:*: list the actions it needs.'],
            ["app-policy", 'Statement "Everything" grants s3:*, sqs:SendMessage on every resource ("*"): name the ARNs it needs.'],
            ["app-policy", 'Statement "AllBut" allows through NotAction or NotResource: list the actions and resources it needs.'],
        ],
        pass: [
            res(ROLE_POLICY, "exec-policy", {
                role: "exec-role-id",
                policy: doc(
                    { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
                    {
                        Sid: "Logs",
                        Effect: "Allow",
                        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                        Resource: "arn:aws:logs:us-east-1:123456789012:log-group:web-logs:log-stream:*",
                    },
                    { Sid: "DenyAll", Effect: "Deny", Action: "*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } },
                ),
            }),
        ],
    },
    "iam-managed-policy-allow-list": {
        fail: [
            res(ROLE, "app-role", { managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonS3FullAccess"] }),
            res(ATTACHMENT, "admin", { role: "app-role-id", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }),
        ],
        expected: [
            [
                "app-role",
                "Attaches the AWS managed policy AmazonS3FullAccess: write a policy scoped to what the role needs (allowed managed policies: service-role/AmazonECSTaskExecutionRolePolicy, CloudWatchAgentServerPolicy, AWSXRayDaemonWriteAccess).",
            ],
            [
                "admin",
                "Attaches the AWS managed policy AdministratorAccess: write a policy scoped to what the role needs (allowed managed policies: service-role/AmazonECSTaskExecutionRolePolicy, CloudWatchAgentServerPolicy, AWSXRayDaemonWriteAccess).",
            ],
        ],
        pass: [
            res(ROLE, "exec-role", { managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"] }),
            res(ATTACHMENT, "own", { role: "exec-role-id", policyArn: `arn:aws:iam::${ACCOUNT}:policy/app-read` }),
        ],
    },
    "no-public-principals": {
        fail: [
            bucket("site"),
            bucketPolicy("site", [
                { Sid: "PublicRead", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${arn.bucket("site")}/*` },
            ]),
            key("open-key", [ADMIN, { Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*" }]),
        ],
        expected: [
            [
                "site-policy",
                'Statement "PublicRead" allows s3:GetObject to everyone: name the principals, or narrow it with aws:SourceAccount, aws:SourceArn or aws:PrincipalOrgID.',
            ],
            [
                "open-key",
                "A statement allows kms:Decrypt to everyone: name the principals, or narrow it with aws:SourceAccount, aws:SourceArn or aws:PrincipalOrgID.",
            ],
        ],
        pass: [
            bucket("data"),
            tlsOnly("data"),
            topic(),
            topicPolicy([
                {
                    Effect: "Allow",
                    Principal: "*",
                    Action: "sns:Publish",
                    Resource: arn.topic("alarms-topic"),
                    Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
                },
            ]),
        ],
    },
};

/** More scenarios of some rules: [rule id, what differs, case]. */
const MORE_CASES: [string, string, Case][] = [
    [
        "s3-kms-replication",
        "when the replica bucket uses S3 Bucket Keys, which make S3 decrypt with the replica key too",
        {
            fail: [...replicatedPair(), kmsEncryption("data-replica", "replica-key")],
            expected: [
                [
                    "replication-role",
                    "May not kms:Decrypt with key replica-key, which replication data-replication needs: allow kms:Decrypt on the key's ARN.",
                ],
            ],
            pass: [
                ...replicatedPair().filter((r) => r.name !== "replication-policy"),
                kmsEncryption("data-replica", "replica-key"),
                res(ROLE_POLICY, "replication-policy", {
                    role: "replication-role-id",
                    policy: doc(...REPLICATION_GRANTS.slice(0, 2), { ...REPLICATION_GRANTS[2], Action: ["kms:Encrypt", "kms:Decrypt"] }),
                }),
            ],
        },
    ],
    [
        "ecs-prod-min-tasks",
        "with the scaling target joined through CrossGuard's property dependencies",
        {
            fail: [
                service({ desiredCount: 1 }),
                { ...scalingTarget({ minCapacity: 1, resourceId: UNKNOWN }), propertyDependencies: { resourceId: [service().urn] } },
            ],
            expected: [["web-svc", "Keeps as few as 1 task: run at least 2 in prod (raise the scaling target's minCapacity)."]],
            pass: [
                service({ desiredCount: 1 }),
                { ...scalingTarget({ minCapacity: 2, resourceId: UNKNOWN }), propertyDependencies: { resourceId: [service().urn] } },
            ],
        },
    ],
];

/** The violations of one rule in a stack, as [resource name, message]. */
function findings(ruleId: string, resources: PolicyResource[], env: Environment): [string, string][] {
    const rule = ruleById(ruleId)!;
    return evaluate(resources, env, [rule]).map((v) => [v.resourceName, v.message]);
}

describe("policy rules", () => {
    for (const rule of RULES) {
        const c = CASES[rule.id];
        const env = c?.env ?? "prod";
        it(`${rule.id} reports the resources of its failing fixture with exact messages`, () => {
            assert.deepEqual(findings(rule.id, c.fail, env), c.expected);
        });
        it(`${rule.id} reports nothing for its passing fixture`, () => {
            assert.deepEqual(findings(rule.id, c.pass, env), []);
        });
    }
    for (const [id, label, c] of MORE_CASES) {
        it(`${id} reports the resources of its failing fixture ${label}`, () => {
            assert.deepEqual(findings(id, c.fail, c.env ?? "prod"), c.expected);
        });
        it(`${id} reports nothing for its passing fixture ${label}`, () => {
            assert.deepEqual(findings(id, c.pass, c.env ?? "prod"), []);
        });
    }

    it("has a failing and a passing fixture for every rule, and none for rules that do not exist", () => {
        assert.deepEqual(Object.keys(CASES).sort(), RULES.map((r) => r.id).sort());
        for (const [id, c] of Object.entries(CASES)) assert.ok(c.expected.length > 0 && c.pass.length > 0, id);
    });

    it("reports nothing for a stack without resources, in every environment", () => {
        for (const env of ENVIRONMENTS) assert.deepEqual(evaluate([], env), []);
    });

    it("reports nothing for a stack of resources no rule is about", () => {
        const other = [res("aws:route53/record:Record", "www", { type: "A" }), res("elastic-web:aws:ElasticStack", "web", {})];
        for (const env of ENVIRONMENTS) assert.deepEqual(evaluate(other, env), []);
    });
});

describe("policy rule metadata", () => {
    it("gives every rule a unique id, a description, sources and a severity", () => {
        assert.equal(new Set(RULES.map((r) => r.id)).size, RULES.length);
        for (const r of RULES) {
            assert.match(r.id, /^[a-z0-9]+(-[a-z0-9]+)*$/, r.id);
            assert.ok(r.description.length > 20, r.id);
            assert.ok(r.sources.length > 0, r.id);
            assert.ok(["high", "medium", "low"].includes(r.severity), r.id);
        }
    });

    it("makes a rule mandatory only in environments it applies in", () => {
        for (const r of RULES) {
            for (const env of r.mandatoryIn)
                assert.ok(r.appliesIn.includes(env), `${r.id} is mandatory in ${env} but does not apply there`);
        }
    });

    it("explains in its description why each rule without a mandatory environment is advisory", () => {
        const advisory = RULES.filter((r) => r.mandatoryIn.length === 0).map((r) => r.id);
        assert.deepEqual(advisory, ["alb-waf", "ecs-non-root-user", "logs-kms"]);
        for (const id of advisory) assert.match(ruleById(id)!.description, /[Aa]dvisory/, id);
    });

    it("lists every rule in policy/README.md with its severity, environments and sources", () => {
        const envs = (xs: readonly string[]) => (xs.length === 0 ? "—" : xs.join(", "));
        const rows = RULES.map(
            (r) =>
                `| \`${r.id}\` | ${r.severity} | ${envs(r.mandatoryIn)} | ${r.appliesIn.length === ENVIRONMENTS.length ? "all" : envs(r.appliesIn)} | ${r.sources.join("; ")} |`,
        );
        const readme = fs.readFileSync(path.join(__dirname, "..", "policy", "README.md"), "utf8").split("\n");
        assert.deepEqual(
            readme.filter((line) => /^\| `/.test(line)),
            rows,
        );
    });

    it("cites only confirmed cdk-nag and checkov ids", () => {
        const cited = new Set(
            RULES.flatMap((r) => r.sources)
                .filter((s) => /^(cdk-nag AwsSolutions|checkov)/.test(s))
                .map((s) => s.split(" ")[1]),
        );
        assert.deepEqual(
            [...cited].sort(),
            [
                "AwsSolutions-ECS4",
                "AwsSolutions-ECS7",
                "AwsSolutions-EC23",
                "AwsSolutions-ELB2",
                "AwsSolutions-IAM4",
                "AwsSolutions-IAM5",
                "AwsSolutions-KMS5",
                "AwsSolutions-S10",
                "AwsSolutions-S2",
                "AwsSolutions-SNS2",
                "AwsSolutions-VPC7",
                "CKV2_AWS_11",
                "CKV2_AWS_20",
                "CKV2_AWS_28",
                "CKV2_AWS_51",
                "CKV2_AWS_61",
                "CKV2_AWS_64",
                "CKV2_AWS_65",
                "CKV_AWSCC_76",
                "CKV_AWS_103",
                "CKV_AWS_131",
                "CKV_AWS_144",
                "CKV_AWS_150",
                "CKV_AWS_158",
                "CKV_AWS_2",
                "CKV_AWS_21",
                "CKV_AWS_249",
                "CKV_AWS_26",
                "CKV_AWS_319",
                "CKV_AWS_33",
                "CKV_AWS_333",
                "CKV_AWS_336",
                "CKV_AWS_338",
                "CKV_AWS_355",
                "CKV_AWS_60",
                "CKV_AWS_63",
                "CKV_AWS_65",
                "CKV_AWS_66",
                "CKV_AWS_7",
                "CKV_AWS_91",
            ].sort(),
        );
    });
});

describe("evaluate", () => {
    const deletion = [alb({ enableDeletionProtection: false })];

    it("marks a violation mandatory only in the environments the rule lists", () => {
        const rule = ruleById("alb-deletion-protection")!;
        assert.deepEqual(
            ENVIRONMENTS.map((env) => evaluate(deletion, env, [rule]).map((v) => v.mandatory)),
            [[false], [false], [true]],
        );
    });

    it("does not evaluate a rule outside the environments it applies in", () => {
        const exec = [service({ enableExecuteCommand: true })];
        assert.deepEqual(
            ENVIRONMENTS.map((env) => evaluate(exec, env, [ruleById("ecs-exec-disabled")!]).map((v) => v.mandatory)),
            [[], [false], [true]],
        );
    });

    it("returns the violation with its rule, severity, resource and message", () => {
        assert.deepEqual(evaluate(deletion, "prod", [ruleById("alb-deletion-protection")!]), [
            {
                ruleId: "alb-deletion-protection",
                severity: "medium",
                mandatory: true,
                resource: "urn:pulumi:prod::elastic-web::aws:lb/loadBalancer:LoadBalancer::web-alb",
                resourceName: "web-alb",
                resourceType: LB,
                message: "Deletion protection is off (enableDeletionProtection defaults to false): set enableDeletionProtection: true.",
            },
        ]);
    });

    it("refuses an unknown environment", () => {
        assert.throws(() => evaluate([], "qa" as Environment), {
            message: 'evaluate: unknown environment "qa"; use one of dev, staging, prod.',
        });
    });

    it("joins through CrossGuard's property dependencies when values are unknown at preview", () => {
        const vpc = awsxVpc();
        const flowLog = res(FLOW_LOG, "flow", { vpcId: UNKNOWN }, { propertyDependencies: { vpcId: [vpc.urn] } });
        assert.deepEqual(findings("network-flow-logs", [vpc, flowLog], "prod"), []);
        assert.deepEqual(
            findings("network-flow-logs", [vpc, { ...flowLog, propertyDependencies: {} }], "prod").map(([n]) => n),
            ["web-vpc"],
        );
    });

    it("records unknown values as the string synth uses", () => {
        assert.equal(UNKNOWN, SYNTH_UNKNOWN);
    });

    it("tells whether any violation is mandatory", () => {
        assert.equal(hasMandatory(evaluate(deletion, "prod")), true);
        assert.equal(hasMandatory(evaluate(deletion, "dev")), false);
        assert.equal(hasMandatory([]), false);
    });
});

describe("formatFindings", () => {
    it("says there are none when there are none", () => {
        assert.deepEqual(formatFindings([]), ["Policy findings: none"]);
    });

    it("groups findings by severity, high first, mandatory before advisory", () => {
        const v = (ruleId: string, severity: Violation["severity"], mandatory: boolean, resourceName: string): Violation => ({
            ruleId,
            severity,
            mandatory,
            resource: `urn:${resourceName}`,
            resourceName,
            resourceType: LB,
            message: `${ruleId} message`,
        });
        assert.deepEqual(
            formatFindings([
                v("alb-waf", "medium", false, "web-alb"),
                v("logs-kms", "low", false, "web-logs"),
                v("alb-deletion-protection", "medium", true, "web-alb"),
                v("listener-tls-policy", "high", true, "web-https"),
            ]),
            [
                "Policy findings: 2 mandatory, 2 advisory",
                "  high:",
                "    MANDATORY  listener-tls-policy  web-https (aws:lb/loadBalancer:LoadBalancer)",
                "               listener-tls-policy message",
                "  medium:",
                "    MANDATORY  alb-deletion-protection  web-alb (aws:lb/loadBalancer:LoadBalancer)",
                "               alb-deletion-protection message",
                "    advisory   alb-waf  web-alb (aws:lb/loadBalancer:LoadBalancer)",
                "               alb-waf message",
                "  low:",
                "    advisory   logs-kms  web-logs (aws:lb/loadBalancer:LoadBalancer)",
                "               logs-kms message",
            ],
        );
    });
});

describe("environmentOf", () => {
    it("takes elastic-web:environment, else the stack name, else prod", () => {
        assert.equal(environmentOf({ "elastic-web:environment": "staging" }, "prod"), "staging");
        assert.equal(environmentOf({}, "dev"), "dev");
        assert.equal(environmentOf({ "elastic-web:environment": "qa" }, "feature-x"), "prod");
    });
});

/** A resource as CrossGuard hands it to a stack policy: props behind the proxy that throws on unknown values. */
function crossGuard(
    r: PolicyResource,
    props: Record<string, unknown> = r.inputs,
    extra: Partial<CrossGuardResource> = {},
): CrossGuardResource {
    return {
        type: r.type,
        name: r.name,
        urn: r.urn,
        props: unknownCheckingProxy(props),
        opts: {
            protect: r.options.protect,
            ignoreChanges: r.options.ignoreChanges,
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
        },
        dependencies: [],
        propertyDependencies: {},
        isType: () => false,
        asType: () => undefined,
        ...extra,
    } as CrossGuardResource;
}

describe("CrossGuard adapter", () => {
    it("copies props into plain data and records values unknown at preview as the plan does", () => {
        const props = unknownCheckingProxy({ name: "web", arn: unknownStringValue, nested: { list: ["a", unknownStringValue] } });
        assert.deepEqual(plainValue(props), { name: "web", arn: UNKNOWN, nested: { list: ["a", UNKNOWN] } });
    });

    it("converts a resource with its region, options and property dependencies; retainOnDelete stays unknown", () => {
        const vpc = awsxVpc();
        const provider = {
            type: "pulumi:providers:aws",
            name: "replica",
            urn: "urn:provider",
            props: unknownCheckingProxy({ region: "us-west-2" }),
        };
        const flow = res(
            FLOW_LOG,
            "flow",
            { vpcId: unknownStringValue },
            { options: { protect: true, retainOnDelete: false, ignoreChanges: ["tags"] } },
        );
        const converted = toPolicyResource(
            crossGuard(flow, flow.inputs, {
                provider,
                propertyDependencies: { vpcId: [crossGuard(vpc)] },
                opts: { ...crossGuard(flow).opts, parent: "urn:parent" },
            }),
        );
        assert.deepEqual(converted, {
            urn: flow.urn,
            type: FLOW_LOG,
            name: "flow",
            parent: "urn:parent",
            region: "us-west-2",
            inputs: { vpcId: UNKNOWN },
            options: { protect: true, retainOnDelete: undefined, ignoreChanges: ["tags"] },
            propertyDependencies: { vpcId: [vpc.urn] },
        });
    });

    it("infers the environment from the variable, then the stack tag, then resource tags, then the stack name, then prod", () => {
        const tagged = (env: string) => res(LOG_GROUP, `logs-${env}`, { tags: { environment: env } });
        const inStack = (stack: string) => ({ ...res(LOG_GROUP, "logs"), urn: `urn:pulumi:${stack}::elastic-web::${LOG_GROUP}::logs` });
        assert.equal(inferEnvironment([tagged("dev")], new Map([["environment", "staging"]]), { [ENVIRONMENT_VARIABLE]: "prod" }), "prod");
        assert.equal(inferEnvironment([tagged("dev")], new Map([["environment", "staging"]]), {}), "staging");
        assert.equal(inferEnvironment([tagged("dev"), tagged("dev"), tagged("prod")], new Map(), {}), "dev");
        assert.equal(inferEnvironment([inStack("staging")], new Map(), {}), "staging");
        assert.equal(inferEnvironment([inStack("feature-x")], new Map(), {}), "prod");
        assert.throws(() => inferEnvironment([], new Map(), { [ENVIRONMENT_VARIABLE]: "qa" }), {
            message: `${ENVIRONMENT_VARIABLE}="qa" names no environment; use one of dev, staging, prod.`,
        });
    });

    it("serves each rule as a mandatory and an advisory policy", () => {
        const policies = crossGuardPolicies(RULES, {});
        assert.equal(policies.length, RULES.length * 2);
        const deletion = policies.filter((p) => p.name.startsWith("alb-deletion-protection"));
        assert.deepEqual(
            deletion.map((p) => [p.name, p.enforcementLevel, p.severity]),
            [
                ["alb-deletion-protection", "mandatory", "medium"],
                ["alb-deletion-protection-advisory", "advisory", "medium"],
            ],
        );
        assert.match(deletion[0].description, /Sources: checkov CKV_AWS_150\.$/);
    });

    it("reports a violation through the policy of its level in the stack's environment", () => {
        const [mandatory, advisory] = crossGuardPolicies([ruleById("alb-deletion-protection")!], {});
        const lb = alb({ enableDeletionProtection: false, tags: { environment: "prod" } });
        const run = (policy: typeof mandatory, env: string) => {
            const reported: [string, string | undefined][] = [];
            const resource = crossGuard({ ...lb, inputs: { ...lb.inputs, tags: { environment: env } } });
            policy.validateStack(
                {
                    resources: [resource],
                    stackTags: new Map(),
                    getConfig: () => ({}) as never,
                    notApplicable: () => {
                        throw new Error("n/a");
                    },
                },
                (message, urn) => reported.push([message, urn]),
            );
            return reported;
        };
        const message: [string, string] = [
            "web-alb: Deletion protection is off (enableDeletionProtection defaults to false): set enableDeletionProtection: true.",
            lb.urn,
        ];
        assert.deepEqual(run(mandatory, "prod"), [message]);
        assert.deepEqual(run(advisory, "prod"), []);
        assert.deepEqual(run(mandatory, "dev"), []);
        assert.deepEqual(run(advisory, "dev"), [message]);
    });
});
