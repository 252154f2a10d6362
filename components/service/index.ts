// The ElasticService component: its args and their rules, the resolve step, each creation step and the class.
export * from "./args";
export * from "./image-args";
export { ARCHITECTURES, FARGATE_CPUS } from "./rules";
export { PLATFORMS, checkImageBuildFiles, dockerfileStages } from "./image-rules";
export * from "./resolve";
export * from "./build-context";
export { ecrLifecyclePolicy, ecrRepositoryArn, executionPolicy, secretResourceArn } from "./policies";
export * from "./cluster";
export * from "./image";
export * from "./roles";
export * from "./task-definition";
export * from "./traffic";
export * from "./ecs-service";
export * from "./scaling";
export * from "./elastic-service";
