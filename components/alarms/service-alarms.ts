import * as pulumi from "@pulumi/pulumi";
import type * as aws from "@pulumi/aws";
import { providerRegionOf, regionAgreement } from "../core/region";
import { ServiceAlarmsArgs, resolveServiceAlarmsArgs } from "./args";
import { createBucketAlarms } from "./bucket-alarms";
import { createCompositeAlarm } from "./composite-alarm";
import { createDashboard } from "./dashboard";
import { createLoadBalancerAlarms } from "./load-balancer-alarms";
import { AlarmContext, AlarmsByKey } from "./metrics";
import { createServiceAlarms } from "./per-service-alarms";
import { createTopics, replicaRegionOf } from "./topic";

/**
 * CloudWatch monitoring of an elastic web stack: an SNS topic (encrypted with a key CloudWatch may
 * use) with email and HTTPS subscriptions, alarms on the load balancer, each service and the
 * replicated bucket, a composite "degraded" alarm per service, and a dashboard. Every alarm has an
 * explicit name `<alarmNamePrefix>-<key>` (the prefix defaults to the component's name) and notifies
 * the topic on ALARM and on OK.
 *
 * Alarms: `alb-5xx` (rate of 5xx the load balancer itself returns), `rejected-connections`; per service
 * `<svc>-target-5xx`, `<svc>-p99-latency` (p99 per target group, so a slow service is named),
 * `<svc>-unhealthy-hosts`, `<svc>-cpu-high`, `<svc>-memory-high`, and where Container Insights is known to
 * be on (`containerInsights: true`, as an `ElasticService` on a cluster of its own with insights says)
 * `<svc>-tasks-below-min` and, when autoscaled, `<svc>-capacity-pinned`; without it their metrics never
 * have data and `AWS/ECS` has no task count to use instead. `<svc>-degraded` (composite
 * over target-5xx, unhealthy-hosts, p99-latency and tasks-below-min); with a bucket
 * `replication-failed` and `replication-latency`. S3 publishes ReplicationLatency in the replica's
 * region, so that alarm lives there, with its own topic (`${name}-replica-topic…`, same subscriptions)
 * when the replica is in another region.
 *
 * Children: `${name}-topic-key`, `${name}-topic-key-alias`, `${name}-topic`, `${name}-topic-policy`,
 * `${name}-email-<i>`, `${name}-https-<i>` (none of them with `topicArn`), the alarms named after their
 * keys (`${name}-web-cpu-high`), `${name}-dashboard`. These logical names never depend on `alarmNamePrefix`.
 *
 * The alarms live in the region of the provider the component runs with; `region`, if given, must be that region.
 *
 * @example
 * const alarms = new ServiceAlarms("prod-alarms", {
 *     alarmNamePrefix: "shop-prod",
 *     loadBalancer: { arnSuffix: alb.attachment.loadBalancerArnSuffix },
 *     services: { web },
 *     bucket: { bucketName: assets.bucketName, replicaBucketName: assets.replicaBucketName, replicationRuleId: "replicate-all", replicaRegion: "us-west-2" },
 *     emails: ["ops@example.com"],
 * });
 * export const alarmTopicArn = alarms.topicArn;
 */
export class ServiceAlarms extends pulumi.ComponentResource {
    /** The topic the component made; undefined with `topicArn`. */
    readonly topic: aws.sns.Topic | undefined;
    /** The key encrypting the topic; undefined with `topicArn`. */
    readonly topicKey: aws.kms.Key | undefined;
    /** ARN of the topic every alarm in the stack's region notifies. */
    readonly topicArn: pulumi.Output<string>;
    /** The topic in the replica's region the component made; undefined unless it made one. */
    readonly replicaTopic: aws.sns.Topic | undefined;
    /** ARN of the topic the `replication-latency` alarm notifies; undefined without a bucket. */
    readonly replicaTopicArn: pulumi.Output<string> | undefined;
    /** Every alarm by key (`alb-5xx`, `web-cpu-high`, `web-degraded`, `replication-latency`). */
    readonly alarms: Record<string, aws.cloudwatch.MetricAlarm | aws.cloudwatch.CompositeAlarm>;
    /** The dashboard; undefined when `dashboard` is false. */
    readonly dashboard: aws.cloudwatch.Dashboard | undefined;
    /** Console URL of the dashboard; undefined when `dashboard` is false. */
    readonly dashboardUrl: pulumi.Output<string> | undefined;
    /** Whether the stack should wire the deployment alarms (see {@link deploymentAlarmNames}). */
    readonly deploymentAlarms: boolean;

    constructor(name: string, args: ServiceAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        // Checked before the component registers, so a refused input leaves nothing behind.
        const provider = providerRegionOf(opts);
        const r = resolveServiceAlarmsArgs(name, args, provider);
        super("elastic-web:aws:ServiceAlarms", name, {}, opts);
        const parent = { parent: this };
        this.deploymentAlarms = r.deploymentAlarms;
        // On an explicit provider, the topic policies and every alarm's actions wait for its region to agree.
        const agreed = regionAgreement(`elastic-web:aws:ServiceAlarms "${name}"`, r.region, provider, this);

        const topics = createTopics(name, r, parent, agreed);
        this.topicArn = topics.topicArn;
        this.topic = topics.own?.topic;
        this.topicKey = topics.own?.key;
        this.replicaTopic = topics.ownReplica?.topic;
        this.replicaTopicArn = topics.replicaTopicArn;

        const alarms: AlarmsByKey = {};
        this.alarms = alarms;
        const ctx: AlarmContext = {
            name,
            alarmPrefix: r.alarmNamePrefix,
            thresholds: r.thresholds,
            tags: r.tags,
            topicArn: agreed(this.topicArn),
            parent,
            alarms,
        };
        createLoadBalancerAlarms(ctx, r);
        for (const [svc, s] of Object.entries(r.services)) {
            const watched = createServiceAlarms(ctx, r, svc, s);
            createCompositeAlarm(ctx, svc, watched);
        }
        if (r.bucket) createBucketAlarms(ctx, r.bucket, replicaRegionOf(r), this.replicaTopicArn && agreed(this.replicaTopicArn));

        const dashboard = r.dashboard ? createDashboard(name, r, parent) : undefined;
        this.dashboard = dashboard?.dashboard;
        this.dashboardUrl = dashboard?.url;

        this.registerOutputs({
            topicArn: this.topicArn,
            replicaTopicArn: this.replicaTopicArn,
            alarmNames: Object.keys(alarms).map((k) => `${r.alarmNamePrefix}-${k}`),
            dashboardUrl: this.dashboardUrl,
            deploymentAlarms: this.deploymentAlarms,
        });
    }
}
