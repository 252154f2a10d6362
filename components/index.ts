// The public API of pulumi-elastic-web.
export * from "./network";
export * from "./load-balancer";
export * from "./service";
export * from "./bucket";
export * from "./alarms";
export * from "./stack/elastic-stack";
export * from "./stack/profiles";
export * from "./stack/config";
export { parseConfigMap } from "./stack/config-map";

export { ConfigError, Problems, FARGATE_SIZES, AWS_REGIONS } from "./core/validate";
export { estimateCost, formatCostTable, resolveUsage, PRICES, DEFAULT_USAGE, HOURS_PER_MONTH } from "./plan/cost";
export type { UsageAssumptions, CostEstimate, CostLine, CostPlan, CostResource, PriceData } from "./plan/cost";
export * from "./plan/simulator";
