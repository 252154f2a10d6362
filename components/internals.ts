/**
 * Helpers the components use internally that the package root exported before its list was
 * narrowed: the `Problems` collector and the settings checks, IAM and KMS policy builders, subnet
 * arithmetic, image-context helpers, schema objects and key lists, child-resource constants.
 *
 * Programs that imported one of them from `pulumi-elastic-web` keep working (the root still
 * exports them, `@deprecated`); this sub-path, `pulumi-elastic-web/internals`, is their home.
 * Nothing new is added here: these follow the components' implementation and may change in a
 * major release. Internals added later are not exported at all.
 *
 * @packageDocumentation
 */

export {
    checkNetworkSettings,
    flowLogsRolePolicy,
    flowLogsTrustPolicy,
    MAX_AZ_RANGE_PREFIX,
    MAX_NETWORK_NAME,
    MIN_LOAD_BALANCER_SUBNET_PREFIX,
    NAT_STRATEGIES,
    NETWORK_ARGS_SCHEMA,
    NETWORK_SETTINGS_KEYS,
    NETWORK_SETTINGS_SCHEMA,
    networkAddress,
    RESERVED_SUBNET_ADDRESSES,
    subnetLayout,
    subnetMasks,
    usableAddresses,
} from "./network";
export type { SubnetLayout, SubnetMasks } from "./network";
export { accessLogBucketPolicy, checkLoadBalancerSettings, ELB_LOG_DELIVERY_ACCOUNTS, MAX_LOAD_BALANCER_NAME } from "./load-balancer";
export type { AccessLogBucketPolicyInputs } from "./load-balancer";
export {
    CATCH_ALL_PRIORITY,
    checkServiceSettings,
    contextFiles,
    dockerignoreMatcher,
    ecrLifecyclePolicy,
    ecrRepositoryArn,
    imageContentTag,
    secretResourceArn,
    VOLUME_INIT_CONTAINER,
    VOLUME_INIT_IMAGE,
} from "./service";
export {
    bucketKeyPolicy,
    checkReplicatedBucketSettings,
    MAX_REPLICATED_BUCKET_NAME,
    REPLICATION_RULE_ID,
    REVERSE_REPLICATION_RULE_ID,
} from "./bucket";
export { anyAlarmRule, checkServiceAlarmsSettings, dashboardUrl, deploymentAlarmNames, topicKeyPolicy, topicPolicy } from "./alarms";
export { SERVICE_DEFAULTS_KEYS, STACK_CONFIG_KEYS } from "./stack/config";
export { Problems } from "./core/validate";
export { partitionOf } from "./core/aws";
