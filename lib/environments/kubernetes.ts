/**
 * Resolution of an environment's Kubernetes side: its cluster and namespace,
 * and its services sized from the tier. Every problem is reported with the
 * environment and the field (`services[1].image`); nothing here reads cdktf.
 */
import type { z } from "zod/v3";
import type { TierProfile } from "../core/profile";
import type { clusterSchema, kubernetesSchema, serviceSchema } from "./schema";

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

/** `image` with a pinned tag (not `latest`) or a digest; otherwise what is wrong with it. */
export function imageProblem(image: string): string | undefined {
  if (/\s/.test(image)) return "must not contain spaces";
  const [reference, digest] = image.split("@");
  if (digest !== undefined) return /^sha256:[a-f0-9]{64}$/.test(digest) ? undefined : "has a digest that is not sha256:<64 hex digits>";
  const lastSegment = reference.slice(reference.lastIndexOf("/") + 1);
  const colon = lastSegment.indexOf(":");
  if (colon < 0) return "has no tag: pin a version (repo/name:1.4.2) or a digest (repo/name@sha256:...), so that every deploy runs the same code";
  const tag = lastSegment.slice(colon + 1);
  if (tag === "latest") return 'uses the tag "latest", which moves: pin a version (repo/name:1.4.2) or a digest';
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) return `has the tag "${tag}", which is not a valid image tag`;
  return undefined;
}

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
    if (imageIssue) report(at("image"), `${service.image} ${imageIssue}`);
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
    namespace: kubernetes.namespace ?? name,
    deployerGroup: kubernetes.deployerGroup ?? `${organization}:${name}:deployers`,
    services: resolved,
  };
}
