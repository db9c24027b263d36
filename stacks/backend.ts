import { isAbsolute, relative, resolve, sep } from "node:path";
import { App, CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, TerraformStack } from "cdktf";
import type { BackendSpec } from "../lib/environments/types";

/**
 * Gives `stack` its own state: a local file per environment, an S3 key per
 * environment with encryption and native S3 locking, or an HCP Terraform workspace.
 * A local state's path is relative, from the stack's directory in the output
 * (`<outdir>/stacks/<stack>`) to the state directory of the project root (the
 * directory the app runs in), so that synthesizing on another machine, or into
 * another output directory of the project, gives a stack that finds the same state.
 */
export function configureBackend(stack: TerraformStack, environment: string, backend: BackendSpec, region: string): void {
  switch (backend.type) {
    case "local": {
      const directory = backend.directory ?? "terraform-state";
      new LocalBackend(stack, { path: `${localStateDirectory(stack, directory)}/env-${environment}.tfstate` });
      return;
    }
    case "s3":
      new S3Backend(stack, {
        bucket: backend.bucket,
        key: `${backend.keyPrefix ?? "envs"}/${environment}/terraform.tfstate`,
        region: backend.region ?? region,
        encrypt: true,
        kmsKeyId: backend.kmsKeyId,
      });
      // cdktf 0.21's S3Backend has no property for Terraform's native S3 locking.
      stack.addOverride("terraform.backend.s3.use_lockfile", true);
      return;
    case "hcp":
      new CloudBackend(stack, {
        organization: backend.organization,
        hostname: backend.hostname ?? "app.terraform.io",
        workspaces: new NamedCloudWorkspace(`${backend.workspacePrefix ?? "env-"}${environment}`),
      });
      return;
  }
}

/**
 * The state directory as seen from the stack's directory: relative to the
 * project root the app runs in when the output is inside the project
 * (`cdktf.out`, or another output such as the one envctl synthesizes a preview
 * into); for an output elsewhere, as if it were `<project>/cdktf.out`.
 */
function localStateDirectory(stack: TerraformStack, directory: string): string {
  if (isAbsolute(directory)) return directory;
  const root = resolve(".");
  const stackDir = resolve(App.of(stack).outdir, "stacks", stack.node.id);
  if (!stackDir.startsWith(`${root}${sep}`)) return `../../../${directory}`;
  return relative(stackDir, resolve(root, directory)).split(sep).join("/");
}
