import * as fs from "fs";
import * as path from "path";

/** Environment variable naming a Terraform provider mirror directory (for offline machines). */
export const PROVIDER_MIRROR_VARIABLE = "TF_PROVIDER_MIRROR";

/**
 * Lists the providers a filesystem mirror holds, as `hostname/namespace/type`,
 * from its unpacked layout (`<hostname>/<namespace>/<type>/<version>/<os_arch>`).
 */
export function mirroredProviders(mirror: string): string[] {
  const providers: string[] = [];
  for (const host of readDirs(mirror)) {
    for (const namespace of readDirs(path.join(mirror, host))) {
      for (const type of readDirs(path.join(mirror, host, namespace))) providers.push(`${host}/${namespace}/${type}`);
    }
  }
  return providers.sort();
}

/**
 * The text of a Terraform CLI configuration that installs the mirror's
 * providers from the mirror and nothing else from the network.
 */
export function offlineCliConfig(mirror: string): string {
  const providers = mirroredProviders(mirror);
  if (providers.length === 0) {
    throw new Error(`${PROVIDER_MIRROR_VARIABLE}=${mirror} holds no providers; expected <hostname>/<namespace>/<type>/<version>/<os_arch>/ directories`);
  }
  const list = providers.map((p) => JSON.stringify(p)).join(", ");
  return ["provider_installation {", "  filesystem_mirror {", `    path    = ${JSON.stringify(path.resolve(mirror))}`, `    include = [${list}]`, "  }", "  direct {", `    exclude = [${list}]`, "  }", "}", ""].join("\n");
}

/**
 * Writes the offline CLI configuration into `directory` when `TF_PROVIDER_MIRROR`
 * is set and returns its path; returns undefined otherwise, so that Terraform
 * runs with the user's own configuration.
 */
export function writeCliConfig(directory: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const mirror = env[PROVIDER_MIRROR_VARIABLE];
  if (!mirror) return undefined;
  if (!fs.existsSync(mirror)) throw new Error(`${PROVIDER_MIRROR_VARIABLE}=${mirror} does not exist; point it at a provider mirror directory or unset it`);
  fs.mkdirSync(directory, { recursive: true });
  const file = path.join(directory, "terraform-offline.tfrc");
  fs.writeFileSync(file, offlineCliConfig(mirror));
  return file;
}

function readDirs(dir: string): string[] {
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
    : [];
}
