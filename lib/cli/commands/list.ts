/** `envctl list`: every environment with its tier, stacks, owner, lifecycle, expiry and time left, backend and last deploy. */
import { resolve } from "node:path";
import Table from "cli-table3";
import { EXIT } from "../../core/errors";
import { formatSpan, formatUtc } from "../../core/time";
import { inventoryOf } from "../../lifecycle/inventory";
import type { EnvironmentManifest } from "../../manifest/manifest";
import { CommandContext, NODE_FS } from "../io";
import { commandBody, LifecycleFlags, loadEnvironments, parseFormat, parseNow } from "./shared";

/** Flags of `envctl list`. */
export interface ListFlags extends LifecycleFlags {
  readonly now?: string;
}

/** Lists the environments of the manifest. */
export function runList(flags: ListFlags, context: CommandContext): Promise<number> {
  return commandBody("list", context, () => {
    const format = parseFormat(flags.format, ["table", "json"] as const);
    const now = parseNow(flags.now, context.now);
    const { manifest, store } = loadEnvironments(context, flags);
    const entries = inventoryOf(manifest, store.readAll(), now).map((e) => ({ ...e, lastDeploy: lastDeploy(context, manifest, e.name) }));
    if (format === "json") {
      const environments = entries.map((e) => ({ name: e.name, tier: e.tier, stacks: e.stacks.map((s) => s.name), owner: e.owner, lifecycle: e.lifecycle, expiresAt: e.expiresAt, expired: e.expired, backend: e.backend, lastDeploy: e.lastDeploy }));
      context.stdout(`${JSON.stringify({ environments }, null, 2)}\n`);
    } else {
      const table = new Table({ head: ["Environment", "Tier", "Stacks", "Owner", "Lifecycle", "Expires", "Left", "Backend", "Last deploy"], style: { head: [], border: [] } });
      for (const e of entries) {
        const left = e.hoursLeft === null ? "-" : e.expired ? `EXPIRED ${formatSpan(-e.hoursLeft)} ago` : formatSpan(e.hoursLeft);
        table.push([e.name, e.tier, e.stacks.map((s) => s.name).join("\n"), e.owner, e.lifecycle, e.expiresAt ?? "never", left, e.backend, e.lastDeploy ?? "unknown"]);
      }
      context.stdout(`${table.toString()}\n`);
    }
    return EXIT.ok;
  });
}

/** When the state of a local backend was last written; null when not known (remote backends, no state yet). */
function lastDeploy(context: CommandContext, manifest: EnvironmentManifest, name: string): string | null {
  const env = manifest.environments.find((e) => e.name === name);
  if (!env || env.backend.type !== "local") return null;
  const directory = (env.backend as { directory?: string }).directory ?? "terraform-state";
  const path = resolve(context.cwd, directory, `env-${name}.tfstate`);
  const fs = context.fs ?? NODE_FS;
  return fs.existsSync(path) ? formatUtc(fs.statSync(path).mtime) : null;
}
