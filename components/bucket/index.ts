// The ReplicatedBucket component: its args and their checks, the rules beside them, its key policy and the class.
export * from "./args";
export { TRANSITION_STORAGE_CLASSES } from "./rules";
export { bucketKeyPolicy } from "./policies";
export { REPLICATION_RULE_ID, REVERSE_REPLICATION_RULE_ID } from "./replication";
export * from "./replicated-bucket";
