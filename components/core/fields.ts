/**
 * Field schemas for values several components take: log retentions, CIDR blocks, ARNs, tags.
 * Each carries the message a bad value gets (see `./schema`).
 */
import { z } from "zod";
import { LOG_RETENTION_DAYS, arnOf, retention } from "./checks";
import { ObjectRule, custom, deferred, join } from "./schema";

/** A CloudWatch Logs retention in days; `allowOff` also accepts 0 (no log group at all). */
export function retentionDays(allowOff: boolean): z.ZodNumber {
    return custom(z.number().int(), (p, path, value) => {
        const before = p.list.length;
        retention(p, path, value, allowOff);
        return p.list.length === before;
    });
}

/** An IPv4 CIDR block with a prefix length from `/minPrefix` to `/maxPrefix`. */
export function cidrBlock(minPrefix = 0, maxPrefix = 32): z.ZodString {
    return custom(z.string(), (p, path, value) => p.cidr(path, value, minPrefix, maxPrefix));
}

/** An ARN of `service` whose resource starts with `resource`, known now or at deployment; `example` shows the form. */
export function arnField(service: string, resource: string, example: string) {
    return deferred(custom(z.string(), (p, path, value) => arnOf(p, path, value, service, resource, example)));
}

/** Tags added to every child that takes tags: names to values that may be known only at deployment. */
export const TAGS_SCHEMA = z.record(z.string(), deferred(z.string()));

// Retention days are listed in ./checks, beside the check that uses them.
export { LOG_RETENTION_DAYS };

/**
 * A task count's upper bound below its lower one (`maxTasks` below `minTasks`), once both passed their
 * own checks: the rule of a service's scaling, of each of its schedules and of an alarmed service.
 */
export const MAX_TASKS_NOT_BELOW_MIN: ObjectRule = {
    after: "maxTasks",
    check(p, at, s, ok) {
        if (!ok("minTasks") || !ok("maxTasks") || (s.maxTasks as number) >= (s.minTasks as number)) return;
        p.add(
            join(at, "maxTasks"),
            s.maxTasks,
            `is below ${p.key(join(at, "minTasks"))} (${s.minTasks}); raise maxTasks or lower minTasks.`,
        );
    },
};
