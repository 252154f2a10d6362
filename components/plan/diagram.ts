/**
 * Architecture diagram of a plan, drawn only from its recorded resources (types, inputs and
 * regions), so it works for any program run under the mocks, not only for ElasticStack:
 * internet → load balancer → listeners → listener rules → services → tasks in each AZ;
 * bucket → replica in the other region; KMS keys → what they encrypt; alarms → topic → subscribers.
 *
 * Resources are joined the way the mocks name them (ids `${name}-id`, ARNs carrying the logical
 * name; see `refersTo`). IAM, security groups, log groups and other plumbing are left out.
 */
import { createHash } from "crypto";
import { refersTo } from "./cost";

/** What the diagram reads of a recorded resource; `PlanResource` and the plan JSON's resources fit. */
export interface DiagramResource {
    /** Type token, e.g. `aws:lb/loadBalancer:LoadBalancer`. */
    type: string;
    /** Logical name. */
    name: string;
    /** Region the resource is created in. */
    region: string;
    /** Inputs as the provider receives them. */
    inputs: Record<string, any>;
    /** Set on resources derived from a remote component's inputs (`"awsx"`: an awsx Vpc's children). */
    derived?: string;
}

/** What the diagram reads of a plan. */
export interface DiagramPlan {
    resources: readonly DiagramResource[];
}

/** How a node is drawn. */
export type NodeKind =
    | "internet"
    | "loadBalancer"
    | "listener"
    | "rule"
    | "service"
    | "tasks"
    | "bucket"
    | "key"
    | "alarms"
    | "topic"
    | "subscriber"
    | "dashboard";

/** A box of the diagram. */
export interface DiagramNode {
    /** Identifier in the Mermaid and DOT texts (letters, digits and `_`). */
    id: string;
    kind: NodeKind;
    /** Label lines. */
    label: string[];
    /** Id of the group the node sits in; none for nodes outside every region. */
    group?: string;
}

/** A frame around nodes: a region, a VPC, an availability zone (or a subnet when its AZ is unknown). */
export interface DiagramGroup {
    id: string;
    kind: "region" | "vpc" | "az";
    label: string;
    /** Id of the enclosing group. */
    parent?: string;
}

/** An arrow between two nodes. */
export interface DiagramEdge {
    from: string;
    to: string;
    label?: string;
    /** Drawn dashed: a relation (encrypts, logs to) rather than a request path. */
    dashed?: boolean;
}

/** The diagram as data, before it is written as Mermaid or DOT. */
export interface Diagram {
    /** In drawing order. */
    nodes: DiagramNode[];
    /** Parents before children. */
    groups: DiagramGroup[];
    edges: DiagramEdge[];
}

/** The two renderings {@link diagramFromPlan} makes. */
export interface RenderedDiagram {
    /** Mermaid flowchart text (for a README or any Mermaid renderer). */
    mermaid: string;
    /** Standalone SVG document. */
    svg: string;
}

/** How many alarm names an alarms box lists before it counts the rest. */
export const MAX_ALARM_NAMES = 12;

const T = {
    vpcs: ["awsx:ec2:Vpc", "aws:ec2/vpc:Vpc"],
    loadBalancers: ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"],
    listeners: ["aws:lb/listener:Listener", "aws:alb/listener:Listener"],
    rules: ["aws:lb/listenerRule:ListenerRule", "aws:alb/listenerRule:ListenerRule"],
    targetGroups: ["aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"],
    service: "aws:ecs/service:Service",
    taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
    scalingTarget: "aws:appautoscaling/target:Target",
    buckets: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"],
    encryption: [
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    ],
    replication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
    keys: ["aws:kms/key:Key", "aws:kms/replicaKey:ReplicaKey"],
    alarms: ["aws:cloudwatch/metricAlarm:MetricAlarm", "aws:cloudwatch/compositeAlarm:CompositeAlarm"],
    composite: "aws:cloudwatch/compositeAlarm:CompositeAlarm",
    topic: "aws:sns/topic:Topic",
    subscription: "aws:sns/topicSubscription:TopicSubscription",
    dashboard: "aws:cloudwatch/dashboard:Dashboard",
};

/**
 * The diagram of a plan as nodes, groups and edges. Regions are drawn in order of their number
 * of resources, the stack's own first.
 */
export function diagramGraph(plan: DiagramPlan): Diagram {
    return new Builder(plan.resources).build();
}

/** A diagram as a Mermaid flowchart, left to right, regions, VPCs and AZs as subgraphs. */
export function toMermaid(d: Diagram): string {
    const out = ["flowchart LR"];
    const text = (lines: string[]) => `"${lines.map(mermaidText).join("<br/>")}"`;
    const shape = (n: DiagramNode) => {
        const t = text(n.label);
        switch (n.kind) {
            case "internet":
                return `((${t}))`;
            case "bucket":
                return `[(${t})]`;
            case "topic":
                return `[/${t}/]`;
            case "listener":
            case "rule":
                return `([${t}])`;
            default:
                return `[${t}]`;
        }
    };
    const writeGroup = (parent: string | undefined, depth: number) => {
        const pad = "    ".repeat(depth);
        for (const n of d.nodes.filter((x) => x.group === parent)) out.push(`${pad}${n.id}${shape(n)}`);
        for (const g of d.groups.filter((x) => x.parent === parent)) {
            out.push(`${pad}subgraph ${g.id}[${text([g.label])}]`);
            writeGroup(g.id, depth + 1);
            out.push(`${pad}end`);
        }
    };
    writeGroup(undefined, 1);
    for (const e of d.edges) {
        const arrow = e.dashed ? "-.->" : "-->";
        out.push(`    ${e.from} ${arrow}${e.label ? `|${text([e.label])}|` : ""} ${e.to}`);
    }
    const used = new Set(d.nodes.map((n) => n.kind));
    for (const [kind, style] of Object.entries(STYLE)) {
        if (!used.has(kind as NodeKind)) continue;
        out.push(`    classDef ${kind} fill:${style.fill},stroke:${style.stroke},color:#1a1a1a`);
        out.push(
            `    class ${d.nodes
                .filter((n) => n.kind === kind)
                .map((n) => n.id)
                .join(",")} ${kind}`,
        );
    }
    return out.join("\n") + "\n";
}

/** A diagram as Graphviz DOT, left to right, regions, VPCs and AZs as clusters. */
export function toDot(d: Diagram): string {
    const out = [
        "digraph architecture {",
        '    graph [rankdir=LR, fontname="Helvetica,Arial,sans-serif", fontsize=12, nodesep=0.3, ranksep=0.6, newrank=true, ordering=out];',
        '    node [shape=box, style="rounded,filled", fontname="Helvetica,Arial,sans-serif", fontsize=11, margin="0.3,0.08"];',
        '    edge [fontname="Helvetica,Arial,sans-serif", fontsize=9, color="#555555", fontcolor="#333333"];',
    ];
    const node = (n: DiagramNode, pad: string) => {
        const s = STYLE[n.kind];
        const shape = n.kind === "internet" ? ", shape=ellipse" : n.kind === "bucket" ? ", shape=cylinder" : "";
        out.push(`${pad}${n.id} [label="${n.label.map(dotText).join("\\n")}", fillcolor="${s.fill}", color="${s.stroke}"${shape}];`);
    };
    const writeGroup = (parent: string | undefined, depth: number) => {
        const pad = "    ".repeat(depth);
        for (const n of d.nodes.filter((x) => x.group === parent)) node(n, pad);
        for (const g of d.groups.filter((x) => x.parent === parent).reverse()) {
            const s = GROUP_STYLE[g.kind];
            out.push(`${pad}subgraph cluster_${g.id} {`);
            out.push(
                `${pad}    label="${dotText(g.label)}"; labeljust=l; style="${s.style}"; color="${s.color}"; bgcolor="${s.bg}"; fontsize=${s.fontsize};`,
            );
            writeGroup(g.id, depth + 1);
            out.push(`${pad}}`);
        }
    };
    writeGroup(undefined, 1);
    // With rankdir=LR Graphviz lays out top to bottom and turns the drawing, which reverses the
    // order of siblings: clusters and edges go in reversed, so AZ 1 is drawn above AZ 2.
    for (const e of [...d.edges].reverse()) {
        const attrs = [e.label ? `label="${dotText(e.label)}"` : "", e.dashed ? "style=dashed" : ""].filter((a) => a !== "");
        out.push(`    ${e.from} -> ${e.to}${attrs.length > 0 ? ` [${attrs.join(", ")}]` : ""};`);
    }
    out.push("}");
    return out.join("\n") + "\n";
}

/**
 * The architecture diagram of a plan as Mermaid text and as SVG. The SVG is laid out by
 * Graphviz compiled to WebAssembly (`@viz-js/viz`, loaded on the first call), so no browser is
 * needed.
 */
export async function diagramFromPlan(plan: DiagramPlan): Promise<RenderedDiagram> {
    const d = diagramGraph(plan);
    const { instance } = require("@viz-js/viz") as typeof import("@viz-js/viz");
    const viz = await instance();
    const svg = viz.renderString(toDot(d), { format: "svg" });
    return { mermaid: toMermaid(d), svg };
}

const STYLE: Record<NodeKind, { fill: string; stroke: string }> = {
    internet: { fill: "#ffffff", stroke: "#555555" },
    loadBalancer: { fill: "#e8d5f5", stroke: "#8c4fff" },
    listener: { fill: "#f1e6fa", stroke: "#8c4fff" },
    rule: { fill: "#f7f0fc", stroke: "#8c4fff" },
    service: { fill: "#fde3cf", stroke: "#ed7100" },
    tasks: { fill: "#fff1e6", stroke: "#ed7100" },
    bucket: { fill: "#d9f2d9", stroke: "#3f8624" },
    key: { fill: "#fbe0e0", stroke: "#dd344c" },
    alarms: { fill: "#fce4ef", stroke: "#e7157b" },
    topic: { fill: "#fce4ef", stroke: "#e7157b" },
    subscriber: { fill: "#ffffff", stroke: "#999999" },
    dashboard: { fill: "#fce4ef", stroke: "#e7157b" },
};

const GROUP_STYLE: Record<DiagramGroup["kind"], { style: string; color: string; bg: string; fontsize: number }> = {
    region: { style: "rounded", color: "#147eba", bg: "#f4f9fd", fontsize: 13 },
    vpc: { style: "rounded", color: "#248814", bg: "#f6fbf4", fontsize: 12 },
    az: { style: "dashed,rounded", color: "#147eba", bg: "#ffffff", fontsize: 11 },
};

function mermaidText(s: string): string {
    return s.replace(/&/g, "&amp;").replace(/"/g, "#quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function dotText(s: string): string {
    return s.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
}

/** A task placement: an AZ of a VPC in the plan, or a subnet that is not. */
interface Placement {
    key: string;
    label: string;
    vpc?: DiagramResource;
}

class Builder {
    private readonly nodes: DiagramNode[] = [];
    private readonly groups: DiagramGroup[] = [];
    private readonly edges: DiagramEdge[] = [];
    private readonly ids = new Set<string>();
    private readonly nodeOf = new Map<DiagramResource, string>();
    private readonly regionOrder: string[];

    constructor(private readonly resources: readonly DiagramResource[]) {
        const counts = new Map<string, number>();
        for (const r of resources) counts.set(r.region, (counts.get(r.region) ?? 0) + 1);
        // Stable sort: ties keep the order regions first appear in.
        this.regionOrder = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)!);
    }

    build(): Diagram {
        this.loadBalancing();
        this.storage();
        this.alarms();
        this.dashboards();
        // Parents first, regions in their order; a group is listed once it holds something.
        const used = new Set(this.nodes.map((n) => n.group).filter((g): g is string => g !== undefined));
        for (const g of [...this.groups]) {
            if (!used.has(g.id)) continue;
            for (let p = g.parent; p !== undefined; p = this.groups.find((x) => x.id === p)?.parent) used.add(p);
        }
        const kept = this.groups.filter((g) => used.has(g.id));
        const regions = this.regionOrder
            .map((r) => kept.find((g) => g.kind === "region" && g.id === `region_${slug(r)}`))
            .filter((g): g is DiagramGroup => g !== undefined);
        return { nodes: this.nodes, groups: [...regions, ...kept.filter((g) => g.kind !== "region")], edges: this.edges };
    }

    // --- request path ------------------------------------------------------------------------

    private loadBalancing(): void {
        const vpcs = this.of(T.vpcs);
        const listeners = this.of(T.listeners);
        const rules = this.of(T.rules);
        const targetGroups = this.of(T.targetGroups);
        const services = this.of([T.service]);
        const serviceNodes = new Map<DiagramResource, string>();

        for (const svc of services) {
            const group = this.vpcGroupOf(svc.inputs.networkConfiguration?.subnets, vpcs, svc.region);
            const id = this.node("service", svc, this.serviceLabel(svc), group);
            serviceNodes.set(svc, id);
            for (const place of this.placements(svc.inputs.networkConfiguration?.subnets, vpcs)) {
                const az = this.group(
                    "az",
                    `${place.vpc ? `${place.vpc.name}_` : ""}${place.key}`,
                    place.label,
                    place.vpc ? this.vpcGroup(place.vpc) : this.regionGroup(svc.region),
                );
                const tasks = this.node("tasks", undefined, [`tasks of ${svc.name}`], az, `${svc.name}_${place.key}`);
                this.edges.push({ from: id, to: tasks });
            }
        }
        const servicesOf = (targetGroupArn: unknown): string[] => {
            const tg = targetGroups.find((t) => refersTo(targetGroupArn, [t.name]));
            if (!tg) return [];
            return services
                .filter((s) => (s.inputs.loadBalancers ?? []).some((lb: any) => refersTo(lb?.targetGroupArn, [tg.name])))
                .map((s) => serviceNodes.get(s)!);
        };
        const forwards = (actions: unknown): string[] =>
            (Array.isArray(actions) ? actions : []).flatMap((a: any) => [
                ...servicesOf(a?.targetGroupArn),
                ...(Array.isArray(a?.forward?.targetGroups) ? a.forward.targetGroups.flatMap((t: any) => servicesOf(t?.arn)) : []),
            ]);

        let internet: string | undefined;
        for (const lb of this.of(T.loadBalancers)) {
            const type = lb.inputs.loadBalancerType ?? "application";
            const internal = lb.inputs.internal === true;
            const group = this.vpcGroupOf(lb.inputs.subnets, vpcs, lb.region);
            const kind = type === "application" ? "ALB" : type === "network" ? "NLB" : "GWLB";
            const lbId = this.node("loadBalancer", lb, [`${kind} ${lb.name}`, internal ? "internal" : "internet-facing"], group);
            if (!internal) {
                internet ??= this.node("internet", undefined, ["Internet"], undefined, "internet");
                this.edges.push({ from: internet, to: lbId });
            }
            const logBucket = lb.inputs.accessLogs?.enabled !== false ? lb.inputs.accessLogs?.bucket : undefined;
            if (logBucket !== undefined) this.pendingLogs.push({ from: lbId, bucket: logBucket });

            for (const listener of listeners.filter((l) => refersTo(l.inputs.loadBalancerArn, [lb.name]))) {
                const lId = this.node("listener", listener, this.listenerLabel(listener), group);
                this.edges.push({ from: lbId, to: lId });
                for (const to of forwards(listener.inputs.defaultActions)) this.edges.push({ from: lId, to, label: "default" });
                for (const rule of rules.filter((r) => this.listenerOf(r.inputs.listenerArn, listeners) === listener)) {
                    const rId = this.node("rule", rule, this.ruleLabel(rule), group);
                    this.edges.push({ from: lId, to: rId });
                    for (const to of forwards(rule.inputs.actions)) this.edges.push({ from: rId, to });
                }
            }
        }
    }

    /**
     * The listener an ARN names. A listener's ARN ends in an id, not its name: the mocks derive
     * that id from the name (first 16 hex digits of its SHA-256), so it is matched that way, then
     * by name, then as the one listener with a forward action on the load balancer the ARN names.
     */
    private listenerOf(arn: unknown, listeners: readonly DiagramResource[]): DiagramResource | undefined {
        if (typeof arn !== "string") return undefined;
        const id = arn.split("/").pop();
        const byId = listeners.find((l) => hashId(l.name) === id) ?? listeners.find((l) => refersTo(arn, [l.name]));
        if (byId) return byId;
        const lbName = /:listener\/(?:app|net|gwy)\/([^/]+)\//.exec(arn)?.[1];
        const onLb = listeners.filter(
            (l) =>
                lbName !== undefined &&
                refersTo(l.inputs.loadBalancerArn, [lbName]) &&
                !(l.inputs.defaultActions ?? []).every((a: any) => a?.type === "redirect"),
        );
        return onLb.length === 1 ? onLb[0] : undefined;
    }

    private serviceLabel(svc: DiagramResource): string[] {
        const label = [`ECS service ${svc.name}`];
        const scaling = this.of([T.scalingTarget]).find((t) => refersTo(t.inputs.resourceId, [svc.name, svc.inputs.name]));
        if (scaling && typeof scaling.inputs.minCapacity === "number" && typeof scaling.inputs.maxCapacity === "number") {
            label.push(
                scaling.inputs.minCapacity === scaling.inputs.maxCapacity
                    ? `${scaling.inputs.minCapacity} tasks`
                    : `${scaling.inputs.minCapacity}–${scaling.inputs.maxCapacity} tasks, autoscaled`,
            );
        } else if (typeof svc.inputs.desiredCount === "number") {
            label.push(`${svc.inputs.desiredCount} ${svc.inputs.desiredCount === 1 ? "task" : "tasks"}`);
        }
        const td = this.of([T.taskDefinition]).find((t) => refersTo(svc.inputs.taskDefinition, [t.name, t.inputs.family]));
        const spot = (svc.inputs.capacityProviderStrategies ?? []).some((s: any) => s?.capacityProvider === "FARGATE_SPOT");
        if (td && td.inputs.cpu !== undefined && td.inputs.memory !== undefined) {
            const vcpu = Number(td.inputs.cpu) / 1024;
            const gb = Number(td.inputs.memory) / 1024;
            label.push(`${vcpu} vCPU, ${gb} GB${spot ? ", Fargate Spot" : ""}`);
        } else if (spot) {
            label.push("Fargate Spot");
        }
        return label;
    }

    private listenerLabel(l: DiagramResource): string[] {
        const label = [`${l.inputs.protocol ?? "HTTP"} :${l.inputs.port ?? 80}`];
        for (const a of Array.isArray(l.inputs.defaultActions) ? l.inputs.defaultActions : []) {
            if (a?.type === "redirect" && a.redirect) {
                label.push(`redirects to ${a.redirect.protocol ?? "HTTPS"} :${a.redirect.port ?? 443}`);
            } else if (a?.type === "fixed-response" && a.fixedResponse) {
                label.push(`default: ${a.fixedResponse.statusCode}`);
            }
        }
        return label;
    }

    private ruleLabel(r: DiagramResource): string[] {
        const label = [`rule ${r.inputs.priority ?? ""}`.trim()];
        for (const c of Array.isArray(r.inputs.conditions) ? r.inputs.conditions : []) {
            if (Array.isArray(c?.pathPattern?.values)) label.push(`path ${c.pathPattern.values.join(", ")}`);
            if (Array.isArray(c?.hostHeader?.values)) label.push(`host ${c.hostHeader.values.join(", ")}`);
        }
        return label;
    }

    /** Where a service's tasks run: one placement per AZ (subnet) it is given. */
    private placements(subnets: unknown, vpcs: readonly DiagramResource[]): Placement[] {
        const seen = new Map<string, Placement>();
        for (const subnet of Array.isArray(subnets) ? subnets : []) {
            if (typeof subnet !== "string") continue;
            const az = this.azOf(subnet, vpcs);
            const place: Placement = az ?? { key: subnet, label: `subnet ${subnet}` };
            if (!seen.has(place.key)) seen.set(place.key, place);
        }
        return [...seen.values()];
    }

    /** The AZ of a subnet of an awsx VPC in the plan, from the subnet id the mocks give it (`<vpc>-private-<i>-id`). */
    private azOf(subnet: string, vpcs: readonly DiagramResource[]): Placement | undefined {
        const m = /^(.+)-(?:public|private|isolated)-(\d+)-id$/.exec(subnet);
        const vpc = m ? vpcs.find((v) => v.name === m[1]) : undefined;
        if (!m || !vpc) return undefined;
        const i = Number(m[2]);
        const names = vpc.inputs.availabilityZoneNames;
        const label = Array.isArray(names) && typeof names[i - 1] === "string" ? `AZ ${names[i - 1]}` : `AZ ${i}`;
        return { key: `az${i}`, label, vpc };
    }

    private vpcGroupOf(subnets: unknown, vpcs: readonly DiagramResource[], region: string): string {
        for (const s of Array.isArray(subnets) ? subnets : []) {
            const az = typeof s === "string" ? this.azOf(s, vpcs) : undefined;
            if (az?.vpc) return this.vpcGroup(az.vpc);
        }
        return this.regionGroup(region);
    }

    private vpcGroup(vpc: DiagramResource): string {
        const cidr = typeof vpc.inputs.cidrBlock === "string" ? ` ${vpc.inputs.cidrBlock}` : "";
        return this.group("vpc", vpc.name, `VPC ${vpc.name}${cidr}`, this.regionGroup(vpc.region));
    }

    // --- storage -----------------------------------------------------------------------------

    private readonly pendingLogs: { from: string; bucket: unknown }[] = [];

    private storage(): void {
        const buckets = this.of(T.buckets);
        const bucketNode = (ref: unknown) => {
            const b = buckets.find((x) => refersTo(ref, [x.name, x.inputs.bucket]));
            return b ? this.nodeOf.get(b) : undefined;
        };
        for (const b of buckets) this.node("bucket", b, [`S3 ${b.name}`], this.regionGroup(b.region));
        for (const { from, bucket } of this.pendingLogs) {
            const to = bucketNode(bucket);
            if (to) this.edges.push({ from, to, label: "access logs", dashed: true });
        }
        for (const rep of this.of([T.replication])) {
            const from = bucketNode(rep.inputs.bucket);
            if (!from) continue;
            for (const rule of Array.isArray(rep.inputs.rules) ? rep.inputs.rules : []) {
                const to = bucketNode(rule?.destination?.bucket);
                if (!to || rule?.status === "Disabled") continue;
                const rtc =
                    rule.destination.replicationTime?.status === "Enabled"
                        ? `, RTC ${rule.destination.replicationTime.time?.minutes ?? 15} min`
                        : "";
                this.edges.push({ from, to, label: `replicates${rtc}` });
            }
        }

        const keys = this.of(T.keys);
        if (keys.length === 0) return;
        const keyNode = (ref: unknown) => {
            const k = keys.find((x) => refersTo(ref, [x.name]));
            if (!k) return undefined;
            return this.nodeOf.get(k) ?? this.node("key", k, [`KMS key ${k.name}`], this.regionGroup(k.region));
        };
        for (const enc of this.of(T.encryption)) {
            const to = bucketNode(enc.inputs.bucket);
            for (const rule of Array.isArray(enc.inputs.rules) ? enc.inputs.rules : []) {
                const from = keyNode(rule?.applyServerSideEncryptionByDefault?.kmsMasterKeyId);
                if (from && to) this.edges.push({ from, to, label: "encrypts", dashed: true });
            }
        }
        for (const topic of this.of([T.topic])) {
            const from = keyNode(topic.inputs.kmsMasterKeyId);
            const to = from ? this.topicNode(topic) : undefined;
            if (from && to) this.edges.push({ from, to, label: "encrypts", dashed: true });
        }
    }

    // --- monitoring --------------------------------------------------------------------------

    private topicNode(topic: DiagramResource): string {
        return this.nodeOf.get(topic) ?? this.node("topic", topic, [`SNS topic ${topic.name}`], this.regionGroup(topic.region));
    }

    private alarms(): void {
        const topics = this.of([T.topic]);
        // One box per region and set of topics notified: a stack has many alarms and few topics.
        const boxes = new Map<string, { region: string; topics: DiagramResource[]; alarms: DiagramResource[] }>();
        for (const a of this.of(T.alarms)) {
            const actions = [...(a.inputs.alarmActions ?? []), ...(a.inputs.okActions ?? [])];
            const notified = topics.filter((t) => actions.some((x: unknown) => refersTo(x, [t.name])));
            const key = `${a.region} ${notified.map((t) => t.name).join(" ")}`;
            const box = boxes.get(key) ?? { region: a.region, topics: notified, alarms: [] };
            box.alarms.push(a);
            boxes.set(key, box);
        }
        for (const box of boxes.values()) {
            const composite = box.alarms.filter((a) => a.type === T.composite).length;
            const metric = box.alarms.length - composite;
            const counts = [
                metric > 0 ? `${metric} ${metric === 1 ? "alarm" : "alarms"}` : "",
                composite > 0 ? `${composite} composite` : "",
            ]
                .filter((s) => s !== "")
                .join(", ");
            // The names AWS shows (they carry the stack), not the logical ones.
            const names = box.alarms.slice(0, MAX_ALARM_NAMES).map((a) => physicalName(a.inputs.name ?? a.inputs.alarmName, a.name));
            if (box.alarms.length > MAX_ALARM_NAMES) names.push(`… ${box.alarms.length - MAX_ALARM_NAMES} more`);
            const key = `${box.region}_${box.topics.map((t) => t.name).join("_") || "none"}`;
            const id = this.node("alarms", undefined, [`CloudWatch ${counts}`, ...names], this.regionGroup(box.region), key);
            for (const t of box.topics) this.edges.push({ from: id, to: this.topicNode(t), label: "notify" });
        }
        for (const t of topics) this.topicNode(t);
        for (const s of this.of([T.subscription])) {
            const topic = topics.find((t) => refersTo(s.inputs.topic, [t.name]));
            if (!topic) continue;
            const endpoint = typeof s.inputs.endpoint === "string" && !s.inputs.endpoint.startsWith("arn:") ? s.inputs.endpoint : s.name;
            const id = this.node("subscriber", s, [`${s.inputs.protocol ?? "subscription"} ${endpoint}`], undefined);
            this.edges.push({ from: this.topicNode(topic), to: id });
        }
    }

    private dashboards(): void {
        for (const d of this.of([T.dashboard])) {
            this.node("dashboard", d, [`Dashboard ${d.inputs.dashboardName ?? d.name}`], this.regionGroup(d.region));
        }
    }

    // --- helpers -----------------------------------------------------------------------------

    private of(types: readonly string[]): DiagramResource[] {
        const found = this.resources.filter((r) => types.includes(r.type));
        // A derived record named like a registered one of the same kind is that one (awsx's inner VPC is the awsx Vpc).
        const registered = new Set(found.filter((r) => r.derived === undefined).map((r) => r.name));
        return found.filter((r) => r.derived === undefined || !registered.has(r.name));
    }

    private regionGroup(region: string): string {
        return this.group("region", region, `Region ${region}`, undefined);
    }

    private group(kind: DiagramGroup["kind"], key: string, label: string, parent: string | undefined): string {
        const id = `${kind}_${slug(`${parent ? `${parent}_` : ""}${key}`)}`;
        if (!this.groups.some((g) => g.id === id)) this.groups.push({ id, kind, label, parent });
        return id;
    }

    private node(kind: NodeKind, r: DiagramResource | undefined, label: string[], group: string | undefined, key?: string): string {
        const base = `${kind}_${slug(key ?? r?.name ?? kind)}`;
        let id = base;
        for (let i = 2; this.ids.has(id); i++) id = `${base}_${i}`;
        this.ids.add(id);
        this.nodes.push(group === undefined ? { id, kind, label } : { id, kind, label, group });
        if (r) this.nodeOf.set(r, id);
        return id;
    }
}

function hashId(name: string): string {
    return createHash("sha256").update(name).digest("hex").slice(0, 16);
}

function slug(s: string): string {
    return s.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_|_$/g, "");
}

/** The name a resource has in AWS when its inputs set one, else its logical name. */
function physicalName(value: unknown, logical: string): string {
    return typeof value === "string" && value !== "" ? value : logical;
}
