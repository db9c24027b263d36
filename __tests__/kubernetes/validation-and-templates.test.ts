import { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { createEnvironmentApp, SynthValidationError } from "../../stacks/app";
import { workload, type ServiceTemplate } from "../../api/kubernetes";
import { EnvironmentSpecError } from "../../lib/environments/errors";
import { ORG } from "../helpers/fixtures";
import { k8sSpec, named, NONPROD, resourcesOf, SERVICES, synthesize } from "./helpers";
import { lifecycleProject } from "../lifecycle/helpers";

/** The problems `specs` are refused with, as "environment / field: message". */
function problemsOf(specs: Parameters<typeof createEnvironmentApp>[1], options: Parameters<typeof createEnvironmentApp>[2] = {}): string[] {
  try {
    createEnvironmentApp(ORG, specs, { env: {}, ...options });
  } catch (error) {
    if (error instanceof EnvironmentSpecError) return error.problems.map((p) => `${p.environment} / ${p.field}: ${p.message}`);
    throw error;
  }
  throw new Error("expected the specs to be refused");
}

const service = (changes: Record<string, unknown>) => ({ name: "api", template: "web", image: "ghcr.io/acme/api:1.8.0", port: 8080, ...changes });

describe("bad Kubernetes input: a clear error naming the environment, the service and the field", () => {
  it.each([
    ["no tag", "ghcr.io/acme/api", "has no tag: pin a version"],
    ["latest", "ghcr.io/acme/api:latest", 'uses the tag "latest", which moves'],
    ["a short digest", "ghcr.io/acme/api@sha256:abc", "has a digest that is not sha256:<64 hex digits>"],
    ["a registry port but no tag", "registry.local:5000/acme/api", "has no tag"],
  ])("an image with %s", (_what, image, message) => {
    const problems = problemsOf([k8sSpec("dev", { services: [service({ image })] })]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^dev \/ services\[0\]\.image \(api\): /);
    expect(problems[0]).toContain(`${image} ${message}`);
  });

  it.each([
    ["an uppercase repository", "ghcr.io/Acme/API:1.8.0", 'has the repository part "Acme", which is not valid: repository names are lowercase'],
    ["a URL", "https://ghcr.io/acme/api:1.8.0", "is a URL: name it registry/repository:tag, without a scheme"],
    ["a registry that is not a host", "ghcr..io/acme/api:1.8.0", 'has the registry "ghcr..io", which is not a host name'],
  ])("rejects an image with %s", (_what, image, message) => {
    expect(problemsOf([k8sSpec("dev", { services: [service({ image })] })])).toEqual([expect.stringContaining(`${image} ${message}`)]);
  });

  it.each(["deploy:hunter2-Secret@ghcr.io/acme/api:1.8.0", "https://deploy:hunter2-Secret@ghcr.io/acme/api:1.8.0"])("rejects an image that carries credentials, without repeating them: %s", (image) => {
    const problems = problemsOf([k8sSpec("dev", { services: [service({ image })] })]);
    expect(problems).toEqual([expect.stringMatching(/^dev \/ services\[0\]\.image \(api\): carries credentials \(user:password@\.\.\.\)/)]);
    expect(problems.join("\n")).not.toContain("hunter2");
  });

  it("rejects a password in a service's health command, naming the field, never the value", () => {
    const problems = problemsOf([k8sSpec("dev", { services: [{ name: "jobs", template: "worker", image: "ghcr.io/acme/jobs:1.0.0", healthCommand: ["/bin/sh", "-c", "pg_isready --dbname=postgres://app:Xk9vQ2mLp8RtZ4wN@db/app"] }] })]);
    expect(problems).toEqual([expect.stringMatching(/^dev \/ services\[0\]\.healthCommand\[2\]: looks like a credential \(a URL with a password\)/)]);
    expect(problems.join("\n")).not.toContain("Xk9vQ2mLp8RtZ4wN");
  });

  it.each([["kube-system", "kubernetes.namespace"], ["default", "kubernetes.namespace"], ["kube-flannel", "kubernetes.namespace"]])("rejects the cluster's own namespace %s", (namespace, field) => {
    const problems = problemsOf([k8sSpec("dev", { kubernetes: { ...NONPROD, namespace } })]);
    expect(problems).toEqual([expect.stringContaining(`dev / ${field}: namespace "${namespace}" belongs to the cluster itself`)]);
  });

  it("accepts a pinned tag, a digest, and a registry with a port", () => {
    for (const image of ["ghcr.io/acme/api:1.8.0", `ghcr.io/acme/api@sha256:${"b".repeat(64)}`, "registry.local:5000/acme/api:2024.11.3", "localhost:5000/api:1", "library/ubuntu_base__x:22.04", "Registry.Example.com/acme/api:1.0"]) {
      expect(() => createEnvironmentApp(ORG, [k8sSpec("dev", { services: [service({ image })] })], { env: {} })).not.toThrow();
    }
  });

  it.each([0, 70000, 80.5])("a port of %s", (port) => {
    expect(problemsOf([k8sSpec("dev", { services: [service({ port })] })])).toEqual([`dev / services[0].port (api): ${port} is not a port: use a whole number from 1 to 65535`]);
  });

  it("a web service without a port", () => {
    expect(problemsOf([k8sSpec("dev", { services: [service({ port: undefined })] })])).toEqual(['dev / services[0].port (api): is required: template "web" serves traffic on a port from 1 to 65535']);
  });

  it("duplicate service names", () => {
    expect(problemsOf([k8sSpec("dev", { services: [service({}), service({ template: "worker", port: undefined })] })])).toEqual(["dev / services[1].name (api): duplicates services[0]; service names must be unique in the environment"]);
  });

  it("an unknown template, listing the known ones", () => {
    expect(problemsOf([k8sSpec("dev", { services: [service({ template: "cron" })] })])).toEqual([
      'dev / services[0].template (api): "cron" is not a service template; known: web, worker (register your own with createEnvironmentApp\'s serviceTemplates)',
    ]);
  });

  it("requests beyond the namespace quota at the top of the replica range, with the sum per service", () => {
    const problems = problemsOf([k8sSpec("dev", { services: [service({ overrides: { cpuMillicores: 900 } }), service({ name: "jobs", template: "worker", port: undefined })] })]);
    expect(problems).toEqual(["dev / services: request 2300m CPU at their most replicas (api 2×900m, jobs 2×250m), above the namespace quota of 2000m in tier dev; lower a service's overrides.maxReplicas or overrides.cpuMillicores"]);
  });

  it("a replica range outside the tier's", () => {
    expect(problemsOf([k8sSpec("prod", { services: [service({ overrides: { minReplicas: 1, maxReplicas: 20 } })] })])).toEqual([
      "prod / services[0].overrides.minReplicas (api): 1 is below tier prod's 3: the tier keeps at least 3 replica(s) of every service",
      "prod / services[0].overrides.maxReplicas (api): 20 is above tier prod's 12",
    ]);
  });

  it("two environments in the same namespace of one cluster, while other namespaces on it are fine", () => {
    const problems = problemsOf([k8sSpec("dev"), k8sSpec("test", { kubernetes: { ...NONPROD, namespace: "dev" } })]);
    expect(problems).toEqual(['test / kubernetes.namespace: "dev" on cluster kubeconfig ~/.kube/config#acme-nonprod is already the namespace of environment "dev"; give each environment on a shared cluster its own namespace']);
    expect(() => createEnvironmentApp(ORG, [k8sSpec("dev"), k8sSpec("test", { kubernetes: { cluster: { type: "kubeconfig", context: "other" }, namespace: "dev" } })], { env: {} })).not.toThrow();
  });

  it("an OIDC provider that is not an IAM OIDC provider ARN", () => {
    const problems = problemsOf([k8sSpec("prod", { kubernetes: { cluster: { type: "eks", name: "acme-prod", oidcProviderArn: "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC" } } })]);
    expect(problems).toEqual([expect.stringMatching(/^prod \/ kubernetes\.cluster\.oidcProviderArn: must be the ARN of the cluster's IAM OIDC provider/)]);
  });

  it("services without a cluster", () => {
    expect(problemsOf([k8sSpec("dev", { kubernetes: undefined })])).toEqual(["dev / services: lists services, but the environment has no kubernetes cluster; add kubernetes: { cluster: ... } or remove the services"]);
  });

  it("lists every problem of every environment at once, and creates nothing", () => {
    const problems = problemsOf([k8sSpec("dev", { services: [service({ image: "api", port: 0 })] }), k8sSpec("prod", { services: [service({ template: "nope" })] })]);
    expect(problems.map((p) => p.split(":")[0])).toEqual(["dev / services[0].image (api)", "dev / services[0].port (api)", "prod / services[0].template (api)"]);
  });
});

describe("policies at synth stop an insecure Kubernetes stack", () => {
  /** A template that gets around the helpers: a privileged container, or one without limits. */
  const unsafe = (name: string, container: Record<string, unknown>): ServiceTemplate => ({
    name,
    needsPort: false,
    build(scope, props) {
      new DeploymentV1(scope, "deployment", {
        metadata: { name: props.service.name, namespace: props.namespace },
        spec: {
          selector: { matchLabels: { app: props.service.name } },
          template: { metadata: { labels: { app: props.service.name } }, spec: { container: [{ name: "main", image: props.service.image, ...container }] } },
        },
      });
    },
  });

  it.each([
    ["a privileged container", unsafe("privileged", { securityContext: { privileged: true, runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } }, resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } } }), "ENV-K8S-001", "security_context.privileged"],
    ["a container without limits", unsafe("unlimited", { securityContext: { runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } } }), "ENV-K8S-004", "limits"],
  ])("%s stops the synth of env-prod-k8s, naming the rule, the construct and the fix", (_what, template, ruleId, field) => {
    const { app } = createEnvironmentApp(ORG, [k8sSpec("prod", { services: [{ name: "bad", template: template.name, image: "ghcr.io/acme/bad:1.0.0" }] })], { env: {}, serviceTemplates: [template], app: { outdir: lifecycleProject().dir + "/cdktf.out" } });
    let error: unknown;
    try {
      app.synth();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SynthValidationError);
    const text = (error as Error).message;
    expect(text).toContain(`[${ruleId}]`);
    expect(text).toContain("env-prod-k8s/service-bad/deployment");
    expect(text).toContain(field);
    expect(text).toContain("WebService");
  });
});

describe("service templates of one's own", () => {
  /** A template written against the documented interface, with the helpers. */
  const cron: ServiceTemplate = {
    name: "queue-consumer",
    needsPort: false,
    build(scope, props) {
      const deployment = workload(scope, props, { exec: { command: ["/app/healthcheck"] } });
      deployment.addOverride("metadata.annotations", { "acme.io/queue": `${props.environment.name}-jobs` });
    },
  };

  it("is registered with the app, used by name, and shows up in every environment that uses it", () => {
    const synth = synthesize([k8sSpec("dev", { services: [{ name: "consumer", template: "queue-consumer", image: "ghcr.io/acme/consumer:3.1.0" }] }), k8sSpec("test", { services: [{ name: "consumer", template: "queue-consumer", image: "ghcr.io/acme/consumer:3.1.0" }] })], { serviceTemplates: [cron] });
    for (const env of ["dev", "test"]) {
      const deployment = named(synth.stack(`env-${env}-k8s`), "kubernetes_deployment_v1", "consumer");
      expect(deployment.metadata.annotations).toEqual({ "acme.io/queue": `${env}-jobs` });
      expect(deployment.spec.template.spec.container[0].liveness_probe.exec.command).toEqual(["/app/healthcheck"]);
      expect(deployment.spec.template.spec.container[0].security_context.read_only_root_filesystem).toBe(true);
    }
  });

  it("is unknown to an app that did not register it", () => {
    expect(problemsOf([k8sSpec("dev", { services: [{ name: "consumer", template: "queue-consumer", image: "ghcr.io/acme/consumer:3.1.0" }] })])[0]).toContain('"queue-consumer" is not a service template; known: web, worker');
  });
});

describe("previews get a namespace too", () => {
  it("ENV_PREVIEW with a preview template that names a cluster adds env-pr-5 and env-pr-5-k8s, its namespace labelled with the expiry", () => {
    const synth = synthesize([k8sSpec("dev")], { env: { ENV_PREVIEW: "pr-5" }, clock: () => new Date("2026-11-21T10:00:00Z"), policy: { clock: () => new Date("2026-11-21T10:00:00Z") }, previews: { account: "555555555555", availabilityZones: ["eu-west-1a", "eu-west-1b"], kubernetes: NONPROD, services: SERVICES } });
    expect(synth.kubernetesStacks.map((s) => s.node.id)).toEqual(["env-dev-k8s", "env-pr-5-k8s"]);
    const [ns] = resourcesOf(synth.stack("env-pr-5-k8s"), "kubernetes_namespace_v1");
    expect(ns.metadata.name).toBe("pr-5");
    expect(ns.metadata.labels).toMatchObject({ tier: "preview", "expires-at": "2026-11-23T10_00_00Z", "pod-security.kubernetes.io/enforce": "baseline" });
    expect(ns.metadata.annotations["envkit.io/expires-at"]).toBe("2026-11-23T10:00:00Z");
  });
});

describe("warnings are not lost", () => {
  it("a synth of the example stacks annotates no warning on the Kubernetes stacks but the promotion gate's", () => {
    const synth = synthesize([k8sSpec("prod")]);
    const warnings = synth.kubernetesStacks[0].node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === "@cdktf/warn"));
    // No release has been promoted to prod in a fresh checkout: its Kubernetes stack says so, as its AWS stack does.
    expect(warnings.map((w) => w.data)).toEqual([expect.stringMatching(/^env-prod-k8s: release rel-[0-9a-f]{12} is not promoted to prod/)]);
  });
});
