import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TerraformRunner } from "../../controller/terraform/runner";

/**
 * Test harness only: fake credentials and skip flags that let the real AWS
 * provider plan with no network. Never used by the library.
 */
const OFFLINE_PROVIDER_OVERRIDE = {
  provider: {
    aws: {
      access_key: "AKIAFAKEFAKEFAKEFAKE",
      secret_key: "fake-secret-key-for-offline-plans",
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: true,
      skip_region_validation: true,
      // No account can be looked up offline, so the account guard is tested on its own (it refuses the unknown account).
      allowed_account_ids: null,
    },
  },
};

/** A stack copied into a scratch directory with the offline override and a local backend. */
export interface OfflineWorkdir {
  readonly dir: string;
  readonly runner: TerraformRunner;
  cleanup(): void;
}

/** Copies a synthesized `cdk.tf.json` into a scratch directory that Terraform can init and plan offline. */
export function offlineWorkdir(stackJson: object, runner = new TerraformRunner()): OfflineWorkdir {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "envkit-plan-"));
  const config = JSON.parse(JSON.stringify(stackJson));
  if (config.terraform?.backend) config.terraform.backend = { local: { path: path.join(dir, "terraform.tfstate") } };
  fs.writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify(config, null, 2));
  fs.writeFileSync(path.join(dir, "offline_override.tf.json"), JSON.stringify(OFFLINE_PROVIDER_OVERRIDE, null, 2));
  return { dir, runner, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The first line of `terraform version`; throws when Terraform cannot run, so tests fail loudly instead of skipping. */
export function terraformVersion(): string {
  const { execFileSync } = require("child_process") as typeof import("child_process");
  return execFileSync("terraform", ["version"], { env: { ...process.env, CHECKPOINT_DISABLE: "1" } }).toString().split("\n")[0];
}
