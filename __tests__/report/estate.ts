/**
 * A project of the example organization with everything an estate report
 * reads: cdktf.out, a preview known only from its lifecycle record, release
 * ledgers (deploys, an approval, a promotion, a break glass), and saved
 * results of envctl status and drift. Names, identities and messages that
 * people and files supply are hostile: markup, quotes and control characters.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NODE_FS } from "../../lib/core/fs";
import { ledgerStore } from "../../lib/releases/ledger";
import { lifecycleStore } from "../../lib/lifecycle/records";
import { createEnvironmentApp } from "../../stacks/app";
import type { CommandContext } from "../../controller/cli/io";
import { buildProgram } from "../../controller/cli/main";
import { ENVIRONMENTS, ORGANIZATION, PREVIEWS } from "../../main";

export const NOW = new Date("2026-12-06T12:00:00Z");

/** Markup that would run a script if it reached a page unescaped; each sets a flag the browser test reads. */
export const HOSTILE = {
  deployer: `<script>window.__pwned = "deployer"</script>`,
  owner: `mallory"><img src=x onerror="window.__pwned='owner'">`,
  reason: `INC-9: it's "urgent" </td><script>window.__pwned='reason'</script>\u0007\u001b[31m`,
  detail: `bucket <b>gone</b> <svg onload="window.__pwned='detail'">`,
  address: `aws_s3_bucket.data"><script>window.__pwned='drift'</script>`,
} as const;

const digest = (c: string) => c.repeat(64);

/** Builds the project; returns its folder and the saved status and drift results. */
export function reportProject(options: { readonly only?: string } = {}): { dir: string; status: string; drift: string } {
  const dir = mkdtempSync(join(tmpdir(), "envkit-report-"));
  const state = join(dir, "terraform-state");
  createEnvironmentApp(ORGANIZATION, ENVIRONMENTS, {
    app: { outdir: join(dir, "cdktf.out") },
    previews: PREVIEWS,
    lifecycleDirectory: join(state, "lifecycle"),
    releaseDirectory: join(state, "releases"),
    env: options.only ? { ENVKIT_ONLY: options.only } : {},
    clock: () => NOW,
    policy: { clock: () => NOW },
  }).app.synth();
  // A preview CI created: only its record is here. Another, expired.
  const records = lifecycleStore(NODE_FS, dir, join(state, "lifecycle"));
  records.write({ environment: "pr-7", tier: "preview", createdAt: "2026-12-05T12:00:00Z", expiresAt: "2026-12-07T12:00:00Z", owner: HOSTILE.owner, cidr: "10.99.0.0/20" });
  records.write({ environment: "pr-3", tier: "preview", createdAt: "2026-12-01T12:00:00Z", expiresAt: "2026-12-03T12:00:00Z", owner: "alice" });
  const ledgers = ledgerStore(NODE_FS, dir, join(state, "releases"));
  const deploy = (release: string, by: string, at: string, extra: object = {}) => ({
    release,
    digest: digest(release.slice(4, 5)),
    revision: { commit: "0123456789abcdef0123", dirty: false },
    library: "0.1.0",
    deployedAt: at,
    deployedBy: by,
    stacks: [],
    ...extra,
  });
  ledgers.write({ environment: "dev", deployments: [deploy("rel-aaaaaaaaaaaa", HOSTILE.deployer, "2026-12-05T09:00:00Z", { healthyAt: "2026-12-05T09:05:00Z" })], approvals: [], promotions: [] });
  ledgers.write({ environment: "staging", deployments: [deploy("rel-bbbbbbbbbbbb", "ci-bot", "2026-12-04T09:00:00Z")], approvals: [{ release: "rel-bbbbbbbbbbbb", approver: "carol", at: "2026-12-05T10:00:00Z" }], promotions: [] });
  ledgers.write({
    environment: "prod",
    deployments: [deploy("rel-cccccccccccc", "oncall", "2026-12-03T09:00:00Z", { breakGlass: HOSTILE.reason })],
    approvals: [],
    promotions: [{ release: "rel-cccccccccccc", digest: digest("c"), from: "staging", by: "dave", at: "2026-12-02T09:00:00Z", approvers: ["carol", "erin"], rollback: false }],
    breakGlass: [{ release: "rel-cccccccccccc", reason: HOSTILE.reason, by: "oncall", at: "2026-12-03T08:55:00Z" }],
  });
  const status = join(dir, "status.json");
  writeFileSync(
    status,
    JSON.stringify({
      environments: [
        { name: "dev", tier: "dev", healthy: true, checks: [{ component: "vpc", resource: "vpc-1", ok: true, detail: "present" }] },
        {
          name: "staging",
          tier: "staging",
          healthy: false,
          checks: [
            { component: "vpc", resource: "vpc-2", ok: true, detail: "present" },
            { component: "bucket", resource: "acme-staging-data", ok: false, detail: HOSTILE.detail },
          ],
        },
      ],
      healthy: false,
    })
  );
  const drift = join(dir, "drift.json");
  writeFileSync(
    drift,
    JSON.stringify({
      environments: [
        { name: "dev", tier: "dev", drifted: false, stacks: [{ stack: "env-dev", drifted: [], ignored: [], pending: [] }] },
        {
          name: "staging",
          tier: "staging",
          drifted: true,
          stacks: [
            {
              stack: "env-staging",
              drifted: [{ address: HOSTILE.address, type: "aws_s3_bucket", change: "update", attributes: [{ path: "tags.owner", before: "a", after: "b" }] }],
              ignored: [],
              pending: [{ address: "aws_sqs_queue.q", actions: ["update"] }],
            },
          ],
        },
        { name: "prod", tier: "prod", drifted: false, stacks: [], error: "terraform plan failed: AccessDenied" },
      ],
    })
  );
  mkdirSync(join(dir, "site-parent"), { recursive: true });
  return { dir, status, drift };
}

/** `envctl <args>` in `dir`, in this process, at NOW. */
export async function envctl(dir: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: "", stderr: "" };
  let code = 0;
  const context: CommandContext = { cwd: dir, now: () => NOW, stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t), stdoutIsTty: false, env: {} };
  const program = buildProgram(context, (c) => (code = c));
  program.exitOverride();
  await program.parseAsync([...args], { from: "user" }).catch(() => (code = 2));
  return { code, ...out };
}
