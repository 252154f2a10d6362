// The public API of pulumi-elastic-web.
export * from "./network";
export * from "./load-balancer";
export * from "./elastic-service";
export * from "./elastic-stack";
export * from "./profiles";
export * from "./config";
export { parseConfigMap } from "./config-map";
export { ConfigError, Problems, FARGATE_SIZES, AWS_REGIONS } from "./validate";
