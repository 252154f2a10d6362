import { LoadBalancerSettings } from "./load-balancer";
import { NetworkSettings } from "./network";
import { ServiceSettings, ScalingArgs, HealthCheckArgs } from "./elastic-service";

/** The environments the package ships a profile for. */
export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

type Filled<T> = { [K in keyof T]-?: Exclude<T[K], undefined> };

/** Service settings with every value filled in; `routing` stays per service. */
export interface ServiceProfile extends Filled<Omit<ServiceSettings, "scaling" | "healthCheck" | "routing">> {
    scaling: Filled<ScalingArgs>;
    healthCheck: Filled<HealthCheckArgs>;
}

/** Load balancer settings with every value filled in; the optional ARNs stay optional. */
export type LoadBalancerProfile = Filled<Omit<LoadBalancerSettings, "certificateArn" | "wafWebAclArn">> &
    Pick<LoadBalancerSettings, "certificateArn" | "wafWebAclArn">;

/** One environment's complete set of values; stack config overrides them key by key. */
export interface Profile {
    network: Filled<NetworkSettings>;
    loadBalancer: LoadBalancerProfile;
    /** Defaults of every service of the stack. */
    service: ServiceProfile;
}

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
            enableExecuteCommand: true,
            readonlyRootFilesystem: false,
            writablePaths: ["/tmp"],
            minHealthyPercent: 50,
            maxPercent: 200,
            healthCheckGracePeriodSeconds: 60,
            deregistrationDelaySeconds: 30,
            waitForSteadyState: true,
            containerInsights: true,
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
        },
    },
};
