/**
 * Entry point of the CrossGuard policy pack (PulumiPolicy.yaml): serves every rule of policy/ to the
 * Pulumi engine, so `pulumi preview --policy-pack policy` enforces at deploy time what
 * `npm run preview` reports offline. Loading this module starts the pack's server; tests use
 * adapter.ts instead.
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, crossGuardPolicies } from "./adapter";

new PolicyPack(PACK_NAME, {
    description: "Security and reliability rules of pulumi-elastic-web (ALB, ECS, autoscaling, logs, alarms, SNS, KMS, S3, network, IAM).",
    policies: crossGuardPolicies(),
});
