/** Fargate prices for a simulation, and scaling presets to compare a service against. */
import { ConfigError } from "../../core/validate";
import { PRICES, PriceData, unknownRegionMessage } from "../cost/prices";
import type { ServiceProfile } from "../../stack/profiles";
import type { FargatePrices, SimulatedService } from "./types";

/**
 * A region's Fargate Linux prices from the package's price table (`components/plan/prices.json`,
 * owned by the cost estimate). us-east-1 on-demand, per https://aws.amazon.com/fargate/pricing/:
 * x86 $0.04048 per vCPU-hour and $0.004445 per GB-hour, ARM $0.03238 and $0.00356, read
 * 2026-11-27. Spot prices move with spare capacity (AWS: "up to a 70% discount"); the table
 * holds a snapshot. Throws a ConfigError for a region the table lacks.
 */
export function fargatePrices(region = "us-east-1", data: PriceData = PRICES): FargatePrices {
    const r = data.regions[region];
    if (!r) throw new ConfigError([unknownRegionMessage(region, data)]);
    return {
        region,
        readOn: data.readOn,
        onDemand: {
            x86_64: { vcpuHour: r.fargateVcpuHour, gbHour: r.fargateGbHour },
            arm64: { vcpuHour: r.fargateArmVcpuHour, gbHour: r.fargateArmGbHour },
        },
        spot: {
            x86_64: { vcpuHour: r.fargateSpotVcpuHour, gbHour: r.fargateSpotGbHour },
            arm64: { vcpuHour: r.fargateSpotArmVcpuHour, gbHour: r.fargateSpotArmGbHour },
        },
    };
}

/** us-east-1's Fargate prices, the default of every simulation; swap through `SimulationOptions.prices`. */
export const FARGATE_PRICES: FargatePrices = fargatePrices("us-east-1");

/** The scaling settings a preset replaces; task bounds stay the service's own. */
export type ScalingPreset = Omit<ServiceProfile["scaling"], "minTasks" | "maxTasks">;

/**
 * What AWS CDK sets up for `service.autoScaleTaskCount({...}).scaleOnCpuUtilization("Cpu",
 * { targetUtilizationPercent: 50 })`: one CPU target-tracking policy, no memory or request
 * policy, cooldowns left unset so Application Auto Scaling applies its ECS default of 300 s
 * to both (CDK `BaseTargetTrackingProps`: "Default: Duration.seconds(300) for … ECS services";
 * Application Auto Scaling User Guide, "Define cooldown periods").
 */
export const CDK_DEFAULT_SCALING: ScalingPreset = {
    cpuTarget: 50,
    memoryTarget: 0,
    requestsPerTarget: 0,
    scaleOutCooldownSeconds: 300,
    scaleInCooldownSeconds: 300,
    schedules: [],
};

/** The service with its scaling policies replaced by `preset`; min and max tasks are kept. */
export function withScaling<S extends SimulatedService>(service: S, preset: ScalingPreset): S {
    return { ...service, scaling: { ...service.scaling, ...preset, schedules: [...preset.schedules] } };
}
