/**
 * The access-log bucket policy of a LoadBalancer: who may deliver logs in which Region,
 * and the denial of requests without TLS.
 */

/**
 * Elastic Load Balancing's log-delivery accounts in the Regions that opened before August 2022.
 * Regions opened later (ca-west-1, mx-central-1, eu-central-2, eu-south-2, ap-south-2,
 * ap-southeast-4/5/7, me-central-1, il-central-1, …) have none and deliver as the service principal
 * `logdelivery.elasticloadbalancing.amazonaws.com` instead.
 * Source: ALB user guide, "Enable access logs", step 2 "Attach a policy to your S3 bucket", as
 * mirrored in Terraform's `aws_elb_service_account` and AWS CDK's region facts (`ELBV2_ACCOUNTS`).
 */
export const ELB_LOG_DELIVERY_ACCOUNTS: Readonly<Record<string, string>> = Object.freeze({
    "us-east-1": "127311923021",
    "us-east-2": "033677994240",
    "us-west-1": "027434742980",
    "us-west-2": "797873946194",
    "af-south-1": "098369216593",
    "ap-east-1": "754344448648",
    "ap-south-1": "718504428378",
    "ap-northeast-1": "582318560864",
    "ap-northeast-2": "600734575887",
    "ap-northeast-3": "383597477331",
    "ap-southeast-1": "114774131450",
    "ap-southeast-2": "783225319266",
    "ap-southeast-3": "589379963580",
    "ca-central-1": "985666609251",
    "eu-central-1": "054676820928",
    "eu-west-1": "156460612806",
    "eu-west-2": "652711504416",
    "eu-west-3": "009996457667",
    "eu-south-1": "635631232127",
    "eu-north-1": "897822967062",
    "me-south-1": "076674570225",
    "sa-east-1": "507241528517",
});

/** Where the access-log bucket lives and who owns the load balancer. */
export interface AccessLogBucketPolicyInputs {
    bucketArn: string;
    partition: string;
    region: string;
    /** Account of the load balancer; logs arrive under `AWSLogs/<account>/`. */
    accountId: string;
}

/**
 * Policy of the access-log bucket: the Region's ELB log-delivery account (or, in Regions without
 * one, the log-delivery service principal) may put objects under this account's `AWSLogs/` prefix
 * only, and every request without TLS is denied.
 */
export function accessLogBucketPolicy(i: AccessLogBucketPolicyInputs): object {
    const elbAccount = ELB_LOG_DELIVERY_ACCOUNTS[i.region];
    const principal = elbAccount
        ? { AWS: `arn:${i.partition}:iam::${elbAccount}:root` }
        : { Service: "logdelivery.elasticloadbalancing.amazonaws.com" };
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AllowElbLogDelivery",
                Effect: "Allow",
                Principal: principal,
                Action: "s3:PutObject",
                Resource: `${i.bucketArn}/AWSLogs/${i.accountId}/*`,
            },
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [i.bucketArn, `${i.bucketArn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    };
}
