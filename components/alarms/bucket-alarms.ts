/** The alarms on the replication of a bucket to its replica. */
import * as pulumi from "@pulumi/pulumi";
import type { AlarmedBucket } from "./args";
import { AlarmContext, S3, metricAlarm } from "./metrics";

/**
 * Creates `replication-failed` and `replication-latency`. The latency alarm lives in `replicaRegion`
 * (undefined when the replica is in the component's region) and notifies `replicaTopicArn`.
 */
export function createBucketAlarms(
    ctx: AlarmContext,
    b: AlarmedBucket,
    replicaRegion: string | undefined,
    replicaTopicArn: pulumi.Input<string> | undefined,
): void {
    const t = ctx.thresholds;
    const dims = { SourceBucket: b.bucketName, DestinationBucket: b.replicaBucketName, RuleId: b.replicationRuleId };
    metricAlarm(
        ctx,
        "replication-failed",
        {
            description: `More than ${t.replicationFailedOperations} replication operations from the bucket to its replica failed in a period.`,
            comparisonOperator: "GreaterThanThreshold",
            threshold: t.replicationFailedOperations,
            treatMissingData: "notBreaching",
        },
        { namespace: S3, metricName: "OperationsFailedReplication", dimensions: dims },
        { statistic: "Sum" },
    );
    // S3 publishes ReplicationLatency in the destination's region, OperationsFailedReplication in the
    // source's (Amazon S3 user guide, "Using S3 Replication metrics",
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html).
    metricAlarm(
        ctx,
        "replication-latency",
        {
            description: `The replica is more than ${t.replicationLatencySeconds} s behind the bucket.`,
            comparisonOperator: "GreaterThanThreshold",
            threshold: t.replicationLatencySeconds,
            treatMissingData: "notBreaching",
        },
        { namespace: S3, metricName: "ReplicationLatency", dimensions: dims },
        { statistic: "Maximum" },
        {
            region: replicaRegion,
            topicArn: replicaTopicArn,
        },
    );
}
