// The public API of pulumi-elastic-web.
export * from "./network";
export * from "./load-balancer";
export * from "./elastic-service";
export * from "./replicated-bucket";
export * from "./service-alarms";
export * from "./elastic-stack";
export * from "./profiles";
export * from "./config";
export { parseConfigMap } from "./config-map";
export { checkNetworkSettings, checkLoadBalancerSettings, checkServiceSettings } from "./checks";
export { ConfigError, Problems, FARGATE_SIZES, AWS_REGIONS } from "./validate";
export { estimateCost, formatCostTable, resolveUsage, PRICES, DEFAULT_USAGE, HOURS_PER_MONTH } from "./cost";
export type { UsageAssumptions, CostEstimate, CostLine, CostPlan, CostResource, PriceData } from "./cost";
export * from "./simulator";
