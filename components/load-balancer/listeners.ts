/** The listeners of a LoadBalancer: HTTPS with an HTTP redirect when a certificate is given, else plain HTTP. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ResolvedLoadBalancerArgs } from "./args";

/** The fixed response of a listener's default action: requests no service rule matches. */
const NOT_FOUND = {
    type: "fixed-response",
    fixedResponse: { contentType: "text/plain", statusCode: "404", messageBody: "Not Found" },
};

/** The listeners of a load balancer, and the one services attach their rules to. */
export interface Listeners {
    /** HTTPS when a certificate is given, else HTTP. */
    listener: aws.lb.Listener;
    /** Port 443; undefined without a certificate. */
    httpsListener: aws.lb.Listener | undefined;
    /** Port 80: a 301 redirect to HTTPS with a certificate, else the service listener. */
    httpListener: aws.lb.Listener;
}

/** Creates `${name}-https` (with a certificate) and `${name}-http` on `loadBalancer`. */
export function createListeners(
    name: string,
    a: ResolvedLoadBalancerArgs,
    loadBalancer: aws.lb.LoadBalancer,
    parentOpts: pulumi.CustomResourceOptions,
): Listeners {
    const tags = a.tags;
    if (a.certificateArn === undefined) {
        const httpListener = new aws.lb.Listener(
            `${name}-http`,
            {
                loadBalancerArn: loadBalancer.arn,
                port: 80,
                protocol: "HTTP",
                defaultActions: [NOT_FOUND],
                tags,
            },
            parentOpts,
        );
        return { listener: httpListener, httpsListener: undefined, httpListener };
    }
    const httpsListener = new aws.lb.Listener(
        `${name}-https`,
        {
            loadBalancerArn: loadBalancer.arn,
            port: 443,
            protocol: "HTTPS",
            sslPolicy: a.sslPolicy,
            certificateArn: a.certificateArn,
            defaultActions: [NOT_FOUND],
            tags,
        },
        parentOpts,
    );
    const httpListener = new aws.lb.Listener(
        `${name}-http`,
        {
            loadBalancerArn: loadBalancer.arn,
            port: 80,
            protocol: "HTTP",
            defaultActions: [
                {
                    type: "redirect",
                    redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" },
                },
            ],
            tags,
        },
        parentOpts,
    );
    return { listener: httpsListener, httpsListener, httpListener };
}
