/**
 * The resources Flux's Terraform controller (tofu-controller) runs, generated
 * from the environment manifest, one folder and kustomization per
 * environment:
 *
 * - an `OCIRepository` that follows the environment's tag of the OCI artifact
 *   CI pushes `cdktf.out` to (CI moves a gated tier's tag only after
 *   `envctl promote`);
 * - a `Terraform` per stack: the synthesized stack's path, an interval that
 *   detects and corrects drift, plans applied automatically below staging and
 *   approved by hand in staging and prod, the Kubernetes stack after its AWS
 *   stack, outputs written to a secret, and a runner that assumes the
 *   environment's role;
 * - the runner's ServiceAccount, annotated with that role (IRSA).
 *
 * Pure: manifest in, file texts out, byte-identical for the same manifest.
 */
import { stringify } from "yaml";
import { EnvkitInputError } from "../../lib/core/errors";
import type { Tier } from "../../lib/core/profile";
import { declaredEnvironments, type DeclaredEnvironment, type EnvironmentManifest, type ManifestEnvironment } from "../../stacks/app/manifest";
import { generatedHeader, type GeneratedFile } from "./generated";

/** What the Flux resources are generated with. */
export interface FluxPipelineOptions {
  /** The OCI repository CI pushes the synthesized output to, such as `oci://ghcr.io/acme/envkit-stacks`. */
  readonly source: string;
  /** The namespace of the resources. @default "flux-system" */
  readonly namespace?: string;
  /** Where cdktf.out is, relative to the repository root (named in the headers). @default "cdktf.out" */
  readonly manifestPath?: string;
}

/** How often each tier's stacks are reconciled: drift is detected (and, where plans apply automatically, corrected) at this interval. */
export const RECONCILE_INTERVAL: Readonly<Record<Tier, string>> = { preview: "1h", dev: "1h", test: "1h", staging: "30m", prod: "15m" };

/** Tiers whose plans a person approves (`approvePlan` set to the plan's id); the others apply automatically. */
export const MANUAL_APPROVAL: readonly Tier[] = ["staging", "prod"];

const header = (what: string, manifestPath: string, manifest: EnvironmentManifest) => generatedHeader("flux", what, manifestPath, manifest);

const documents = (docs: readonly object[]) => docs.map((d) => stringify(d, { lineWidth: 0, aliasDuplicateObjects: false })).join("---\n");

function environmentFiles(env: ManifestEnvironment | DeclaredEnvironment, options: Required<Omit<FluxPipelineOptions, "manifestPath">>, manifestPath: string, manifest: EnvironmentManifest): GeneratedFile[] {
  const resolved = env.resolved as { deployRole?: string; region?: string };
  const labels = { "app.kubernetes.io/managed-by": "envctl", "envkit.dev/environment": env.name, "envkit.dev/tier": env.tier };
  const source = `envkit-${env.name}`;
  const runner = `envkit-${env.name}-runner`;
  const awsStack = env.stacks.find((s) => s.kind === "aws");
  const terraforms = env.stacks.map((stack) => ({
    apiVersion: "infra.contrib.fluxcd.io/v1alpha2",
    kind: "Terraform",
    metadata: { name: stack.name, namespace: options.namespace, labels },
    spec: {
      interval: RECONCILE_INTERVAL[env.tier],
      // Staging and prod: the controller plans, and a person approves that plan (`approvePlan: <plan id>`); below, plans apply as they come.
      approvePlan: MANUAL_APPROVAL.includes(env.tier) ? "" : "auto",
      path: `./stacks/${stack.name}`,
      sourceRef: { kind: "OCIRepository", name: source, namespace: options.namespace },
      ...(stack.kind === "kubernetes" && awsStack ? { dependsOn: [{ name: awsStack.name, namespace: options.namespace }] } : {}),
      // A stack whose state is in S3 keeps it there (the controller's own backend is off); a local state would die with the pod, so it goes to the controller's Kubernetes backend.
      backendConfig: env.backend.type === "s3" ? { disable: true } : { inClusterConfig: true, secretSuffix: stack.name },
      // Kept on deletion: tearing an environment down is envctl down's or reap's, under the tier's rules.
      destroyResourcesOnDeletion: false,
      writeOutputsToSecret: { name: `${stack.name}-outputs`, labels },
      serviceAccountName: runner,
      runnerPodTemplate: {
        metadata: { labels, annotations: { "envkit.dev/role": resolved.deployRole } },
        spec: {
          env: [
            { name: "AWS_REGION", value: resolved.region ?? "us-east-1" },
            { name: "AWS_ROLE_ARN", value: resolved.deployRole },
            { name: "CHECKPOINT_DISABLE", value: "1" },
          ],
        },
      },
    },
  }));
  const files: GeneratedFile[] = [
    {
      name: `${env.name}/source.yaml`,
      text:
        header(`The synthesized stacks of ${env.name}: the OCI artifact CI pushes, at the tag ${env.name}.`, manifestPath, manifest) +
        documents([{ apiVersion: "source.toolkit.fluxcd.io/v1", kind: "OCIRepository", metadata: { name: source, namespace: options.namespace, labels }, spec: { interval: "5m", url: options.source, ref: { tag: env.name } } }]),
    },
    {
      name: `${env.name}/runner.yaml`,
      text:
        header(`The runner of ${env.name}'s Terraform: it assumes ${resolved.deployRole} (IAM roles for service accounts).`, manifestPath, manifest) +
        documents([{ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: runner, namespace: options.namespace, labels, annotations: { "eks.amazonaws.com/role-arn": resolved.deployRole } } }]),
    },
    { name: `${env.name}/terraform.yaml`, text: header(`The stacks of ${env.name}, in order: ${env.stacks.map((s) => s.name).join(", then ")}.`, manifestPath, manifest) + documents(terraforms) },
  ];
  files.push({
    name: `${env.name}/kustomization.yaml`,
    text: header(`Everything Flux applies for ${env.name}.`, manifestPath, manifest) + documents([{ apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources: files.map((f) => f.name.slice(env.name.length + 1)) }]),
  });
  return files;
}

/**
 * The Flux resources of every declared environment of `manifest` (previews
 * are CI's, see the preview workflow). Every environment needs a deploy
 * role, and the source must be an `oci://` URL: problems are one error that
 * lists them all, and nothing is generated.
 */
export function fluxResources(manifest: EnvironmentManifest, options: FluxPipelineOptions): GeneratedFile[] {
  const namespace = options.namespace ?? "flux-system";
  const manifestPath = options.manifestPath ?? "cdktf.out";
  const problems: string[] = [];
  if (!options.source) problems.push("--source is required: the OCI repository CI pushes cdktf.out to, such as oci://ghcr.io/acme/envkit-stacks (see docs/engines.md).");
  else if (!/^oci:\/\/[a-z0-9.-]+(:\d+)?\/[a-z0-9._/-]+$/.test(options.source))
    problems.push(`--source ${JSON.stringify(options.source)}: must be the OCI repository CI pushes cdktf.out to, such as oci://ghcr.io/acme/envkit-stacks (lowercase, no tag).`);
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(namespace)) problems.push(`--namespace ${JSON.stringify(namespace)}: must be a Kubernetes namespace name (lowercase letters, digits and -, at most 63).`);
  const declared = declaredEnvironments(manifest).filter((e) => e.tier !== "preview");
  for (const env of declared) {
    if (!(env.resolved as { deployRole?: string }).deployRole)
      problems.push(`environment "${env.name}", field "deployRole": is not set, so the runner has no role to assume. Set the organization's deployRole, such as "arn:aws:iam::{account}:role/envkit-deploy", or the environment's own.`);
  }
  if (problems.length > 0) throw new EnvkitInputError(`cannot generate the Flux resources (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  return declared.flatMap((env) => environmentFiles(env, { source: options.source, namespace }, manifestPath, manifest));
}
