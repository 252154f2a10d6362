/**
 * A deterministic elasticity simulator: replays a load trace against a service's scaling
 * configuration the way Application Auto Scaling, CloudWatch and ECS on Fargate behave as
 * AWS documents them, and reports what the users of the service would have seen (offered
 * load, capacity, dropped or queued requests), what the service did (desired, running and
 * pending tasks, scaling events) and what it cost.
 *
 * Model, per one-minute CloudWatch period (steps may be finer):
 * - Each target-tracking policy (CPU, memory, ALB requests per target) has the two alarms
 *   Application Auto Scaling creates for it: AlarmHigh (metric > target for 3 of 3 one-minute
 *   datapoints) and AlarmLow (metric < 90% of target for 15 of 15 datapoints). Those are the
 *   alarms' settings as the CloudWatch console shows them for ECS target tracking, e.g.
 *   "CPUUtilization > 50 for 3 datapoints within 3 minutes" and "CPUUtilization < 45 for 15
 *   datapoints within 15 minutes"; the Application Auto Scaling User Guide describes the
 *   asymmetry ("more aggressive in adding capacity … removing capacity only when utilization
 *   passes a threshold that is far enough below the target value (usually more than 10% lower)").
 *   https://docs.aws.amazon.com/autoscaling/application/userguide/target-tracking-scaling-policy-overview.html
 * - An alarm in ALARM invokes its policy once per minute while it stays in ALARM (CloudWatch
 *   User Guide, "Using Amazon CloudWatch alarms": "For Auto Scaling actions, the alarm
 *   continues to invoke the action once per minute that the alarm remains in the new state").
 * - New capacity = ceil(capacity × metric / target), rounded up for scale-out and kept at or
 *   above the need for scale-in (same guide, "Considerations": rounding "prevents it from adding
 *   insufficient capacity or removing too much capacity").
 * - Several policies: scale out if any policy's AlarmHigh is in ALARM, scale in only if every
 *   policy's AlarmLow is; the largest capacity wins (same guide, "Multiple scaling policies").
 * - Cooldowns (same guide, "Define cooldown periods"): during the scale-out cooldown a further
 *   scale-out happens only when it is larger than the capacity already added (the metric is
 *   then read against the tasks that produced it); after it, the metric is read against the
 *   current desired count, so a cooldown shorter than start-up plus metric delay over-scales.
 *   Scale-in is blocked until the scale-in cooldown ends; a scale-out cancels it. ECS defaults
 *   both cooldowns to 300 s.
 * - Scheduled actions set min and max at their minute and move the desired count into the new
 *   bounds at once, cooldowns notwithstanding (Application Auto Scaling User Guide, "Scheduled
 *   scaling"); cron() fields are evaluated in the schedule's time zone, DST included.
 * - Application Auto Scaling turns scale-in off while an ECS deployment is in progress;
 *   scale-out continues (ECS Developer Guide, "Scale your Amazon ECS service using a target
 *   metric value"). Deployments honour minimumHealthyPercent and maximumPercent.
 * - Task start-up: provisioning (microVM and ENI), image pull (Fargate caches no images:
 *   every task pulls its whole image, ECS Developer Guide "Fargate pull behavior"), container
 *   start, then the target group's healthy threshold × interval before the ALB sends requests.
 *   AWS re:Post puts a normal Fargate start at "30-45 seconds or longer" before health checks.
 *   The health-check grace period decides whether a slow starter survives: a task whose target
 *   turns unhealthy before it is ready and after the grace period is stopped and replaced.
 * - Metric: ECS service CPU is the average over RUNNING tasks (warming and draining tasks
 *   count, at no load); ALBRequestCountPerTarget is the minute's request count over healthy
 *   targets. Datapoints reach the alarms `metricDelaySeconds` after their minute ends.
 * - Cost: Fargate bills vCPU and memory per second from the start of the image pull until the
 *   task stops, one-minute minimum (https://aws.amazon.com/fargate/pricing/), at the prices of
 *   `components/plan/prices.json`. Tasks split between FARGATE and FARGATE_SPOT by the service's
 *   capacity provider strategy: `spotBase` tasks on demand, then `spotShare`% of the rest on Spot.
 *
 * Everything is a pure function of its inputs: no clock, no randomness.
 *
 * Files: `types.ts` (inputs and outputs), `prices.ts` (Fargate prices, scaling presets),
 * `traces.ts` (load shapes, CSV), `faults.ts`, `schedules.ts` (cron, at and rate in a time zone),
 * `options.ts` (knobs, start-up times), `tasks.ts` and `engine.ts` (the minute-by-minute run),
 * `summary.ts`, `stack.ts` (whole stacks, sums), `report.ts` (text), `chart.ts` (SVG), `bench.ts`.
 */
export { CDK_DEFAULT_SCALING, FARGATE_PRICES, fargatePrices, withScaling } from "./prices";
export type { ScalingPreset } from "./prices";
export type {
    AzFault,
    DeploymentFault,
    FargatePrices,
    FargateRate,
    Fault,
    ResolvedSimulationOptions,
    SimulatedService,
    SimulationEvent,
    SimulationOptions,
    SimulationResult,
    SimulationSeries,
    SimulationSummary,
    StartupTimes,
    TaskLossFault,
    Trace,
} from "./types";
export {
    SCALE_IN_DATAPOINTS,
    SCALE_IN_THRESHOLD,
    SCALE_OUT_DATAPOINTS,
    SIMULATION_DEFAULTS,
    defaultBaseRps,
    defaultRequestsPerSecondPerTask,
    resolveSimulationOptions,
    startupTimes,
} from "./options";
export { parseTraceCsv, traces } from "./traces";
export { describeFault, parseFault } from "./faults";
export { simulate } from "./engine";
export { aggregateResults, simulateStack, stackAzCount } from "./stack";
export type { StackSimulationOptions, StackSimulationResult } from "./stack";
export { formatMinute, formatSeries, formatSummary, formatTable, simulationToJson, summaryRows } from "./report";
export { renderChartSvg } from "./chart";
export type { ChartOptions } from "./chart";
export { benchSimulator } from "./bench";
export type { SimulatorBenchResult } from "./bench";
