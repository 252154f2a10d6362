/**
 * The policy documents of an ElasticService: the tasks' trust policy, the execution role's
 * permissions, ECS Exec's channels and the lifecycle of a built image's repository.
 */
import * as pulumi from "@pulumi/pulumi";

/**
 * The lifecycle policy of a built image's repository: untagged images expire `untaggedExpiryDays`
 * after their push, and only the newest `keepTaggedImages` tagged images stay.
 * Source: ECR user guide, "Lifecycle policy properties" (a `tagged` rule needs a tag pattern or
 * prefix list; `*` matches every tag).
 */
export function ecrLifecyclePolicy(keepTaggedImages: number, untaggedExpiryDays: number): string {
    return JSON.stringify({
        rules: [
            {
                rulePriority: 1,
                description: `Expire untagged images ${untaggedExpiryDays} ${untaggedExpiryDays === 1 ? "day" : "days"} after their push`,
                selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: untaggedExpiryDays },
                action: { type: "expire" },
            },
            {
                rulePriority: 2,
                description: `Keep the last ${keepTaggedImages} tagged ${keepTaggedImages === 1 ? "image" : "images"}`,
                selection: { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: keepTaggedImages },
                action: { type: "expire" },
            },
        ],
    });
}

/** The ECR repository ARN of a private ECR image reference, or undefined for other registries. */
export function ecrRepositoryArn(image: string): string | undefined {
    const m = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\/([^:@]+)/.exec(image);
    if (!m) return undefined;
    const partition = m[3] ? "aws-cn" : m[2].startsWith("us-gov-") ? "aws-us-gov" : "aws";
    return `arn:${partition}:ecr:${m[2]}:${m[1]}:repository/${m[4]}`;
}

/**
 * The secret an ECS `valueFrom` reads: a Secrets Manager reference may carry a JSON key, version
 * stage and version id after the secret's ARN (`…:secret:db-AbCdEf:password::`), which IAM does not match.
 */
export function secretResourceArn(valueFrom: string): string {
    const parts = valueFrom.split(":");
    return parts[2] === "secretsmanager" && parts.length > 7 ? parts.slice(0, 7).join(":") : valueFrom;
}

/** The partition, region and account of an ARN, e.g. of a log group the component made. */
export function arnParts(arn: pulumi.Output<string>): {
    partition: pulumi.Output<string>;
    region: pulumi.Output<string>;
    account: pulumi.Output<string>;
} {
    return {
        partition: arn.apply((a) => a.split(":")[1]),
        region: arn.apply((a) => a.split(":")[3]),
        account: arn.apply((a) => a.split(":")[4]),
    };
}

/** A trust policy for ECS tasks, limited to this account's ECS (confused-deputy protection). */
export function ecsTasksTrustPolicy(
    partition: pulumi.Output<string>,
    region: pulumi.Output<string>,
    account: pulumi.Output<string>,
): pulumi.Output<string> {
    return pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: "ecs-tasks.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: {
                    ArnLike: { "aws:SourceArn": pulumi.interpolate`arn:${partition}:ecs:${region}:${account}:*` },
                    StringEquals: { "aws:SourceAccount": account },
                },
            },
        ],
    });
}

/** Drops statements whose Resource list came out empty (e.g. no SSM parameters among the secrets). */
export function dropEmptyStatements(policy: string): string {
    const doc = JSON.parse(policy) as { Version: string; Statement: { Resource: unknown }[] };
    doc.Statement = doc.Statement.filter((s) => !(Array.isArray(s.Resource) && s.Resource.length === 0));
    return JSON.stringify(doc);
}

/**
 * The execution role's permissions: write to the service's log group, pull the image from its
 * private ECR repository (when it is one), and read the secrets' SSM parameters and Secrets Manager
 * secrets. Statements left without resources are dropped.
 */
export function executionPolicy(
    logGroupArn: pulumi.Output<string>,
    repositoryArn: pulumi.Input<string> | undefined,
    secretArns: pulumi.Input<string>[],
): pulumi.Output<string> {
    const statements: unknown[] = [
        {
            Sid: "WriteLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: pulumi.interpolate`${logGroupArn}:log-stream:*`,
        },
    ];
    if (repositoryArn) {
        // ecr:GetAuthorizationToken has no resource-level permissions; AWS requires "*" for it.
        statements.push(
            { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
            {
                Sid: "PullImage",
                Effect: "Allow",
                Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                Resource: repositoryArn,
            },
        );
    }
    if (secretArns.length > 0) {
        const ssm = pulumi.all(secretArns).apply((arns) => arns.filter((a) => a.split(":")[2] === "ssm"));
        const sm = pulumi
            .all(secretArns)
            .apply((arns) => [...new Set(arns.filter((a) => a.split(":")[2] === "secretsmanager").map(secretResourceArn))]);
        statements.push(
            { Sid: "ReadParameters", Effect: "Allow", Action: "ssm:GetParameters", Resource: ssm },
            { Sid: "ReadSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: sm },
        );
    }
    return pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements }).apply(dropEmptyStatements);
}

/**
 * The task role's permissions for ECS Exec: open the SSM message channels (no resource-level
 * permissions), and log each session's commands and output to the container's own log group, where
 * ECS Exec logs by default (the cluster's `executeCommandConfiguration.logging` "DEFAULT": the task
 * definition's awslogs configuration). Without the log permissions the session fails to start ("The
 * session fails to start if the log group is not present", aws/amazon-ssm-agent#203); the actions are
 * those the ECS developer guide lists for ECS Exec logging to CloudWatch Logs ("Monitor Amazon ECS
 * containers with ECS Exec", IAM permissions required for ECS Exec,
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html). `logs:DescribeLogGroups`
 * has no resource-level permissions, so it takes `"*"` (Service Authorization Reference, Amazon
 * CloudWatch Logs: no resource type for the action).
 *
 * The session channel is not encrypted with a KMS key of ours: SSM already sends it over TLS, ECS Exec
 * is a tool for dev and staging here (the policy pack refuses it in prod), and a key per cluster would be
 * the only KMS cost of a dev stack.
 */
export function execCommandPolicy(logGroupArn: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.output(logGroupArn).apply((arn) =>
        JSON.stringify({
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
                    Resource: `${arn}:*`,
                },
            ],
        }),
    );
}
