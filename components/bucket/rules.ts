/**
 * Hand-written rules of a ReplicatedBucket's settings that a zod schema cannot say well: the order of
 * lifecycle transitions, regions, the replication prefix, and the settings that need a replica.
 * `./args` attaches them to the settings schema with `custom(...)` and `after(...)`.
 */
import { z } from "zod";
import { ObjectRule, checkField, join, keysOf } from "../core/schema";
import { AWS_REGIONS, Problems, isPlain, isRecord, show } from "../core/validate";

/**
 * Storage classes a lifecycle rule can move objects to, in the only order S3 allows
 * (each class may move on only to a class later in this list).
 * Source: Amazon S3 User Guide, "Transitioning objects using Amazon S3 Lifecycle", supported transitions.
 */
export const TRANSITION_STORAGE_CLASSES = [
    "STANDARD_IA",
    "INTELLIGENT_TIERING",
    "ONEZONE_IA",
    "GLACIER_IR",
    "GLACIER",
    "DEEP_ARCHIVE",
] as const;

/** Upper bound of every day count: a sanity limit of the package (100 years), not an AWS one. */
export const MAX_DAYS = 36500;

/**
 * Classes objects must reach only after 30 days and must stay in for 30 days before the next transition.
 * Source: Amazon S3 API Reference, `Transition.Days` (STANDARD_IA, ONEZONE_IA: 30 days or more), and
 * Amazon S3 User Guide, "Transitioning objects: general considerations" (a GLACIER transition less than
 * 30 days after a STANDARD_IA transition is refused).
 */
const INFREQUENT_ACCESS: readonly string[] = ["STANDARD_IA", "ONEZONE_IA"];
const IA_MIN_DAYS = 30;

/** Source: Amazon S3 User Guide, "General purpose bucket naming rules"; object keys are at most 1024 bytes. */
export const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** What {@link BUCKET_NAME} allows, as messages say it. */
export const BUCKET_NAME_RULE =
    "an S3 bucket name (3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit)";
const MAX_KEY_LENGTH = 1024;

/** Checks an AWS region this package knows; true when it is one. */
export function checkRegion(p: Problems, path: string, value: unknown): boolean {
    if (typeof value === "string" && (AWS_REGIONS as readonly string[]).includes(value)) return true;
    p.add(path, value, `is not an AWS region this package knows; use one of ${AWS_REGIONS.join(", ")}.`);
    return false;
}

/** Checks the replication prefix: a non-empty string no longer than an S3 object key; true when it passes. */
export function checkPrefix(p: Problems, path: string, value: unknown): boolean {
    if (!p.str(path, value)) return false;
    if ((value as string).length > MAX_KEY_LENGTH) {
        p.list.push(
            `${p.where}: ${p.key(path)} (${(value as string).length} characters) must be at most ${MAX_KEY_LENGTH} characters (the longest S3 object key).`,
        );
        return false;
    }
    return true;
}

/**
 * Checks a list of lifecycle transitions, each an object of `item` (`days`, `storageClass`): S3's
 * minimum days for the infrequent-access classes, the storage-class order, increasing days, and
 * 30 days in an infrequent-access class before the next move. True when the list passes.
 */
export function checkTransitions(p: Problems, path: string, value: unknown, item: z.ZodObject): boolean {
    if (!Array.isArray(value)) {
        p.add(path, value, "must be a list of { days, storageClass }.");
        return false;
    }
    const before = p.list.length;
    const shape = item.shape as Record<string, z.ZodType>;
    let previous: { path: string; days: number; storageClass: string } | undefined;
    value.forEach((t: unknown, i: number) => {
        const at = `${path}[${i}]`;
        if (!isRecord(t)) {
            p.add(at, t, "must be an object { days, storageClass }.");
            previous = undefined;
            return;
        }
        p.knownKeys(at, t, keysOf(item));
        let ok = true;
        if (t.storageClass === undefined) {
            p.missing(`${at}.storageClass`, `use one of ${TRANSITION_STORAGE_CLASSES.join(", ")}.`);
            ok = false;
        } else {
            ok = checkField(p, `${at}.storageClass`, shape.storageClass, t.storageClass) && ok;
        }
        if (t.days === undefined) {
            p.missing(`${at}.days`, "give the days after object creation.");
            ok = false;
        } else {
            ok = checkField(p, `${at}.days`, shape.days, t.days) && ok;
        }
        if (!ok) {
            previous = undefined;
            return;
        }
        const days = t.days as number;
        const storageClass = t.storageClass as string;
        if (INFREQUENT_ACCESS.includes(storageClass) && days < IA_MIN_DAYS) {
            p.add(
                `${at}.days`,
                days,
                `must be at least ${IA_MIN_DAYS} for ${show(storageClass)}; S3 moves objects to an infrequent-access class only after ${IA_MIN_DAYS} days.`,
            );
        }
        if (previous) checkTransitionAfter(p, at, days, storageClass, previous);
        previous = { path: at, days, storageClass };
    });
    return p.list.length === before;
}

/** Checks one transition against the one listed before it. */
function checkTransitionAfter(
    p: Problems,
    path: string,
    days: number,
    storageClass: string,
    previous: { path: string; days: number; storageClass: string },
): void {
    const order = TRANSITION_STORAGE_CLASSES as readonly string[];
    if (order.indexOf(storageClass) <= order.indexOf(previous.storageClass)) {
        p.add(
            `${path}.storageClass`,
            storageClass,
            `cannot follow ${show(previous.storageClass)} (${p.key(previous.path)}); list transitions in the order ${TRANSITION_STORAGE_CLASSES.join(", ")}, each class at most once.`,
        );
    } else if (days <= previous.days) {
        p.add(
            `${path}.days`,
            days,
            `must be later than ${p.key(`${previous.path}.days`)} (${previous.days}); transitions are listed in increasing days.`,
        );
    } else if (INFREQUENT_ACCESS.includes(previous.storageClass) && days - previous.days < IA_MIN_DAYS) {
        p.add(
            `${path}.days`,
            days,
            `must be at least ${IA_MIN_DAYS} days after ${p.key(`${previous.path}.days`)} (${previous.days}); objects stay ${IA_MIN_DAYS} days in ${show(previous.storageClass)} before moving on.`,
        );
    }
}

/** After the switches: replication features that need a replica, and Replication Time Control's metrics. */
export const REPLICATION_SWITCH_RULE: ObjectRule = {
    after: "retain",
    check(p, at, s) {
        if (s.replicaRegion === undefined) {
            for (const key of ["replicationTimeControl", "replicaModifications"]) {
                if (s[key] === true)
                    p.add(join(at, key), true, `needs a replica; set ${p.key(join(at, "replicaRegion"))} or turn ${key} off.`);
            }
        }
        // S3 accepts ReplicationTime only together with Metrics (Amazon S3 API Reference, Destination.ReplicationTime).
        if (s.replicationTimeControl === true && s.replicationMetrics === false) {
            p.add(
                join(at, "replicationMetrics"),
                false,
                `must be true while ${p.key(join(at, "replicationTimeControl"))} is on; S3 Replication Time Control requires replication metrics.`,
            );
        }
    },
};

/** After the prefix: a prefix filters replication, so it needs a replica; `forceDestroy` contradicts `retain`. */
export const PREFIX_AND_RETAIN_RULE: ObjectRule = {
    after: "prefix",
    check(p, at, s, ok) {
        if (ok("prefix") && s.replicaRegion === undefined) {
            p.add(
                join(at, "prefix"),
                s.prefix,
                `filters replication and needs a replica; set ${p.key(join(at, "replicaRegion"))} or remove prefix.`,
            );
        }
        if (s.forceDestroy === true && s.retain === true) {
            p.add(
                join(at, "forceDestroy"),
                true,
                `contradicts ${p.key(join(at, "retain"))} (true): a retained bucket is never deleted by Pulumi; turn one of them off.`,
            );
        }
    },
};

/** After the replica's log bucket: it needs a replica. */
export const REPLICA_LOG_BUCKET_RULE: ObjectRule = {
    after: "replicaAccessLogBucket",
    check(p, at, s, ok) {
        if (s.replicaRegion !== undefined) return;
        if (ok("replicaAccessLogBucket")) {
            p.add(
                join(at, "replicaAccessLogBucket"),
                s.replicaAccessLogBucket,
                `needs a replica; set ${p.key(join(at, "replicaRegion"))} or remove replicaAccessLogBucket.`,
            );
        } else if (s.replicaAccessLogBucket !== undefined && !isPlain(s.replicaAccessLogBucket)) {
            // A value known only at deployment has no value to show, but its presence is known now.
            p.list.push(
                `${p.where}: ${p.key(join(at, "replicaAccessLogBucket"))} needs a replica; set ${p.key(join(at, "replicaRegion"))} or remove replicaAccessLogBucket.`,
            );
        }
    },
};
