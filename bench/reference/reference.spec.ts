/**
 * The reference suite `npm run bench` times `npm test` against: four mocha tests of Pulumi
 * resources under mocks, run by ts-node with its default type-checking, as a Pulumi
 * TypeScript project's tests commonly are (`mocha -r ts-node/register`).
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

pulumi.runtime.setMocks(
    {
        newResource: (args) => ({ id: `${args.name}-id`, state: { ...args.inputs, arn: `arn:aws:${args.type}:${args.name}` } }),
        call: (args) => args.inputs,
    },
    "reference",
    "dev",
    true,
);

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply(resolve));
}

describe("reference suite", () => {
    it("creates a versioned bucket", async () => {
        const bucket = new aws.s3.Bucket("data", { forceDestroy: false });
        const versioning = new aws.s3.BucketVersioning("data-versioning", { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } });
        assert.equal(await valueOf(versioning.bucket), "data-id");
    });

    it("creates a topic with a subscription", async () => {
        const topic = new aws.sns.Topic("alarms");
        const sub = new aws.sns.TopicSubscription("alarms-email", { topic: topic.arn, protocol: "email", endpoint: "ops@example.com" });
        assert.equal(await valueOf(sub.topic), "arn:aws:aws:sns/topic:Topic:alarms");
    });

    it("creates an alarm on the topic", async () => {
        const alarm = new aws.cloudwatch.MetricAlarm("cpu-high", {
            comparisonOperator: "GreaterThanThreshold",
            evaluationPeriods: 5,
            metricName: "CPUUtilization",
            namespace: "AWS/ECS",
            period: 60,
            statistic: "Average",
            threshold: 85,
            alarmActions: ["arn:aws:sns:us-east-1:123456789012:alarms"],
        });
        assert.equal(await valueOf(alarm.threshold), 85);
    });

    it("creates a log group with a retention", async () => {
        const logs = new aws.cloudwatch.LogGroup("web-logs", { retentionInDays: 30 });
        assert.equal(await valueOf(logs.retentionInDays), 30);
    });
});
