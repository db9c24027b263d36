import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, TerraformStack } from "cdktf";
import type { BackendSpec } from "../lib/environments/types";

/** Where the synthesized stack sits below the project root (cdktf.out/stacks/<stack>). */
const PROJECT_ROOT_FROM_STACK_DIR = "../../..";

/**
 * Gives `stack` its own state: a local file per environment, an S3 key per
 * environment with encryption and native S3 locking, or an HCP Terraform workspace.
 * Paths are relative, so that synthesizing on another machine gives the same files.
 */
export function configureBackend(stack: TerraformStack, environment: string, backend: BackendSpec, region: string): void {
  switch (backend.type) {
    case "local": {
      const directory = backend.directory ?? "terraform-state";
      const base = directory.startsWith("/") ? directory : `${PROJECT_ROOT_FROM_STACK_DIR}/${directory}`;
      new LocalBackend(stack, { path: `${base}/env-${environment}.tfstate` });
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
