/**
 * A Pulumi program that uses pulumi-elastic-web the way another team would: installed from npm,
 * no ElasticStack, each component on its own. An API service joins a VPC and an Application Load
 * Balancer that already exist (made by another stack or by hand), a replicated bucket holds its
 * uploads, and alarms watch both.
 *
 *     pulumi config set vpcId vpc-0abc…
 *     pulumi config set --path 'privateSubnetIds[0]' subnet-0aaa…
 *     pulumi config set --path 'privateSubnetIds[1]' subnet-0bbb…
 *     pulumi config set listenerArn arn:aws:elasticloadbalancing:…:listener/app/shared/…/…
 *     pulumi config set albSecurityGroupId sg-0abc…
 *     pulumi config set albArnSuffix app/shared/50dc6c495c0c9188
 *     pulumi config set alertEmail oncall@example.com
 *     pulumi up
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ElasticService, ReplicatedBucket, ServiceAlarms } from "pulumi-elastic-web";

export = function main() {
    const config = new pulumi.Config();
    const region = new pulumi.Config("aws").require("region");

    // The load balancer of another stack: what a service needs of it, by id.
    const sharedAlb = {
        listenerArn: config.require("listenerArn"),
        securityGroupId: config.require("albSecurityGroupId"),
        loadBalancerArnSuffix: config.require("albArnSuffix"),
    };

    const api = new ElasticService(
        "api",
        {
            image: config.require("image"),
            vpcId: config.require("vpcId"),
            subnetIds: config.requireObject<string[]>("privateSubnetIds"),
            loadBalancer: sharedAlb,
            // The shared listener keeps its other rules: this service takes /api/* only.
            routing: { pathPatterns: ["/api/*"], priority: 20 },
            healthCheck: { path: "/api/health" },
            scaling: { minTasks: 2, maxTasks: 6, cpuTarget: 60, requestsPerTarget: 500 },
        },
        {
            // Escape hatch: adjust one child by its stable name and type (README, "Adjusting a child").
            transformations: [
                (args) =>
                    args.type === "aws:lb/targetGroup:TargetGroup" && args.name === "api-tg"
                        ? { props: { ...args.props, slowStart: 60 }, opts: args.opts }
                        : undefined,
            ],
        },
    );

    const uploads = new ReplicatedBucket("uploads", {
        region,
        replicaRegion: "us-west-2",
        noncurrentVersionExpirationDays: 30,
    });

    // Escape hatch: the task role is exposed; the service may read and write its bucket, nothing else.
    new aws.iam.RolePolicy("api-uploads-access", {
        role: api.taskRole.name,
        policy: pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: pulumi.interpolate`${uploads.bucketArn}/*` },
                ...(uploads.key ? [{ Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: uploads.key.arn }] : []),
            ],
        }),
    });

    const alarms = new ServiceAlarms("api-alarms", {
        // Alarm and dashboard names are account-wide: keep each stack's apart.
        alarmNamePrefix: `api-${pulumi.getStack()}`,
        region,
        loadBalancer: { arnSuffix: sharedAlb.loadBalancerArnSuffix },
        services: { api },
        bucket: uploads.replicationMetrics,
        emails: [config.require("alertEmail")],
    });

    return {
        serviceName: api.serviceName,
        taskRoleArn: api.taskRole.arn,
        bucketName: uploads.bucketName,
        replicaBucketName: uploads.replicaBucketName,
        alarmTopicArn: alarms.topicArn,
        dashboardUrl: alarms.dashboardUrl,
    };
};
