import * as assert from "node:assert/strict";
import { Diagram, DiagramResource, diagramFromPlan, diagramGraph, MAX_ALARM_NAMES, toDot, toMermaid } from "../components/plan/diagram";
import { shippedStack } from "./stacks";

const ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012";

function res(type: string, name: string, inputs: Record<string, any> = {}, region = "us-east-1"): DiagramResource {
    return { type, name, region, inputs };
}

/** An internet-facing ALB with an HTTPS listener, a rule forwarding `/api/*` to a service in two AZs. */
function webPlan(): DiagramResource[] {
    return [
        res("awsx:ec2:Vpc", "net-vpc", { cidrBlock: "10.0.0.0/16", numberOfAvailabilityZones: 2 }),
        res("aws:lb/loadBalancer:LoadBalancer", "web-alb", {
            internal: false,
            loadBalancerType: "application",
            subnets: ["net-vpc-public-1-id", "net-vpc-public-2-id"],
        }),
        res("aws:lb/listener:Listener", "web-https", {
            loadBalancerArn: `${ARN}:loadbalancer/app/web-alb/50dc6c495c0c9188`,
            port: 443,
            protocol: "HTTPS",
            defaultActions: [{ type: "fixed-response", fixedResponse: { statusCode: "404" } }],
        }),
        res("aws:lb/targetGroup:TargetGroup", "api-tg", { port: 8080 }),
        res("aws:lb/listenerRule:ListenerRule", "api-rule", {
            // The listener's id is the first 16 hex digits of sha256("web-https"), as the mocks make it.
            listenerArn: `${ARN}:listener/app/web-alb/50dc6c495c0c9188/${require("crypto").createHash("sha256").update("web-https").digest("hex").slice(0, 16)}`,
            priority: 100,
            conditions: [{ pathPattern: { values: ["/api/*"] } }],
            actions: [{ type: "forward", targetGroupArn: `${ARN}:targetgroup/api-tg/73e2d6bc24d8a067` }],
        }),
        res("aws:ecs/taskDefinition:TaskDefinition", "api-task", { family: "api", cpu: "512", memory: "1024" }),
        res("aws:ecs/service:Service", "api-svc", {
            desiredCount: 2,
            taskDefinition: "arn:aws:ecs:us-east-1:123456789012:task-definition/api:1",
            loadBalancers: [{ targetGroupArn: `${ARN}:targetgroup/api-tg/73e2d6bc24d8a067`, containerPort: 8080 }],
            networkConfiguration: { subnets: ["net-vpc-private-1-id", "net-vpc-private-2-id"] },
        }),
        res("aws:appautoscaling/target:Target", "api-scaling", {
            resourceId: "service/app-cluster/api-svc",
            minCapacity: 2,
            maxCapacity: 6,
        }),
    ];
}

function edge(d: Diagram, from: string, to: string) {
    return d.edges.find((e) => e.from === from && e.to === to);
}

describe("diagramGraph", () => {
    it("draws internet → ALB → listener → rule → service → tasks in each AZ of the VPC", () => {
        const d = diagramGraph({ resources: webPlan() });
        assert.deepEqual(
            d.nodes.map((n) => [n.id, n.label, n.group]),
            [
                ["service_api_svc", ["ECS service api-svc", "2–6 tasks, autoscaled", "0.5 vCPU, 1 GB"], "vpc_region_us_east_1_net_vpc"],
                ["tasks_api_svc_az1", ["tasks of api-svc"], "az_vpc_region_us_east_1_net_vpc_net_vpc_az1"],
                ["tasks_api_svc_az2", ["tasks of api-svc"], "az_vpc_region_us_east_1_net_vpc_net_vpc_az2"],
                ["loadBalancer_web_alb", ["ALB web-alb", "internet-facing"], "vpc_region_us_east_1_net_vpc"],
                ["internet_internet", ["Internet"], undefined],
                ["listener_web_https", ["HTTPS :443", "default: 404"], "vpc_region_us_east_1_net_vpc"],
                ["rule_api_rule", ["rule 100", "path /api/*"], "vpc_region_us_east_1_net_vpc"],
            ],
        );
        assert.deepEqual(d.groups, [
            { id: "region_us_east_1", kind: "region", label: "Region us-east-1", parent: undefined },
            { id: "vpc_region_us_east_1_net_vpc", kind: "vpc", label: "VPC net-vpc 10.0.0.0/16", parent: "region_us_east_1" },
            { id: "az_vpc_region_us_east_1_net_vpc_net_vpc_az1", kind: "az", label: "AZ 1", parent: "vpc_region_us_east_1_net_vpc" },
            { id: "az_vpc_region_us_east_1_net_vpc_net_vpc_az2", kind: "az", label: "AZ 2", parent: "vpc_region_us_east_1_net_vpc" },
        ]);
        assert.deepEqual(d.edges, [
            { from: "service_api_svc", to: "tasks_api_svc_az1" },
            { from: "service_api_svc", to: "tasks_api_svc_az2" },
            { from: "internet_internet", to: "loadBalancer_web_alb" },
            { from: "loadBalancer_web_alb", to: "listener_web_https" },
            { from: "listener_web_https", to: "rule_api_rule" },
            { from: "rule_api_rule", to: "service_api_svc" },
        ]);
    });

    it("names AZs after the VPC's availabilityZoneNames and draws no internet for an internal ALB", () => {
        const plan = webPlan();
        plan[0].inputs.availabilityZoneNames = ["eu-west-1a", "eu-west-1b"];
        plan[1].inputs.internal = true;
        const d = diagramGraph({ resources: plan });
        assert.deepEqual(
            d.groups.filter((g) => g.kind === "az").map((g) => g.label),
            ["AZ eu-west-1a", "AZ eu-west-1b"],
        );
        assert.ok(!d.nodes.some((n) => n.kind === "internet"));
        assert.deepEqual(d.nodes.find((n) => n.kind === "loadBalancer")?.label, ["ALB web-alb", "internal"]);
    });

    it("groups tasks by subnet when the subnets belong to no VPC of the plan", () => {
        const d = diagramGraph({
            resources: [
                res("aws:ecs/service:Service", "svc", {
                    desiredCount: 1,
                    networkConfiguration: { subnets: ["subnet-a", "subnet-b", "subnet-a"] },
                }),
            ],
        });
        assert.deepEqual(
            d.groups.map((g) => [g.label, g.parent]),
            [
                ["Region us-east-1", undefined],
                ["subnet subnet-a", "region_us_east_1"],
                ["subnet subnet-b", "region_us_east_1"],
            ],
        );
        assert.deepEqual(d.nodes.find((n) => n.kind === "service")?.label, ["ECS service svc", "1 task"]);
    });

    it("draws the replica in its own region, the replication and the keys that encrypt each bucket", () => {
        const d = diagramGraph({
            resources: [
                res("aws:kms/key:Key", "data-key"),
                res("aws:s3/bucket:Bucket", "data"),
                res("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "data-encryption", {
                    bucket: "data-id",
                    rules: [
                        {
                            applyServerSideEncryptionByDefault: {
                                sseAlgorithm: "aws:kms",
                                kmsMasterKeyId: "arn:aws:kms:us-east-1:123456789012:key/data-key-id",
                            },
                        },
                    ],
                }),
                res("aws:s3/bucket:Bucket", "data-replica", {}, "us-west-2"),
                res("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "data-replication", {
                    bucket: "data-id",
                    rules: [
                        {
                            status: "Enabled",
                            destination: {
                                bucket: "arn:aws:s3:::data-replica",
                                replicationTime: { status: "Enabled", time: { minutes: 15 } },
                            },
                        },
                    ],
                }),
            ],
        });
        assert.deepEqual(
            d.nodes.map((n) => [n.id, n.group]),
            [
                ["bucket_data", "region_us_east_1"],
                ["bucket_data_replica", "region_us_west_2"],
                ["key_data_key", "region_us_east_1"],
            ],
        );
        assert.deepEqual(edge(d, "bucket_data", "bucket_data_replica"), {
            from: "bucket_data",
            to: "bucket_data_replica",
            label: "replicates, RTC 15 min",
        });
        assert.deepEqual(edge(d, "key_data_key", "bucket_data"), {
            from: "key_data_key",
            to: "bucket_data",
            label: "encrypts",
            dashed: true,
        });
        assert.equal(d.edges.length, 2);
        assert.deepEqual(
            d.groups.map((g) => g.id),
            ["region_us_east_1", "region_us_west_2"],
        );
    });

    it("gathers the alarms of a region that notify the same topic into one box, listing at most MAX_ALARM_NAMES names", () => {
        const topicArn = "arn:aws:sns:us-east-1:123456789012:ops-topic";
        const alarms = Array.from({ length: MAX_ALARM_NAMES + 2 }, (_, i) =>
            res("aws:cloudwatch/metricAlarm:MetricAlarm", `ops-alarm-${i + 1}`, { alarmActions: [topicArn] }),
        );
        const d = diagramGraph({
            resources: [
                res("aws:sns/topic:Topic", "ops-topic"),
                res("aws:sns/topicSubscription:TopicSubscription", "ops-email", {
                    topic: topicArn,
                    protocol: "email",
                    endpoint: "ops@example.com",
                }),
                ...alarms,
                res("aws:cloudwatch/compositeAlarm:CompositeAlarm", "ops-degraded", { alarmActions: [topicArn] }),
                res("aws:cloudwatch/metricAlarm:MetricAlarm", "silent"),
                res("aws:cloudwatch/dashboard:Dashboard", "ops-dashboard", { dashboardName: "ops" }),
            ],
        });
        const box = d.nodes.find((n) => n.id === "alarms_us_east_1_ops_topic")!;
        assert.equal(box.label[0], `CloudWatch ${MAX_ALARM_NAMES + 2} alarms, 1 composite`);
        assert.equal(box.label.length, 1 + MAX_ALARM_NAMES + 1);
        assert.equal(box.label[box.label.length - 1], "… 3 more");
        assert.deepEqual(d.nodes.find((n) => n.id === "alarms_us_east_1_none")?.label, ["CloudWatch 1 alarm", "silent"]);
        assert.deepEqual(edge(d, "alarms_us_east_1_ops_topic", "topic_ops_topic"), {
            from: "alarms_us_east_1_ops_topic",
            to: "topic_ops_topic",
            label: "notify",
        });
        assert.deepEqual(
            d.nodes.find((n) => n.kind === "subscriber"),
            { id: "subscriber_ops_email", kind: "subscriber", label: ["email ops@example.com"] },
        );
        assert.ok(edge(d, "topic_ops_topic", "subscriber_ops_email"));
        assert.deepEqual(d.nodes.find((n) => n.kind === "dashboard")?.label, ["Dashboard ops"]);
    });

    it("draws nothing for plumbing (roles, security groups, log groups)", () => {
        const d = diagramGraph({
            resources: [
                res("aws:iam/role:Role", "r"),
                res("aws:ec2/securityGroup:SecurityGroup", "sg"),
                res("aws:cloudwatch/logGroup:LogGroup", "lg"),
            ],
        });
        assert.deepEqual(d, { nodes: [], groups: [], edges: [] });
    });
});

describe("toMermaid and toDot", () => {
    const d: Diagram = {
        nodes: [
            { id: "internet", kind: "internet", label: ["Internet"] },
            { id: "alb", kind: "loadBalancer", label: ['ALB "web"', "a < b"], group: "region_x" },
            { id: "logs", kind: "bucket", label: ["S3 logs"], group: "region_x" },
        ],
        groups: [{ id: "region_x", kind: "region", label: "Region x" }],
        edges: [
            { from: "internet", to: "alb" },
            { from: "alb", to: "logs", label: "access logs", dashed: true },
        ],
    };

    it("writes a Mermaid flowchart with subgraphs, escaped labels and one class per kind", () => {
        assert.equal(
            toMermaid(d),
            [
                "flowchart LR",
                '    internet(("Internet"))',
                '    subgraph region_x["Region x"]',
                '        alb["ALB #quot;web#quot;<br/>a &lt; b"]',
                '        logs[("S3 logs")]',
                "    end",
                "    internet --> alb",
                '    alb -.->|"access logs"| logs',
                "    classDef internet fill:#ffffff,stroke:#555555,color:#1a1a1a",
                "    class internet internet",
                "    classDef loadBalancer fill:#e8d5f5,stroke:#8c4fff,color:#1a1a1a",
                "    class alb loadBalancer",
                "    classDef bucket fill:#d9f2d9,stroke:#3f8624,color:#1a1a1a",
                "    class logs bucket",
                "",
            ].join("\n"),
        );
    });

    it("writes DOT with clusters and escaped labels", () => {
        const dot = toDot(d);
        assert.ok(dot.includes('    subgraph cluster_region_x {\n        label="Region x";'), dot);
        assert.ok(dot.includes('alb [label="ALB \\"web\\"\\na < b", fillcolor="#e8d5f5", color="#8c4fff"];'), dot);
        assert.ok(dot.includes('    alb -> logs [label="access logs", style=dashed];'), dot);
        assert.ok(dot.includes("    internet -> alb;"), dot);
    });
});

describe("diagramFromPlan", () => {
    it("renders the prod stack as Mermaid and as an SVG holding every box", async function () {
        const plan = await shippedStack("prod");
        const { mermaid, svg } = await diagramFromPlan(plan);
        const d = diagramGraph(plan);
        assert.ok(mermaid.startsWith("flowchart LR\n"));
        assert.match(svg, /^<\?xml[^]*<svg [^]*<\/svg>\n?$/);
        for (const n of d.nodes) {
            assert.ok(svg.includes(`<title>${n.id}</title>`), `${n.id} is in the SVG`);
            assert.ok(mermaid.includes(`    ${n.id}`), `${n.id} is in the Mermaid text`);
        }
        // The prod request path and the cross-region replica.
        assert.ok(d.nodes.some((n) => n.kind === "internet"));
        assert.equal(d.nodes.filter((n) => n.kind === "tasks").length, 3);
        const replica = d.edges.find((e) => e.label?.startsWith("replicates"));
        assert.ok(replica);
        const to = d.nodes.find((n) => n.id === replica.to)!;
        const from = d.nodes.find((n) => n.id === replica.from)!;
        assert.notEqual(to.group, from.group);
    });
});
