/** The package's price data (`components/plan/prices.json`) and its types. */
import PRICE_FILE from "../prices.json";

/** Hours in the month every estimate uses (365 × 24 ÷ 12). */
export const HOURS_PER_MONTH = 730;

/** Every figure a region of `prices.json` holds. */
export const PRICE_KEYS = [
    "fargateVcpuHour",
    "fargateGbHour",
    "fargateArmVcpuHour",
    "fargateArmGbHour",
    "fargateSpotVcpuHour",
    "fargateSpotGbHour",
    "fargateSpotArmVcpuHour",
    "fargateSpotArmGbHour",
    "albHour",
    "albLcuHour",
    "natGatewayHour",
    "natGatewayGb",
    "publicIpv4Hour",
    "s3StandardGbMonth",
    "s3PutPer1000",
    "s3GetPer1000",
    "s3ReplicationTransferGb",
    "kmsKeyMonth",
    "kmsRequestsPer10000",
    "cwAlarmMonth",
    "cwHighResAlarmMonth",
    "cwCompositeAlarmMonth",
    "cwDashboardMonth",
    "cwLogsIngestGb",
    "cwLogsStorageGbMonth",
    "vendedLogsIngestGb",
    "vendedLogsToS3Gb",
    "wafWebAclMonth",
    "wafRuleMonth",
    "wafRequestsPerMillion",
    "ecrStorageGbMonth",
    "snsPublishPerMillion",
] as const;
export type PriceKey = (typeof PRICE_KEYS)[number];

/** One region's prices (USD) with, per figure, its source ids or how it was derived. */
export type RegionPrices = { readonly [K in PriceKey]: number } & {
    readonly name: string;
    readonly sources: Readonly<Partial<Record<PriceKey, readonly string[]>>>;
    readonly derived: Readonly<Partial<Record<PriceKey, string>>>;
};

/** A page the prices were read from. */
export interface PriceSource {
    /** Id the regions' `sources` refer to. */
    id: string;
    title: string;
    /** Address of the page. */
    url: string;
    /** What the page states that the data file uses. */
    states: string;
}

/** The shape of `prices.json`. */
export interface PriceData {
    /** Version of the data (`YYYY-MM`); bump it when figures change. */
    version: string;
    /** Date the sources were read (YYYY-MM-DD). */
    readOn: string;
    currency: string;
    hoursPerMonth: number;
    /** What the figures cover and how to read them. */
    about: readonly string[];
    /** Factors used to derive usage-priced figures not found for a region. */
    regionMultipliers: Readonly<Record<string, number | string>>;
    /** Account-wide CloudWatch free tier, subtracted only with `applyFreeTier`. */
    freeTier: { source: string; cwDashboards: number; cwAlarmMetrics: number };
    sources: readonly PriceSource[];
    /** Prices by region code. */
    regions: Readonly<Record<string, RegionPrices>>;
}

/** The package's price data (`components/plan/prices.json`). */
export const PRICES: PriceData = PRICE_FILE as unknown as PriceData;

/** The error for a resource in a region the price data does not hold. */
export function unknownRegionMessage(region: string, prices: PriceData = PRICES): string {
    return (
        `No prices for region ${JSON.stringify(region)} in components/plan/prices.json (version ${prices.version}); ` +
        `known regions: ${Object.keys(prices.regions).join(", ")}.`
    );
}
