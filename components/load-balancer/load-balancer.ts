import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LoadBalancerAttachment } from "../core/types";
import { createAccessLogBucket } from "./access-logs";
import { LoadBalancerArgs, resolveLoadBalancerArgs } from "./args";
import { createListeners } from "./listeners";
import { createLoadBalancerSecurityGroup } from "./security-group";

/**
 * An internet-facing Application Load Balancer that services share through listener rules:
 * its security group (only the listener ports open, to `ingressCidrs`), an HTTPS listener with a
 * TLS 1.3 policy and an HTTP→HTTPS redirect when a certificate is given (else a plain HTTP
 * listener), both answering 404 to requests no rule matches; an encrypted, private access-log
 * bucket; and an optional WAF association.
 *
 * Children: `${name}-alb-sg`, `${name}-alb-in-<port>-<i>` (one per port and CIDR),
 * `${name}-alb-out-vpc` (with `vpcCidrBlock`), `${name}-alb`, `${name}-https` (with a certificate),
 * `${name}-http`, `${name}-waf` (with a web ACL), and with access logs `${name}-access-logs` and its
 * `-public-access`, `-ownership`, `-encryption`, `-lifecycle`, `-policy`.
 *
 * @example
 * const lb = new LoadBalancer("web", {
 *     vpcId: network.vpcId,
 *     subnetIds: network.publicSubnetIds,
 *     vpcCidrBlock: network.cidrBlock,
 *     certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f",
 * });
 * new ElasticService("api", { image, vpcId: network.vpcId, subnetIds: network.privateSubnetIds, loadBalancer: lb.attachment });
 */
export class LoadBalancer extends pulumi.ComponentResource {
    /** The Application Load Balancer. */
    readonly loadBalancer: aws.lb.LoadBalancer;
    /** Security group of the ALB; targets admit traffic from this group only. */
    readonly securityGroup: aws.ec2.SecurityGroup;
    /** The listener services attach their rules to: HTTPS when a certificate is given, else HTTP. */
    readonly listener: aws.lb.Listener;
    /** The HTTPS listener (port 443); undefined without a certificate. */
    readonly httpsListener: aws.lb.Listener | undefined;
    /** The HTTP listener (port 80): a 301 redirect to HTTPS with a certificate, else the service listener. */
    readonly httpListener: aws.lb.Listener;
    /** Bucket receiving the access logs; undefined when `accessLogs` is false. */
    readonly logBucket: aws.s3.Bucket | undefined;
    /** The WAF association; undefined without `wafWebAclArn`. */
    readonly wafAssociation: aws.wafv2.WebAclAssociation | undefined;
    /** DNS name of the ALB, e.g. `web-alb-1234567890.us-east-1.elb.amazonaws.com`. */
    readonly dnsName: pulumi.Output<string>;
    /** `https://<dnsName>` with a certificate, else `http://<dnsName>`. */
    readonly url: pulumi.Output<string>;
    /** `arnSuffix` of the ALB (`app/<name>/<id>`), the CloudWatch `LoadBalancer` dimension. */
    readonly arnSuffix: pulumi.Output<string>;
    /** What an ElasticService needs to attach: pass it as the service's `loadBalancer`. */
    readonly attachment: LoadBalancerAttachment;

    constructor(name: string, args: LoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
        // Checked before the component registers, so a refused input leaves nothing behind.
        const a = resolveLoadBalancerArgs(name, args);
        super("elastic-web:aws:LoadBalancer", name, {}, opts);
        const parent = { parent: this };
        const https = a.certificateArn !== undefined;

        this.securityGroup = createLoadBalancerSecurityGroup(name, a, parent);
        const logs = a.accessLogs ? createAccessLogBucket(name, a, this.securityGroup, parent) : undefined;
        this.logBucket = logs?.bucket;

        // Enabling access logs makes ELB write a test object, which fails before the bucket policy exists.
        this.loadBalancer = new aws.lb.LoadBalancer(
            `${name}-alb`,
            {
                loadBalancerType: "application",
                internal: false,
                securityGroups: [this.securityGroup.id],
                subnets: a.subnetIds,
                idleTimeout: a.idleTimeoutSeconds,
                enableDeletionProtection: a.deletionProtection,
                dropInvalidHeaderFields: true,
                accessLogs: logs ? { bucket: logs.bucket.bucket, enabled: true } : undefined,
                tags: a.tags,
            },
            { parent: this, dependsOn: logs ? [logs.policy] : [] },
        );

        const listeners = createListeners(name, a, this.loadBalancer, parent);
        this.listener = listeners.listener;
        this.httpsListener = listeners.httpsListener;
        this.httpListener = listeners.httpListener;

        this.wafAssociation =
            a.wafWebAclArn !== undefined
                ? new aws.wafv2.WebAclAssociation(
                      `${name}-waf`,
                      {
                          resourceArn: this.loadBalancer.arn,
                          webAclArn: a.wafWebAclArn,
                      },
                      parent,
                  )
                : undefined;

        this.dnsName = this.loadBalancer.dnsName;
        this.url = pulumi.interpolate`${https ? "https" : "http"}://${this.loadBalancer.dnsName}`;
        this.arnSuffix = this.loadBalancer.arnSuffix;
        this.attachment = {
            listenerArn: this.listener.arn,
            securityGroupId: this.securityGroup.id,
            loadBalancerArnSuffix: this.arnSuffix,
        };

        this.registerOutputs({
            loadBalancer: this.loadBalancer,
            securityGroup: this.securityGroup,
            listener: this.listener,
            httpsListener: this.httpsListener,
            httpListener: this.httpListener,
            logBucket: this.logBucket,
            wafAssociation: this.wafAssociation,
            dnsName: this.dnsName,
            url: this.url,
            arnSuffix: this.arnSuffix,
            attachment: this.attachment,
        });
    }
}
