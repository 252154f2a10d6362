// The ServiceAlarms component: its args and their checks, its policies, its creation steps (the topics,
// the alarms per metric family, the composite alarms, the dashboard) and the class.
export * from "./args";
export * from "./policies";
export type { AlarmContext, AlarmSpec, AlarmsByKey, MetricAlarmExtra, MetricRef } from "./metrics";
export { metricAlarm, rateAlarm } from "./metrics";
export type { AlarmTopics, OwnTopic } from "./topic";
export { createTopic, createTopics } from "./topic";
export { createLoadBalancerAlarms } from "./load-balancer-alarms";
export { createServiceAlarms, deploymentAlarmNames } from "./per-service-alarms";
export { anyAlarmRule, createCompositeAlarm } from "./composite-alarm";
export { createBucketAlarms } from "./bucket-alarms";
export type { AlarmDashboard } from "./dashboard";
export { createDashboard, dashboardBody, dashboardUrl } from "./dashboard";
export * from "./service-alarms";
export { partitionOf } from "../core/aws";
