/**
 * The region of the AWS provider a component runs with, and the rule that a component's `region`
 * argument may only repeat it. A component that takes `region` uses it for what the provider does
 * not do by itself: key and topic policies scoped to the region, the partition of ARNs, and
 * whether a second region is involved at all. A `region` that contradicts the provider writes
 * policies for a region the resources are not in, so it is refused.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, Problems, show } from "./validate";

/** What is known of the AWS provider a component runs with before anything is registered. */
export interface ProviderRegion {
    /**
     * The default provider's region: `aws:region`, else `AWS_REGION` / `AWS_DEFAULT_REGION`;
     * undefined when none is set, or when the component runs with an explicit provider.
     */
    region?: string;
    /**
     * The explicit AWS provider the component runs with (its `provider` or `providers` option, or one
     * its parent passes down); undefined for the default provider.
     */
    provider?: pulumi.ProviderResource;
}

/** The AWS provider among `providers` (a list, or a map keyed by package name), if any. */
function awsProviderIn(providers: pulumi.ComponentResourceOptions["providers"]): pulumi.ProviderResource | undefined {
    if (providers === undefined) return undefined;
    if (Array.isArray(providers)) return providers.find((p) => aws.Provider.isInstance(p));
    const p = (providers as Record<string, pulumi.ProviderResource>).aws;
    return p !== undefined && aws.Provider.isInstance(p) ? p : undefined;
}

/**
 * The provider a component created with `opts` runs its AWS children with, found the way Pulumi
 * finds it (`provider`, then `providers`, then the parent's), and the region of the default
 * provider when none is explicit. Call it before `super()`: it reads only `opts`.
 *
 * The default provider's region comes from `aws.config.region`, @pulumi/aws's own reading of its
 * `aws:region` config (with the environment variables its provider also honours). That is not the
 * component reading configuration of its own: it asks the provider package what the provider it
 * will use is configured with, the one fact the component must agree with. An explicit
 * `aws.Provider` says its region only as an Output, known once the provider is registered, so for
 * one `region` stays required and is checked at deployment ({@link regionAgreement}).
 */
export function providerRegionOf(opts: pulumi.ComponentResourceOptions | undefined): ProviderRegion {
    const o = opts ?? {};
    // For a component, `provider` is shorthand for `providers: [provider]` (Pulumi's resource options).
    const own = o.provider !== undefined && aws.Provider.isInstance(o.provider) ? o.provider : undefined;
    const provider = own ?? awsProviderIn(o.providers) ?? o.parent?.getProvider("aws::");
    if (provider !== undefined) return { provider };
    const region = aws.config.region;
    return typeof region === "string" && region !== "" ? { region } : {};
}

/**
 * The sentence refusing a `region` that is not the provider's. The way out differs: `region` may be
 * left out for the default provider, but not for an explicit one, whose region is known only at deployment.
 */
export function regionContradiction(where: string, given: string, actual: string, explicit = false): string {
    const fix = explicit ? `pass region ${show(actual)}` : "leave region out";
    return `${where}: \`region\` (${show(given)}) contradicts the region of the provider the component runs with (${show(actual)}); ${fix} or pass a provider for ${given}.`;
}

/**
 * Checks `region` against the provider's and returns the region the component works in, or
 * undefined when a problem was recorded in `p`. A `region` left out is the provider's; one that
 * differs is refused; with an explicit provider, or a default provider without a region, `region`
 * is required and `missing` says how to give it. `check` validates a given value's form.
 */
export function regionOfProvider(
    p: Problems,
    given: unknown,
    provider: ProviderRegion,
    check: (value: unknown) => boolean,
    missing: string,
): string | undefined {
    if (given === undefined) {
        if (provider.region !== undefined) return provider.region;
        p.missing("region", missing);
        return undefined;
    }
    if (!check(given) || typeof given !== "string") return undefined;
    if (provider.region !== undefined && given !== provider.region) {
        p.list.push(regionContradiction(p.where, given, provider.region));
        return undefined;
    }
    return given;
}

/**
 * For a component on an explicit provider: a function that makes a value wait for the provider's
 * actual region (`aws.getRegion` through the component's provider) and fail with the
 * {@link regionContradiction} message when it is not `region`. Pass the inputs that depend on the
 * region through it, so a contradiction stops the deployment before a policy for the wrong region
 * is written. Without an explicit provider the region was checked before registration and values
 * pass unchanged.
 */
export function regionAgreement(
    where: string,
    region: string,
    provider: ProviderRegion,
    component: pulumi.Resource,
): <T>(value: pulumi.Output<T>) => pulumi.Output<T> {
    if (provider.provider === undefined) return (value) => value;
    const actual = aws.getRegionOutput({}, { parent: component }).region;
    return <T>(value: pulumi.Output<T>) =>
        pulumi.all([value, actual]).apply(([v, a]) => {
            if (a !== region) throw new ConfigError([regionContradiction(where, region, a, true)]);
            return v;
        }) as unknown as pulumi.Output<T>;
}
