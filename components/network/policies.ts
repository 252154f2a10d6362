/** The IAM policies of a Network's flow-log role. */

/** The parts of an ARN (`arn:partition:service:region:account:resource`). */
function arnParts(arn: string): { partition: string; region: string; account: string } {
    const [prefix, partition, , region, account] = arn.split(":");
    if (prefix !== "arn" || !partition || !region || !/^\d{12}$/.test(account ?? "")) {
        throw new Error(`expected a regional ARN with an account id, got ${JSON.stringify(arn)}`);
    }
    return { partition, region, account };
}

/**
 * Trust policy of the flow-log role: only the VPC Flow Logs service, only on behalf of this account's
 * flow logs in this region (confused-deputy protection as the Amazon VPC user guide recommends in
 * "IAM role for publishing flow logs to CloudWatch Logs"). The flow log's own id is not known before
 * the role exists, hence the wildcard the guide allows for that case.
 */
export function flowLogsTrustPolicy(logGroupArn: string): object {
    const { partition, region, account } = arnParts(logGroupArn);
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "VpcFlowLogsAssumeRole",
                Effect: "Allow",
                Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: {
                    StringEquals: { "aws:SourceAccount": account },
                    ArnLike: { "aws:SourceArn": `arn:${partition}:ec2:${region}:${account}:vpc-flow-log/*` },
                },
            },
        ],
    };
}

/**
 * Permissions of the flow-log role: write streams and events to the one log group. The group exists
 * already, so `logs:CreateLogGroup` and `logs:DescribeLogGroups` from the user guide's generic policy
 * are not needed (the same set AWS CDK grants its flow-log role).
 */
export function flowLogsRolePolicy(logGroupArn: string): object {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "WriteFlowLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                Resource: [logGroupArn, `${logGroupArn}:*`],
            },
        ],
    };
}
