/**
 * Testing kit (`pulumi-elastic-web/testing`): mocks that answer like AWS, `synth`, which runs a
 * program under them and returns its plan (what `npm run preview -- --json` writes), and
 * assertions on that plan with CDK-style matchers.
 *
 * @example
 * const plan = await synth(() => new ElasticService("api", args));
 * plan.hasResource("aws:ecs/service:Service", { deploymentCircuitBreaker: { rollback: true } });
 */
export {
    ElasticMocks,
    ElasticMocksOptions,
    MockCallError,
    MOCKED_TYPES,
    ALB_ARN_SUFFIX_ID,
    TARGET_GROUP_ARN_SUFFIX_ID,
    parseProviderRef,
} from "./mocks";
export { synth, useMocks, loadProgram, SynthOptions, UseMocksOptions, PROJECT, UNKNOWN, SECRET } from "./synth";
export { Plan, PlanData, PlanOptions, PlanResource, PlanViolation } from "./assertions";
export { deriveAwsxVpcChildren, withAwsxChildren, awsxSubnets, AwsxSubnet, DERIVED_AWSX } from "./awsx-vpc";
export { Match, Matcher, Mismatch, matchValue } from "./match";
