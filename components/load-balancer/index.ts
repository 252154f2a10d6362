// The LoadBalancer component: its args and their checks, the TLS policies it allows, its access-log policy and the class.
export * from "./args";
export { TLS12_SSL_POLICIES } from "./rules";
export * from "./policies";
export * from "./load-balancer";
