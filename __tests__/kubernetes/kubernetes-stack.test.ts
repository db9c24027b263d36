import { TIERS, type Tier } from "../../lib/core/profile";
import { TIER_PROFILES } from "../../lib/core/tiers";
import { k8sSpec, named, resourcesOf, synthesize } from "./helpers";

const ALL = synthesize(TIERS.map((tier) => k8sSpec(tier)));
const k8s = (tier: Tier) => ALL.stack(`env-${tier}-k8s`);

describe("Kubernetes stacks: one per environment that names a cluster", () => {
  it("adds env-<name>-k8s beside every AWS stack, with its own state", () => {
    expect(ALL.kubernetesStacks.map((s) => s.node.id)).toEqual(TIERS.map((t) => `env-${t}-k8s`));
    for (const tier of TIERS) expect(k8s(tier).terraform.backend.local.path).toBe(`../../../terraform-state/env-${tier}-k8s.tfstate`);
  });

  it("keeps the Kubernetes provider out of the AWS stacks, and the AWS stacks free of Kubernetes resources", () => {
    for (const tier of TIERS) {
      const aws = ALL.stack(`env-${tier}`);
      expect(Object.keys(aws.provider)).toEqual(["aws"]);
      expect(Object.keys(aws.resource).filter((t) => t.startsWith("kubernetes_"))).toEqual([]);
      // Besides Kubernetes resources, prod's stack holds its promotion guard (Terraform's built-in terraform_data).
      expect(Object.keys(k8s(tier).resource).filter((t) => !t.startsWith("kubernetes_"))).toEqual(tier === "prod" ? ["terraform_data"] : []);
    }
  });

  it("configures the provider from the spec: a kubeconfig context, or an EKS cluster with exec-based authentication and no static token", () => {
    expect(k8s("dev").provider.kubernetes).toEqual([{ config_path: "~/.kube/config", config_context: "acme-nonprod" }]);
    const [eks] = k8s("prod").provider.kubernetes;
    expect(eks.exec).toEqual([{ api_version: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["eks", "get-token", "--cluster-name", "acme-prod", "--region", "eu-west-1"] }]);
    expect(eks.host).toMatch(/^\$\{data\.aws_eks_cluster\.\w+\.endpoint\}$/);
    expect(eks.cluster_ca_certificate).toMatch(/base64decode/);
    expect(eks.token).toBeUndefined();
    expect(Object.values(k8s("prod").data.aws_eks_cluster)).toEqual([expect.objectContaining({ name: "acme-prod" })]);
  });

  it("reads the AWS stack's outputs through cross-stack references, and deploys after it", () => {
    const dev = ALL.stack("env-dev");
    const outputs = Object.keys(dev.output).filter((o) => o.startsWith("cross-stack-output-"));
    expect(outputs.length).toBe(3);
    const remote = Object.values(k8s("dev").data.terraform_remote_state) as Array<{ backend: string; config: { path: string } }>;
    expect(remote).toEqual([expect.objectContaining({ backend: "local", config: expect.objectContaining({ path: "../../../terraform-state/env-dev.tfstate" }) })]);
    const config = named(k8s("dev"), "kubernetes_config_map_v1", "environment-config").data;
    for (const key of ["ENVKIT_DATA_BUCKET", "ENVKIT_KMS_KEY_ARN", "ENVKIT_APP_LOG_GROUP"]) expect(config[key]).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-env-dev\.outputs\.cross-stack-output-/);
    // cdktf orders deploys by these dependencies: `cdktf deploy env-dev env-dev-k8s` applies env-dev first.
    expect(ALL.cdktfManifest().stacks["env-dev-k8s"].dependencies).toEqual(["env-dev"]);
  });

  it("lists the Kubernetes stacks in the environment manifest, after the AWS stack", () => {
    const dev = ALL.manifest().environments.find((e: { name: string }) => e.name === "dev");
    expect(dev.stacks.map((s: { name: string; kind: string }) => [s.name, s.kind])).toEqual([
      ["env-dev", "aws"],
      ["env-dev-k8s", "kubernetes"],
    ]);
  });
});

describe.each(TIERS)("the %s namespace, sized and locked down by its tier", (tier) => {
  const json = () => k8s(tier);
  const { sizing, security } = TIER_PROFILES[tier];

  it("carries the environment's labels and enforces, warns and audits the tier's Pod Security level", () => {
    const [ns] = resourcesOf(json(), "kubernetes_namespace_v1");
    expect(ns.metadata.name).toBe(tier);
    expect(ns.metadata.labels).toMatchObject({ environment: tier, tier, owner: "platform-team" });
    const level = tier === "staging" || tier === "prod" ? "restricted" : "baseline";
    expect(security.podSecurity).toBe(level);
    for (const mode of ["enforce", "warn", "audit"]) expect(ns.metadata.labels[`pod-security.kubernetes.io/${mode}`]).toBe(level);
    if (tier === "preview") expect(ns.metadata.labels["expires-at"]).toBe("2026-11-22T09_00_00Z");
    else expect(ns.metadata.labels["expires-at"]).toBeUndefined();
  });

  it("has a ResourceQuota and a LimitRange from the tier table", () => {
    expect(named(json(), "kubernetes_resource_quota_v1", "environment-quota").spec.hard).toEqual({
      "requests.cpu": `${sizing.k8sCpuRequestsMillicores}m`,
      "requests.memory": `${sizing.k8sMemoryRequestsMiB}Mi`,
      "limits.cpu": `${sizing.k8sCpuRequestsMillicores * 2}m`,
      "limits.memory": `${sizing.k8sMemoryRequestsMiB}Mi`,
    });
    expect(named(json(), "kubernetes_limit_range_v1", "container-defaults").spec.limit).toEqual([
      { type: "Container", default_request: { cpu: `${sizing.k8sContainerCpuMillicores}m`, memory: `${sizing.k8sContainerMemoryMiB}Mi` }, default: { cpu: `${sizing.k8sContainerCpuMillicores * 2}m`, memory: `${sizing.k8sContainerMemoryMiB}Mi` } },
    ]);
  });

  it("denies all traffic by default, then allows the namespace to itself and DNS egress", () => {
    expect(named(json(), "kubernetes_network_policy_v1", "default-deny").spec).toEqual({ pod_selector: {}, policy_types: ["Ingress", "Egress"] });
    const same = named(json(), "kubernetes_network_policy_v1", "allow-same-namespace").spec;
    expect([same.ingress, same.egress]).toEqual([[{ from: [{ pod_selector: {} }] }], [{ to: [{ pod_selector: {} }] }]]);
    const dns = named(json(), "kubernetes_network_policy_v1", "allow-dns-egress").spec;
    expect(dns.policy_types).toEqual(["Egress"]);
    expect(dns.egress[0].ports).toEqual([
      { port: "53", protocol: "UDP" },
      { port: "53", protocol: "TCP" },
    ]);
  });

  it("gives each service its own ServiceAccount without a mounted token, and the deployer group a Role in the namespace", () => {
    expect(resourcesOf(json(), "kubernetes_service_account_v1").map((a) => [a.metadata.name, a.automount_service_account_token])).toEqual([
      ["api", false],
      ["jobs", false],
    ]);
    const binding = named(json(), "kubernetes_role_binding_v1", "deployer");
    expect(binding.subject).toEqual([{ kind: "Group", name: `acme:${tier}:deployers`, api_group: "rbac.authorization.k8s.io" }]);
    expect(named(json(), "kubernetes_role_v1", "deployer").rule.flatMap((r: { verbs: string[] }) => r.verbs)).not.toContain("*");
  });

  it("runs each service within the tier's replica range and sizes, with a disruption budget only in staging and prod", () => {
    const autoscalers = resourcesOf(json(), "kubernetes_horizontal_pod_autoscaler_v2");
    expect(autoscalers.map((a) => [a.metadata.name, a.spec.min_replicas, a.spec.max_replicas])).toEqual([
      ["api", sizing.minReplicas, sizing.maxReplicas],
      ["jobs", sizing.minReplicas, sizing.maxReplicas],
    ]);
    for (const deployment of resourcesOf(json(), "kubernetes_deployment_v1")) {
      const [container] = deployment.spec.template.spec.container;
      expect(container.resources).toEqual({ requests: { cpu: `${sizing.k8sContainerCpuMillicores}m`, memory: `${sizing.k8sContainerMemoryMiB}Mi` }, limits: { cpu: `${sizing.k8sContainerCpuMillicores * 2}m`, memory: `${sizing.k8sContainerMemoryMiB}Mi` } });
      expect(deployment.lifecycle.ignore_changes).toEqual(["spec[0].replicas"]);
    }
    const budgets = resourcesOf(json(), "kubernetes_pod_disruption_budget_v1");
    expect(budgets.map((b) => b.metadata.name)).toEqual(tier === "staging" || tier === "prod" ? ["api"] : []);
  });
});

describe("service templates: hardened containers", () => {
  const deployments = resourcesOf(k8s("prod"), "kubernetes_deployment_v1");

  it("run as non-root, read-only, without capabilities or escalation, with the runtime's seccomp profile, probed", () => {
    for (const d of deployments) {
      const pod = d.spec.template.spec;
      expect(pod.security_context).toEqual({ run_as_non_root: true, seccomp_profile: { type: "RuntimeDefault" } });
      expect(pod.automount_service_account_token).toBe(false);
      const [c] = pod.container;
      expect(c.security_context).toEqual({ run_as_non_root: true, read_only_root_filesystem: true, allow_privilege_escalation: false, privileged: false, capabilities: { drop: ["ALL"] }, seccomp_profile: { type: "RuntimeDefault" } });
      expect(c.liveness_probe).toBeDefined();
      expect(c.readiness_probe).toBeDefined();
      expect(c.env_from).toEqual([{ config_map_ref: { name: expect.stringMatching(/kubernetes_config_map_v1\.namespace_config/) } }]);
    }
  });

  it("web: an HTTP probe on the service's port and a ClusterIP Service; worker: an exec probe and no Service", () => {
    const api = deployments.find((d) => d.metadata.name === "api")!.spec.template.spec.container[0];
    expect(api.liveness_probe.http_get).toEqual({ path: "/healthz", port: "8080" });
    expect(api.port).toEqual([{ name: "http", container_port: 8080, protocol: "TCP" }]);
    expect(named(k8s("prod"), "kubernetes_service_v1", "api").spec).toMatchObject({ type: "ClusterIP", port: [{ name: "http", port: 8080, target_port: "http", protocol: "TCP" }] });
    const jobs = deployments.find((d) => d.metadata.name === "jobs")!.spec.template.spec.container[0];
    expect(jobs.liveness_probe.exec).toEqual({ command: ["/bin/sh", "-c", "kill -0 1"] });
    expect(resourcesOf(k8s("prod"), "kubernetes_service_v1").map((s) => s.metadata.name)).toEqual(["api"]);
  });
});

describe("one source, two destinations: the application configuration", () => {
  it("the ConfigMap holds the spec's config under the same keys and values as the SSM parameters, plus the environment's facts", () => {
    const synth = synthesize([k8sSpec("dev", { config: { "log-level": "debug", "feature-flags": "beta-ui" } })]);
    const data = named(synth.stack("env-dev-k8s"), "kubernetes_config_map_v1", "environment-config").data;
    const parameters = resourcesOf(synth.stack("env-dev"), "aws_ssm_parameter").map((p) => [p.name.replace("/acme/dev/", ""), p.value]);
    for (const key of ["log-level", "feature-flags"]) expect(data[key]).toBe(Object.fromEntries(parameters)[key]);
    expect(data).toMatchObject({ ENVKIT_ENVIRONMENT: "dev", ENVKIT_TIER: "dev", ENVKIT_PARAMETER_PATH: "/acme/dev" });
  });
});

describe("envctl sees the Kubernetes stacks", () => {
  const context = (out: string[]) => ({ cwd: ALL.outdir, now: () => new Date("2026-11-21T00:00:00Z"), stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t), stdoutIsTty: false, env: {} });

  it("envctl list shows both stacks of each environment, the Kubernetes one after the AWS one", async () => {
    const out: string[] = [];
    const { main } = await import("../../controller/cli/main");
    expect(await main(["list", "--dir", ".", "--format", "json"], context(out))).toBe(0);
    const { environments } = JSON.parse(out.join(""));
    expect(environments.find((e: { name: string }) => e.name === "prod").stacks).toEqual(["env-prod", "env-prod-k8s"]);
  });

  it("envctl check judges the Kubernetes stacks with the kubernetes pack, and finds them clean", async () => {
    const out: string[] = [];
    const { main } = await import("../../controller/cli/main");
    expect(await main(["check", "--dir", ".", "--stack", "env-prod-k8s", "--format", "json"], context(out))).toBe(0);
    const report = JSON.parse(out.join(""));
    expect(report.summary).toMatchObject({ errors: 0, warnings: 0 });
    expect(report.summary.resources).toBeGreaterThan(15);
  });
});

describe("IAM roles for the services' service accounts (EKS with an OIDC provider)", () => {
  const OIDC = "arn:aws:iam::444444444444:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC123";
  const synth = synthesize([k8sSpec("prod", { kubernetes: { cluster: { type: "eks", name: "acme-prod", oidcProviderArn: OIDC } } })]);

  it("gives each service a role that trusts only its own ServiceAccount, and may only read the environment's parameters", () => {
    const aws = synth.stack("env-prod");
    expect(resourcesOf(aws, "aws_iam_role").map((r) => r.name).filter((n: string) => n.includes("-svc-"))).toEqual(["acme-prod-svc-api", "acme-prod-svc-jobs"]);
    const trust = Object.values(aws.data.aws_iam_policy_document as Record<string, any>).find((d) => d["//"]?.metadata?.path?.endsWith("service-roles/api-trust"));
    expect(trust.statement).toEqual([
      {
        effect: "Allow",
        actions: ["sts:AssumeRoleWithWebIdentity"],
        principals: [{ type: "Federated", identifiers: [OIDC] }],
        condition: [
          { test: "StringEquals", variable: "oidc.eks.eu-west-1.amazonaws.com/id/ABC123:sub", values: ["system:serviceaccount:prod:api"] },
          { test: "StringEquals", variable: "oidc.eks.eu-west-1.amazonaws.com/id/ABC123:aud", values: ["sts.amazonaws.com"] },
        ],
      },
    ]);
    const read = Object.values(aws.data.aws_iam_policy_document as Record<string, any>).find((d) => d["//"]?.metadata?.path?.endsWith("service-roles/api-read"));
    expect(read.statement.map((s: { actions: string[]; resources: string[] }) => [s.actions, s.resources.map((r) => r.replace(/\$\{[^}]+\}/g, "<ref>"))])).toEqual([
      [["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"], ["arn:<ref>:ssm:eu-west-1:444444444444:parameter/acme/prod", "arn:<ref>:ssm:eu-west-1:444444444444:parameter/acme/prod/*"]],
      [["kms:Decrypt"], ["<ref>"]],
    ]);
  });

  it("annotates each ServiceAccount with its role, read from the AWS stack", () => {
    const account = named(synth.stack("env-prod-k8s"), "kubernetes_service_account_v1", "api");
    expect(account.metadata.annotations["eks.amazonaws.com/role-arn"]).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-env-prod\.outputs\.cross-stack-output-aws_iam_role/);
  });

  it("adds no role without an OIDC provider", () => {
    expect(resourcesOf(ALL.stack("env-prod"), "aws_iam_role").map((r) => r.name).sort()).toEqual(["acme-prod-rds-monitoring", "acme-prod-vpc-flow-logs"]);
  });
});
