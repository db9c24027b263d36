/**
 * Issue 17, class 2, fuzzed: a stack directory holding any mix of the files
 * Terraform loads (JSON and HCL configuration, override files, variable
 * files) and the files it skips. `envctl check` never crashes, never passes a
 * directory with a file it did not read, and judges what Terraform applies.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as fc from "fast-check";
import { EXIT, runCheck } from "../../controller/cli/commands/check";
import { terraformLoads } from "../../controller/checks/directory-config";
import { NOW, tfJson } from "../policies/helpers";

const SEED = 20261206;
const STACK = "cdktf.out/stacks/env-prod";

/** A clean prod stack: a private bucket, and a security group open to the VPC only on SSH. */
const BASE = tfJson(
  {
    aws_security_group: { web: { name: "web", description: "web", ingress: [{ protocol: "tcp", from_port: 22, to_port: 22, cidr_blocks: ["${var.ssh_from}"] }] } },
  },
  { tier: "prod" },
);
const BASE_WITH_VARIABLE = { ...BASE, variable: { ssh_from: { type: "string", default: "10.0.0.0/8" } } };

/** What a file may hold, and what it does to the configuration Terraform applies. */
const CONTENTS = {
  /** A new security group open to the internet on SSH: an error wherever Terraform loads it as configuration. */
  openGroup: (n: number) => ({ text: JSON.stringify({ resource: { aws_security_group: { [`open${n}`]: { name: `open${n}`, description: "x", ingress: [{ protocol: "tcp", from_port: 22, to_port: 22, cidr_blocks: ["0.0.0.0/0"] }] } } } }), opens: "configuration" as const }),
  /** An override that opens the base group to the internet. */
  overrideOpen: () => ({ text: JSON.stringify({ resource: { aws_security_group: { web: { ingress: [{ protocol: "tcp", from_port: 22, to_port: 22, cidr_blocks: ["0.0.0.0/0"] }] } } } }), opens: "override" as const }),
  /** A variable value that opens the base group. */
  openValue: () => ({ text: JSON.stringify({ ssh_from: "0.0.0.0/0" }), opens: "variables" as const }),
  /** A variable value that keeps it closed. */
  closedValue: () => ({ text: JSON.stringify({ ssh_from: "192.168.0.0/16" }), opens: "nothing" as const }),
  /** An empty configuration. */
  empty: () => ({ text: "{}", opens: "nothing" as const }),
  /** HCL. */
  hcl: () => ({ text: 'resource "aws_security_group" "h" {\n  ingress { cidr_blocks = ["0.0.0.0/0"] }\n}\n', opens: "configuration" as const }),
  /** Not JSON at all. */
  broken: () => ({ text: '{"resource": ', opens: "nothing" as const }),
};
type ContentName = keyof typeof CONTENTS;

const NAMES = [
  "open.tf.json",
  "network.tf.json",
  "x_override.tf.json",
  "override.tf.json",
  "main.tf",
  "terraform.tfvars.json",
  "prod.auto.tfvars.json",
  "terraform.tfvars",
  ".hidden.tf.json",
  "open.tf.json~",
  "#open.tf.json#",
  "notes.txt",
  "plan.tfvars.json",
  "backup.tf.json.bak",
];

const fileArbitrary = fc.record({ name: fc.constantFrom(...NAMES), content: fc.constantFrom(...(Object.keys(CONTENTS) as ContentName[])), directory: fc.boolean() });

describe("fuzz: envctl check over stack directories", () => {
  const seen = { tried: 0, refused: 0, findings: 0, passed: 0 };
  afterAll(() => {
    // The counts go into the hardening closing note; every outcome was reached.
    expect(seen.refused).toBeGreaterThan(0);
    expect(seen.findings).toBeGreaterThan(0);
    expect(seen.passed).toBeGreaterThan(0);
  });

  it("never crashes, never passes what it did not read, and finds what Terraform would apply", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fileArbitrary, { selector: (f) => f.name, maxLength: 5 }), fc.boolean(), (files, declareVariable) => {
        const dir = mkdtempSync(join(tmpdir(), "envkit-dirfuzz-"));
        try {
          const stack = join(dir, STACK);
          mkdirSync(stack, { recursive: true });
          writeFileSync(join(stack, "cdk.tf.json"), JSON.stringify(declareVariable ? BASE_WITH_VARIABLE : BASE));
          writeFileSync(join(dir, "cdktf.out/manifest.json"), JSON.stringify({ version: "0.21.0", stacks: { "env-prod": { name: "env-prod", synthesizedStackPath: "stacks/env-prod/cdk.tf.json", workingDirectory: "stacks/env-prod" } } }));
          const written = files.map((f, n) => ({ ...f, ...CONTENTS[f.content](n) }));
          for (const f of written) {
            if (f.directory) mkdirSync(join(stack, f.name));
            else writeFileSync(join(stack, f.name), f.text);
          }
          const out: string[] = [];
          const err: string[] = [];
          const { exitCode } = runCheck({ format: "json" }, { cwd: dir, now: () => NOW, stdout: (t) => out.push(t), stderr: (t) => err.push(t), stdoutIsTty: false, env: {} });
          seen.tried++;

          // What Terraform loads: files (not directories) of the names it reads.
          const loaded = written.filter((f) => !f.directory && terraformLoads(f.name));
          const isVariableFile = (name: string) => /tfvars(\.json)?$/.test(name);
          const isOverride = (name: string) => /^(override|.+_override)\.tf\.json$/.test(name);
          const hcl = loaded.filter((f) => /\.tf$|\.tfvars$/.test(f.name));
          const broken = loaded.filter((f) => !hcl.includes(f) && f.content === "broken");
          expect([EXIT.ok, EXIT.findings, EXIT.badInput]).toContain(exitCode);

          if (hcl.length > 0) {
            expect(exitCode).toBe(EXIT.badInput);
            expect(err.join("")).toMatch(new RegExp(`${hcl.map((f) => f.name.replace(/[.]/g, "\\.")).join("|")}`));
          }
          if (broken.length > 0) expect(exitCode).toBe(EXIT.badInput);
          if (exitCode === EXIT.badInput) {
            // A refusal names a file and writes no report.
            expect(err.join("")).toMatch(/env-prod|tf\.json|tfvars|cdk\.tf\.json/);
            expect(out.join("")).toBe("");
            seen.refused++;
            return;
          }
          const report = JSON.parse(out.join("")) as { findings: { ruleId: string; resource: string; severity: string }[] };
          const open = report.findings.filter((f) => f.ruleId === "ENV-NET-001" && f.severity === "error").map((f) => f.resource);
          // Terraform's view: a new group opens; an override opens the base group; a variable file opens it when the variable is declared and no override closes it.
          // No override closes the group, so one that opens it decides; otherwise the last value of the variable does (terraform.tfvars.json, then *.auto.tfvars.json by name).
          const openedByOverride = loaded.some((f) => isOverride(f.name) && f.content === "overrideOpen");
          const variableFiles = loaded.filter((f) => isVariableFile(f.name)).sort((a, b) => Number(!a.name.startsWith("terraform.")) - Number(!b.name.startsWith("terraform.")) || (a.name < b.name ? -1 : 1));
          const lastValue = [...variableFiles].reverse().find((f) => f.content === "openValue" || f.content === "closedValue");
          const baseOpen = openedByOverride || (declareVariable && lastValue?.content === "openValue");
          const newGroups = loaded.filter((f) => !isVariableFile(f.name) && !isOverride(f.name) && f.content === "openGroup");
          expect(open.sort()).toEqual([...(baseOpen ? ["aws_security_group.web"] : []), ...newGroups.map((f) => `aws_security_group.open${written.indexOf(f)}`)].sort());
          if (exitCode === EXIT.ok) seen.passed++;
          else seen.findings++;
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { seed: SEED, numRuns: 400 },
    );
  });
});
