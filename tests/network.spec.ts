import * as assert from "node:assert/strict";
import {
    flowLogsRolePolicy,
    flowLogsTrustPolicy,
    MAX_NETWORK_NAME,
    Network,
    NETWORK_DEFAULTS,
    NetworkArgs,
    resolveNetworkArgs,
    subnetMasks,
} from "../components/network";
import { ConfigError } from "../components/core/validate";
import { synth } from "../components/testing";

type Plan = Awaited<ReturnType<typeof synth>>;
type Resource = Plan["resources"][number];

const VPC = "awsx:ec2:Vpc";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const FLOW_LOG = "aws:ec2/flowLog:FlowLog";
const DEFAULT_SG = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
const COMPONENT = "elastic-web:aws:Network";

const one = (plan: Plan, type: string, name?: string): Resource => {
    const found = plan.resources.filter((r) => r.type === type && (name === undefined || r.name === name));
    assert.equal(
        found.length,
        1,
        `expected one ${type}${name ? ` named ${name}` : ""}, found ${found.map((r) => r.name).join(", ") || "none"}`,
    );
    return found[0];
};
const count = (plan: Plan, type: string) => plan.resources.filter((r) => r.type === type).length;
const children = (plan: Plan) => plan.resources.filter((r) => r.type !== "pulumi:pulumi:Stack" && r.type !== COMPONENT);

/** Runs a Network under mocks and returns the plan plus a few resolved outputs. */
async function network(args: NetworkArgs = {}, name = "net") {
    return synth(() => {
        const n = new Network(name, args);
        return {
            vpcId: n.vpcId,
            publicSubnetIds: n.publicSubnetIds,
            privateSubnetIds: n.privateSubnetIds,
            cidrBlock: n.cidrBlock,
            logGroupArn: n.flowLogGroup?.arn,
            roleArn: n.flowLogRole?.arn,
            hasFlowLogGroup: n.flowLogGroup !== undefined,
            hasFlowLog: n.flowLog !== undefined,
            defaultSecurityGroupId: n.defaultSecurityGroup.id,
        };
    });
}

describe("Network", () => {
    describe("under defaults", () => {
        let plan: Plan;
        before(async () => {
            plan = await network();
        });

        it("creates an awsx VPC over 2 AZs with one NAT gateway, DNS on, private /18 and public /19 subnets", () => {
            assert.deepEqual(one(plan, VPC, "net-vpc").inputs, {
                cidrBlock: "10.0.0.0/16",
                numberOfAvailabilityZones: 2,
                availabilityZoneCidrMask: 17,
                subnetStrategy: "Auto",
                subnetSpecs: [
                    { type: "Private", name: "private", cidrMask: 18, tags: {} },
                    { type: "Public", name: "public", cidrMask: 19, tags: {} },
                ],
                natGateways: { strategy: "Single" },
                enableDnsHostnames: true,
                enableDnsSupport: true,
                tags: {},
            });
        });

        it("exposes the VPC's id, subnets and CIDR block", () => {
            assert.deepEqual(plan.outputs.vpcId, "net-vpc-id");
            assert.deepEqual(plan.outputs.publicSubnetIds, ["net-vpc-public-1-id", "net-vpc-public-2-id"]);
            assert.deepEqual(plan.outputs.privateSubnetIds, ["net-vpc-private-1-id", "net-vpc-private-2-id"]);
            assert.equal(plan.outputs.cidrBlock, "10.0.0.0/16");
        });

        it("keeps flow logs 30 days in their own log group", () => {
            assert.deepEqual(one(plan, LOG_GROUP, "net-flow-logs").inputs, { retentionInDays: 30, tags: {} });
        });

        it("logs ALL traffic of the VPC to the log group through the flow-log role, after the role's policy exists", () => {
            const flowLog = one(plan, FLOW_LOG, "net-flow-log");
            assert.deepEqual(flowLog.inputs, {
                vpcId: "net-vpc-id",
                trafficType: "ALL",
                logDestinationType: "cloud-watch-logs",
                logDestination: plan.outputs.logGroupArn,
                iamRoleArn: plan.outputs.roleArn,
                tags: {},
            });
            assert.deepEqual(flowLog.options.dependsOn, [one(plan, ROLE_POLICY, "net-flow-logs-policy").urn]);
        });

        it("lets only the VPC Flow Logs service of this account and Region assume the flow-log role", () => {
            const role = one(plan, ROLE, "net-flow-logs-role");
            assert.deepEqual(JSON.parse(role.inputs.assumeRolePolicy), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "VpcFlowLogsAssumeRole",
                        Effect: "Allow",
                        Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                        Action: "sts:AssumeRole",
                        Condition: {
                            StringEquals: { "aws:SourceAccount": "123456789012" },
                            ArnLike: { "aws:SourceArn": "arn:aws:ec2:us-east-1:123456789012:vpc-flow-log/*" },
                        },
                    },
                ],
            });
            assert.equal(role.inputs.managedPolicyArns, undefined);
        });

        it("allows the flow-log role exactly the stream and event writes on its own log group", () => {
            const policy = one(plan, ROLE_POLICY, "net-flow-logs-policy");
            assert.equal(policy.inputs.role, "net-flow-logs-role");
            const arn = plan.outputs.logGroupArn;
            assert.match(arn, /^arn:aws:logs:us-east-1:123456789012:log-group:/);
            const doc = JSON.parse(policy.inputs.policy);
            assert.equal(doc.Version, "2012-10-17");
            assert.equal(doc.Statement.length, 1);
            assert.deepEqual(doc.Statement[0], {
                Sid: "WriteFlowLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                Resource: [arn, `${arn}:*`],
            });
        });

        it("empties the VPC's default security group", () => {
            assert.deepEqual(one(plan, DEFAULT_SG, "net-default-sg").inputs, {
                vpcId: "net-vpc-id",
                ingress: [],
                egress: [],
                tags: {},
            });
        });

        it("creates exactly the VPC, the four flow-log resources and the default group", () => {
            assert.deepEqual(
                children(plan)
                    .map((r) => `${r.type} ${r.name}`)
                    .sort(),
                [
                    `${DEFAULT_SG} net-default-sg`,
                    `${FLOW_LOG} net-flow-log`,
                    `${LOG_GROUP} net-flow-logs`,
                    `${ROLE} net-flow-logs-role`,
                    `${ROLE_POLICY} net-flow-logs-policy`,
                    `${VPC} net-vpc`,
                ].sort(),
            );
        });

        it("names every child net-… and parents it to the component", () => {
            const component = one(plan, COMPONENT, "net");
            for (const r of children(plan)) {
                assert.ok(r.name.startsWith("net-"), `${r.name} is not prefixed with net-`);
                assert.equal(r.parent, component.urn, `${r.name} is not a child of the component`);
                assert.ok(r.urn.includes("elastic-web:aws:Network$"), `${r.urn} is not under the component`);
            }
        });
    });

    describe("NAT strategies", () => {
        for (const [natGateways, strategy] of [
            ["none", "None"],
            ["single", "Single"],
            ["onePerAz", "OnePerAz"],
        ] as const) {
            // "none" stays allowed here: a caller may add VPC endpoints; only the stack config refuses it.
            it(`maps natGateways "${natGateways}" to awsx's ${strategy} strategy`, async () => {
                const plan = await network({ natGateways });
                assert.deepEqual(one(plan, VPC).inputs.natGateways, { strategy });
            });
        }
    });

    it("spreads 3 AZs over /18 ranges of a /20 VPC and passes the CIDR block and tags on", async () => {
        const tags = { team: "web" };
        const plan = await network({ azCount: 3, cidrBlock: "10.4.0.0/20", tags });
        const vpc = one(plan, VPC).inputs;
        assert.equal(vpc.cidrBlock, "10.4.0.0/20");
        assert.equal(vpc.numberOfAvailabilityZones, 3);
        assert.equal(vpc.availabilityZoneCidrMask, 22);
        assert.deepEqual(vpc.subnetSpecs, [
            { type: "Private", name: "private", cidrMask: 23, tags },
            { type: "Public", name: "public", cidrMask: 24, tags },
        ]);
        assert.deepEqual(vpc.tags, tags);
        for (const type of [LOG_GROUP, ROLE, FLOW_LOG, DEFAULT_SG]) {
            assert.deepEqual(one(plan, type).inputs.tags, tags, `tags of ${type}`);
        }
        assert.deepEqual(plan.outputs.publicSubnetIds, ["net-vpc-public-1-id", "net-vpc-public-2-id", "net-vpc-public-3-id"]);
    });

    it("gives a /24 VPC over 3 AZs /27 private and public subnets, the ALB's minimum", async () => {
        const plan = await network({ azCount: 3, cidrBlock: "10.4.0.0/24" });
        const vpc = one(plan, VPC).inputs;
        assert.equal(vpc.availabilityZoneCidrMask, 26);
        assert.deepEqual(vpc.subnetSpecs, [
            { type: "Private", name: "private", cidrMask: 27, tags: {} },
            { type: "Public", name: "public", cidrMask: 27, tags: {} },
        ]);
    });

    it("keeps flow logs as many days as flowLogRetentionDays says", async () => {
        const plan = await network({ flowLogRetentionDays: 365 });
        assert.equal(one(plan, LOG_GROUP).inputs.retentionInDays, 365);
    });

    describe("with flowLogRetentionDays 0", () => {
        let plan: Plan;
        before(async () => {
            plan = await network({ flowLogRetentionDays: 0 });
        });

        it("creates no log group, role, policy or flow log", () => {
            for (const type of [LOG_GROUP, ROLE, ROLE_POLICY, FLOW_LOG]) assert.equal(count(plan, type), 0, type);
            assert.equal(plan.outputs.hasFlowLogGroup, false);
            assert.equal(plan.outputs.hasFlowLog, false);
        });

        it("still creates the VPC and empties the default security group", () => {
            assert.deepEqual(
                children(plan)
                    .map((r) => r.name)
                    .sort(),
                ["net-default-sg", "net-vpc"],
            );
        });
    });
});

describe("subnetMasks", () => {
    const cases: [string, number, { az: number; private: number; public: number }][] = [
        ["10.0.0.0/16", 2, { az: 17, private: 18, public: 19 }],
        ["10.0.0.0/16", 3, { az: 18, private: 19, public: 20 }],
        ["10.0.0.0/16", 4, { az: 18, private: 19, public: 20 }],
        ["10.0.0.0/16", 6, { az: 19, private: 20, public: 21 }],
        ["10.0.0.0/24", 2, { az: 25, private: 26, public: 27 }],
        // A quarter of a /26 would be a /28, below an ALB's /27: the public subnet takes the other half.
        ["10.0.0.0/24", 3, { az: 26, private: 27, public: 27 }],
        ["10.0.0.0/24", 4, { az: 26, private: 27, public: 27 }],
        ["10.0.0.0/23", 6, { az: 26, private: 27, public: 27 }],
    ];
    for (const [cidr, azs, masks] of cases) {
        it(`splits ${cidr} over ${azs} AZs into /${masks.az} ranges, private /${masks.private}, public /${masks.public}`, () => {
            assert.deepEqual(subnetMasks(cidr, azs), masks);
        });
    }

    it("never makes a public subnet narrower than an ALB's /27, and each AZ's subnets fit its range", () => {
        for (let prefix = 16; prefix <= 23; prefix++) {
            for (let azs = 2; azs <= 6; azs++) {
                const m = subnetMasks(`10.0.0.0/${prefix}`, azs);
                assert.ok(m.public <= 27, `public /${m.public} of /${prefix} over ${azs}`);
                assert.ok(2 ** (32 - m.private) + 2 ** (32 - m.public) <= 2 ** (32 - m.az), `/${prefix} over ${azs}`);
            }
        }
    });

    it("refuses a VPC too small for a /27 public subnet per AZ", () => {
        assert.throws(() => subnetMasks("10.0.0.0/24", 5), {
            message: "subnetMasks: 10.0.0.0/24 over 5 AZs leaves each AZ less than the /26 a /27 public subnet and a private subnet need.",
        });
    });
});

describe("flow-log policy documents", () => {
    it("take partition, Region and account from the log group's ARN", () => {
        const arn = "arn:aws-cn:logs:cn-north-1:111122223333:log-group:net-flow-logs-1a2b3c4";
        assert.deepEqual((flowLogsTrustPolicy(arn) as any).Statement[0].Condition, {
            StringEquals: { "aws:SourceAccount": "111122223333" },
            ArnLike: { "aws:SourceArn": "arn:aws-cn:ec2:cn-north-1:111122223333:vpc-flow-log/*" },
        });
        assert.deepEqual((flowLogsRolePolicy(arn) as any).Statement[0].Resource, [arn, `${arn}:*`]);
    });

    it("refuse an ARN without an account", () => {
        assert.throws(() => flowLogsTrustPolicy("arn:aws:s3:::bucket"), {
            message: 'expected a regional ARN with an account id, got "arn:aws:s3:::bucket"',
        });
    });
});

describe("resolveNetworkArgs", () => {
    it("fills every default", () => {
        assert.deepEqual(resolveNetworkArgs("net", {}), {
            azCount: 2,
            natGateways: "single",
            cidrBlock: "10.0.0.0/16",
            flowLogRetentionDays: 30,
            tags: {},
        });
        assert.deepEqual(resolveNetworkArgs("net"), { ...NETWORK_DEFAULTS, tags: {} });
    });

    it("keeps given values over the defaults and ignores undefined ones", () => {
        assert.deepEqual(
            resolveNetworkArgs("net", {
                azCount: 3,
                natGateways: "onePerAz",
                cidrBlock: undefined,
                flowLogRetentionDays: 0,
                tags: { a: "b" },
            }),
            {
                azCount: 3,
                natGateways: "onePerAz",
                cidrBlock: "10.0.0.0/16",
                flowLogRetentionDays: 0,
                tags: { a: "b" },
            },
        );
    });

    it("never mutates its args", () => {
        const args = Object.freeze({ azCount: 3, tags: Object.freeze({ a: "b" }) });
        const resolved = resolveNetworkArgs("net", args);
        assert.deepEqual(args, { azCount: 3, tags: { a: "b" } });
        assert.notEqual(resolved.tags, args.tags);
    });

    it("rejects tags that are not an object", () => {
        assert.throws(
            () => resolveNetworkArgs("net", { tags: "team=web" as any }),
            (e: unknown) => {
                assert.ok(e instanceof ConfigError);
                assert.deepEqual(e.problems, [
                    'elastic-web:aws:Network "net": `tags` ("team=web") must be an object of tag names to values.',
                ]);
                return true;
            },
        );
    });

    it("rejects args that are not an object", () => {
        assert.throws(
            () => resolveNetworkArgs("net", 3 as any),
            (e: unknown) => {
                assert.ok(e instanceof ConfigError);
                assert.deepEqual(e.problems, ['elastic-web:aws:Network "net": `args` (3) must be an object of Network settings.']);
                return true;
            },
        );
    });

    it("reports the settings checks under the component's name", () => {
        assert.throws(
            () => resolveNetworkArgs("net", { azCount: 7, tags: [] as any }),
            (e: unknown) => {
                assert.ok(e instanceof ConfigError);
                assert.deepEqual(e.problems, [
                    'elastic-web:aws:Network "net": `azCount` (7) must be an integer from 2 to 6.',
                    'elastic-web:aws:Network "net": `tags` ([]) must be an object of tag names to values.',
                ]);
                return true;
            },
        );
    });

    it("rejects a /24 block over 5 AZs, naming the most AZs and the smallest block that work", () => {
        assert.throws(
            () => resolveNetworkArgs("net", { cidrBlock: "10.0.0.0/24", azCount: 5 }),
            (e: unknown) => {
                assert.ok(e instanceof ConfigError);
                assert.deepEqual(e.problems, [
                    'elastic-web:aws:Network "net": `azCount` (5) with `cidrBlock` ("10.0.0.0/24") leaves each availability zone a /27, too narrow for a public subnet of /27 (the smallest an Application Load Balancer takes) beside a private subnet; use at most 4 availability zones, or a cidrBlock of /23 or larger.',
                ]);
                return true;
            },
        );
    });

    it("accepts a /24 block over 4 AZs and a /23 block over 6", () => {
        assert.equal(resolveNetworkArgs("net", { cidrBlock: "10.0.0.0/24", azCount: 4 }).azCount, 4);
        assert.equal(resolveNetworkArgs("net", { cidrBlock: "10.0.0.0/23", azCount: 6 }).azCount, 6);
    });

    it("rejects a name that makes the flow-log role's name longer than IAM allows", () => {
        const name = "n".repeat(42);
        assert.throws(
            () => resolveNetworkArgs(name, {}),
            (e: unknown) => {
                assert.ok(e instanceof ConfigError);
                assert.deepEqual(e.problems, [
                    `elastic-web:aws:Network "${name}": the name "${name}" is too long (42 characters); IAM role names allow 64 characters including the "-flow-logs-role" role and Pulumi's 8-character suffix, so use at most 41.`,
                ]);
                return true;
            },
        );
    });

    it("accepts a 41-character name, whose flow-log role takes exactly IAM's 64 characters with Pulumi's suffix", () => {
        const name = "n".repeat(41);
        assert.equal(MAX_NETWORK_NAME, 41);
        assert.equal(`${name}-flow-logs-role`.length + 8, 64);
        assert.deepEqual(resolveNetworkArgs(name, {}), { ...NETWORK_DEFAULTS, tags: {} });
    });

    it("throws before registering anything, the component itself included", async () => {
        const plan = await synth(() => {
            assert.throws(() => new Network("net", { azCount: 7 }), ConfigError);
            return {};
        });
        assert.deepEqual(
            plan.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => r.type),
            [],
        );
    });
});
