/** Facts about AWS that several components use. */

/** `aws`, `aws-cn` or `aws-us-gov`, from a region name. */
export function partitionOf(region: string): string {
    if (region.startsWith("cn-")) return "aws-cn";
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    return "aws";
}
