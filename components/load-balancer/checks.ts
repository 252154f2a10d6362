/** Checks of a LoadBalancer's plain settings. */
import type { LoadBalancerSettings } from "./load-balancer";
import { Problems, isPlain, isRecord } from "../core/validate";
import { arnOf, get, list } from "../core/checks";

const LOAD_BALANCER_KEY_SET: Record<keyof LoadBalancerSettings, true> = {
    certificateArn: true,
    ingressCidrs: true,
    idleTimeoutSeconds: true,
    deletionProtection: true,
    accessLogs: true,
    accessLogRetentionDays: true,
    forceDestroyLogs: true,
    wafWebAclArn: true,
    sslPolicy: true,
};

/** Keys of `LoadBalancerSettings`. */
export const LOAD_BALANCER_SETTINGS_KEYS: readonly string[] = Object.keys(LOAD_BALANCER_KEY_SET);

/**
 * ELB security policies that accept only TLS 1.2 and 1.3 (no TLS 1.0 or 1.1).
 * Source: Elastic Load Balancing, "Security policies for your Application Load Balancer"
 * (TLS, FIPS, FS and post-quantum tables, "Protocols by policy"), read 2026-11.
 */
export const TLS12_SSL_POLICIES = [
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-RFC9151-FIPS-2023-07",
    "ELBSecurityPolicy-TLS13-1-2-Ext0-RFC9151-FIPS-2023-07",
    "ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP1-FIPS-2023-07",
    "ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP2-FIPS-2023-07",
    "ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP3-FIPS-2023-07",
    "ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP4-FIPS-2023-07",
    "ELBSecurityPolicy-TLS13-1-3-RFC9151-FIPS-2023-07",
    "ELBSecurityPolicy-TLS-1-2-2017-01",
    "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
    "ELBSecurityPolicy-FS-1-2-2019-08",
    "ELBSecurityPolicy-FS-1-2-Res-2019-08",
    "ELBSecurityPolicy-FS-1-2-Res-2020-10",
] as const;

// --- load balancer -----------------------------------------------------------------------

/**
 * Checks LoadBalancerSettings: ACM and regional WAFv2 ARNs, a non-empty list of distinct ingress CIDRs,
 * `idleTimeoutSeconds` 1-4000, `accessLogRetentionDays` 1-3650, a TLS 1.2+ `sslPolicy`, booleans.
 * `known` lists the keys `s` may have; keys outside LoadBalancerSettings are left to the caller.
 */
export function checkLoadBalancerSettings(p: Problems, s: unknown, known: readonly string[] = LOAD_BALANCER_SETTINGS_KEYS): void {
    if (!isRecord(s)) return;
    p.knownKeys("", s, known);
    const has = (k: string) => known.includes(k);
    if (has("certificateArn")) {
        arnOf(p, "certificateArn", get(s, "certificateArn"), "acm", "certificate/", "arn:aws:acm:us-east-1:123456789012:certificate/<id>");
    }
    const waf = get(s, "wafWebAclArn");
    // An ALB takes only a regional web ACL; `global/webacl/…` ones are for CloudFront.
    if (has("wafWebAclArn")) {
        arnOf(p, "wafWebAclArn", waf, "wafv2", "regional/webacl/", "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/<name>/<id>");
    }
    if (has("ingressCidrs")) {
        const cidrs = list(
            p,
            "ingressCidrs",
            get(s, "ingressCidrs"),
            'must be a non-empty list of IPv4 CIDR blocks like "203.0.113.0/24".',
            1,
        );
        const seen = new Set<unknown>();
        cidrs?.forEach((c, i) => {
            if (!isPlain(c)) return;
            const path = `ingressCidrs[${i}]`;
            // A security group refuses a duplicate rule (InvalidPermission.Duplicate).
            if (seen.has(c)) p.add(path, c, "is listed twice; list each CIDR block once.");
            else if (p.cidr(path, c)) seen.add(c);
        });
    }
    if (has("idleTimeoutSeconds")) p.int("idleTimeoutSeconds", get(s, "idleTimeoutSeconds"), 1, 4000);
    if (has("accessLogRetentionDays")) p.int("accessLogRetentionDays", get(s, "accessLogRetentionDays"), 1, 3650);
    const policy = get(s, "sslPolicy");
    if (has("sslPolicy") && policy !== undefined && !(TLS12_SSL_POLICIES as readonly unknown[]).includes(policy)) {
        p.add(
            "sslPolicy",
            policy,
            'must be an ELB security policy that accepts only TLS 1.2 and 1.3, e.g. "ELBSecurityPolicy-TLS13-1-2-2021-06" or "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09" (see "Security policies for your Application Load Balancer" in the ELB guide).',
        );
    }
    for (const k of ["deletionProtection", "accessLogs", "forceDestroyLogs"]) {
        if (has(k)) p.bool(k, get(s, k));
    }
}
