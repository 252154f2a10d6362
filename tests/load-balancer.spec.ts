import * as assert from "node:assert/strict";
import {
    accessLogBucketPolicy,
    ELB_LOG_DELIVERY_ACCOUNTS,
    LOAD_BALANCER_DEFAULTS,
    LOAD_BALANCER_SETTINGS_KEYS,
    LoadBalancer,
    LoadBalancerArgs,
    resolveLoadBalancerArgs,
} from "../components/load-balancer";
import { AWS_REGIONS, ConfigError } from "../components/core/validate";
import { synth } from "../components/testing";

type Plan = Awaited<ReturnType<typeof synth>>;
type Resource = Plan["resources"][number];

const COMPONENT = "elastic-web:aws:LoadBalancer";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const ALB = "aws:lb/loadBalancer:LoadBalancer";
const LISTENER = "aws:lb/listener:Listener";
const BUCKET = "aws:s3/bucket:Bucket";
const PUBLIC_ACCESS = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const OWNERSHIP = "aws:s3/bucketOwnershipControls:BucketOwnershipControls";
const ENCRYPTION = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration";
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const WAF = "aws:wafv2/webAclAssociation:WebAclAssociation";
const LOG_TYPES = [BUCKET, PUBLIC_ACCESS, OWNERSHIP, ENCRYPTION, LIFECYCLE, BUCKET_POLICY];

const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f";
const WAF_ACL = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/web/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";
const NOT_FOUND = { type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404", messageBody: "Not Found" } };
const base: LoadBalancerArgs = { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"] };

const one = (plan: Plan, type: string, name?: string): Resource => {
    const found = plan.resources.filter((r) => r.type === type && (name === undefined || r.name === name));
    assert.equal(
        found.length,
        1,
        `expected one ${type}${name ? ` named ${name}` : ""}, found ${found.map((r) => r.name).join(", ") || "none"}`,
    );
    return found[0];
};
const all = (plan: Plan, type: string) => plan.resources.filter((r) => r.type === type);
const count = (plan: Plan, type: string) => all(plan, type).length;
const children = (plan: Plan) => plan.resources.filter((r) => r.type !== "pulumi:pulumi:Stack" && r.type !== COMPONENT);

/** Runs a LoadBalancer under mocks and returns the plan plus its resolved outputs. */
async function loadBalancer(args: Partial<LoadBalancerArgs> = {}, name = "web") {
    return synth(() => {
        const lb = new LoadBalancer(name, { ...base, ...args });
        return {
            albArn: lb.loadBalancer.arn,
            securityGroupId: lb.securityGroup.id,
            securityGroupArn: lb.securityGroup.arn,
            listenerArn: lb.listener.arn,
            httpListenerArn: lb.httpListener.arn,
            httpsListenerArn: lb.httpsListener?.arn,
            hasHttpsListener: lb.httpsListener !== undefined,
            hasLogBucket: lb.logBucket !== undefined,
            hasWaf: lb.wafAssociation !== undefined,
            bucketArn: lb.logBucket?.arn,
            dnsName: lb.dnsName,
            url: lb.url,
            arnSuffix: lb.arnSuffix,
            attachment: lb.attachment,
        };
    });
}

describe("LoadBalancer", () => {
    describe("under defaults (no certificate, access logs on)", () => {
        let plan: Plan;
        before(async () => {
            plan = await loadBalancer();
        });

        it("creates a security group in the VPC with no inline rules", () => {
            assert.deepEqual(one(plan, SG, "web-alb-sg").inputs, {
                vpcId: "vpc-1",
                description: "Load balancer web: listener ports from the allowed CIDR blocks",
                tags: {},
            });
        });

        it("opens only port 80, to 0.0.0.0/0, with a separate ingress rule", () => {
            assert.deepEqual(
                all(plan, INGRESS).map((r) => [r.name, r.inputs]),
                [
                    [
                        "web-alb-in-80-0",
                        {
                            securityGroupId: "web-alb-sg-id",
                            description: "HTTP from 0.0.0.0/0",
                            ipProtocol: "tcp",
                            fromPort: 80,
                            toPort: 80,
                            cidrIpv4: "0.0.0.0/0",
                            tags: {},
                        },
                    ],
                ],
            );
        });

        it("adds no egress rule without vpcCidrBlock", () => {
            assert.equal(count(plan, EGRESS), 0);
        });

        it("creates an internet-facing ALB in the given subnets that drops invalid headers and logs to the bucket", () => {
            assert.deepEqual(one(plan, ALB, "web-alb").inputs, {
                loadBalancerType: "application",
                internal: false,
                securityGroups: ["web-alb-sg-id"],
                subnets: ["subnet-a", "subnet-b"],
                idleTimeout: 60,
                enableDeletionProtection: false,
                dropInvalidHeaderFields: true,
                accessLogs: { bucket: "web-access-logs", enabled: true },
                tags: {},
            });
        });

        it("creates the ALB only after the access-log bucket policy", () => {
            assert.deepEqual(one(plan, ALB).options.dependsOn, [one(plan, BUCKET_POLICY, "web-access-logs-policy").urn]);
        });

        it("serves plain HTTP on port 80, answering 404 where no service rule matches", () => {
            assert.deepEqual(one(plan, LISTENER, "web-http").inputs, {
                loadBalancerArn: plan.outputs.albArn,
                port: 80,
                protocol: "HTTP",
                defaultActions: [NOT_FOUND],
                tags: {},
            });
            assert.equal(count(plan, LISTENER), 1);
            assert.equal(plan.outputs.hasHttpsListener, false);
            assert.equal(plan.outputs.httpsListenerArn, undefined);
        });

        it("attaches services to the HTTP listener and exposes an http:// URL", () => {
            assert.equal(plan.outputs.listenerArn, plan.outputs.httpListenerArn);
            assert.equal(plan.outputs.dnsName, "web-alb-1234567890.us-east-1.elb.amazonaws.com");
            assert.equal(plan.outputs.url, "http://web-alb-1234567890.us-east-1.elb.amazonaws.com");
            assert.equal(plan.outputs.arnSuffix, "app/web-alb/50dc6c495c0c9188");
            assert.deepEqual(plan.outputs.attachment, {
                listenerArn: plan.outputs.httpListenerArn,
                securityGroupId: "web-alb-sg-id",
                loadBalancerArnSuffix: "app/web-alb/50dc6c495c0c9188",
            });
        });

        it("keeps the access-log bucket on destroy unless told otherwise", () => {
            assert.deepEqual(one(plan, BUCKET, "web-access-logs").inputs, { forceDestroy: false, tags: {} });
        });

        it("blocks every form of public access to the bucket and enforces bucket-owner ownership", () => {
            assert.deepEqual(one(plan, PUBLIC_ACCESS, "web-access-logs-public-access").inputs, {
                bucket: "web-access-logs-id",
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            });
            assert.deepEqual(one(plan, OWNERSHIP, "web-access-logs-ownership").inputs, {
                bucket: "web-access-logs-id",
                rule: { objectOwnership: "BucketOwnerEnforced" },
            });
        });

        it("encrypts the bucket with SSE-S3, the only encryption ALB access logs support", () => {
            assert.deepEqual(one(plan, ENCRYPTION, "web-access-logs-encryption").inputs, {
                bucket: "web-access-logs-id",
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
            });
        });

        it("expires access logs after 90 days", () => {
            assert.deepEqual(one(plan, LIFECYCLE, "web-access-logs-lifecycle").inputs, {
                bucket: "web-access-logs-id",
                rules: [
                    {
                        id: "expire-access-logs",
                        status: "Enabled",
                        filter: {},
                        expiration: { days: 90 },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                    },
                ],
            });
        });

        it("lets only the Region's ELB log-delivery account write, under this account's prefix, and denies non-TLS requests", () => {
            const policy = one(plan, BUCKET_POLICY, "web-access-logs-policy");
            assert.equal(policy.inputs.bucket, "web-access-logs-id");
            const bucketArn = plan.outputs.bucketArn;
            assert.equal(typeof bucketArn, "string");
            const doc = JSON.parse(policy.inputs.policy);
            assert.equal(doc.Version, "2012-10-17");
            assert.equal(doc.Statement.length, 2);
            assert.deepEqual(doc.Statement[0], {
                Sid: "AllowElbLogDelivery",
                Effect: "Allow",
                Principal: { AWS: "arn:aws:iam::127311923021:root" },
                Action: "s3:PutObject",
                Resource: `${bucketArn}/AWSLogs/123456789012/*`,
            });
            assert.deepEqual(doc.Statement[1], {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucketArn, `${bucketArn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            });
        });

        it("configures the log bucket one step at a time, the policy last, as S3 refuses concurrent configuration changes", () => {
            const order = [PUBLIC_ACCESS, OWNERSHIP, ENCRYPTION, LIFECYCLE, BUCKET_POLICY].map((t) => one(plan, t));
            assert.deepEqual(
                order.map((r) => r.options.dependsOn),
                [[], ...order.slice(0, -1).map((r) => [r.urn])],
            );
        });

        it("creates no WAF association", () => {
            assert.equal(count(plan, WAF), 0);
            assert.equal(plan.outputs.hasWaf, false);
        });

        it("creates exactly the security group, its rule, the ALB, the listener and the log bucket with its settings", () => {
            assert.deepEqual(
                children(plan)
                    .map((r) => `${r.type} ${r.name}`)
                    .sort(),
                [
                    `${SG} web-alb-sg`,
                    `${INGRESS} web-alb-in-80-0`,
                    `${ALB} web-alb`,
                    `${LISTENER} web-http`,
                    `${BUCKET} web-access-logs`,
                    `${PUBLIC_ACCESS} web-access-logs-public-access`,
                    `${OWNERSHIP} web-access-logs-ownership`,
                    `${ENCRYPTION} web-access-logs-encryption`,
                    `${LIFECYCLE} web-access-logs-lifecycle`,
                    `${BUCKET_POLICY} web-access-logs-policy`,
                ].sort(),
            );
        });

        it("names every child web-… and parents it to the component", () => {
            const component = one(plan, COMPONENT, "web");
            for (const r of children(plan)) {
                assert.ok(r.name.startsWith("web-"), `${r.name} is not prefixed with web-`);
                assert.equal(r.parent, component.urn, `${r.name} is not a child of the component`);
                assert.ok(r.urn.includes("elastic-web:aws:LoadBalancer$"), `${r.urn} is not under the component`);
            }
        });
    });

    describe("with a certificate", () => {
        let plan: Plan;
        before(async () => {
            plan = await loadBalancer({ certificateArn: CERT });
        });

        it("serves HTTPS on 443 with the TLS 1.3 policy and the certificate, answering 404 where no rule matches", () => {
            assert.deepEqual(one(plan, LISTENER, "web-https").inputs, {
                loadBalancerArn: plan.outputs.albArn,
                port: 443,
                protocol: "HTTPS",
                sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
                certificateArn: CERT,
                defaultActions: [NOT_FOUND],
                tags: {},
            });
        });

        it("redirects HTTP on port 80 to HTTPS with a 301", () => {
            assert.deepEqual(one(plan, LISTENER, "web-http").inputs, {
                loadBalancerArn: plan.outputs.albArn,
                port: 80,
                protocol: "HTTP",
                defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
                tags: {},
            });
        });

        it("opens ports 443 and 80 and nothing else", () => {
            assert.deepEqual(
                all(plan, INGRESS).map((r) => [r.name, r.inputs.fromPort, r.inputs.toPort, r.inputs.cidrIpv4, r.inputs.description]),
                [
                    ["web-alb-in-443-0", 443, 443, "0.0.0.0/0", "HTTPS from 0.0.0.0/0"],
                    ["web-alb-in-80-0", 80, 80, "0.0.0.0/0", "HTTP from 0.0.0.0/0"],
                ],
            );
        });

        it("attaches services to the HTTPS listener and exposes an https:// URL", () => {
            assert.equal(plan.outputs.hasHttpsListener, true);
            assert.equal(plan.outputs.listenerArn, plan.outputs.httpsListenerArn);
            assert.notEqual(plan.outputs.listenerArn, plan.outputs.httpListenerArn);
            assert.equal(plan.outputs.attachment.listenerArn, plan.outputs.httpsListenerArn);
            assert.equal(plan.outputs.url, "https://web-alb-1234567890.us-east-1.elb.amazonaws.com");
        });
    });

    it("uses the given TLS policy on the HTTPS listener", async () => {
        const plan = await loadBalancer({ certificateArn: CERT, sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06" });
        assert.equal(one(plan, LISTENER, "web-https").inputs.sslPolicy, "ELBSecurityPolicy-TLS13-1-3-2021-06");
    });

    it("opens each listener port to each ingress CIDR", async () => {
        const plan = await loadBalancer({ certificateArn: CERT, ingressCidrs: ["203.0.113.0/24", "198.51.100.0/24"] });
        assert.deepEqual(
            all(plan, INGRESS).map((r) => [r.name, r.inputs.fromPort, r.inputs.cidrIpv4]),
            [
                ["web-alb-in-443-0", 443, "203.0.113.0/24"],
                ["web-alb-in-443-1", 443, "198.51.100.0/24"],
                ["web-alb-in-80-0", 80, "203.0.113.0/24"],
                ["web-alb-in-80-1", 80, "198.51.100.0/24"],
            ],
        );
    });

    it("allows TCP egress to the VPC's range when vpcCidrBlock is given", async () => {
        const plan = await loadBalancer({ vpcCidrBlock: "10.0.0.0/16" });
        assert.deepEqual(one(plan, EGRESS, "web-alb-out-vpc").inputs, {
            securityGroupId: "web-alb-sg-id",
            description: "To targets and health checks inside the VPC",
            ipProtocol: "tcp",
            fromPort: 0,
            toPort: 65535,
            cidrIpv4: "10.0.0.0/16",
            tags: {},
        });
    });

    it("passes idle timeout, deletion protection, log retention, force-destroy and tags through", async () => {
        const tags = { team: "web" };
        const plan = await loadBalancer({
            idleTimeoutSeconds: 120,
            deletionProtection: true,
            accessLogRetentionDays: 7,
            forceDestroyLogs: true,
            tags,
        });
        const alb = one(plan, ALB).inputs;
        assert.equal(alb.idleTimeout, 120);
        assert.equal(alb.enableDeletionProtection, true);
        assert.deepEqual(one(plan, LIFECYCLE).inputs.rules[0].expiration, { days: 7 });
        assert.deepEqual(one(plan, BUCKET).inputs, { forceDestroy: true, tags });
        for (const type of [SG, INGRESS, ALB, LISTENER]) {
            for (const r of all(plan, type)) assert.deepEqual(r.inputs.tags, tags, `tags of ${r.name}`);
        }
    });

    describe("with access logs off", () => {
        let plan: Plan;
        before(async () => {
            plan = await loadBalancer({ accessLogs: false });
        });

        it("creates no bucket or bucket settings", () => {
            for (const type of LOG_TYPES) assert.equal(count(plan, type), 0, type);
            assert.equal(plan.outputs.hasLogBucket, false);
        });

        it("creates the ALB without access logs and without dependencies", () => {
            const alb = one(plan, ALB);
            assert.equal(alb.inputs.accessLogs, undefined);
            assert.deepEqual(alb.options.dependsOn, []);
        });
    });

    it("associates the WAF web ACL with the ALB when wafWebAclArn is given", async () => {
        const plan = await loadBalancer({ wafWebAclArn: WAF_ACL });
        assert.deepEqual(one(plan, WAF, "web-waf").inputs, { resourceArn: plan.outputs.albArn, webAclArn: WAF_ACL });
        assert.equal(plan.outputs.hasWaf, true);
    });
});

describe("accessLogBucketPolicy", () => {
    const inputs = { bucketArn: "arn:aws:s3:::logs", partition: "aws", accountId: "111122223333" };

    it("grants the Region's ELB account in Regions opened before August 2022", () => {
        const doc = accessLogBucketPolicy({ ...inputs, region: "eu-west-1" }) as any;
        assert.deepEqual(doc.Statement[0].Principal, { AWS: "arn:aws:iam::156460612806:root" });
        assert.equal(doc.Statement[0].Resource, "arn:aws:s3:::logs/AWSLogs/111122223333/*");
    });

    it("grants the log-delivery service principal in Regions without an ELB account", () => {
        for (const region of ["il-central-1", "ap-southeast-4", "ca-west-1", "mx-central-1", "eu-central-2", "me-central-1"]) {
            const doc = accessLogBucketPolicy({ ...inputs, region }) as any;
            assert.deepEqual(doc.Statement[0].Principal, { Service: "logdelivery.elasticloadbalancing.amazonaws.com" }, region);
        }
    });

    it("knows a delivery principal for every Region the package lists", () => {
        const withAccount = AWS_REGIONS.filter((r) => ELB_LOG_DELIVERY_ACCOUNTS[r] !== undefined);
        assert.deepEqual(
            withAccount.filter((r) => !/^\d{12}$/.test(ELB_LOG_DELIVERY_ACCOUNTS[r])),
            [],
        );
        assert.deepEqual(AWS_REGIONS.filter((r) => ELB_LOG_DELIVERY_ACCOUNTS[r] === undefined).sort(), [
            "ap-south-2",
            "ap-southeast-4",
            "ap-southeast-5",
            "ap-southeast-7",
            "ca-west-1",
            "eu-central-2",
            "eu-south-2",
            "il-central-1",
            "me-central-1",
            "mx-central-1",
        ]);
    });
});

describe("resolveLoadBalancerArgs", () => {
    const problemsOf = (fn: () => unknown): string[] => {
        try {
            fn();
        } catch (e) {
            assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
            return e.problems;
        }
        assert.fail("expected a ConfigError");
    };

    it("fills every default", () => {
        assert.deepEqual(resolveLoadBalancerArgs("web", base), {
            certificateArn: undefined,
            ingressCidrs: ["0.0.0.0/0"],
            idleTimeoutSeconds: 60,
            deletionProtection: false,
            accessLogs: true,
            accessLogRetentionDays: 90,
            forceDestroyLogs: false,
            wafWebAclArn: undefined,
            sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
            vpcId: "vpc-1",
            subnetIds: ["subnet-a", "subnet-b"],
            vpcCidrBlock: undefined,
            tags: {},
        });
    });

    it("keeps given values over the defaults and ignores undefined ones", () => {
        const resolved = resolveLoadBalancerArgs("web", {
            ...base,
            certificateArn: CERT,
            idleTimeoutSeconds: 300,
            accessLogs: false,
            sslPolicy: undefined,
        });
        assert.equal(resolved.certificateArn, CERT);
        assert.equal(resolved.idleTimeoutSeconds, 300);
        assert.equal(resolved.accessLogs, false);
        assert.equal(resolved.sslPolicy, LOAD_BALANCER_DEFAULTS.sslPolicy);
    });

    it("never mutates its args, nor shares the defaults' arrays", () => {
        const args = Object.freeze({ ...base, ingressCidrs: Object.freeze(["10.0.0.0/8"]) as string[], tags: Object.freeze({ a: "b" }) });
        const resolved = resolveLoadBalancerArgs("web", args);
        assert.deepEqual(args.ingressCidrs, ["10.0.0.0/8"]);
        assert.notEqual(resolved.ingressCidrs, args.ingressCidrs);
        assert.notEqual(resolved.tags, args.tags);
        resolveLoadBalancerArgs("web", base).ingressCidrs.push("10.0.0.0/8");
        assert.deepEqual(LOAD_BALANCER_DEFAULTS.ingressCidrs, ["0.0.0.0/0"]);
    });

    it("requires vpcId and subnetIds", () => {
        assert.deepEqual(
            problemsOf(() => resolveLoadBalancerArgs("web", {} as LoadBalancerArgs)),
            [
                'elastic-web:aws:LoadBalancer "web": `vpcId` is required; pass the VPC of the load balancer, e.g. `network.vpcId`.',
                'elastic-web:aws:LoadBalancer "web": `subnetIds` is required; pass public subnets in at least two availability zones, e.g. `network.publicSubnetIds`.',
            ],
        );
    });

    it("requires at least two subnets when they are known", () => {
        assert.deepEqual(
            problemsOf(() => resolveLoadBalancerArgs("web", { ...base, subnetIds: ["subnet-a"] })),
            [
                'elastic-web:aws:LoadBalancer "web": `subnetIds` (["subnet-a"]) must list at least two public subnets in different availability zones; an ALB needs two.',
            ],
        );
    });

    it("rejects a name that would make the ALB's name longer than 32 characters", () => {
        assert.deepEqual(
            problemsOf(() => resolveLoadBalancerArgs("a-very-long-stack-name", base)),
            [
                'elastic-web:aws:LoadBalancer "a-very-long-stack-name": `name` ("a-very-long-stack-name") must be 1 to 20 letters, digits and hyphens, starting with a letter or digit and not with "internal-": the ALB is named "<name>-alb" plus an 8-character suffix, within AWS\'s 32-character limit.',
            ],
        );
        assert.equal(resolveLoadBalancerArgs("twenty-characters-ok", base).vpcId, "vpc-1");
    });

    it("rejects names an ALB cannot carry", () => {
        for (const name of ["web_site", "-web", "internal-web", ""]) {
            assert.equal(problemsOf(() => resolveLoadBalancerArgs(name, base)).length, 1, name);
        }
    });

    it("rejects a vpcCidrBlock that is not a CIDR block", () => {
        assert.deepEqual(
            problemsOf(() => resolveLoadBalancerArgs("web", { ...base, vpcCidrBlock: "10.0.0.0" })),
            ['elastic-web:aws:LoadBalancer "web": `vpcCidrBlock` ("10.0.0.0") must be an IPv4 CIDR block like "10.0.0.0/16".'],
        );
    });

    it("reports the settings checks under the component's name, with its own problems, all at once", () => {
        assert.deepEqual(
            problemsOf(() => resolveLoadBalancerArgs("web", { vpcId: "vpc-1", idleTimeoutSeconds: 0 } as LoadBalancerArgs)),
            [
                'elastic-web:aws:LoadBalancer "web": `subnetIds` is required; pass public subnets in at least two availability zones, e.g. `network.publicSubnetIds`.',
                'elastic-web:aws:LoadBalancer "web": `idleTimeoutSeconds` (0) must be an integer from 1 to 4000.',
            ],
        );
    });

    it("reports unknown keys first, then the settings in the package's order: ARNs, ranges, TLS policy, switches", () => {
        assert.deepEqual(
            problemsOf(() =>
                resolveLoadBalancerArgs("web", {
                    ...base,
                    forceDestroyLogs: 1,
                    accessLogs: "no",
                    deletionProtection: "yes",
                    sslPolicy: "ELBSecurityPolicy-2016-08",
                    accessLogRetentionDays: 0,
                    idleTimeoutSeconds: 0,
                    ingressCidrs: [],
                    wafWebAclArn: "waf",
                    certificateArn: "cert",
                    bogus: 1,
                } as unknown as LoadBalancerArgs),
            ),
            [
                'elastic-web:aws:LoadBalancer "web": `bogus` (1) is not a known key; known keys are certificateArn, ingressCidrs, idleTimeoutSeconds, deletionProtection, accessLogs, accessLogRetentionDays, forceDestroyLogs, wafWebAclArn, sslPolicy, vpcId, subnetIds, vpcCidrBlock, tags.',
                'elastic-web:aws:LoadBalancer "web": `certificateArn` ("cert") must be an ARN like arn:aws:acm:us-east-1:123456789012:certificate/<id>.',
                'elastic-web:aws:LoadBalancer "web": `wafWebAclArn` ("waf") must be an ARN like arn:aws:wafv2:us-east-1:123456789012:regional/webacl/<name>/<id>.',
                'elastic-web:aws:LoadBalancer "web": `ingressCidrs` ([]) must be a non-empty list of IPv4 CIDR blocks like "203.0.113.0/24".',
                'elastic-web:aws:LoadBalancer "web": `idleTimeoutSeconds` (0) must be an integer from 1 to 4000.',
                'elastic-web:aws:LoadBalancer "web": `accessLogRetentionDays` (0) must be an integer from 1 to 3650.',
                'elastic-web:aws:LoadBalancer "web": `sslPolicy` ("ELBSecurityPolicy-2016-08") must be an ELB security policy that accepts only TLS 1.2 and 1.3, e.g. "ELBSecurityPolicy-TLS13-1-2-2021-06" or "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09" (see "Security policies for your Application Load Balancer" in the ELB guide).',
                'elastic-web:aws:LoadBalancer "web": `deletionProtection` ("yes") must be true or false.',
                'elastic-web:aws:LoadBalancer "web": `accessLogs` ("no") must be true or false.',
                'elastic-web:aws:LoadBalancer "web": `forceDestroyLogs` (1) must be true or false.',
            ],
        );
    });

    it("derives its keys from the schema, in the documented order", () => {
        assert.deepEqual(LOAD_BALANCER_SETTINGS_KEYS, [
            "certificateArn",
            "ingressCidrs",
            "idleTimeoutSeconds",
            "deletionProtection",
            "accessLogs",
            "accessLogRetentionDays",
            "forceDestroyLogs",
            "wafWebAclArn",
            "sslPolicy",
        ]);
    });

    it("throws before registering anything, the component itself included", async () => {
        const plan = await synth(() => {
            assert.throws(() => new LoadBalancer("web", { ...base, idleTimeoutSeconds: 0 }), {
                name: "ConfigError",
                message: 'elastic-web:aws:LoadBalancer "web": `idleTimeoutSeconds` (0) must be an integer from 1 to 4000.',
            });
            return {};
        });
        assert.deepEqual(
            plan.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => r.type),
            [],
        );
    });
});
