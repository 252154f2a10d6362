/**
 * Testing toolkit: mocks that answer like AWS, and `synth`, which runs a program under them and
 * returns everything it would create (the plan tests and `npm run preview` read).
 */
export { ElasticMocks, ElasticMocksOptions, ALB_ARN_SUFFIX_ID, TARGET_GROUP_ARN_SUFFIX_ID, parseProviderRef } from "./mocks";
export { synth, useMocks, Plan, PlanResource, PlanOptions, SynthOptions, UseMocksOptions, PROJECT, UNKNOWN } from "./synth";
