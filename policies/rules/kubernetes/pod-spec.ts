/**
 * Finding pod specs and containers in the Kubernetes provider's JSON, where
 * every nested block is an array holding one object.
 */
import { StackModel, TfResource } from "../../model";
import { block, blocks } from "../helpers";

/** Workload resource types, by where their pod template lives. */
export const POD_TYPES: readonly string[] = ["kubernetes_pod", "kubernetes_pod_v1"];
const TEMPLATED_TYPES: readonly string[] = [
  "kubernetes_deployment",
  "kubernetes_deployment_v1",
  "kubernetes_stateful_set",
  "kubernetes_stateful_set_v1",
  "kubernetes_daemonset",
  "kubernetes_daemon_set_v1",
  "kubernetes_job",
  "kubernetes_job_v1",
];
const CRON_TYPES: readonly string[] = ["kubernetes_cron_job", "kubernetes_cron_job_v1"];

/** Every resource type that runs containers. */
export const WORKLOAD_TYPES: readonly string[] = [...POD_TYPES, ...TEMPLATED_TYPES, ...CRON_TYPES];

/** The pod spec of a workload, or undefined when the resource has none. */
export function podSpecOf(resource: TfResource): Record<string, unknown> | undefined {
  const spec = block(resource.attributes.spec);
  if (POD_TYPES.includes(resource.type)) return spec;
  if (CRON_TYPES.includes(resource.type)) return templateSpec(block(block(spec?.job_template)?.spec));
  return templateSpec(spec);
}

/** A container of a pod spec, with where it sits for messages. */
export interface Container {
  readonly label: string;
  readonly body: Record<string, unknown>;
}

/** Containers and init containers of a pod spec. */
export function containersOf(podSpec: Record<string, unknown>): Container[] {
  const label = (kind: string, c: Record<string, unknown>, i: number) => `${kind} ${typeof c.name === "string" ? `"${c.name}"` : `#${i + 1}`}`;
  return [
    ...blocks(podSpec.init_container).map((c, i) => ({ label: label("init container", c, i), body: c })),
    ...blocks(podSpec.container).map((c, i) => ({ label: label("container", c, i), body: c })),
  ];
}

/** A container's security context (or the pod's), as an object. */
export function securityContext(owner: Record<string, unknown>): Record<string, unknown> {
  return block(owner.security_context) ?? {};
}

/** The namespace a Kubernetes resource declares in metadata. */
export function namespaceOf(resource: TfResource): unknown {
  return block(resource.attributes.metadata)?.namespace;
}

/**
 * Resources of `types` placed in `namespace` (by literal name or a reference to it),
 * through a per-stack index built on first use.
 */
export function inNamespace(stack: StackModel, namespace: TfResource, types: readonly string[]): TfResource[] {
  const name = block(namespace.attributes.metadata)?.name;
  const byName = typeof name === "string" ? literalIndex(stack, types).get(name) ?? [] : [];
  const byReference = types.flatMap((t) => stack.referrersOf(namespace, t)).filter((r) => stack.refersTo(namespaceOf(r), namespace));
  return [...new Set([...byName, ...byReference])];
}

function templateSpec(spec: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  return block(block(spec?.template)?.spec);
}

const literalIndexes = new WeakMap<StackModel, Map<string, Map<string, TfResource[]>>>();

function literalIndex(stack: StackModel, types: readonly string[]): Map<string, TfResource[]> {
  const key = types.join(",");
  let perStack = literalIndexes.get(stack);
  if (!perStack) literalIndexes.set(stack, (perStack = new Map()));
  let index = perStack.get(key);
  if (!index) {
    index = new Map();
    for (const resource of types.flatMap((t) => stack.resourcesOfType(t))) {
      const ns = namespaceOf(resource);
      if (typeof ns === "string") {
        const list = index.get(ns);
        if (list) list.push(resource);
        else index.set(ns, [resource]);
      }
    }
    perStack.set(key, index);
  }
  return index;
}
