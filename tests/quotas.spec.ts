import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { QuotaPlan, QUOTAS, checkQuotas, formatQuotas, quotaUsage } from "../components/plan/quotas";
import { USAGE, formatPlanQuotas, runPreview } from "../tools/preview";
import { shippedStack } from "./stacks";

const ALB_SOURCE = {
    title: "Quotas for your Application Load Balancers",
    url: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html",
};
const VPC_SOURCE = { title: "Amazon VPC quotas", url: "https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html" };
const ALB_ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web-alb/50dc6c495c0c9188";

function res(type: string, name: string, inputs: Record<string, any> = {}, region = "us-east-1") {
    return { urn: `urn:pulumi:qa::elastic-web::${type}::${name}`, type, name, region, inputs };
}

/** One ALB with one listener and `rules` listener rules, all forwarding to one target group. */
function albPlan(rules: number): QuotaPlan {
    return {
        stack: "qa",
        resources: [
            res("aws:lb/loadBalancer:LoadBalancer", "web-alb", { loadBalancerType: "application", securityGroups: ["web-alb-sg-id"] }),
            res("aws:lb/listener:Listener", "web-http", { loadBalancerArn: ALB_ARN, defaultActions: [{ type: "fixed-response" }] }),
            res("aws:lb/targetGroup:TargetGroup", "web-tg"),
            ...Array.from({ length: rules }, (_, i) =>
                res("aws:lb/listenerRule:ListenerRule", `web-rule-${i}`, {
                    listenerArn: `${ALB_ARN.replace("loadbalancer/", "listener/")}/b6b3421a90b9f8c1`,
                    actions: [
                        {
                            type: "forward",
                            targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/73e2d6bc24d8a067",
                        },
                    ],
                }),
            ),
        ],
    };
}

/** A VPC made by awsx with `azs` NAT gateways, one per AZ. */
function vpc(name: string, azs: number) {
    return res("awsx:ec2:Vpc", name, { natGateways: { strategy: "OnePerAz" }, numberOfAvailabilityZones: azs });
}

describe("quotas", () => {
    it("reports nothing at 79 % of a quota: 79 listener rules of 100", () => {
        assert.deepEqual(checkQuotas([albPlan(79)]), []);
    });

    for (const [rules, percent, level] of [
        [80, 80, "near"],
        [100, 100, "reached"],
        [120, 120, "exceeded"],
    ] as const) {
        it(`reports ${rules} listener rules of 100 as ${percent} %, ${level}`, () => {
            assert.deepEqual(checkQuotas([albPlan(rules)]), [
                {
                    quota: "Rules per Application Load Balancer (excluding default rules)",
                    scope: "web-alb",
                    count: rules,
                    default: 100,
                    source: ALB_SOURCE,
                    detail: `${rules} listener rules`,
                    percent,
                    level,
                },
            ]);
        });
    }

    it("counts every quota of the ALB plan, the forwarded target group once", () => {
        assert.deepEqual(
            quotaUsage([albPlan(2)]).map((u) => `${u.quota} | ${u.scope} | ${u.count}/${u.default} | ${u.detail}`),
            [
                "Application Load Balancers per Region | us-east-1 | 1/50 | web-alb",
                "Target Groups per Region | us-east-1 | 1/3000 | 1 target group",
                "Listeners per Application Load Balancer | web-alb | 1/50 | 1 listener",
                "Rules per Application Load Balancer (excluding default rules) | web-alb | 2/100 | 2 listener rules",
                "Target Groups per Application Load Balancer | web-alb | 1/100 | 1 target group",
                "Security groups per network interface | web-alb | 1/5 | 1 security group",
            ],
        );
    });

    it("derives the Elastic IPs of awsx VPCs from their NAT strategy: 4, 5 and 6 of 5", () => {
        const eips = (...azs: number[]) =>
            checkQuotas([{ stack: "qa", resources: azs.map((n, i) => vpc(`vpc-${i}`, n)) }])
                .filter((f) => f.quota === QUOTAS.elasticIps.name)
                .map((f) => `${f.count} of ${f.default}, ${f.percent} %, ${f.level}: ${f.detail}`);
        assert.deepEqual(eips(3, 1), ["4 of 5, 80 %, near: 3 NAT gateways of vpc-0, 1 NAT gateway of vpc-1"]);
        assert.deepEqual(eips(3, 2), ["5 of 5, 100 %, reached: 3 NAT gateways of vpc-0, 2 NAT gateways of vpc-1"]);
        assert.deepEqual(eips(3, 3), ["6 of 5, 120 %, exceeded: 3 NAT gateways of vpc-0, 3 NAT gateways of vpc-1"]);
        const single = res("awsx:ec2:Vpc", "one", { natGateways: { strategy: "Single" }, numberOfAvailabilityZones: 3 });
        const none = res("awsx:ec2:Vpc", "none", { natGateways: { strategy: "None" } });
        assert.deepEqual(
            quotaUsage([{ stack: "qa", resources: [single, none] }])
                .filter((u) => u.quota === QUOTAS.elasticIps.name)
                .map((u) => u.count),
            [1],
        );
    });

    it("counts the rules of a security group and the groups of a service's network interfaces", () => {
        const sg = res("aws:ec2/securityGroup:SecurityGroup", "web-sg", { ingress: [{ fromPort: 1 }] });
        const rules = Array.from({ length: 47 }, (_, i) =>
            res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", `web-in-${i}`, { securityGroupId: "web-sg-id" }),
        );
        const egress = res("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "web-out", { securityGroupId: "web-sg-id" });
        const service = res("aws:ecs/service:Service", "web-svc", { networkConfiguration: { securityGroups: ["a", "b", "c", "d"] } });
        const found = checkQuotas([{ stack: "qa", resources: [sg, ...rules, egress, service] }]);
        assert.deepEqual(
            found.map((f) => `${f.quota} | ${f.scope} | ${f.count} of ${f.default} | ${f.percent} % ${f.level} | ${f.detail}`),
            [
                "Security groups per network interface | web-svc | 4 of 5 | 80 % near | 4 security groups",
                "Inbound rules per security group | web-sg | 48 of 60 | 80 % near | 48 inbound rules",
            ],
        );
    });

    it("prints each finding with its count, default, percent and source", () => {
        assert.deepEqual(formatQuotas(quotaUsage([{ stack: "qa", resources: [vpc("a", 3), vpc("b", 3)] }])), [
            "Quotas (default values):",
            "    Elastic IP addresses per Region, us-east-1: 6 of 5 (120 %, EXCEEDED, the deployment fails): 3 NAT gateways of a, 3 NAT gateways of b",
            `        source: ${VPC_SOURCE.title}, ${VPC_SOURCE.url}`,
        ]);
    });

    it("prints prod's Quotas section: nothing at 80 %, the highest share named", async () => {
        assert.deepEqual(formatPlanQuotas(await shippedStack("prod")), [
            "Quotas (default values):",
            "    none at 80 % or more of its default. Highest: Elastic IP addresses per Region, us-east-1: 3 of 5 (60 %).",
        ]);
    });

    it("writes the quotas with --json: every usage with its percent and level", async () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "elastic-web-quotas-")), "plan.json");
        const result = await runPreview(["--stack", "prod", "--json", file]);
        assert.equal(result.code, 0, result.stderr);
        const quotas = JSON.parse(fs.readFileSync(file, "utf8")).quotas;
        assert.deepEqual(quotas[0], {
            quota: "Elastic IP addresses per Region",
            scope: "us-east-1",
            count: 3,
            default: 5,
            source: VPC_SOURCE,
            detail: "3 NAT gateways of app-vpc",
            percent: 60,
            level: "ok",
        });
        assert.deepEqual(
            quotas.filter((q: { level: string }) => q.level !== "ok"),
            [],
        );
    });

    it("sums every stack with --all-stacks: the shared Elastic IPs are 5 of 5", async function () {
        this.timeout(60_000);
        const result = await runPreview(["--all-stacks"]);
        assert.deepEqual(result, {
            code: 0,
            stderr: "",
            stdout: [
                "Quotas (default values) summed over stacks dev, prod, staging, assumed to share one AWS account and Region:",
                "    Elastic IP addresses per Region, us-east-1: 5 of 5 (100 %, reached, one more fails): 1 NAT gateway of app-vpc (dev), 3 NAT gateways of app-vpc (prod), 1 NAT gateway of app-vpc (staging)",
                `        source: ${VPC_SOURCE.title}, ${VPC_SOURCE.url}`,
                "",
            ].join("\n"),
        });
    });

    it("refuses --diagram with --all-stacks, which prints no single plan", async () => {
        assert.deepEqual(await runPreview(["--all-stacks", "--diagram", "x.svg"]), {
            code: 2,
            stdout: "",
            stderr: `--diagram draws one stack; it does not go with --all-stacks.\n${USAGE}\n`,
        });
    });
});
