import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

/**
 * The package root (`components/index.ts`) exports an explicit list that cannot grow by accident,
 * and every name it exported before it was narrowed stays importable from it; the internals and the
 * simulator are also importable from their sub-paths, which package.json maps to files that exist.
 */
const ROOT = path.resolve(__dirname, "..");

/** Every name the root exports, sorted: the components and what users need, then the deprecated ones. */
const ROOT_EXPORTS = [
    "AWS_REGIONS",
    "AccessLogBucketPolicyInputs",
    "AlarmThresholds",
    "AlarmedBucket",
    "AlarmedLoadBalancer",
    "AlarmedService",
    "AlarmsProfile",
    "Architecture",
    "AzFault",
    "BucketEncryption",
    "BucketProfile",
    "CATCH_ALL_PRIORITY",
    "CDK_DEFAULT_SCALING",
    "CONFIG_NAMESPACE",
    "CONTAINER_NAME",
    "ChartOptions",
    "ClusterRef",
    "ConfigError",
    "ContainerHealthCheckArgs",
    "CostEstimate",
    "CostLine",
    "CostPlan",
    "CostResource",
    "DEFAULT_NAME",
    "DEFAULT_USAGE",
    "DEMO_IMAGE",
    "DeploymentFault",
    "ELASTIC_SERVICE_DEFAULTS",
    "ELB_LOG_DELIVERY_ACCOUNTS",
    "ENVIRONMENTS",
    "ElasticService",
    "ElasticServiceArgs",
    "ElasticServiceInputs",
    "ElasticStack",
    "Environment",
    "ExistingNetwork",
    "FARGATE_PRICES",
    "FARGATE_SIZES",
    "FargatePrices",
    "FargateRate",
    "Fault",
    "HOURS_PER_MONTH",
    "HealthCheckArgs",
    "ImageBuildArgs",
    "ImagePlatform",
    "ImageRepositoryArgs",
    "LOAD_BALANCER_DEFAULTS",
    "LoadBalancer",
    "LoadBalancerArgs",
    "LoadBalancerAttachment",
    "LoadBalancerProfile",
    "LoadBalancerSettings",
    "MAX_AZ_RANGE_PREFIX",
    "MAX_LOAD_BALANCER_NAME",
    "MAX_NETWORK_NAME",
    "MAX_REPLICATED_BUCKET_NAME",
    "MIN_LOAD_BALANCER_SUBNET_PREFIX",
    "NAT_GATEWAY_OPTIONS",
    "NAT_STRATEGIES",
    "NETWORK_ARGS_SCHEMA",
    "NETWORK_DEFAULTS",
    "NETWORK_SETTINGS_KEYS",
    "NETWORK_SETTINGS_SCHEMA",
    "NatStrategy",
    "Network",
    "NetworkArgs",
    "NetworkSettings",
    "OPT_IN_REPLICA_REGIONS",
    "PRICES",
    "PROFILES",
    "PriceData",
    "Problems",
    "Profile",
    "REPLICATED_BUCKET_DEFAULTS",
    "REPLICATION_RULE_ID",
    "REPLICA_REGIONS",
    "RESERVED_SUBNET_ADDRESSES",
    "REVERSE_REPLICATION_RULE_ID",
    "ReplicatedBucket",
    "ReplicatedBucketArgs",
    "ReplicatedBucketSettings",
    "ReplicationMetricsTarget",
    "ResolvedElasticServiceArgs",
    "ResolvedImageBuild",
    "ResolvedLoadBalancerArgs",
    "ResolvedNetworkArgs",
    "ResolvedReplicatedBucketArgs",
    "ResolvedServiceAlarmsArgs",
    "ResolvedServiceAlarmsSettings",
    "ResolvedSimulationOptions",
    "RoutingArgs",
    "SCALE_IN_DATAPOINTS",
    "SCALE_IN_THRESHOLD",
    "SCALE_OUT_DATAPOINTS",
    "SERVICE_ALARMS_DEFAULTS",
    "SERVICE_DEFAULTS_KEYS",
    "SIMULATION_DEFAULTS",
    "STACK_CONFIG_KEYS",
    "ScalingArgs",
    "ScalingPreset",
    "ScheduleArgs",
    "ServiceAlarms",
    "ServiceAlarmsArgs",
    "ServiceAlarmsSettings",
    "ServiceConfig",
    "ServiceProfile",
    "ServiceSettings",
    "SimulatedService",
    "SimulationEvent",
    "SimulationOptions",
    "SimulationResult",
    "SimulationSeries",
    "SimulationSummary",
    "SimulatorBenchResult",
    "StackAlarmsConfig",
    "StackBucketConfig",
    "StackBucketSettings",
    "StackConfig",
    "StackSettings",
    "StackSimulationOptions",
    "StackSimulationResult",
    "StartupTimes",
    "SubnetLayout",
    "SubnetMasks",
    "TRANSITION_STORAGE_CLASSES",
    "TaskLossFault",
    "Trace",
    "TransitionArgs",
    "TransitionStorageClass",
    "UsageAssumptions",
    "VOLUME_INIT_CONTAINER",
    "VOLUME_INIT_IMAGE",
    "accessLogBucketPolicy",
    "aggregateResults",
    "anyAlarmRule",
    "benchSimulator",
    "bucketKeyPolicy",
    "checkLoadBalancerSettings",
    "checkNetworkSettings",
    "checkReplicatedBucketSettings",
    "checkServiceAlarmsSettings",
    "checkServiceSettings",
    "contextFiles",
    "dashboardUrl",
    "defaultBaseRps",
    "defaultRequestsPerSecondPerTask",
    "deploymentAlarmNames",
    "describeFault",
    "dockerignoreMatcher",
    "ecrLifecyclePolicy",
    "ecrRepositoryArn",
    "estimateCost",
    "fargatePrices",
    "flowLogsRolePolicy",
    "flowLogsTrustPolicy",
    "formatCostTable",
    "formatMinute",
    "formatSeries",
    "formatSummary",
    "formatTable",
    "imageContentTag",
    "networkAddress",
    "parseConfigMap",
    "parseFault",
    "parseTraceCsv",
    "partitionOf",
    "renderChartSvg",
    "resolveElasticServiceArgs",
    "resolveLoadBalancerArgs",
    "resolveNetworkArgs",
    "resolveReplicatedBucketArgs",
    "resolveServiceAlarmsArgs",
    "resolveSimulationOptions",
    "resolveStackConfig",
    "resolveUsage",
    "secretResourceArn",
    "simulate",
    "simulateStack",
    "simulationToJson",
    "stackAzCount",
    "startupTimes",
    "subnetLayout",
    "subnetMasks",
    "summaryRows",
    "topicKeyPolicy",
    "topicPolicy",
    "traces",
    "usableAddresses",
    "withScaling",
];

interface Exported {
    name: string;
    /** Whether it is a value (`export { … }`) rather than a type (`export type { … }`). */
    value: boolean;
    /** The `@deprecated` text of its export specifier, when it has one. */
    deprecated?: string;
    /** The module it is re-exported from. */
    from: string;
}

/** The export specifiers of a module that only re-exports; fails on anything else (`export *`, declarations). */
function reExports(file: string): Exported[] {
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const out: Exported[] = [];
    for (const statement of source.statements) {
        assert.ok(ts.isExportDeclaration(statement), `${file}: only re-exports, found ${statement.getText().slice(0, 60)}`);
        const clause = statement.exportClause;
        assert.ok(clause && ts.isNamedExports(clause), `${file}: no export *, found ${statement.getText()}`);
        for (const spec of clause.elements) {
            const tag = ts.getJSDocTags(spec).find((t) => t.tagName.text === "deprecated");
            out.push({
                name: spec.name.text,
                value: !statement.isTypeOnly && !spec.isTypeOnly,
                deprecated: tag ? ts.getTextOfJSDocComment(tag.comment) : undefined,
                from: (statement.moduleSpecifier as ts.StringLiteral).text,
            });
        }
    }
    return out;
}

const sorted = (names: string[]) => [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

describe("package root exports", () => {
    const root = reExports("components/index.ts");

    it("exports exactly the pinned list of names", () => {
        assert.deepEqual(sorted(root.map((e) => e.name)), sorted(ROOT_EXPORTS));
    });

    it("exports at run time exactly its value names", () => {
        const runtime = Object.keys(require("../components") as object).filter((k) => k !== "__esModule");
        assert.deepEqual(sorted(runtime), sorted(root.filter((e) => e.value).map((e) => e.name)));
    });

    it("marks every internal deprecated, pointing at pulumi-elastic-web/internals, which exports the same object", () => {
        const internals = reExports("components/internals.ts");
        const moved = root.filter((e) => e.deprecated?.includes("`pulumi-elastic-web/internals`"));
        assert.deepEqual(sorted(moved.map((e) => e.name)), sorted(internals.map((e) => e.name)));
        assert.equal(internals.length, 47);
        assert.deepEqual(
            internals.filter((e) => e.deprecated !== undefined),
            [],
            "the internals sub-path is their home: nothing there is deprecated",
        );
        const rootModule = require("../components") as Record<string, unknown>;
        const internalsModule = require("../components/internals") as Record<string, unknown>;
        for (const e of internals.filter((x) => x.value)) assert.equal(internalsModule[e.name], rootModule[e.name], e.name);
    });

    it("marks every simulator name deprecated, pointing at pulumi-elastic-web/simulator, which exports the same object", () => {
        const moved = root.filter((e) => e.deprecated?.includes("`pulumi-elastic-web/simulator`"));
        assert.equal(moved.length, 48);
        assert.deepEqual(sorted([...new Set(moved.map((e) => e.from))]), ["./plan/simulator"]);
        const rootModule = require("../components") as Record<string, unknown>;
        const simulator = require("../components/plan/simulator") as Record<string, unknown>;
        for (const e of moved.filter((x) => x.value)) assert.equal(simulator[e.name], rootModule[e.name], e.name);
    });

    it("deprecates nothing else: the components, their args and the stack config are not deprecated", () => {
        const other = root.filter((e) => e.deprecated !== undefined && !/`pulumi-elastic-web\/(internals|simulator)`/.test(e.deprecated));
        assert.deepEqual(other, []);
        for (const name of ["ElasticStack", "ElasticService", "resolveStackConfig", "ConfigError", "estimateCost", "StackConfig"]) {
            assert.equal(root.find((e) => e.name === name)?.deprecated, undefined, name);
        }
    });
});

describe("package.json entry points", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
        exports: Record<string, string | { types: string; default: string }>;
        typesVersions: { "*": Record<string, string[]> };
    };
    /** The source file a built file in dist/ comes from. */
    const sourceOf = (built: string) => built.replace(/^\.?\/?dist\//, "").replace(/\.d\.ts$|\.js$/, ".ts");

    it("maps the root and every sub-path to a built file of a source that exists", () => {
        assert.deepEqual(Object.keys(pkg.exports), [".", "./testing", "./simulator", "./internals", "./policy", "./package.json"]);
        for (const [key, target] of Object.entries(pkg.exports)) {
            if (typeof target === "string") continue;
            assert.equal(sourceOf(target.types), sourceOf(target.default), key);
            assert.ok(fs.existsSync(path.join(ROOT, sourceOf(target.default))), `${key}: ${target.default}`);
        }
    });

    it("gives typesVersions the same types as exports, for TypeScript without exports support", () => {
        const fromExports = Object.entries(pkg.exports)
            .filter(([key, target]) => key !== "." && typeof target !== "string")
            .map(([key, target]) => [key.slice(2), [(target as { types: string }).types.replace(/^\.\//, "")]]);
        assert.deepEqual(Object.entries(pkg.typesVersions["*"]), fromExports);
    });
});
