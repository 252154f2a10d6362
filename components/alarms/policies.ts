/** The policy documents of the alarm topic and its key. */

/**
 * Key policy of a topic key: the account administers it through IAM, and CloudWatch may generate and
 * decrypt data keys, without which alarms cannot publish to an encrypted topic. The CloudWatch
 * statement is the one the Amazon SNS developer guide gives in "Enable compatibility between event
 * sources from AWS services and encrypted topics"
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services);
 * it carries no source conditions because the guide documents none for this path and a condition the
 * request lacks would silently drop every notification.
 * The topic policy limits publishing to this account's alarms.
 */
export function topicKeyPolicy(partition: string, accountId: string): object {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountAdministersKey",
                Effect: "Allow",
                Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
                Action: "kms:*",
                Resource: "*",
            },
            {
                Sid: "CloudWatchAlarmsUseKey",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                Resource: "*",
            },
        ],
    };
}

/**
 * Topic policy: only this account's alarms whose names start with `alarmNamePrefix`, in `region`,
 * may publish (the `cloudwatch.amazonaws.com` grant with an `aws:SourceArn` alarm condition that AWS
 * gives in the knowledge-center article "Why didn't I receive an SNS notification for my CloudWatch
 * alarm trigger?", https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger), and
 * nobody may publish without TLS.
 */
export function topicPolicy(topicArn: string, partition: string, region: string, accountId: string, alarmNamePrefix: string): object {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "CloudWatchAlarmsPublish",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: "sns:Publish",
                Resource: topicArn,
                Condition: {
                    StringEquals: { "aws:SourceAccount": accountId },
                    ArnLike: { "aws:SourceArn": `arn:${partition}:cloudwatch:${region}:${accountId}:alarm:${alarmNamePrefix}*` },
                },
            },
            {
                Sid: "DenyPublishWithoutTls",
                Effect: "Deny",
                Principal: "*",
                Action: "sns:Publish",
                Resource: topicArn,
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    };
}
