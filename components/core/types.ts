/** Types two components share; they live here, below both. */
import * as pulumi from "@pulumi/pulumi";

/**
 * What a service needs of a load balancer to attach to it; `LoadBalancer.attachment` provides it,
 * or fill it in for a load balancer made elsewhere.
 */
export interface LoadBalancerAttachment {
    /** ARN of the listener the service's rule (or default action) goes on. */
    listenerArn: pulumi.Input<string>;
    /** Security group of the load balancer; the task security group admits only this group. */
    securityGroupId: pulumi.Input<string>;
    /** `arnSuffix` of the load balancer, for request-count scaling and alarms. */
    loadBalancerArnSuffix: pulumi.Input<string>;
}
