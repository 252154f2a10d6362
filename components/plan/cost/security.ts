/** Security: KMS keys and WAF web ACLs. */
import { HOURS_PER_MONTH } from "./prices";
import { Estimator, T } from "./estimator";
import { arrayLength, num, refersTo } from "./util";

/** Every customer managed KMS key and its requests. */
export function priceKmsKeys(e: Estimator): void {
    for (const key of e.of(...T.kmsKeys)) {
        const u = e.use(key);
        const rotation = key.inputs.enableKeyRotation ? "; each rotation adds one key-month, not counted" : "";
        e.add(key, "KMS key", 1, "key-month", "kmsKeyMonth", `1 customer managed key${rotation}`);
        e.add(
            key,
            "KMS requests",
            u.kmsRequestsPerKeyMonth / 10000,
            "10,000 requests",
            "kmsRequestsPer10000",
            `${num(u.kmsRequestsPerKeyMonth)} requests`,
        );
    }
}

/** WAF web ACLs, their rules and the requests they inspect. */
export function priceWaf(e: Estimator): void {
    const acls = e.of(T.webAcl);
    const lbs = e.of(...T.loadBalancers);
    for (const acl of acls) {
        const rules = arrayLength(acl.inputs.rules);
        e.add(acl, "WAF web ACL", 1, "ACL-month", "wafWebAclMonth", "1 web ACL");
        if (rules > 0) e.add(acl, "WAF rules", rules, "rule-month", "wafRuleMonth", `${rules} rule(s) in the web ACL`);
    }
    const external = new Set<string>();
    for (const assoc of e.of(T.webAclAssociation)) {
        const arn = assoc.inputs.webAclArn;
        const acl = acls.find((a) => refersTo(arn, [a.urn, a.name, a.inputs.name]));
        if (!acl && !external.has(String(arn))) {
            external.add(String(arn));
            const u = e.use(assoc);
            e.add(assoc, "WAF web ACL", 1, "ACL-month", "wafWebAclMonth", "1 web ACL defined outside the plan");
            e.add(
                assoc,
                "WAF rules",
                u.wafRulesPerExternalWebAcl,
                "rule-month",
                "wafRuleMonth",
                `${num(u.wafRulesPerExternalWebAcl)} rule(s) assumed in the web ACL defined outside the plan`,
            );
        }
        const lb = lbs.find((l) => refersTo(assoc.inputs.resourceArn, [l.urn, l.name, l.inputs.name]));
        const rps = e.use(lb ?? assoc).requestsPerSecond;
        const millions = (rps * 3600 * HOURS_PER_MONTH) / 1e6;
        e.add(
            assoc,
            "WAF requests",
            millions,
            "million requests",
            "wafRequestsPerMillion",
            `${num(rps)} requests/s × 3,600 s × ${HOURS_PER_MONTH} h`,
        );
    }
}
