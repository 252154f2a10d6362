/**
 * Hand-written rules of a LoadBalancer's settings that a zod schema cannot say well: the TLS 1.2+
 * security policies, the ingress CIDR list without duplicates, and the ACM and regional WAFv2 ARN forms.
 * `./args` attaches them to the settings schema with `custom(...)`.
 */
import { arnOf, list } from "../core/checks";
import { Problems, isPlain } from "../core/validate";

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

/** Checks an ACM certificate ARN (`certificate/…`); true when it passes. */
export function checkCertificateArn(p: Problems, path: string, value: unknown): boolean {
    return arnOf(p, path, value, "acm", "certificate/", "arn:aws:acm:us-east-1:123456789012:certificate/<id>");
}

/** Checks a WAFv2 web ACL ARN; true when it passes. */
export function checkWebAclArn(p: Problems, path: string, value: unknown): boolean {
    // An ALB takes only a regional web ACL; `global/webacl/…` ones are for CloudFront.
    return arnOf(p, path, value, "wafv2", "regional/webacl/", "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/<name>/<id>");
}

/** Checks a non-empty list of distinct IPv4 CIDR blocks; items known only at deployment are skipped. True when it passes. */
export function checkIngressCidrs(p: Problems, path: string, value: unknown): boolean {
    const before = p.list.length;
    const cidrs = list(p, path, value, 'must be a non-empty list of IPv4 CIDR blocks like "203.0.113.0/24".', 1);
    const seen = new Set<unknown>();
    cidrs?.forEach((c, i) => {
        if (!isPlain(c)) return;
        const at = `${path}[${i}]`;
        // A security group refuses a duplicate rule (InvalidPermission.Duplicate).
        if (seen.has(c)) p.add(at, c, "is listed twice; list each CIDR block once.");
        else if (p.cidr(at, c)) seen.add(c);
    });
    return p.list.length === before;
}

/** Checks that an HTTPS listener's policy is one of {@link TLS12_SSL_POLICIES}; true when it is. */
export function checkSslPolicy(p: Problems, path: string, value: unknown): boolean {
    if ((TLS12_SSL_POLICIES as readonly unknown[]).includes(value)) return true;
    p.add(
        path,
        value,
        'must be an ELB security policy that accepts only TLS 1.2 and 1.3, e.g. "ELBSecurityPolicy-TLS13-1-2-2021-06" or "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09" (see "Security policies for your Application Load Balancer" in the ELB guide).',
    );
    return false;
}
