import { writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { TerraformStack, type App } from "cdktf";
import { libraryVersion } from "../../lib/core/version";
import { ENVIRONMENT_MANIFEST_FILE, environmentEntry, MANIFEST_FORMAT_VERSION, recordedDeclaredOnly, recordedPreviews, type EnvironmentManifest, type ManifestEnvironment, type ManifestStack } from "./manifest";
import { EnvironmentStack } from "../environment-stack";
import { recordedMetadataOf } from "../stack-metadata";
import { lastPolicyReport, policyAspectOf } from "../synth/aspect";
import { policyConfigOf } from "../synth/evaluate-stack";

/** Builds the environment manifest of `app` after its stacks were validated. */
export function buildEnvironmentManifest(app: App): EnvironmentManifest {
  const environments: ManifestEnvironment[] = [];
  for (const stack of app.node.findAll().filter((c): c is EnvironmentStack => c instanceof EnvironmentStack)) {
    const env = stack.environment;
    environments.push({
      ...environmentEntry(env),
      // The Kubernetes stack is found by its id, so that the manifest never loads the Kubernetes provider's module.
      stacks: [manifestStack(stack, "aws"), ...kubernetesStackOf(app, env.name).map((k8s) => manifestStack(k8s, "kubernetes"))],
      weakenedControls: env.weakenedControls,
      ...(stack.release ? { release: { ...stack.release, policy: { ...stack.release.policy } } } : {}),
    });
  }
  const previews = recordedPreviews(app);
  const declared = recordedDeclaredOnly(app);
  return { formatVersion: MANIFEST_FORMAT_VERSION, libraryVersion: libraryVersion(), environments, ...(declared ? { declaredOnly: declared.environments, order: declared.order } : {}), ...(previews ? { previews } : {}) };
}

/** Writes the manifest into `outdir` (a staging directory, committed with the stacks). */
export function writeEnvironmentManifest(app: App, outdir: string): string {
  writeFileSync(join(outdir, ENVIRONMENT_MANIFEST_FILE), `${JSON.stringify(buildEnvironmentManifest(app), null, 2)}\n`);
  return ENVIRONMENT_MANIFEST_FILE;
}

function kubernetesStackOf(app: App, name: string): TerraformStack[] {
  const found = app.node.tryFindChild(`env-${name}-k8s`);
  return found && TerraformStack.isStack(found) ? [found] : [];
}

function manifestStack(stack: TerraformStack, kind: ManifestStack["kind"]): ManifestStack {
  const aspect = policyAspectOf(stack);
  const policy = policyConfigOf(aspect?.options ?? {}).toData();
  const custom = new Set(policy.customRules);
  const findings = lastPolicyReport(stack)?.findings ?? [];
  return {
    name: stack.node.id,
    kind,
    file: relative(".", join("stacks", stack.node.id, "cdk.tf.json")),
    policy,
    waivers: recordedMetadataOf(stack).waivers,
    synthFindings: findings.filter((f) => custom.has(f.ruleId)),
  };
}
