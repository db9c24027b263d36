import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DataAwsEksCluster } from "@cdktf/provider-aws/lib/data-aws-eks-cluster";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Namespace } from "../lib/constructs/kubernetes/namespace";
import { BUILT_IN_TEMPLATES, type ServiceTemplate } from "../lib/constructs/kubernetes/templates";
import type { ResolvedEnvironment } from "../lib/environments/types";
import { configureBackend } from "./backend";
import { guardRelease, type EnvironmentStack } from "./environment-stack";
import { takeResolvedJson } from "./resolved-json";
import { recordStackMetadata } from "./stack-metadata";

/** Props of a `KubernetesStack`. */
export interface KubernetesStackProps {
  /** The environment; it must name a cluster (`kubernetes`). */
  readonly environment: ResolvedEnvironment;
  /** The environment's AWS stack, whose outputs the namespace's configuration reads. */
  readonly awsStack: EnvironmentStack;
  /**
   * Templates services may name, besides the built-in web and worker.
   * @default - the built-in templates
   */
  readonly templates?: readonly ServiceTemplate[];
}

/** The stack id of an environment's Kubernetes stack: `env-<name>-k8s`. */
export function kubernetesStackId(name: string): string {
  return `env-${name}-k8s`;
}

/**
 * One environment's Kubernetes stack, `env-<name>-k8s`: its own state, a
 * Kubernetes provider for the environment's cluster (a kubeconfig context, or
 * an EKS cluster authenticated by `aws eks get-token`), the `Namespace`, and
 * each service built from its template. It reads the AWS stack's outputs (the
 * data bucket, the key, the log group) through cdktf cross-stack references,
 * so `cdktf deploy env-<name> env-<name>-k8s` deploys both in order. The
 * Kubernetes provider lives only here, never in an AWS stack.
 */
export class KubernetesStack extends TerraformStack {
  readonly environment: ResolvedEnvironment;
  readonly namespace: Namespace;

  constructor(scope: Construct, props: KubernetesStackProps) {
    const env = props.environment;
    const k8s = env.kubernetes;
    if (!k8s) throw new Error(`environment ${env.name} has no kubernetes cluster; it has no Kubernetes stack`);
    super(scope, kubernetesStackId(env.name));
    this.environment = env;
    this.addDependency(props.awsStack);

    if (k8s.cluster.type === "kubeconfig") {
      new KubernetesProvider(this, "kubernetes", { configPath: k8s.cluster.path ?? "~/.kube/config", configContext: k8s.cluster.context });
    } else {
      const region = k8s.cluster.region ?? env.region;
      new AwsProvider(this, "aws", { region, allowedAccountIds: env.account ? [env.account] : undefined, defaultTags: [{ tags: { ...env.tags } }] });
      const cluster = new DataAwsEksCluster(this, "cluster", { name: k8s.cluster.name });
      new KubernetesProvider(this, "kubernetes", {
        host: cluster.endpoint,
        clusterCaCertificate: `\${base64decode(${cluster.certificateAuthority.get(0).data})}`,
        exec: [{ apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["eks", "get-token", "--cluster-name", k8s.cluster.name, "--region", region] }],
      });
    }
    configureBackend(this, `${env.name}-k8s`, env.backend, env.region);

    const aws = props.awsStack.resources;
    const roles = aws.serviceRoles?.roles;
    this.namespace = new Namespace(this, "namespace", {
      environment: env,
      serviceAccountAnnotations: roles ? Object.fromEntries([...roles].map(([service, role]) => [service, { "eks.amazonaws.com/role-arn": role.arn }])) : undefined,
      facts: {
        ENVKIT_ENVIRONMENT: env.name,
        ENVKIT_TIER: env.tier,
        ENVKIT_PARAMETER_PATH: aws.config.prefix,
        ENVKIT_DATA_BUCKET: aws.data.bucketName,
        ENVKIT_KMS_KEY_ARN: aws.key.arn,
        ENVKIT_APP_LOG_GROUP: aws.appLogs.name,
      },
    });

    const templates = new Map([...BUILT_IN_TEMPLATES, ...(props.templates ?? [])].map((t) => [t.name, t]));
    const labels = Namespace.labelsOf(env);
    for (const service of k8s.services) {
      const template = templates.get(service.template);
      if (!template) throw new Error(`environment ${env.name}, services ${service.name}: template "${service.template}" is not registered`);
      const scopeOfService = new Construct(this, `service-${service.name}`);
      template.build(scopeOfService, {
        environment: env,
        service,
        namespace: this.namespace.namespace.metadata.name,
        serviceAccountName: this.namespace.serviceAccounts.get(service.name)!.metadata.name,
        configMapName: this.namespace.config.metadata.name,
        labels,
      });
    }

    recordStackMetadata(this, (metadata) => {
      metadata.environment = env.name;
      metadata.tier = env.tier;
      metadata.weakenedControls = env.weakenedControls.map((w) => ({ field: w.field, value: w.value, baseline: w.baseline }));
    });
    // The release is the environment's: its Kubernetes stack (where images change) keeps the same gate as its AWS stack.
    guardRelease(this, props.awsStack.release);
  }

  /** The stack's Terraform JSON; during synth, the JSON the policy check already resolved. */
  override toTerraform(): any {
    return takeResolvedJson(this) ?? super.toTerraform();
  }
}
