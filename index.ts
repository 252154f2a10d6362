import * as pulumi from "@pulumi/pulumi";
import { ElasticStack } from "./components/stack/elastic-stack";
import { resolveStackConfig } from "./components/stack/config";
import { parseConfigMap } from "./components/stack/config-map";

/**
 * The Pulumi program: reads this stack's config (the only place that does), merges it over
 * the environment's profile, builds the stack and returns its outputs.
 * Exported as a function so Pulumi, the offline preview and the tests can each run it afresh.
 */
export = function main() {
    const config = resolveStackConfig(parseConfigMap(pulumi.runtime.allConfig()), pulumi.getStack());
    const stack = new ElasticStack(config.name, config);
    const services = Object.entries(stack.services);
    return {
        url: stack.url,
        albDnsName: stack.dnsName,
        vpcId: stack.vpcId,
        clusterName: stack.cluster.name,
        serviceNames: pulumi.output(Object.fromEntries(services.map(([key, s]) => [key, s.serviceName]))),
        bucketName: stack.bucket?.bucketName,
        bucketArn: stack.bucket?.bucketArn,
        replicaBucketName: stack.bucket?.replicaBucketName,
        replicaBucketArn: stack.bucket?.replicaBucketArn,
        replicaRegion: stack.bucket?.replicaRegion,
        alarmTopicArn: stack.alarms.topicArn,
        dashboardUrl: stack.alarms.dashboardUrl,
    };
};
