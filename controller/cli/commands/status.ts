/**
 * `envctl status [ENV...]`: the health of deployed environments, read through
 * the AWS API with the standard AWS environment (credentials, region,
 * `AWS_ENDPOINT_URL`): every environment of the estate, a preview that
 * cdktf.out leaves out synthesized from its record. Exit codes: 0 healthy,
 * 1 unhealthy or missing, 2 bad input.
 */
import Table from "cli-table3";
import { EXIT, EnvkitInputError, isEnvkitError } from "../../../lib/core/errors";
import { checkStatus, type StatusOptions, type StatusReport } from "../../status/status";
import { terminalSafe } from "../../../lib/core/text";
import { CommandContext } from "../io";
import { progressFor } from "../progress";
import type { Tier } from "../../../lib/core/profile";
import type { AppRunner } from "../../lifecycle/materialize";
import { loadEstate, pickEstate, synthesizedEnvironments } from "./shared";

/** Flags of `envctl status`. */
export interface StatusFlags {
  /** @default "cdktf.out" */
  readonly dir?: string;
  /** @default "table" */
  readonly format?: string;
}

/** Runs the status of `names` (every environment of the manifest when empty). */
export async function runStatus(names: readonly string[], flags: StatusFlags, context: CommandContext, options: StatusOptions = {}, runApp?: AppRunner): Promise<number> {
  const progress = progressFor(context);
  try {
    const format = flags.format ?? "table";
    if (format !== "table" && format !== "json") throw new EnvkitInputError(`--format ${JSON.stringify(format)} is not a status format. Allowed: table, json.`);
    const estate = loadEstate(context, { dir: flags.dir }, context.now());
    const { synthesized, unavailable, dispose } = await synthesizedEnvironments(pickEstate(estate, names), estate, context, runApp);
    // What was synthesized for this status only is removed once it has been read.
    dispose();
    const checked = await checkStatus(
      [...synthesized.values()].map((e) => e.environment.resolved),
      {
        ...options,
        onProgress: (event) => {
          if (event.phase === "start") progress.start(event.environment, "checking through the AWS API");
          else if (event.status?.healthy) progress.succeed(event.environment, `healthy (${event.status.checks.length} checks)`);
          else progress.fail(event.environment, `unhealthy: ${event.status?.checks.filter((c) => !c.ok).length} of ${event.status?.checks.length} checks failed`);
        },
      }
    );
    // An environment known from its state alone cannot be checked against a spec: it is reported, never passed.
    const unknown = unavailable.map((u) => ({ name: u.name, tier: estate.live.find((e) => e.name === u.name)?.tier as Tier, healthy: false, checks: [{ component: "spec", resource: u.name, ok: false, detail: u.reason }] }));
    const report: StatusReport = { environments: [...checked.environments, ...unknown], healthy: checked.healthy && unknown.length === 0 };
    context.stdout(format === "json" ? `${JSON.stringify(report, null, 2)}\n` : renderStatus(report));
    return report.healthy ? EXIT.ok : EXIT.findings;
  } catch (error) {
    progress.stop();
    if (isEnvkitError(error)) {
      context.stderr(`envctl status: ${error.message}\n`);
      return error.exitCode;
    }
    context.stderr(`envctl status failed (a bug; please report it): ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.internal;
  }
}

/** A table of environments, then the failed checks of each unhealthy one. */
export function renderStatus(report: StatusReport): string {
  const table = new Table({ head: ["Environment", "Tier", "Health", "Checks"], style: { head: [], border: [] } });
  for (const env of report.environments) table.push([env.name, env.tier, env.healthy ? "healthy" : "UNHEALTHY", `${env.checks.filter((c) => c.ok).length}/${env.checks.length} passed`]);
  const lines = [table.toString()];
  for (const env of report.environments.filter((e) => !e.healthy)) {
    lines.push(`${env.name}:`);
    for (const check of env.checks.filter((c) => !c.ok)) lines.push(`  - ${check.component} ${terminalSafe(check.resource)}: ${terminalSafe(check.detail)}`);
  }
  lines.push(report.healthy ? "All environments are healthy." : "Some environments are unhealthy; see above.");
  return `${lines.join("\n")}\n`;
}
