/**
 * The topics the alarms notify: a KMS-encrypted SNS topic the component makes (with its key, alias,
 * policy and subscriptions), in the alarms' region and, for a replica in another region, there too;
 * or the existing topics given as `topicArn` and `replicaTopicArn`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "../core/aws";
import { Problems } from "../core/validate";
import type { ResolvedServiceAlarmsArgs } from "./args";
import { topicKeyPolicy, topicPolicy } from "./policies";
import { checkTopicRegion } from "./rules";

/** A topic the component made, with its key. */
export interface OwnTopic {
    /** The key encrypting the topic. */
    key: aws.kms.Key;
    /** The topic. */
    topic: aws.sns.Topic;
}

/** The topics the alarms notify, as {@link createTopics} returns them. */
export interface AlarmTopics {
    /** ARN of the topic every alarm in the component's region notifies. */
    topicArn: pulumi.Output<string>;
    /** The topic (and key) in the component's region; undefined with `topicArn`. */
    own: OwnTopic | undefined;
    /** The topic (and key) in the replica's region; undefined unless the component made one. */
    ownReplica: OwnTopic | undefined;
    /** ARN of the topic the `replication-latency` alarm notifies; undefined without a bucket. */
    replicaTopicArn: pulumi.Output<string> | undefined;
}

/** The replica's region when it differs from the alarms' region, else undefined. */
export function replicaRegionOf(r: ResolvedServiceAlarmsArgs): string | undefined {
    return r.bucket && r.bucket.replicaRegion !== r.region ? r.bucket.replicaRegion : undefined;
}

/**
 * Creates one encrypted topic: `${prefix}-topic-key`, `${prefix}-topic-key-alias`, `${prefix}-topic`,
 * `${prefix}-topic-policy`, and a subscription per email (`${prefix}-email-<i>`) and HTTPS endpoint
 * (`${prefix}-https-<i>`). `region` undefined puts them in the provider's region, the alarms' own.
 */
export function createTopic(
    prefix: string,
    region: string | undefined,
    r: ResolvedServiceAlarmsArgs,
    accountId: pulumi.Output<string>,
    parent: pulumi.CustomResourceOptions,
): OwnTopic {
    const alarmPrefix = r.alarmNamePrefix;
    const partition = partitionOf(r.region);
    const inRegion = region ? { region } : {};
    const key = new aws.kms.Key(
        `${prefix}-topic-key`,
        {
            description: `Encrypts the alarm topic of ${alarmPrefix}; CloudWatch alarms use it to publish`,
            enableKeyRotation: true,
            policy: accountId.apply((id) => JSON.stringify(topicKeyPolicy(partition, id))),
            tags: r.tags,
            ...inRegion,
        },
        parent,
    );
    new aws.kms.Alias(`${prefix}-topic-key-alias`, { name: `alias/${alarmPrefix}-alarms`, targetKeyId: key.keyId, ...inRegion }, parent);
    const sns = new aws.sns.Topic(`${prefix}-topic`, { kmsMasterKeyId: key.arn, tags: r.tags, ...inRegion }, parent);
    new aws.sns.TopicPolicy(
        `${prefix}-topic-policy`,
        {
            arn: sns.arn,
            policy: pulumi
                .all([sns.arn, accountId])
                .apply(([arn, id]) => JSON.stringify(topicPolicy(arn, partition, region ?? r.region, id, `${alarmPrefix}-`))),
            ...inRegion,
        },
        parent,
    );
    r.emails.forEach(
        (email, i) =>
            new aws.sns.TopicSubscription(
                `${prefix}-email-${i}`,
                { topic: sns.arn, protocol: "email", endpoint: email, ...inRegion },
                parent,
            ),
    );
    r.httpsEndpoints.forEach(
        (url, i) =>
            new aws.sns.TopicSubscription(
                `${prefix}-https-${i}`,
                { topic: sns.arn, protocol: "https", endpoint: url, ...inRegion },
                parent,
            ),
    );
    return { key, topic: sns };
}

/**
 * An existing topic's ARN as the alarms use it. A string was checked by `resolveServiceAlarmsArgs`;
 * an ARN known only at deployment (another stack's output, another resource's `arn`) is checked here
 * once it is known, with the same message, so `pulumi up` fails on it before CloudWatch is asked to
 * put an alarm that notifies a topic in another region. A preview, where the value is unknown, skips it.
 */
export function checkedTopicArn(
    name: string,
    key: "topicArn" | "replicaTopicArn",
    arn: pulumi.Input<string>,
    region: string,
): pulumi.Output<string> {
    if (typeof arn === "string") return pulumi.output(arn);
    return pulumi.output(arn).apply((value) => {
        const p = new Problems(`elastic-web:aws:ServiceAlarms "${name}"`);
        if (typeof value !== "string") p.add(key, value, "must be an SNS topic ARN (a string).");
        else checkTopicRegion(p, key, value, region);
        p.throwIfAny();
        return value;
    });
}

/**
 * The topics the alarms notify: with `topicArn`, the existing ones (nothing created); otherwise a topic
 * named after the component and, for a replica in another region, `${name}-replica-topic…` there.
 */
export function createTopics(
    name: string,
    r: ResolvedServiceAlarmsArgs,
    parent: pulumi.CustomResourceOptions,
    agreed: (accountId: pulumi.Output<string>) => pulumi.Output<string> = (accountId) => accountId,
): AlarmTopics {
    const replicaRegion = replicaRegionOf(r);
    let own: OwnTopic | undefined;
    let ownReplica: OwnTopic | undefined;
    let topicArn: pulumi.Output<string>;
    if (r.topicArn !== undefined) {
        topicArn = checkedTopicArn(name, "topicArn", r.topicArn, r.region);
    } else {
        // `agreed` holds the account id (and so the topic policies) until the provider's region agrees with `r.region`.
        const accountId = agreed(aws.getCallerIdentityOutput({}, parent).accountId);
        own = createTopic(name, undefined, r, accountId, parent);
        topicArn = own.topic.arn;
        if (replicaRegion !== undefined) ownReplica = createTopic(`${name}-replica`, replicaRegion, r, accountId, parent);
    }
    let replicaTopicArn: pulumi.Output<string> | undefined;
    if (!r.bucket) replicaTopicArn = undefined;
    else if (replicaRegion === undefined) replicaTopicArn = topicArn;
    else replicaTopicArn = ownReplica ? ownReplica.topic.arn : checkedTopicArn(name, "replicaTopicArn", r.replicaTopicArn!, replicaRegion);
    return { topicArn, own, ownReplica, replicaTopicArn };
}
