/**
 * The prod stack of elastic-web written with AWS CDK v2, for `npm run bench -- --cdk`: an
 * ALB-fronted Fargate service with CPU, memory, request and scheduled scaling, a 3-AZ VPC with
 * flow logs, a KMS-encrypted bucket replicated to a bucket in another region, five alarms on an
 * encrypted SNS topic and a dashboard.
 *
 * Prints one JSON line: resources in the synthesized templates, the time to load aws-cdk-lib,
 * build the constructs and run `app.synth()` (milliseconds; `workMs` and `workCpuMs` are the
 * synth's wall and CPU time), and the peak RSS (KB).
 */
const t0 = performance.now();
import * as cdk from "aws-cdk-lib";
import * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as applicationautoscaling from "aws-cdk-lib/aws-applicationautoscaling";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as patterns from "aws-cdk-lib/aws-ecs-patterns";
import * as elbv2 from "aws-cdk-lib/aws-elasticloadbalancingv2";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as logs from "aws-cdk-lib/aws-logs";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import type { Construct } from "constructs";
const t1 = performance.now();

const ACCOUNT = "123456789012";
const CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";
const IMAGE = "public.ecr.aws/nginx/nginx-unprivileged:stable-alpine";
const REPLICA_BUCKET = "app-data-replica-123456789012";

/** The replica bucket and its key, in the other region. */
class ReplicaStack extends cdk.Stack {
    constructor(scope: Construct, id: string, props: cdk.StackProps) {
        super(scope, id, props);
        const key = new kms.Key(this, "ReplicaKey", { enableKeyRotation: true });
        new s3.Bucket(this, "Replica", {
            bucketName: REPLICA_BUCKET,
            encryption: s3.BucketEncryption.KMS,
            encryptionKey: key,
            bucketKeyEnabled: true,
            versioned: true,
            blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
            enforceSSL: true,
            objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            removalPolicy: cdk.RemovalPolicy.RETAIN,
        });
    }
}

class WebStack extends cdk.Stack {
    constructor(scope: Construct, id: string, props: cdk.StackProps) {
        super(scope, id, props);
        const vpc = new ec2.Vpc(this, "Vpc", {
            ipAddresses: ec2.IpAddresses.cidr("10.2.0.0/16"),
            availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
            natGateways: 3,
            subnetConfiguration: [
                { name: "public", subnetType: ec2.SubnetType.PUBLIC, cidrMask: 20 },
                { name: "private", subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 19 },
            ],
        });
        vpc.addFlowLog("FlowLog", {
            destination: ec2.FlowLogDestination.toCloudWatchLogs(new logs.LogGroup(this, "FlowLogs", { retention: logs.RetentionDays.ONE_YEAR })),
        });

        const accessLogs = new s3.Bucket(this, "AccessLogs", {
            encryption: s3.BucketEncryption.S3_MANAGED,
            blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
            enforceSSL: true,
            lifecycleRules: [{ expiration: cdk.Duration.days(365) }],
        });
        const cluster = new ecs.Cluster(this, "Cluster", { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
        const web = new patterns.ApplicationLoadBalancedFargateService(this, "Web", {
            cluster,
            cpu: 1024,
            memoryLimitMiB: 2048,
            desiredCount: 3,
            taskImageOptions: {
                image: ecs.ContainerImage.fromRegistry(IMAGE),
                containerPort: 8080,
                logDriver: ecs.LogDrivers.awsLogs({ streamPrefix: "web", logRetention: logs.RetentionDays.ONE_YEAR }),
            },
            certificate: acm.Certificate.fromCertificateArn(this, "Certificate", CERTIFICATE),
            protocol: elbv2.ApplicationProtocol.HTTPS,
            sslPolicy: elbv2.SslPolicy.TLS13_RES,
            redirectHTTP: true,
            publicLoadBalancer: true,
            circuitBreaker: { rollback: true },
        });
        web.loadBalancer.logAccessLogs(accessLogs);
        web.targetGroup.configureHealthCheck({ path: "/", healthyHttpCodes: "200-399", interval: cdk.Duration.seconds(15) });

        const scaling = web.service.autoScaleTaskCount({ minCapacity: 3, maxCapacity: 12 });
        scaling.scaleOnCpuUtilization("Cpu", { targetUtilizationPercent: 60 });
        scaling.scaleOnMemoryUtilization("Memory", { targetUtilizationPercent: 70 });
        scaling.scaleOnRequestCount("Requests", { requestsPerTarget: 1000, targetGroup: web.targetGroup });
        scaling.scaleOnSchedule("BusinessHours", {
            schedule: applicationautoscaling.Schedule.expression("cron(0 8 ? * MON-FRI *)"),
            timeZone: cdk.TimeZone.AMERICA_NEW_YORK,
            minCapacity: 4,
            maxCapacity: 12,
        });
        scaling.scaleOnSchedule("AfterHours", {
            schedule: applicationautoscaling.Schedule.expression("cron(0 20 ? * MON-FRI *)"),
            timeZone: cdk.TimeZone.AMERICA_NEW_YORK,
            minCapacity: 3,
            maxCapacity: 12,
        });

        const dataKey = new kms.Key(this, "DataKey", { enableKeyRotation: true });
        const data = new s3.Bucket(this, "Data", {
            encryption: s3.BucketEncryption.KMS,
            encryptionKey: dataKey,
            bucketKeyEnabled: true,
            versioned: true,
            blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
            enforceSSL: true,
            objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            lifecycleRules: [{ noncurrentVersionExpiration: cdk.Duration.days(90) }],
            removalPolicy: cdk.RemovalPolicy.RETAIN,
        });
        const replicaArn = `arn:aws:s3:::${REPLICA_BUCKET}`;
        const replicaKeyArn = `arn:aws:kms:us-west-2:${ACCOUNT}:alias/replica`;
        const role = new iam.Role(this, "ReplicationRole", { assumedBy: new iam.ServicePrincipal("s3.amazonaws.com") });
        role.addToPolicy(new iam.PolicyStatement({ actions: ["s3:GetReplicationConfiguration", "s3:ListBucket"], resources: [data.bucketArn] }));
        role.addToPolicy(new iam.PolicyStatement({
            actions: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
            resources: [data.arnForObjects("*")],
        }));
        role.addToPolicy(new iam.PolicyStatement({ actions: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"], resources: [`${replicaArn}/*`] }));
        role.addToPolicy(new iam.PolicyStatement({ actions: ["kms:Encrypt"], resources: [replicaKeyArn] }));
        dataKey.grantDecrypt(role);
        (data.node.defaultChild as s3.CfnBucket).replicationConfiguration = {
            role: role.roleArn,
            rules: [{
                id: "replicate-to-replica",
                status: "Enabled",
                priority: 1,
                filter: {},
                deleteMarkerReplication: { status: "Enabled" },
                sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
                destination: {
                    bucket: replicaArn,
                    encryptionConfiguration: { replicaKmsKeyId: replicaKeyArn },
                    metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
                    replicationTime: { status: "Enabled", time: { minutes: 15 } },
                },
            }],
        };

        const topicKey = new kms.Key(this, "TopicKey", { enableKeyRotation: true });
        topicKey.grant(new iam.ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*");
        const topic = new sns.Topic(this, "Alarms", { masterKey: topicKey });
        topic.addSubscription(new subscriptions.EmailSubscription("oncall@example.com"));
        const notify = new actions.SnsAction(topic);
        const alarms = [
            new cloudwatch.Alarm(this, "Alb5xx", {
                metric: web.loadBalancer.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { period: cdk.Duration.minutes(1) }),
                threshold: 10, evaluationPeriods: 5, datapointsToAlarm: 3,
            }),
            new cloudwatch.Alarm(this, "UnhealthyHosts", {
                metric: web.targetGroup.metrics.unhealthyHostCount({ period: cdk.Duration.minutes(1) }),
                threshold: 0, comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD, evaluationPeriods: 3,
            }),
            new cloudwatch.Alarm(this, "P99Latency", {
                metric: web.targetGroup.metrics.targetResponseTime({ statistic: "p99", period: cdk.Duration.minutes(1) }),
                threshold: 1, evaluationPeriods: 5, datapointsToAlarm: 3,
            }),
            new cloudwatch.Alarm(this, "CpuHigh", { metric: web.service.metricCpuUtilization(), threshold: 85, evaluationPeriods: 5 }),
            new cloudwatch.Alarm(this, "MemoryHigh", { metric: web.service.metricMemoryUtilization(), threshold: 85, evaluationPeriods: 5 }),
        ];
        for (const alarm of alarms) {
            alarm.addAlarmAction(notify);
            alarm.addOkAction(notify);
        }
        new cloudwatch.Dashboard(this, "Dashboard", {
            widgets: [
                [
                    new cloudwatch.GraphWidget({ title: "Requests", left: [web.loadBalancer.metrics.requestCount()] }),
                    new cloudwatch.GraphWidget({ title: "Latency p99", left: [web.targetGroup.metrics.targetResponseTime({ statistic: "p99" })] }),
                    new cloudwatch.GraphWidget({ title: "CPU and memory", left: [web.service.metricCpuUtilization(), web.service.metricMemoryUtilization()] }),
                ],
                [new cloudwatch.AlarmStatusWidget({ alarms, title: "Alarms" })],
            ],
        });
    }
}

const app = new cdk.App();
new WebStack(app, "ElasticWebProd", { env: { account: ACCOUNT, region: "us-east-1" } });
new ReplicaStack(app, "ElasticWebProdReplica", { env: { account: ACCOUNT, region: "us-west-2" } });
const t2 = performance.now();
const cpu = process.cpuUsage();
const assembly = app.synth();
const t3 = performance.now();
const synthCpu = process.cpuUsage(cpu);

let resources = 0;
for (const stack of assembly.stacks) resources += Object.keys((stack.template as { Resources?: object }).Resources ?? {}).length;
const ms = (a: number, b: number) => Math.round(b - a);
process.stdout.write(JSON.stringify({
    resources,
    loadMs: ms(t0, t1),
    buildMs: ms(t1, t2),
    synthMs: ms(t2, t3),
    totalMs: ms(0, t3),
    workMs: ms(t2, t3),
    workCpuMs: Math.round((synthCpu.user + synthCpu.system) / 1000),
    maxRssKb: process.resourceUsage().maxRSS,
}) + "\n");
