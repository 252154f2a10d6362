/**
 * Monthly cost estimate of a plan: prices each recorded resource from its type and inputs
 * (never from the stack config), so it works for any program run under the mocks, not only
 * for ElasticStack. Prices come from `prices.json`; what the plan cannot tell (traffic,
 * stored data, log volume) comes from {@link UsageAssumptions}.
 *
 * Files: `prices.ts` (the price data and its types), `types.ts` (what the estimate reads and
 * returns), `estimator.ts` (shared state and helpers), one file per family of AWS services
 * (`compute.ts`, `load-balancing.ts`, `network.ts`, `storage.ts`, `observability.ts`,
 * `security.ts`), `estimate.ts` (the sections in order) and `format.ts` (the table).
 */
export { DEFAULT_USAGE, resolveUsage, checkUsage } from "../../stack/usage";
export type { ResourceUsage, UsageAssumptions } from "../../stack/usage";
export { HOURS_PER_MONTH, PRICE_KEYS, PRICES, unknownRegionMessage } from "./prices";
export type { PriceData, PriceKey, PriceSource, RegionPrices } from "./prices";
export type { CostEstimate, CostLine, CostPlan, CostResource, UnpricedResource } from "./types";
export { estimateCost } from "./estimate";
export { spotSplit } from "./compute";
export { awsxNatGateways } from "./network";
export { refersTo } from "./util";
export { formatCostTable } from "./format";
