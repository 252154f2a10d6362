/**
 * The public API of pulumi-elastic-web: the components, their args, settings and resolved types,
 * the environment profiles and the stack config, the cost estimate, and the constants users need
 * (the defaults objects, `FARGATE_SIZES`, `AWS_REGIONS`).
 *
 * The list is explicit, never `export *`, so that a name added to a component's folder does not
 * become public by accident; `tests/exports.spec.ts` pins it. Two sub-paths hold the rest:
 * `pulumi-elastic-web/simulator` (the elasticity simulator) and `pulumi-elastic-web/internals`
 * (helpers the components use, once exported from here). Every name this module exported before
 * the list was narrowed is still exported here, marked `@deprecated` with its new home.
 *
 * @packageDocumentation
 */

export { NAT_GATEWAY_OPTIONS, Network, NETWORK_DEFAULTS, resolveNetworkArgs } from "./network";
export type { NatStrategy, NetworkArgs, NetworkSettings, ResolvedNetworkArgs } from "./network";
export { LOAD_BALANCER_DEFAULTS, LoadBalancer, resolveLoadBalancerArgs } from "./load-balancer";
export type { LoadBalancerArgs, LoadBalancerSettings, ResolvedLoadBalancerArgs } from "./load-balancer";
export { CONTAINER_NAME, ELASTIC_SERVICE_DEFAULTS, ElasticService, resolveElasticServiceArgs } from "./service";
export type {
    Architecture,
    ClusterRef,
    ContainerHealthCheckArgs,
    ElasticServiceArgs,
    ElasticServiceInputs,
    HealthCheckArgs,
    ImageBuildArgs,
    ImagePlatform,
    ImageRepositoryArgs,
    LoadBalancerAttachment,
    ResolvedElasticServiceArgs,
    ResolvedImageBuild,
    RoutingArgs,
    ScalingArgs,
    ScheduleArgs,
    ServiceSettings,
} from "./service";
export { REPLICATED_BUCKET_DEFAULTS, ReplicatedBucket, resolveReplicatedBucketArgs, TRANSITION_STORAGE_CLASSES } from "./bucket";
export type {
    BucketEncryption,
    ReplicatedBucketArgs,
    ReplicatedBucketSettings,
    ReplicationMetricsTarget,
    ResolvedReplicatedBucketArgs,
    TransitionArgs,
    TransitionStorageClass,
} from "./bucket";
export { resolveServiceAlarmsArgs, SERVICE_ALARMS_DEFAULTS, ServiceAlarms } from "./alarms";
export type {
    AlarmedBucket,
    AlarmedLoadBalancer,
    AlarmedService,
    AlarmThresholds,
    ResolvedServiceAlarmsArgs,
    ResolvedServiceAlarmsSettings,
    ServiceAlarmsArgs,
    ServiceAlarmsSettings,
} from "./alarms";
export { ElasticStack } from "./stack/elastic-stack";
export { ENVIRONMENTS, OPT_IN_REPLICA_REGIONS, PROFILES, REPLICA_REGIONS } from "./stack/profiles";
export type { AlarmsProfile, BucketProfile, Environment, LoadBalancerProfile, Profile, ServiceProfile } from "./stack/profiles";
export { CONFIG_NAMESPACE, DEFAULT_NAME, DEMO_IMAGE, resolveStackConfig } from "./stack/config";
export type {
    ExistingNetwork,
    ServiceConfig,
    StackAlarmsConfig,
    StackBucketConfig,
    StackBucketSettings,
    StackConfig,
    StackSettings,
} from "./stack/config";
export { parseConfigMap } from "./stack/config-map";
export { AWS_REGIONS, ConfigError, FARGATE_SIZES } from "./core/validate";
export { DEFAULT_USAGE, estimateCost, formatCostTable, HOURS_PER_MONTH, PRICES, resolveUsage } from "./plan/cost";
export type { CostEstimate, CostLine, CostPlan, CostResource, PriceData, UsageAssumptions } from "./plan/cost";

// Kept for compatibility: the elasticity simulator, now at "pulumi-elastic-web/simulator".
export {
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    aggregateResults,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    benchSimulator,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    CDK_DEFAULT_SCALING,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    defaultBaseRps,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    defaultRequestsPerSecondPerTask,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    describeFault,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    FARGATE_PRICES,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    fargatePrices,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    formatMinute,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    formatSeries,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    formatSummary,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    formatTable,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    parseFault,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    parseTraceCsv,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    renderChartSvg,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    resolveSimulationOptions,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    SCALE_IN_DATAPOINTS,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    SCALE_IN_THRESHOLD,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    SCALE_OUT_DATAPOINTS,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    simulate,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    simulateStack,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    SIMULATION_DEFAULTS,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    simulationToJson,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    stackAzCount,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    startupTimes,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    summaryRows,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    traces,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    withScaling,
} from "./plan/simulator";
export type {
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    AzFault,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    ChartOptions,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    DeploymentFault,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    FargatePrices,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    FargateRate,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    Fault,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    ResolvedSimulationOptions,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    ScalingPreset,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    SimulatedService,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    SimulationEvent,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    SimulationOptions,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    SimulationResult,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    SimulationSeries,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    SimulationSummary,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    SimulatorBenchResult,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    StackSimulationOptions,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    StackSimulationResult,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    StartupTimes,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    TaskLossFault,
    /** @deprecated Import it from `pulumi-elastic-web/simulator`; the root keeps it for compatibility. */
    Trace,
} from "./plan/simulator";

// Kept for compatibility: internal helpers, now at "pulumi-elastic-web/internals".
export {
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    checkNetworkSettings,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    flowLogsRolePolicy,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    flowLogsTrustPolicy,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    MAX_AZ_RANGE_PREFIX,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    MAX_NETWORK_NAME,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    MIN_LOAD_BALANCER_SUBNET_PREFIX,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    NAT_STRATEGIES,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    NETWORK_ARGS_SCHEMA,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    NETWORK_SETTINGS_KEYS,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    NETWORK_SETTINGS_SCHEMA,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    networkAddress,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    RESERVED_SUBNET_ADDRESSES,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    subnetLayout,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    subnetMasks,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    usableAddresses,
} from "./network";
export type {
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    SubnetLayout,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    SubnetMasks,
} from "./network";
export {
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    accessLogBucketPolicy,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    checkLoadBalancerSettings,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    ELB_LOG_DELIVERY_ACCOUNTS,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    MAX_LOAD_BALANCER_NAME,
} from "./load-balancer";
export type {
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    AccessLogBucketPolicyInputs,
} from "./load-balancer";
export {
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    CATCH_ALL_PRIORITY,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    checkServiceSettings,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    contextFiles,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    dockerignoreMatcher,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    ecrLifecyclePolicy,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    ecrRepositoryArn,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    imageContentTag,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    secretResourceArn,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    VOLUME_INIT_CONTAINER,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    VOLUME_INIT_IMAGE,
} from "./service";
export {
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    bucketKeyPolicy,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    checkReplicatedBucketSettings,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    MAX_REPLICATED_BUCKET_NAME,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    REPLICATION_RULE_ID,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    REVERSE_REPLICATION_RULE_ID,
} from "./bucket";
export {
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    anyAlarmRule,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    checkServiceAlarmsSettings,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    dashboardUrl,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    deploymentAlarmNames,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    topicKeyPolicy,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    topicPolicy,
} from "./alarms";
export {
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    SERVICE_DEFAULTS_KEYS,
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    STACK_CONFIG_KEYS,
} from "./stack/config";
export {
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    Problems,
} from "./core/validate";
export {
    /** @deprecated Internal helper of the components; import it from `pulumi-elastic-web/internals`. */
    partitionOf,
} from "./core/aws";
