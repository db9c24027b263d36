/**
 * Resolution of an environment's Kubernetes side: its cluster and namespace,
 * and its services sized from the tier. Every problem is reported with the
 * environment and the field (`services[1].image`); nothing here reads cdktf.
 */
import type { z } from "zod/v3";
import type { TierProfile } from "../core/profile";
import type { clusterSchema, kubernetesSchema, serviceSchema } from "./schema";
import { FLAVOUR } from "../core/flavour";

/** A cluster, as written in a spec. */
export type ClusterSpec = z.input<typeof clusterSchema>;
/** The Kubernetes part of a spec. */
export type KubernetesSpec = z.input<typeof kubernetesSchema>;
/** One service of a spec. */
export type ServiceSpec = z.input<typeof serviceSchema>;

/** What resolution needs to know of a service template. */
export interface TemplateRequirements {
  /** The template serves traffic, so a service of it needs a `port`. */
  readonly needsPort: boolean;
}

/** The built-in templates' requirements (the templates themselves are constructs). */
export const BUILT_IN_TEMPLATE_REQUIREMENTS: ReadonlyMap<string, TemplateRequirements> = new Map([
  ["web", { needsPort: true }],
  ["worker", { needsPort: false }],
]);

/** A service, sized. */
export interface ResolvedService {
  readonly name: string;
  readonly template: string;
  readonly image: string;
  readonly port?: number;
  /** HTTP probe path (web templates). */
  readonly healthPath: string;
  /** Exec probe command (worker templates). */
  readonly healthCommand: readonly string[];
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Request per container; the limit is twice this. */
  readonly cpuMillicores: number;
  /** Request and limit per container. */
  readonly memoryMiB: number;
}

/** The environment's namespace on its cluster. */
export interface ResolvedKubernetes {
  readonly cluster: ClusterSpec;
  /** Identifies the cluster: two environments on the same cluster need different namespaces. */
  readonly clusterKey: string;
  readonly namespace: string;
  readonly deployerGroup: string;
  readonly services: readonly ResolvedService[];
}

type Report = (field: string, message: string) => void;

/** Credentials in an image reference: `user:password@registry/...`, or a URL with them. */
const IMAGE_CREDENTIALS = /^(?:[a-z][a-z0-9+.-]*:\/\/)?[^/@\s]+:[^/@\s]*@[^/]*[./]/i;
/** A repository path component, as the image reference grammar has it: lowercase letters and digits, joined by `.`, `_`, `__` or dashes. */
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
/** A registry host (letters of either case, digits, dashes, dots) with an optional port. */
const REGISTRY = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::\d{1,5})?$/;

/**
 * `image` as the image reference grammar has it (`[registry/]path[:tag][@sha256:digest]`),
 * pinned by a tag other than `latest` or by a digest; otherwise what is wrong
 * with it. A reference that carries credentials is refused, and the caller
 * does not repeat it.
 */
export function imageProblem(image: string): string | undefined {
  if (IMAGE_CREDENTIALS.test(image)) return "carries credentials (user:password@...), which would sit in the state and the cluster in plain sight; name the image without them (the value is not shown) and give the cluster an image pull secret";
  if (/\s/.test(image)) return "must not contain spaces";
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(image)) return "is a URL: name it registry/repository:tag, without a scheme";
  const at = image.indexOf("@");
  const [reference, digest] = at < 0 ? [image, undefined] : [image.slice(0, at), image.slice(at + 1)];
  if (digest !== undefined && !/^sha256:[a-f0-9]{64}$/.test(digest)) return "has a digest that is not sha256:<64 hex digits>";
  const slash = reference.indexOf("/");
  const first = slash < 0 ? "" : reference.slice(0, slash);
  const hasRegistry = slash >= 0 && (first.includes(".") || first.includes(":") || first === "localhost");
  const path = hasRegistry ? reference.slice(slash + 1) : reference;
  if (hasRegistry && !REGISTRY.test(first)) return `has the registry "${first}", which is not a host name with an optional port`;
  const lastSegment = path.slice(path.lastIndexOf("/") + 1);
  const colon = lastSegment.indexOf(":");
  const repository = colon < 0 ? path : path.slice(0, path.length - lastSegment.length + colon);
  const bad = repository.split("/").find((component) => !PATH_COMPONENT.test(component));
  if (bad !== undefined) return `has the repository part "${bad}", which is not valid: repository names are lowercase letters and digits, joined by ".", "_" or "-"`;
  if (digest !== undefined && colon < 0) return undefined;
  if (colon < 0) return "has no tag: pin a version (repo/name:1.4.2) or a digest (repo/name@sha256:...), so that every deploy runs the same code";
  const tag = lastSegment.slice(colon + 1);
  if (tag === "latest" && digest === undefined) return 'uses the tag "latest", which moves: pin a version (repo/name:1.4.2) or a digest';
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) return `has the tag "${tag}", which is not a valid image tag`;
  return undefined;
}

/** Namespaces of the cluster itself: an environment never takes one (nor any `kube-*`). */
const SYSTEM_NAMESPACES = new Set(["default", "kube-system", "kube-public", "kube-node-lease"]);

/** The cluster's identity: its kind and where it is. */
export function clusterKeyOf(cluster: ClusterSpec, region: string): string {
  return cluster.type === "eks" ? `eks ${cluster.region ?? region}/${cluster.name}` : `kubeconfig ${cluster.path ?? "~/.kube/config"}#${cluster.context}`;
}

/**
 * The Kubernetes side of environment `name` in `tier`, or undefined when the
 * spec has none. Services without a cluster, unknown templates, bad images and
 * ports, duplicate names, replica ranges outside the tier, and requests that
 * do not fit the namespace quota at the top of every service's range are
 * reported.
 */
export function resolveKubernetes(
  name: string,
  organization: string,
  region: string,
  kubernetes: KubernetesSpec | undefined,
  services: readonly ServiceSpec[] | undefined,
  profile: TierProfile,
  templates: ReadonlyMap<string, TemplateRequirements>,
  report: Report,
): ResolvedKubernetes | undefined {
  if (!kubernetes) {
    if (services && services.length > 0) report("services", "lists services, but the environment has no kubernetes cluster; add kubernetes: { cluster: ... } or remove the services");
    return undefined;
  }
  if (FLAVOUR.kubernetesUnsupported) report("kubernetes", FLAVOUR.kubernetesUnsupported);
  const { sizing } = profile;
  const seen = new Map<string, number>();
  const resolved: ResolvedService[] = [];
  (services ?? []).forEach((service, i) => {
    const at = (field: string) => `services[${i}]${field ? `.${field}` : ""} (${service.name})`;
    if (seen.has(service.name)) report(at("name"), `duplicates services[${seen.get(service.name)}]; service names must be unique in the environment`);
    else seen.set(service.name, i);
    const template = templates.get(service.template);
    if (!template) report(at("template"), `"${service.template}" is not a service template; known: ${[...templates.keys()].join(", ")} (register your own with createEnvironmentApp's serviceTemplates)`);
    const imageIssue = imageProblem(service.image);
    // A reference with credentials is never repeated in a message.
    if (imageIssue) report(at("image"), imageIssue.startsWith("carries credentials") ? imageIssue : `${service.image} ${imageIssue}`);
    if (service.port !== undefined && !(Number.isInteger(service.port) && service.port >= 1 && service.port <= 65535)) report(at("port"), `${service.port} is not a port: use a whole number from 1 to 65535`);
    if (template?.needsPort && service.port === undefined) report(at("port"), `is required: template "${service.template}" serves traffic on a port from 1 to 65535`);
    const overrides = service.overrides ?? {};
    const minReplicas = overrides.minReplicas ?? sizing.minReplicas;
    const maxReplicas = overrides.maxReplicas ?? sizing.maxReplicas;
    if (minReplicas < sizing.minReplicas) report(at("overrides.minReplicas"), `${minReplicas} is below tier ${profile.tier}'s ${sizing.minReplicas}: the tier keeps at least ${sizing.minReplicas} replica(s) of every service`);
    if (maxReplicas > sizing.maxReplicas) report(at("overrides.maxReplicas"), `${maxReplicas} is above tier ${profile.tier}'s ${sizing.maxReplicas}`);
    if (minReplicas > maxReplicas) report(at("overrides.minReplicas"), `${minReplicas} is above maxReplicas ${maxReplicas}`);
    resolved.push({
      name: service.name,
      template: service.template,
      image: service.image,
      ...(service.port !== undefined ? { port: service.port } : {}),
      healthPath: service.healthPath ?? "/healthz",
      healthCommand: service.healthCommand ?? ["/bin/sh", "-c", "kill -0 1"],
      minReplicas,
      maxReplicas,
      cpuMillicores: overrides.cpuMillicores ?? sizing.k8sContainerCpuMillicores,
      memoryMiB: overrides.memoryMiB ?? sizing.k8sContainerMemoryMiB,
    });
  });
  const namespace = kubernetes.namespace ?? name;
  if (SYSTEM_NAMESPACES.has(namespace) || namespace.startsWith("kube-")) {
    report(kubernetes.namespace === undefined ? "name" : "kubernetes.namespace", `namespace "${namespace}" belongs to the cluster itself (default, and kube-*): an environment's namespace is its own, which its quota, policies and deployer role govern; name another with kubernetes.namespace`);
  }
  const cpu = resolved.reduce((n, s) => n + s.maxReplicas * s.cpuMillicores, 0);
  const memory = resolved.reduce((n, s) => n + s.maxReplicas * s.memoryMiB, 0);
  const detail = (unit: string, per: (s: ResolvedService) => number) => resolved.map((s) => `${s.name} ${s.maxReplicas}×${per(s)}${unit}`).join(", ");
  if (cpu > sizing.k8sCpuRequestsMillicores) {
    report("services", `request ${cpu}m CPU at their most replicas (${detail("m", (s) => s.cpuMillicores)}), above the namespace quota of ${sizing.k8sCpuRequestsMillicores}m in tier ${profile.tier}; lower a service's overrides.maxReplicas or overrides.cpuMillicores`);
  }
  if (memory > sizing.k8sMemoryRequestsMiB) {
    report("services", `request ${memory} MiB of memory at their most replicas (${detail(" MiB", (s) => s.memoryMiB)}), above the namespace quota of ${sizing.k8sMemoryRequestsMiB} MiB in tier ${profile.tier}; lower a service's overrides.maxReplicas or overrides.memoryMiB`);
  }
  return {
    cluster: { ...kubernetes.cluster },
    clusterKey: clusterKeyOf(kubernetes.cluster, region),
    namespace,
    deployerGroup: kubernetes.deployerGroup ?? `${organization}:${name}:deployers`,
    services: resolved,
  };
}
