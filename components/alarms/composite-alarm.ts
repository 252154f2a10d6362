/** The composite "degraded" alarm of a service, over the alarms whose ALARM means users are affected. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AlarmContext } from "./metrics";

/** The rule of a composite alarm that is in ALARM while any of the named alarms is. */
export function anyAlarmRule(alarmNames: string[]): string {
    return alarmNames.map((n) => `ALARM(${JSON.stringify(n)})`).join(" OR ");
}

/** Creates `<svc>-degraded`, in ALARM while any alarm of `watched` (keys in `ctx.alarms`) is; adds it to `ctx.alarms`. */
export function createCompositeAlarm(ctx: AlarmContext, svc: string, watched: string[]): aws.cloudwatch.CompositeAlarm {
    const names = watched.map((k) => `${ctx.alarmPrefix}-${k}`);
    const alarm = new aws.cloudwatch.CompositeAlarm(
        `${ctx.name}-${svc}-degraded`,
        {
            alarmName: `${ctx.alarmPrefix}-${svc}-degraded`,
            alarmDescription: `${svc} is degraded: one or more of ${names.join(", ")} is in ALARM.`,
            alarmRule: anyAlarmRule(names),
            actionsEnabled: true,
            alarmActions: [ctx.topicArn],
            okActions: [ctx.topicArn],
            tags: ctx.tags,
        },
        // CloudWatch rejects a rule that names alarms which do not exist yet.
        pulumi.mergeOptions(ctx.parent, { dependsOn: watched.map((k) => ctx.alarms[k]) }),
    );
    ctx.alarms[`${svc}-degraded`] = alarm;
    return alarm;
}
