import { Construct } from "constructs";
import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { LimitRangeV1 } from "@cdktf/provider-kubernetes/lib/limit-range-v1";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { NetworkPolicyV1 } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { ResourceQuotaV1 } from "@cdktf/provider-kubernetes/lib/resource-quota-v1";
import { RoleBindingV1 } from "@cdktf/provider-kubernetes/lib/role-binding-v1";
import { RoleV1 } from "@cdktf/provider-kubernetes/lib/role-v1";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { TAG_KEYS } from "../../core/tags";
import type { ResolvedEnvironment } from "../../environments/types";

/** Props of a `Namespace`. */
export interface NamespaceProps {
  /** The environment; it must have `kubernetes`. */
  readonly environment: ResolvedEnvironment;
  /**
   * Entries added to the application ConfigMap beside the environment's config
   * (facts of the AWS stack: parameter path, key, bucket), as values or tokens.
   * @default - none
   */
  readonly facts?: Readonly<Record<string, string>>;
  /**
   * Annotations of each service's ServiceAccount, by service (the IAM role of an EKS service account).
   * @default - none
   */
  readonly serviceAccountAnnotations?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** Kubernetes label keys may not hold what tag values hold; label values are at most 63 characters of [A-Za-z0-9_.-]. */
function labelValue(value: string): string {
  const cleaned = value.replace(/[^A-Za-z0-9_.-]/g, "_").replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "");
  return cleaned.slice(0, 63).replace(/[^A-Za-z0-9]+$/, "");
}

/**
 * The environment's namespace, locked down by its tier: labels of the
 * environment; Pod Security Admission enforced (and warned and audited) at the
 * tier's level; a ResourceQuota and LimitRange from the tier table; a
 * default-deny NetworkPolicy with traffic inside the namespace and DNS egress
 * allowed; a ServiceAccount per service (no token mounted by default); a Role
 * and RoleBinding for the deployer group; and a ConfigMap built from the same
 * config that feeds the environment's SSM parameters.
 */
export class Namespace extends Construct {
  /** The namespace resource. */
  readonly namespace: NamespaceV1;
  /** Its name. */
  readonly name: string;
  /** The service accounts, by service name. */
  readonly serviceAccounts: ReadonlyMap<string, ServiceAccountV1>;
  /** The application configuration. */
  readonly config: ConfigMapV1;

  constructor(scope: Construct, id: string, props: NamespaceProps) {
    super(scope, id);
    const env = props.environment;
    const k8s = env.kubernetes;
    if (!k8s) throw new Error(`environment ${env.name} has no kubernetes cluster; the Namespace construct needs one`);
    this.name = k8s.namespace;
    const level = env.security.podSecurity;
    const labels = Namespace.labelsOf(env);
    this.namespace = new NamespaceV1(this, "namespace", {
      metadata: {
        name: k8s.namespace,
        labels: {
          ...labels,
          "pod-security.kubernetes.io/enforce": level,
          "pod-security.kubernetes.io/enforce-version": "latest",
          "pod-security.kubernetes.io/warn": level,
          "pod-security.kubernetes.io/warn-version": "latest",
          "pod-security.kubernetes.io/audit": level,
          "pod-security.kubernetes.io/audit-version": "latest",
        },
        annotations: Namespace.annotationsOf(env),
      },
    });
    const namespace = this.namespace.metadata.name;
    const metadata = (name: string) => ({ name, namespace, labels });
    const { sizing } = env;

    new ResourceQuotaV1(this, "quota", {
      metadata: metadata("environment-quota"),
      spec: {
        hard: {
          "requests.cpu": `${sizing.k8sCpuRequestsMillicores}m`,
          "requests.memory": `${sizing.k8sMemoryRequestsMiB}Mi`,
          "limits.cpu": `${sizing.k8sCpuRequestsMillicores * 2}m`,
          "limits.memory": `${sizing.k8sMemoryRequestsMiB}Mi`,
        },
      },
    });
    new LimitRangeV1(this, "limits", {
      metadata: metadata("container-defaults"),
      spec: {
        limit: [
          {
            type: "Container",
            defaultRequest: { cpu: `${sizing.k8sContainerCpuMillicores}m`, memory: `${sizing.k8sContainerMemoryMiB}Mi` },
            default: { cpu: `${sizing.k8sContainerCpuMillicores * 2}m`, memory: `${sizing.k8sContainerMemoryMiB}Mi` },
          },
        ],
      },
    });

    new NetworkPolicyV1(this, "default-deny", {
      metadata: metadata("default-deny"),
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    });
    new NetworkPolicyV1(this, "allow-same-namespace", {
      metadata: metadata("allow-same-namespace"),
      spec: {
        podSelector: {},
        policyTypes: ["Ingress", "Egress"],
        ingress: [{ from: [{ podSelector: {} }] }],
        egress: [{ to: [{ podSelector: {} }] }],
      },
    });
    new NetworkPolicyV1(this, "allow-dns", {
      metadata: metadata("allow-dns-egress"),
      spec: {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [
          {
            to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
            ports: [
              { port: "53", protocol: "UDP" },
              { port: "53", protocol: "TCP" },
            ],
          },
        ],
      },
    });

    const accounts = new Map<string, ServiceAccountV1>();
    for (const service of k8s.services) {
      const annotations = props.serviceAccountAnnotations?.[service.name];
      accounts.set(service.name, new ServiceAccountV1(this, `service-account-${service.name}`, { metadata: { ...metadata(service.name), ...(annotations ? { annotations: { ...annotations } } : {}) }, automountServiceAccountToken: false }));
    }
    this.serviceAccounts = accounts;

    const role = new RoleV1(this, "deployer-role", {
      metadata: metadata("deployer"),
      rule: [
        { apiGroups: ["apps"], resources: ["deployments", "deployments/scale", "replicasets"], verbs: ["get", "list", "watch", "create", "update", "patch", "delete"] },
        { apiGroups: [""], resources: ["pods", "pods/log", "services", "configmaps", "events"], verbs: ["get", "list", "watch"] },
        { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: ["get", "list", "watch", "update", "patch"] },
      ],
    });
    new RoleBindingV1(this, "deployer-binding", {
      metadata: metadata("deployer"),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name },
      subject: [{ kind: "Group", name: k8s.deployerGroup, apiGroup: "rbac.authorization.k8s.io" }],
    });

    // One source, two destinations: the keys of the SSM parameters, the same values.
    this.config = new ConfigMapV1(this, "config", {
      metadata: metadata("environment-config"),
      data: { ...Object.fromEntries(Object.entries(env.config)), ...props.facts },
    });
  }

  /** The labels every object of the environment's namespace carries. */
  static labelsOf(env: ResolvedEnvironment): Record<string, string> {
    return {
      "app.kubernetes.io/managed-by": "cdktf-envkit",
      [TAG_KEYS.environment]: labelValue(env.name),
      [TAG_KEYS.tier]: env.tier,
      [TAG_KEYS.owner]: labelValue(env.owner),
      // A label value holds no ":", so the instant is written 2026-12-03T10_00_00Z; the annotation keeps it exactly.
      ...(env.lifecycle.kind === "ephemeral" ? { [TAG_KEYS.expiresAt]: labelValue(env.lifecycle.expiresAt) } : {}),
    };
  }

  /** Values a label cannot hold (instants, free text) travel as annotations. */
  static annotationsOf(env: ResolvedEnvironment): Record<string, string> {
    return {
      [`envkit.io/${TAG_KEYS.owner}`]: env.owner,
      ...(env.lifecycle.kind === "ephemeral" ? { [`envkit.io/${TAG_KEYS.expiresAt}`]: env.lifecycle.expiresAt } : {}),
    };
  }
}
