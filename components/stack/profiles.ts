import { LoadBalancerSettings } from "../load-balancer/args";
import { NetworkSettings } from "../network";
import { ServiceSettings, ScalingArgs, HealthCheckArgs, ImageRepositoryArgs } from "../service";
import { ReplicatedBucketSettings } from "../bucket";
import { AlarmThresholds, SERVICE_ALARMS_DEFAULTS, ServiceAlarmsSettings } from "../alarms";

/** The environments the package ships a profile for. */
export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

type Filled<T> = { [K in keyof T]-?: Exclude<T[K], undefined> };

/** Service settings with every value filled in; `routing` stays per service. */
export interface ServiceProfile extends Filled<Omit<ServiceSettings, "scaling" | "healthCheck" | "routing" | "imageRepository">> {
    /** Task count bounds and scaling policies. */
    scaling: Filled<ScalingArgs>;
    /** Target-group health check. */
    healthCheck: Filled<HealthCheckArgs>;
    /** ECR repository settings of services that build their image. */
    imageRepository: Filled<ImageRepositoryArgs>;
}

/** Load balancer settings with every value filled in; the optional ARNs stay optional. */
export type LoadBalancerProfile = Filled<Omit<LoadBalancerSettings, "certificateArn" | "wafWebAclArn">> &
    Pick<LoadBalancerSettings, "certificateArn" | "wafWebAclArn">;

/**
 * Data bucket settings; `replicate` decides whether a replica exists, in the region paired
 * with `aws:region` (see REPLICA_REGIONS) unless the stack config names `replicaRegion`.
 */
export type BucketProfile = Filled<
    Omit<ReplicatedBucketSettings, "replicaRegion" | "prefix" | "accessLogBucket" | "replicaAccessLogBucket">
> & {
    replicate: boolean;
};

/** Alarm settings with every value filled in; the optional topic ARNs stay optional. */
export type AlarmsProfile = Filled<Omit<ServiceAlarmsSettings, "topicArn" | "replicaTopicArn" | "thresholds">> & {
    thresholds: Filled<AlarmThresholds>;
};

/** One environment's complete set of values; stack config overrides them key by key. */
export interface Profile {
    /** The network the stack creates. */
    network: Filled<NetworkSettings>;
    /** The load balancer. */
    loadBalancer: LoadBalancerProfile;
    /** Defaults of every service of the stack. */
    service: ServiceProfile;
    /** The stack's data bucket. */
    bucket: BucketProfile;
    /** Alarms, their topic and the dashboard. */
    alarms: AlarmsProfile;
}

/**
 * Where a replica goes by default: a region of the same geography, far enough for a regional
 * outage not to take both, and enabled in every account (a region launched before 20 March 2019;
 * later ones are opt-in and must be enabled per account first: AWS Account Management reference
 * guide, "Enable or disable AWS Regions in your account"). A stack in a region not listed must
 * name `bucket.replicaRegion`; see {@link OPT_IN_REPLICA_REGIONS} for why some are not.
 */
export const REPLICA_REGIONS: Readonly<Record<string, string>> = {
    "us-east-1": "us-west-2",
    "us-east-2": "us-west-2",
    "us-west-1": "us-east-1",
    "us-west-2": "us-east-1",
    "ca-west-1": "ca-central-1",
    "eu-west-1": "eu-central-1",
    "eu-west-2": "eu-west-1",
    "eu-west-3": "eu-central-1",
    "eu-central-1": "eu-west-1",
    "eu-north-1": "eu-central-1",
    "eu-south-1": "eu-central-1",
    "ap-southeast-1": "ap-northeast-1",
    "ap-northeast-1": "ap-northeast-3",
    "ap-northeast-2": "ap-northeast-1",
    "ap-northeast-3": "ap-northeast-1",
    "sa-east-1": "us-east-1",
};

/**
 * Regions left out of {@link REPLICA_REGIONS} because their only partner in the same country is an
 * opt-in region, with that partner: a default outside the country could break data-residency rules
 * unnoticed, and an opt-in default would fail in every account that has not enabled it, so the stack
 * config asks for `bucket.replicaRegion` and names the partner.
 */
export const OPT_IN_REPLICA_REGIONS: Readonly<Record<string, string>> = {
    "ca-central-1": "ca-west-1",
    "ap-southeast-2": "ap-southeast-4",
    "ap-south-1": "ap-south-2",
};

/** The component's default thresholds with a profile's own values over them. */
const thresholds = (t: Partial<Filled<AlarmThresholds>>): Filled<AlarmThresholds> => ({ ...SERVICE_ALARMS_DEFAULTS.thresholds, ...t });

const healthCheck: Filled<HealthCheckArgs> = {
    path: "/",
    matcher: "200-399",
    intervalSeconds: 15,
    timeoutSeconds: 5,
    healthyThreshold: 2,
    unhealthyThreshold: 3,
};

/**
 * The environment profiles. dev is cheap (2 AZs, one NAT, one small task, short retention,
 * everything deletable); staging mirrors prod's shape at a smaller size; prod is resilient
 * (3 AZs, a NAT per AZ, at least 3 tasks, deletion protection, long retention).
 */
export const PROFILES: Readonly<Record<Environment, Profile>> = {
    dev: {
        network: { azCount: 2, natGateways: "single", cidrBlock: "10.0.0.0/16", flowLogRetentionDays: 7 },
        loadBalancer: {
            ingressCidrs: ["0.0.0.0/0"],
            idleTimeoutSeconds: 60,
            deletionProtection: false,
            accessLogs: true,
            accessLogRetentionDays: 7,
            forceDestroyLogs: true,
            sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
        },
        service: {
            containerPort: 8080,
            cpu: 256,
            memory: 512,
            architecture: "x86_64",
            scaling: {
                minTasks: 1,
                maxTasks: 2,
                cpuTarget: 70,
                memoryTarget: 0,
                requestsPerTarget: 0,
                scaleOutCooldownSeconds: 60,
                scaleInCooldownSeconds: 300,
                schedules: [],
            },
            healthCheck,
            logRetentionDays: 7,
            spotShare: 100,
            spotBase: 0,
            enableExecuteCommand: true,
            readonlyRootFilesystem: false,
            writablePaths: ["/tmp"],
            minHealthyPercent: 0,
            maxPercent: 200,
            healthCheckGracePeriodSeconds: 60,
            deregistrationDelaySeconds: 15,
            waitForSteadyState: false,
            containerInsights: false,
            imageRepository: { forceDelete: true, keepTaggedImages: 5, untaggedExpiryDays: 1 },
        },
        bucket: {
            replicate: false,
            encryption: "kms",
            noncurrentVersionExpirationDays: 7,
            abortIncompleteUploadDays: 1,
            transitions: [],
            replicationMetrics: true,
            replicationTimeControl: false,
            replicaModifications: false,
            forceDestroy: true,
            retain: false,
        },
        alarms: {
            emails: [],
            httpsEndpoints: [],
            thresholds: thresholds({
                alb5xxRatePercent: 5,
                target5xxRatePercent: 5,
                p99LatencySeconds: 3,
                cpuPercent: 90,
                memoryPercent: 90,
                capacityPinnedMinutes: 60,
                replicationLatencySeconds: 1800,
            }),
            deploymentAlarms: false,
            requireSubscription: false,
            dashboard: true,
        },
    },
    staging: {
        network: { azCount: 2, natGateways: "single", cidrBlock: "10.1.0.0/16", flowLogRetentionDays: 30 },
        loadBalancer: {
            ingressCidrs: ["0.0.0.0/0"],
            idleTimeoutSeconds: 60,
            deletionProtection: false,
            accessLogs: true,
            accessLogRetentionDays: 30,
            forceDestroyLogs: false,
            sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
        },
        service: {
            containerPort: 8080,
            cpu: 512,
            memory: 1024,
            architecture: "x86_64",
            scaling: {
                minTasks: 2,
                maxTasks: 4,
                cpuTarget: 60,
                memoryTarget: 75,
                requestsPerTarget: 0,
                scaleOutCooldownSeconds: 60,
                scaleInCooldownSeconds: 300,
                schedules: [],
            },
            healthCheck,
            logRetentionDays: 30,
            spotShare: 50,
            spotBase: 1,
            // As in prod: ECS Exec needs a writable root filesystem, and staging rehearses prod's read-only one.
            enableExecuteCommand: false,
            readonlyRootFilesystem: true,
            writablePaths: ["/tmp"],
            minHealthyPercent: 50,
            maxPercent: 200,
            healthCheckGracePeriodSeconds: 60,
            deregistrationDelaySeconds: 30,
            waitForSteadyState: true,
            containerInsights: true,
            imageRepository: { forceDelete: false, keepTaggedImages: 10, untaggedExpiryDays: 3 },
        },
        bucket: {
            replicate: true,
            encryption: "kms",
            noncurrentVersionExpirationDays: 30,
            abortIncompleteUploadDays: 7,
            transitions: [],
            replicationMetrics: true,
            replicationTimeControl: false,
            replicaModifications: false,
            forceDestroy: false,
            retain: true,
        },
        alarms: {
            emails: [],
            httpsEndpoints: [],
            thresholds: thresholds({ alb5xxRatePercent: 2, target5xxRatePercent: 2 }),
            deploymentAlarms: true,
            requireSubscription: false,
            dashboard: true,
        },
    },
    prod: {
        network: { azCount: 3, natGateways: "onePerAz", cidrBlock: "10.2.0.0/16", flowLogRetentionDays: 365 },
        loadBalancer: {
            ingressCidrs: ["0.0.0.0/0"],
            idleTimeoutSeconds: 60,
            deletionProtection: true,
            accessLogs: true,
            accessLogRetentionDays: 365,
            forceDestroyLogs: false,
            sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
        },
        service: {
            containerPort: 8080,
            cpu: 1024,
            memory: 2048,
            architecture: "x86_64",
            scaling: {
                minTasks: 3,
                maxTasks: 12,
                cpuTarget: 50,
                memoryTarget: 70,
                requestsPerTarget: 1000,
                scaleOutCooldownSeconds: 60,
                scaleInCooldownSeconds: 300,
                schedules: [],
            },
            healthCheck,
            logRetentionDays: 365,
            spotShare: 0,
            spotBase: 0,
            enableExecuteCommand: false,
            readonlyRootFilesystem: true,
            writablePaths: ["/tmp"],
            minHealthyPercent: 100,
            maxPercent: 200,
            healthCheckGracePeriodSeconds: 60,
            deregistrationDelaySeconds: 30,
            waitForSteadyState: true,
            containerInsights: true,
            imageRepository: { forceDelete: false, keepTaggedImages: 30, untaggedExpiryDays: 7 },
        },
        bucket: {
            replicate: true,
            encryption: "kms",
            noncurrentVersionExpirationDays: 90,
            abortIncompleteUploadDays: 7,
            transitions: [
                { days: 30, storageClass: "STANDARD_IA" },
                { days: 180, storageClass: "GLACIER_IR" },
            ],
            replicationMetrics: true,
            replicationTimeControl: true,
            replicaModifications: false,
            forceDestroy: false,
            retain: true,
        },
        alarms: {
            emails: [],
            httpsEndpoints: [],
            thresholds: thresholds({ p99LatencySeconds: 1.5, cpuPercent: 80, memoryPercent: 80, capacityPinnedMinutes: 15 }),
            deploymentAlarms: true,
            requireSubscription: true,
            dashboard: true,
        },
    },
};
