/**
 * The rules of {@link ServiceAlarms} settings that zod cannot say well: lists of addresses without
 * repeats, presence with a hint of where the value comes from, the evaluation window CloudWatch allows,
 * alarm name lengths and the regions of topics. The schemas in `./args` attach them.
 */
import { type ObjectRule, join } from "../core/schema";
import { Problems, isPlain } from "../core/validate";

/** An email address SNS can subscribe. */
export const EMAIL = /^[^\s@"(),:;<>[\]\\]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
/** An HTTPS endpoint SNS can subscribe. */
export const HTTPS_URL = /^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?([/?#]\S*)?$/;
/** An AWS region name. */
export const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
/** Alarm and dashboard names are built from these; quotes or spaces would break composite rules. */
export const PREFIX = /^[A-Za-z0-9_-]{1,200}$/;
/** A service's short name, which goes into its alarm names. */
export const SERVICE_KEY = /^[A-Za-z0-9_-]{1,64}$/;
/** Longest alarm and composite alarm name (Amazon CloudWatch API reference, PutMetricAlarm and PutCompositeAlarm `AlarmName`). */
export const MAX_ALARM_NAME = 255;
/** The longest alarm key a service gets (`<svc>-capacity-pinned` is as long). */
const LONGEST_SERVICE_ALARM = "tasks-below-min";

/**
 * The longest window an alarm may evaluate: period × evaluation periods is at most one day for
 * periods under an hour, seven days otherwise (Amazon CloudWatch API reference, PutMetricAlarm `Period`).
 */
export function maxWindowSeconds(periodSeconds: number): number {
    return periodSeconds < 3600 ? 86400 : 604800;
}

/** The region of an ARN (`arn:aws:sns:<region>:…`). */
export function arnRegion(arn: string): string {
    return arn.split(":")[3];
}

/**
 * Checks a list of strings of one format and its duplicates; true when it is a list of such strings,
 * each listed once. `what` describes one entry, `plural` the list.
 */
export function checkList(p: Problems, path: string, value: unknown, pattern: RegExp, what: string, plural: string): boolean {
    if (!Array.isArray(value)) {
        p.add(path, value, `must be a list of ${plural}.`);
        return false;
    }
    const before = p.list.length;
    value.forEach((item, i) => {
        // An entry known only at deployment is passed on unchecked, and compared with none.
        if (!isPlain(item)) return;
        if (!p.str(`${path}[${i}]`, item, pattern, what)) return;
        const first = value.indexOf(item);
        if (first < i) p.add(`${path}[${i}]`, item, `repeats ${p.key(`${path}[${first}]`)}; list each once.`);
    });
    return p.list.length === before;
}

/** A rule that records ``<key> is required; <hint>`` where the field `key` is missing, in the field's place. */
export function required(key: string, hint: string): ObjectRule {
    return {
        after: key,
        check(p, at, obj) {
            if (obj[key] === undefined) p.missing(join(at, key), hint);
        },
    };
}

/** The number of entries of a list setting; anything that is not a list counts none. */
function entries(value: unknown): number {
    return Array.isArray(value) ? value.length : 0;
}

/**
 * The rules between the topic and the subscriptions: an existing topic takes no subscriptions here,
 * a replica topic only comes with an existing topic, and `requireSubscription` needs someone to notify.
 * They look at what is given, valid or not, so a bad address next to `topicArn` is reported twice.
 */
export const TOPIC_RULES: ObjectRule = {
    check(p, at, s) {
        const emails = entries(s.emails);
        const endpoints = entries(s.httpsEndpoints);
        const topicArn = join(at, "topicArn");
        if (s.topicArn !== undefined) {
            if (emails > 0)
                p.add(
                    join(at, "emails"),
                    s.emails,
                    `cannot be combined with ${p.key(topicArn)}: subscribe the addresses to the existing topic where it is managed, or leave out topicArn.`,
                );
            if (endpoints > 0)
                p.add(
                    join(at, "httpsEndpoints"),
                    s.httpsEndpoints,
                    `cannot be combined with ${p.key(topicArn)}: subscribe the endpoints to the existing topic where it is managed, or leave out topicArn.`,
                );
        } else if (s.replicaTopicArn !== undefined) {
            p.add(
                join(at, "replicaTopicArn"),
                s.replicaTopicArn,
                `is used only together with ${p.key(topicArn)}; leave it out, or set topicArn too.`,
            );
        }
        if (s.requireSubscription === true && s.topicArn === undefined && emails === 0 && endpoints === 0) {
            p.list.push(
                `${p.where}: ${p.key(join(at, "requireSubscription"))} is true but nobody would be notified; add ${p.key(join(at, "emails"))} or ${p.key(join(at, "httpsEndpoints"))}, or set ${p.key(topicArn)}.`,
            );
        }
    },
};

/** The evaluation settings the window rules relate; defaults stand in for values left out. */
export interface EvaluationDefaults {
    periodSeconds: number;
    evaluationPeriods: number;
    datapointsToAlarm: number;
    capacityPinnedMinutes: number;
}

/**
 * The rules between evaluation settings, run after every threshold: M of N within N, the window
 * CloudWatch allows, and a capacity window of whole periods. A value left out takes its default; a
 * value that failed its own check keeps the rules built on it quiet.
 */
export function evaluationRules(d: EvaluationDefaults): ObjectRule {
    return {
        check(p, at, t, ok) {
            const fine = (key: string) => t[key] === undefined || ok(key);
            const period = (t.periodSeconds ?? d.periodSeconds) as number;
            const evaluation = (t.evaluationPeriods ?? d.evaluationPeriods) as number;
            const datapoints = (t.datapointsToAlarm ?? d.datapointsToAlarm) as number;
            const pinned = (t.capacityPinnedMinutes ?? d.capacityPinnedMinutes) as number;
            const key = (k: string) => join(at, k);
            if (fine("evaluationPeriods") && fine("datapointsToAlarm") && datapoints > evaluation) {
                p.add(
                    key("datapointsToAlarm"),
                    datapoints,
                    `is above ${p.key(key("evaluationPeriods"))} (${evaluation}); lower datapointsToAlarm or raise evaluationPeriods.`,
                );
            }
            if (fine("periodSeconds") && fine("evaluationPeriods") && period * evaluation > maxWindowSeconds(period)) {
                p.add(
                    key("evaluationPeriods"),
                    evaluation,
                    `times ${p.key(key("periodSeconds"))} (${period}) is ${period * evaluation} seconds, above the ${maxWindowSeconds(period)} seconds CloudWatch allows an alarm to look back; lower one of them.`,
                );
            }
            if (fine("periodSeconds") && fine("capacityPinnedMinutes") && (pinned * 60) % period !== 0) {
                p.add(
                    key("capacityPinnedMinutes"),
                    pinned,
                    `must be a whole number of periods of ${p.key(key("periodSeconds"))} (${period} seconds).`,
                );
            }
        },
    };
}

/** Reports a service key that cannot go into alarm names; true when it can. */
export function checkServiceKey(p: Problems, key: string): boolean {
    if (SERVICE_KEY.test(key)) return true;
    p.add(`services.${key}`, key, 'is not a usable service name: use 1-64 letters, digits, "-" or "_" (it goes into alarm names).');
    return false;
}

/** Reports a service whose longest alarm name, `<prefix>-<key>-tasks-below-min`, is longer than CloudWatch allows. */
export function checkAlarmNameLength(p: Problems, prefix: string, key: string): void {
    const longest = `${prefix}-${key}-${LONGEST_SERVICE_ALARM}`;
    if (longest.length <= MAX_ALARM_NAME) return;
    p.list.push(
        `${p.where}: the alarm name "${longest}" would be ${longest.length} characters, above the ${MAX_ALARM_NAME} CloudWatch allows; shorten \`alarmNamePrefix\` (${prefix.length} characters) or the service name "${key}".`,
    );
}

/** Where the alarms notify, as {@link checkTopicRegions} checks it. */
export interface TopicPlacement {
    /** Region of the alarms. */
    region: string;
    /** Region of the replica when it differs from `region`. */
    replicaRegion: string | undefined;
    /** An existing topic: a string, or a value known only at deployment. */
    topicArn?: unknown;
    /** An existing topic in the replica's region: a string, or a value known only at deployment. */
    replicaTopicArn?: unknown;
}

/**
 * An alarm can act only on a topic in its own region; CloudWatch rejects others with
 * "Invalid region … specified. Only … is supported". Checks an existing topic, and the replica-region
 * topic the `replication-latency` alarm needs when the replica is in another region. Which topics are
 * given is checked for any value; the regions only of ARNs known now, as strings (the component checks
 * the others once they are known, see `checkedTopicArn`).
 */
export function checkTopicRegions(p: Problems, t: TopicPlacement): void {
    const { region, replicaRegion, topicArn, replicaTopicArn } = t;
    if (typeof topicArn === "string") checkTopicRegion(p, "topicArn", topicArn, region);
    if (topicArn !== undefined && replicaRegion !== undefined && replicaTopicArn === undefined) {
        p.missing(
            "replicaTopicArn",
            `with ${p.key("topicArn")} and a bucket replicated to ${replicaRegion}, give a topic in ${replicaRegion}: S3 publishes ReplicationLatency there and that alarm can notify only a topic in its own region.`,
        );
    }
    if (topicArn !== undefined && replicaTopicArn !== undefined) {
        if (replicaRegion === undefined) {
            p.add("replicaTopicArn", replicaTopicArn, "is used only for a bucket replicated to another region; leave it out.");
        } else if (typeof replicaTopicArn === "string") {
            checkTopicRegion(p, "replicaTopicArn", replicaTopicArn, replicaRegion);
        }
    }
}

/**
 * Reports an existing topic outside `region`, where the alarms that notify it live: `topicArn` for the
 * alarms of the component's region, `replicaTopicArn` for the `replication-latency` alarm in the replica's.
 */
export function checkTopicRegion(p: Problems, key: "topicArn" | "replicaTopicArn", arn: string, region: string): void {
    if (arnRegion(arn) === region) return;
    const where =
        key === "topicArn"
            ? `the alarms live in ${region} and can notify only a topic there`
            : `the replication-latency alarm lives in ${region}`;
    p.add(key, arn, `is in ${arnRegion(arn) || "no region"}, but ${where}; give a topic in ${region}.`);
}
