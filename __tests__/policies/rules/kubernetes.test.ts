import {
  imageTagPinned,
  namespaceNetworkPolicy,
  namespaceResourceQuota,
  noHostNamespaces,
  noHostPathVolumes,
  noPrivilegedContainers,
  noPrivilegeEscalation,
  readOnlyRootFilesystem,
  resourceRequestsAndLimits,
  runAsNonRoot,
} from "../../../policies/rules";
import { findingsOf, flagged, ref } from "../helpers";

const k8s = { defaultTags: {} };
const goodContainer = {
  name: "app",
  image: "registry.example.com/app:1.4.2",
  security_context: [{ allow_privilege_escalation: false, read_only_root_filesystem: true, run_as_non_root: true, run_as_user: 10001, privileged: false }],
  resources: [{ requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } }],
};
const podSpec = (container: Record<string, unknown>, pod: Record<string, unknown> = {}) => ({ container: [container], ...pod });
const deployment = (container: Record<string, unknown>, pod: Record<string, unknown> = {}) => ({
  kubernetes_deployment_v1: { app: { metadata: [{ name: "app", namespace: "env-dev" }], spec: [{ template: [{ metadata: [{}], spec: [podSpec(container, pod)] }] }] } },
});
const cronJob = (container: Record<string, unknown>) => ({
  kubernetes_cron_job_v1: { job: { spec: [{ schedule: "0 * * * *", job_template: [{ spec: [{ template: [{ spec: [podSpec(container)] }] }] }] }] } },
});
const sc = (overrides: Record<string, unknown>) => ({ ...goodContainer, security_context: [{ ...goodContainer.security_context[0], ...overrides }] });

describe("ENV-K8S-001 privileged containers", () => {
  it("Noncompliance 1: fails on privileged = true in a deployment", () => {
    expect(flagged(noPrivilegedContainers, deployment(sc({ privileged: true })), k8s)).toEqual(["kubernetes_deployment_v1.app"]);
  });

  it("Noncompliance 2: fails on privileged = true in a cron job (one level deeper)", () => {
    expect(findingsOf(noPrivilegedContainers, cronJob(sc({ privileged: true })), k8s)[0].message).toContain('container "app"');
  });

  it("Compliance: not privileged", () => {
    expect(flagged(noPrivilegedContainers, deployment(goodContainer), k8s)).toEqual([]);
  });
});

describe("ENV-K8S-002 privilege escalation", () => {
  it("Noncompliance 1: fails when allow_privilege_escalation is unset", () => {
    const { security_context: _sc, ...container } = goodContainer;
    expect(findingsOf(noPrivilegeEscalation, deployment(container), k8s)[0].message).toContain("defaults to true");
  });

  it("Compliance: false", () => {
    expect(flagged(noPrivilegeEscalation, deployment(goodContainer), k8s)).toEqual([]);
  });
});

describe("ENV-K8S-003 run as non-root", () => {
  it("Noncompliance 1: fails on run_as_user 0", () => {
    expect(findingsOf(runAsNonRoot, deployment(sc({ run_as_user: 0 })), k8s)[0].message).toContain("root");
  });

  it("Noncompliance 2: fails when run_as_non_root is missing at pod and container level", () => {
    expect(flagged(runAsNonRoot, deployment(sc({ run_as_non_root: undefined, run_as_user: undefined })), k8s)).toEqual(["kubernetes_deployment_v1.app"]);
  });

  it("Compliance: run_as_non_root set at pod level only", () => {
    const pod = { security_context: [{ run_as_non_root: true, run_as_user: 10001 }] };
    expect(flagged(runAsNonRoot, deployment(sc({ run_as_non_root: undefined, run_as_user: undefined }), pod), k8s)).toEqual([]);
  });
});

describe("ENV-K8S-004 requests and limits", () => {
  it("Noncompliance 1: fails without a memory limit", () => {
    const container = { ...goodContainer, resources: [{ requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m" } }] };
    expect(findingsOf(resourceRequestsAndLimits, deployment(container), k8s)[0].message).toContain("limits.memory");
  });

  it("Compliance: all four set", () => {
    expect(flagged(resourceRequestsAndLimits, deployment(goodContainer), k8s)).toEqual([]);
  });
});

describe("ENV-K8S-005 read-only root filesystem", () => {
  it("Noncompliance 1: fails when read_only_root_filesystem is false", () => {
    expect(flagged(readOnlyRootFilesystem, deployment(sc({ read_only_root_filesystem: false })), k8s)).toEqual(["kubernetes_deployment_v1.app"]);
  });

  it("Compliance: true", () => {
    expect(flagged(readOnlyRootFilesystem, deployment(goodContainer), k8s)).toEqual([]);
  });
});

describe("ENV-K8S-006 host namespaces", () => {
  it.each(["host_network", "host_pid", "host_ipc"])("Noncompliance 1: fails when %s = true", (field) => {
    expect(findingsOf(noHostNamespaces, deployment(goodContainer, { [field]: true }), k8s)[0].message).toContain(field);
  });

  it("Compliance: none shared", () => {
    expect(flagged(noHostNamespaces, deployment(goodContainer, { host_network: false }), k8s)).toEqual([]);
  });
});

describe("ENV-K8S-007 host_path volumes", () => {
  it("Noncompliance 1: fails on a host_path volume", () => {
    const pod = { volume: [{ name: "docker", host_path: [{ path: "/var/run/docker.sock" }] }] };
    expect(findingsOf(noHostPathVolumes, deployment(goodContainer, pod), k8s)[0].message).toContain('"docker"');
  });

  it("Compliance: empty_dir volumes", () => {
    expect(flagged(noHostPathVolumes, deployment(goodContainer, { volume: [{ name: "tmp", empty_dir: [{}] }] }), k8s)).toEqual([]);
  });
});

describe("ENV-K8S-008 pinned images", () => {
  it.each(["nginx", "nginx:latest", "registry.example.com:5000/team/app"])("Noncompliance 1: rejects %s", (image) => {
    expect(flagged(imageTagPinned, deployment({ ...goodContainer, image }), k8s)).toEqual(["kubernetes_deployment_v1.app"]);
  });

  it.each(["nginx:1.27.1", "registry.example.com:5000/team/app:2.0", "nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"])("Compliance: accepts %s", (image) => {
    expect(flagged(imageTagPinned, deployment({ ...goodContainer, image }), k8s)).toEqual([]);
  });

  it("Compliance: a bare pod with a pinned image", () => {
    expect(flagged(imageTagPinned, { kubernetes_pod_v1: { p: { spec: [podSpec(goodContainer)] } } }, k8s)).toEqual([]);
  });
});

describe("ENV-K8S-009/010 namespace network policy and quota", () => {
  const namespace = { kubernetes_namespace_v1: { ns: { metadata: [{ name: "env-dev" }] } } };

  it("Noncompliance 1: fails for a namespace with neither", () => {
    expect([...flagged(namespaceNetworkPolicy, namespace, k8s), ...flagged(namespaceResourceQuota, namespace, k8s)]).toEqual([
      "kubernetes_namespace_v1.ns",
      "kubernetes_namespace_v1.ns",
    ]);
  });

  it("Noncompliance 2: fails when the only policy is in another namespace", () => {
    const resources = { ...namespace, kubernetes_network_policy_v1: { deny: { metadata: [{ name: "deny", namespace: "other" }], spec: [{}] } } };
    expect(flagged(namespaceNetworkPolicy, resources, k8s)).toEqual(["kubernetes_namespace_v1.ns"]);
  });

  it("Compliance: a policy by literal name and a quota by reference", () => {
    const resources = {
      ...namespace,
      kubernetes_network_policy_v1: { deny: { metadata: [{ name: "deny", namespace: "env-dev" }], spec: [{}] } },
      kubernetes_resource_quota_v1: { quota: { metadata: [{ name: "quota", namespace: ref("kubernetes_namespace_v1.ns", "metadata[0].name") }], spec: [{}] } },
    };
    expect([...flagged(namespaceNetworkPolicy, resources, k8s), ...flagged(namespaceResourceQuota, resources, k8s)]).toEqual([]);
  });
});
