/** Storage: S3 buckets and cross-region replication. */
import { Estimator, T } from "./estimator";
import { num, refersTo } from "./util";

/** S3 storage and requests of every bucket, and replication transfer to other regions. */
export function priceBuckets(e: Estimator): void {
    const buckets = e.of(...T.buckets);
    for (const b of buckets) {
        const u = e.use(b);
        e.add(b, "S3 Standard storage", u.storedGbPerBucket, "GB-month", "s3StandardGbMonth", `${num(u.storedGbPerBucket)} GB stored`);
        e.add(
            b,
            "S3 PUT requests",
            u.s3PutsPerMonth / 1000,
            "1,000 requests",
            "s3PutPer1000",
            `${num(u.s3PutsPerMonth)} PUT, COPY, POST and LIST requests`,
        );
        e.add(b, "S3 GET requests", u.s3GetsPerMonth / 1000, "1,000 requests", "s3GetPer1000", `${num(u.s3GetsPerMonth)} GET requests`);
    }
    for (const rc of e.of(T.replication)) {
        const rules: any[] = Array.isArray(rc.inputs.rules) ? rc.inputs.rules : [];
        const destinations = new Set<string>();
        let unknown = 0;
        for (const rule of rules) {
            if (rule?.status === "Disabled") continue;
            const arn = rule?.destination?.bucket;
            const dest = buckets.find((b) => refersTo(arn, [b.urn, b.name, b.inputs.bucket]));
            if (!dest) {
                unknown += destinations.has(String(arn)) ? 0 : 1;
                destinations.add(String(arn));
            } else if (dest.region !== rc.region) {
                destinations.add(dest.urn);
            }
        }
        if (destinations.size === 0) continue;
        const u = e.use(rc);
        const gb = u.replicatedGbPerMonth * destinations.size;
        const where = unknown > 0 ? `; ${unknown} destination(s) not in the plan, taken as in another region` : "";
        e.add(
            rc,
            "S3 replication transfer",
            gb,
            "GB",
            "s3ReplicationTransferGb",
            `${num(u.replicatedGbPerMonth)} GB to each of ${destinations.size} bucket(s) in another region, billed in the source region${where}`,
        );
    }
}
