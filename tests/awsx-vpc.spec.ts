import * as assert from "node:assert/strict";
import * as awsx from "@pulumi/awsx";
import { Network } from "../components/network";
import { diagramGraph } from "../components/plan/diagram";
import { quotaUsage } from "../components/plan/quotas";
import { PlanResource, synth, withAwsxChildren } from "../components/testing";
import { evaluate } from "../policy";
import { StackIndex, T } from "../policy/resources";
import { formatCount, formatTree, planCost, readStackConfig } from "../tools/preview";
import * as path from "node:path";
import { shippedStack } from "./stacks";

const ROOT = path.join(__dirname, "..");

/** `[type, name]` of the derived resources, in order. */
function derivedOf(resources: readonly PlanResource[]): [string, string][] {
    return resources.filter((r) => r.derived !== undefined).map((r) => [r.type, r.name]);
}

const VPC = "aws:ec2/vpc:Vpc";
const IGW = "aws:ec2/internetGateway:InternetGateway";
const SUBNET = "aws:ec2/subnet:Subnet";
const RT = "aws:ec2/routeTable:RouteTable";
const RTA = "aws:ec2/routeTableAssociation:RouteTableAssociation";
const ROUTE = "aws:ec2/route:Route";
const EIP = "aws:ec2/eip:Eip";
const NAT = "aws:ec2/natGateway:NatGateway";

/** The children awsx makes for one subnet: subnet, route table, association, then the NAT gateway's and the route. */
function subnetChildren(name: string, nat?: string, route = true): [string, string][] {
    return [
        [SUBNET, name],
        [RT, name],
        [RTA, name],
        ...(nat
            ? ([
                  [EIP, nat],
                  [NAT, nat],
              ] as [string, string][])
            : []),
        ...(route ? ([[ROUTE, name]] as [string, string][]) : []),
    ];
}

/** [name, availabilityZone, cidrBlock, mapPublicIpOnLaunch] of each derived subnet. */
function subnetsOf(resources: readonly PlanResource[]): [string, string, string, boolean][] {
    return resources
        .filter((r) => r.derived && r.type === SUBNET)
        .map((r) => [r.name, r.inputs.availabilityZone, r.inputs.cidrBlock, r.inputs.mapPublicIpOnLaunch]);
}

/** [route name, target] of each derived route: `igw:<id>` or `nat:<id>`. */
function routesOf(resources: readonly PlanResource[]): [string, string][] {
    return resources
        .filter((r) => r.derived && r.type === ROUTE)
        .map((r) => {
            assert.equal(r.inputs.destinationCidrBlock, "0.0.0.0/0");
            return [r.name, r.inputs.gatewayId ? `igw:${r.inputs.gatewayId}` : `nat:${r.inputs.natGatewayId}`];
        });
}

describe("awsx Vpc children derived from its inputs", () => {
    it("lists none unless asked: a plan shows what the program registers", async () => {
        const plan = await synth(() => new Network("net", { azCount: 2 }));
        assert.deepEqual(derivedOf(plan.resources), []);
        plan.hasResourceCount(NAT, 0);
    });

    it("derives a 2-AZ single-NAT Network's VPC: names, order, parents, ranges, zones and routes", async () => {
        const plan = await synth(() => new Network("net", { azCount: 2, natGateways: "single" }), { awsxChildren: true });
        assert.deepEqual(derivedOf(plan.resources), [
            [VPC, "net-vpc"],
            [IGW, "net-vpc"],
            ...subnetChildren("net-vpc-public-1", "net-vpc-1"),
            ...subnetChildren("net-vpc-private-1"),
            ...subnetChildren("net-vpc-public-2"),
            ...subnetChildren("net-vpc-private-2"),
        ]);
        assert.deepEqual(subnetsOf(plan.resources), [
            ["net-vpc-public-1", "us-east-1a", "10.0.64.0/19", true],
            ["net-vpc-private-1", "us-east-1a", "10.0.0.0/18", false],
            ["net-vpc-public-2", "us-east-1b", "10.0.192.0/19", true],
            ["net-vpc-private-2", "us-east-1b", "10.0.128.0/18", false],
        ]);
        assert.deepEqual(routesOf(plan.resources), [
            ["net-vpc-public-1", "igw:net-vpc-id"],
            ["net-vpc-private-1", "nat:net-vpc-1-id"],
            ["net-vpc-public-2", "igw:net-vpc-id"],
            ["net-vpc-private-2", "nat:net-vpc-1-id"],
        ]);
        const awsxVpc = plan.resource("awsx:ec2:Vpc");
        const inner = plan.named("net-vpc", VPC);
        assert.deepEqual(
            { urn: inner.urn, parent: inner.parent, custom: inner.custom, derived: inner.derived, region: inner.region },
            {
                urn: "urn:pulumi:dev::elastic-web::elastic-web:aws:Network$awsx:ec2:Vpc$aws:ec2/vpc:Vpc::net-vpc",
                parent: awsxVpc.urn,
                custom: true,
                derived: "awsx",
                region: "us-east-1",
            },
        );
        assert.deepEqual(inner.inputs, {
            cidrBlock: "10.0.0.0/16",
            enableDnsHostnames: true,
            enableDnsSupport: true,
            tags: { Name: "net-vpc" },
        });
        const nat = plan.named("net-vpc-1", NAT);
        assert.equal(
            nat.urn,
            "urn:pulumi:dev::elastic-web::elastic-web:aws:Network$awsx:ec2:Vpc$aws:ec2/vpc:Vpc$aws:ec2/subnet:Subnet$aws:ec2/natGateway:NatGateway::net-vpc-1",
        );
        assert.deepEqual(nat.inputs, { subnetId: "net-vpc-public-1-id", allocationId: "net-vpc-1-id", tags: { Name: "net-vpc-1" } });
        assert.deepEqual(plan.named("net-vpc-private-2", RTA).inputs, {
            routeTableId: "net-vpc-private-2-id",
            subnetId: "net-vpc-private-2-id",
        });
        assert.equal(
            plan.named("net-vpc-private-2", RTA).parent,
            "urn:pulumi:dev::elastic-web::elastic-web:aws:Network$awsx:ec2:Vpc$aws:ec2/vpc:Vpc$aws:ec2/subnet:Subnet$aws:ec2/routeTable:RouteTable::net-vpc-private-2",
        );
        assert.deepEqual(plan.named("net-vpc-public-1", SUBNET).inputs.tags, { Name: "net-vpc-public-1", SubnetType: "Public" });
        plan.hasResourceCount(NAT, 1);
        plan.hasResourceCount(EIP, 1);
        // The mocks' subnet ids of the awsx Vpc are the derived subnets' ids.
        const ids = plan.resourcesOf(SUBNET).map((s) => `${s.name}-id`);
        assert.deepEqual(ids.sort(), ["net-vpc-private-1-id", "net-vpc-private-2-id", "net-vpc-public-1-id", "net-vpc-public-2-id"]);
    });

    it("derives a 3-AZ onePerAz VPC: a NAT gateway and Elastic IP per AZ, each private route to its own AZ's gateway", async () => {
        const plan = await synth(
            () => new Network("app", { azCount: 3, natGateways: "onePerAz", cidrBlock: "10.2.0.0/16", tags: { team: "web" } }),
            { awsxChildren: true },
        );
        assert.deepEqual(derivedOf(plan.resources), [
            [VPC, "app-vpc"],
            [IGW, "app-vpc"],
            ...subnetChildren("app-vpc-public-1", "app-vpc-1"),
            ...subnetChildren("app-vpc-private-1"),
            ...subnetChildren("app-vpc-public-2", "app-vpc-2"),
            ...subnetChildren("app-vpc-private-2"),
            ...subnetChildren("app-vpc-public-3", "app-vpc-3"),
            ...subnetChildren("app-vpc-private-3"),
        ]);
        assert.deepEqual(subnetsOf(plan.resources), [
            ["app-vpc-public-1", "us-east-1a", "10.2.32.0/20", true],
            ["app-vpc-private-1", "us-east-1a", "10.2.0.0/19", false],
            ["app-vpc-public-2", "us-east-1b", "10.2.96.0/20", true],
            ["app-vpc-private-2", "us-east-1b", "10.2.64.0/19", false],
            ["app-vpc-public-3", "us-east-1c", "10.2.160.0/20", true],
            ["app-vpc-private-3", "us-east-1c", "10.2.128.0/19", false],
        ]);
        assert.deepEqual(routesOf(plan.resources), [
            ["app-vpc-public-1", "igw:app-vpc-id"],
            ["app-vpc-private-1", "nat:app-vpc-1-id"],
            ["app-vpc-public-2", "igw:app-vpc-id"],
            ["app-vpc-private-2", "nat:app-vpc-2-id"],
            ["app-vpc-public-3", "igw:app-vpc-id"],
            ["app-vpc-private-3", "nat:app-vpc-3-id"],
        ]);
        assert.deepEqual(
            plan.resourcesOf(NAT).map((n) => [n.name, n.inputs.subnetId, n.inputs.allocationId]),
            [
                ["app-vpc-1", "app-vpc-public-1-id", "app-vpc-1-id"],
                ["app-vpc-2", "app-vpc-public-2-id", "app-vpc-2-id"],
                ["app-vpc-3", "app-vpc-public-3-id", "app-vpc-3-id"],
            ],
        );
        assert.deepEqual(plan.named("app-vpc-2", EIP).inputs, { tags: { team: "web", Name: "app-vpc-2" } });
        assert.deepEqual(plan.named("app-vpc-private-3", SUBNET).inputs.tags, {
            Name: "app-vpc-private-3",
            team: "web",
            SubnetType: "Private",
        });
        assert.equal(derivedOf(plan.resources).length, 32);
    });

    it("derives what awsx would for a user's own awsx.ec2.Vpc with awsx's defaults (Legacy layout, 3 AZs, OnePerAz)", async () => {
        const plan = await synth(() => new awsx.ec2.Vpc("my-vpc", {}), { awsxChildren: true });
        assert.deepEqual(subnetsOf(plan.resources), [
            ["my-vpc-public-1", "us-east-1a", "10.0.32.0/20", true],
            ["my-vpc-private-1", "us-east-1a", "10.0.0.0/19", false],
            ["my-vpc-public-2", "us-east-1b", "10.0.96.0/20", true],
            ["my-vpc-private-2", "us-east-1b", "10.0.64.0/19", false],
            ["my-vpc-public-3", "us-east-1c", "10.0.160.0/20", true],
            ["my-vpc-private-3", "us-east-1c", "10.0.128.0/19", false],
        ]);
        assert.equal(plan.named("my-vpc", VPC).parent, "urn:pulumi:dev::elastic-web::awsx:ec2:Vpc::my-vpc");
        assert.deepEqual(plan.named("my-vpc", VPC).inputs, { cidrBlock: "10.0.0.0/16", tags: { Name: "my-vpc" } });
        plan.hasResourceCount(NAT, 3);
        plan.hasResourceCount(EIP, 3);
        assert.equal(derivedOf(plan.resources).length, 32);
    });

    it("derives a user's Auto layout with named zones, an isolated subnet sized by `size`, and one NAT gateway", async () => {
        const plan = await synth(
            () =>
                new awsx.ec2.Vpc("my-vpc", {
                    cidrBlock: "172.16.0.0/20",
                    availabilityZoneNames: ["us-east-1c", "us-east-1d"],
                    subnetStrategy: "Auto",
                    subnetSpecs: [
                        { type: "Public", cidrMask: 24 },
                        { type: "Private", cidrMask: 23 },
                        { type: "Isolated", name: "db", size: 256 },
                    ],
                    natGateways: { strategy: "Single" },
                }),
            { awsxChildren: true },
        );
        assert.deepEqual(derivedOf(plan.resources), [
            [VPC, "my-vpc"],
            [IGW, "my-vpc"],
            ...subnetChildren("my-vpc-public-1", "my-vpc-1"),
            ...subnetChildren("my-vpc-private-1"),
            ...subnetChildren("my-vpc-db-1", undefined, false),
            ...subnetChildren("my-vpc-public-2"),
            ...subnetChildren("my-vpc-private-2"),
            ...subnetChildren("my-vpc-db-2", undefined, false),
        ]);
        assert.deepEqual(subnetsOf(plan.resources), [
            ["my-vpc-public-1", "us-east-1c", "172.16.0.0/24", true],
            ["my-vpc-private-1", "us-east-1c", "172.16.2.0/23", false],
            ["my-vpc-db-1", "us-east-1c", "172.16.4.0/24", false],
            ["my-vpc-public-2", "us-east-1d", "172.16.8.0/24", true],
            ["my-vpc-private-2", "us-east-1d", "172.16.10.0/23", false],
            ["my-vpc-db-2", "us-east-1d", "172.16.12.0/24", false],
        ]);
        assert.deepEqual(routesOf(plan.resources), [
            ["my-vpc-public-1", "igw:my-vpc-id"],
            ["my-vpc-private-1", "nat:my-vpc-1-id"],
            ["my-vpc-public-2", "igw:my-vpc-id"],
            ["my-vpc-private-2", "nat:my-vpc-1-id"],
        ]);
        assert.deepEqual(plan.named("my-vpc-db-2", SUBNET).inputs.tags, { Name: "my-vpc-db-2", SubnetType: "Isolated" });
    });

    it("creates no Elastic IP when allocation ids are given, and no NAT gateway or private route with strategy None", async () => {
        const given = await synth(
            () =>
                new awsx.ec2.Vpc("v", {
                    numberOfAvailabilityZones: 2,
                    natGateways: { strategy: "OnePerAz", elasticIpAllocationIds: ["eipalloc-1", "eipalloc-2"] },
                }),
            {
                awsxChildren: true,
            },
        );
        given.hasResourceCount(EIP, 0);
        assert.deepEqual(
            given.resourcesOf(NAT).map((n) => n.inputs.allocationId),
            ["eipalloc-1", "eipalloc-2"],
        );
        const none = await synth(() => new awsx.ec2.Vpc("v", { numberOfAvailabilityZones: 2, natGateways: { strategy: "None" } }), {
            awsxChildren: true,
        });
        none.hasResourceCount(NAT, 0);
        none.hasResourceCount(EIP, 0);
        assert.deepEqual(routesOf(none.resources), [
            ["v-public-1", "igw:v-id"],
            ["v-public-2", "igw:v-id"],
        ]);
    });

    it("adds nothing to a plan that already holds derived records", () => {
        const vpc = {
            type: "awsx:ec2:Vpc",
            name: "v",
            urn: "urn:pulumi:dev::p::awsx:ec2:Vpc::v",
            custom: false,
            parent: null,
            provider: null,
            region: "us-east-1",
            inputs: {},
            options: { protect: false, retainOnDelete: false, ignoreChanges: [], dependsOn: [], deleteBeforeReplace: false },
        };
        const once = withAwsxChildren([vpc], "dev", "p");
        assert.equal(once.length, 33);
        assert.equal(withAwsxChildren(once, "dev", "p").length, 33);
    });
});

describe("prod's plan with the awsx Vpc's children", () => {
    let derived: Promise<Awaited<ReturnType<typeof synth>>> | undefined;
    const prod = () =>
        (derived ??= synth(() => require("../index")(), { stack: "prod", config: readStackConfig(ROOT, "prod"), awsxChildren: true }));

    it("counts 32 derived resources in the preview's count line and marks them in the tree", async () => {
        const plan = await prod();
        assert.deepEqual(formatCount(plan), ["120 resources to create (32 derived from awsx:ec2:Vpc app-vpc's inputs)"]);
        const observed = await shippedStack("prod");
        assert.deepEqual(formatCount(observed), ["88 resources to create"]);
        const tree = formatTree(plan);
        const at = tree.indexOf("            + awsx:ec2:Vpc app-vpc");
        assert.deepEqual(tree.slice(at, at + 6), [
            "            + awsx:ec2:Vpc app-vpc",
            "                + aws:ec2/vpc:Vpc app-vpc (derived from awsx)",
            "                    + aws:ec2/internetGateway:InternetGateway app-vpc (derived from awsx)",
            "                    + aws:ec2/subnet:Subnet app-vpc-public-1 (derived from awsx)",
            "                        + aws:ec2/routeTable:RouteTable app-vpc-public-1 (derived from awsx)",
            "                            + aws:ec2/routeTableAssociation:RouteTableAssociation app-vpc-public-1 (derived from awsx)",
        ]);
    });

    it("holds 3 NAT gateways and 3 Elastic IPs for the testing kit's assertions", async () => {
        const plan = await prod();
        plan.hasResourceCount(NAT, 3);
        plan.hasResourceCount(EIP, 3);
        plan.hasResourceCount(SUBNET, 6);
    });

    it("leaves the monthly cost, the quota figures, the policy findings and the diagram as they are without them", async () => {
        const plan = await prod();
        const observed = await shippedStack("prod");
        const withCost = planCost(plan);
        const withoutCost = planCost(observed);
        assert.equal(withCost.monthlyUsd, withoutCost.monthlyUsd);
        assert.deepEqual(withCost, withoutCost);
        const natLines = withCost.lines.filter((l) => (l as { item: string }).item === "NAT gateway hours");
        assert.deepEqual(
            natLines.map((l) => (l as { quantity: number }).quantity),
            [3 * 730],
        );
        assert.deepEqual(quotaUsage([plan]), quotaUsage([observed]));
        const eips = quotaUsage([plan]).find((u) => u.quota.startsWith("Elastic IP"));
        assert.equal(eips?.count, 3);
        assert.deepEqual(evaluate(plan.resources, "prod"), evaluate(observed.resources, "prod"));
        assert.deepEqual(diagramGraph(plan), diagramGraph(observed));
    });

    it("shows the derived subnets to the policy rules, and the VPC to them once", async () => {
        const plan = await prod();
        const stack = new StackIndex(plan.resources);
        assert.deepEqual(
            stack.ofType(T.vpc).map((r) => [r.type, r.name]),
            [["awsx:ec2:Vpc", "app-vpc"]],
        );
        assert.deepEqual(
            stack.ofType(T.subnet).map((r) => r.inputs.availabilityZone),
            ["us-east-1a", "us-east-1a", "us-east-1b", "us-east-1b", "us-east-1c", "us-east-1c"],
        );
        const awsxVpc = stack.ofType(T.vpc)[0];
        assert.equal(stack.referrers(awsxVpc, T.subnet, "vpcId").length, 6);
    });
});
