import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CheckOptions, EXIT, runCheck } from "../../../controller/cli/commands/check";
import { CommandContext, FileSystem, NODE_FS } from "../../../controller/cli/io";
import { main } from "../../../controller/cli/main";
import { compliantTags, NOW, tfJson } from "../../policies/helpers";

const SECURE_BUCKET = {
  aws_s3_bucket: { data: { bucket: "data" }, logs: { bucket: "logs" } },
  aws_s3_bucket_server_side_encryption_configuration: {
    data: { bucket: "${aws_s3_bucket.data.id}", rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: "aws:kms" }] }] },
    logs: { bucket: "${aws_s3_bucket.logs.id}", rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: "AES256" }] }] },
  },
  aws_s3_bucket_versioning: {
    data: { bucket: "${aws_s3_bucket.data.id}", versioning_configuration: [{ status: "Enabled" }] },
    logs: { bucket: "${aws_s3_bucket.logs.id}", versioning_configuration: [{ status: "Enabled" }] },
  },
  aws_s3_bucket_public_access_block: {
    data: { bucket: "${aws_s3_bucket.data.id}", block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true },
    logs: { bucket: "${aws_s3_bucket.logs.id}", block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true },
  },
  aws_s3_bucket_logging: { data: { bucket: "${aws_s3_bucket.data.id}", target_bucket: "${aws_s3_bucket.logs.id}" } },
};
/** A private, encrypted bucket without versioning: a warning below staging, an error in staging and prod. */
const UNVERSIONED_BUCKET = {
  aws_s3_bucket: { data: { bucket: "data" } },
  aws_s3_bucket_server_side_encryption_configuration: { data: SECURE_BUCKET.aws_s3_bucket_server_side_encryption_configuration.data },
  aws_s3_bucket_public_access_block: { data: SECURE_BUCKET.aws_s3_bucket_public_access_block.data },
};
const OPEN_SSH = { aws_security_group: { ssh: { ingress: [{ from_port: 22, to_port: 22, protocol: "tcp", cidr_blocks: ["0.0.0.0/0"] }] } } };

/** A JSON report of an earlier run: --out may replace it. */
const PREVIOUS_REPORT = '{\n  "findings": [],\n  "summary": { "errors": 0 }\n}\n';

let dir: string;
let out: string[];
let err: string[];

function context(overrides: Partial<CommandContext> = {}): CommandContext {
  return { cwd: dir, now: () => NOW, stdout: (t) => out.push(t), stderr: (t) => err.push(t), stdoutIsTty: false, env: {}, ...overrides };
}

function check(options: CheckOptions, overrides: Partial<CommandContext> = {}): number {
  return runCheck(options, context(overrides)).exitCode;
}

function write(path: string, json: unknown): void {
  mkdirSync(resolve(dir, path, ".."), { recursive: true });
  writeFileSync(resolve(dir, path), typeof json === "string" ? json : JSON.stringify(json));
}

function synth(stacks: Record<string, unknown>, manifest = true): void {
  for (const [name, json] of Object.entries(stacks)) write(`cdktf.out/stacks/${name}/cdk.tf.json`, json);
  if (manifest) {
    const entries = Object.fromEntries(Object.keys(stacks).map((name) => [name, { name, synthesizedStackPath: `stacks/${name}/cdk.tf.json`, workingDirectory: `stacks/${name}` }]));
    write("cdktf.out/manifest.json", { version: "0.21.0", stacks: entries });
  }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "envctl-check-"));
  out = [];
  err = [];
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("envctl check over cdktf.out", () => {
  it("exits 0 for compliant stacks listed in manifest.json", () => {
    synth({ "env-prod": tfJson(SECURE_BUCKET, { tier: "prod" }), "env-dev": tfJson(SECURE_BUCKET, { tier: "dev" }) });
    expect(check({})).toBe(EXIT.ok);
    expect(out.join("")).toContain("PASSED: 0 errors");
    expect(err).toEqual([]);
  });

  it("exits 1 when a stack has unwaived errors", () => {
    synth({ "env-prod": tfJson(OPEN_SSH, { tier: "prod" }) });
    expect(check({})).toBe(EXIT.findings);
    expect(out.join("")).toContain("ENV-NET-001");
  });

  it("exits 0 when the only error is waived", () => {
    synth({ "env-prod": tfJson(OPEN_SSH, { tier: "prod" }) });
    write("waivers.json", [{ ruleId: "ENV-NET-001", resource: "aws_security_group.ssh", reason: "Bastion during migration", ticket: "NET-4", expires: "2026-02-01" }]);
    expect(check({ waivers: "waivers.json" })).toBe(EXIT.ok);
  });

  it("rejects an output without manifest.json: an incomplete synth is never reported as passed", () => {
    synth({ "env-a": tfJson(OPEN_SSH, { tier: "prod" }) }, false);
    expect(check({ format: "json" })).toBe(EXIT.badInput);
    expect(err.join("")).toMatch(/cdktf\.out: no manifest\.json, so this is not a complete cdktf output/);
  });

  it("rejects a stack directory that manifest.json does not name, instead of leaving it unchecked", () => {
    synth({ "env-a": tfJson(SECURE_BUCKET, { tier: "prod" }) });
    write("cdktf.out/stacks/env-stray/cdk.tf.json", tfJson(OPEN_SSH, { tier: "prod" }));
    expect(check({})).toBe(EXIT.badInput);
    expect(err.join("")).toMatch(/stack directory stacks\/env-stray is not in manifest\.json, so it would go unchecked/);
  });

  it("checks only the stack named by --stack", () => {
    synth({ "env-a": tfJson(OPEN_SSH, { tier: "prod" }), "env-b": tfJson(SECURE_BUCKET, { tier: "prod" }) });
    expect(check({ stack: "env-b" })).toBe(EXIT.ok);
  });

  it("takes the tier from the stack's tier tag, and refuses a --tier the stack does not record (the recorded tier wins)", () => {
    synth({ "env-dev": tfJson(UNVERSIONED_BUCKET, { tier: "dev" }) });
    expect(check({})).toBe(EXIT.ok);
    expect(check({ tier: "prod" })).toBe(EXIT.badInput);
    expect(err.join("")).toContain("--tier prod, but its resources record tier dev (the provider's default tag or the namespace's label); a stack is judged as the tier it records. Drop --tier, or pass --tier dev.");
  });

  it("refuses to judge a prod stack by dev's rules (--tier dev), and a file tagged prod likewise; a file without --tier is judged as prod", () => {
    synth({ "env-prod": tfJson(OPEN_SSH, { tier: "prod" }) });
    expect(check({ tier: "dev" })).toBe(EXIT.badInput);
    const file = join(dir, "prod.tf.json");
    writeFileSync(file, JSON.stringify(tfJson(UNVERSIONED_BUCKET, { tier: "prod" })));
    expect(check({ file, tier: "dev" })).toBe(EXIT.badInput);
    writeFileSync(file, JSON.stringify(tfJson(UNVERSIONED_BUCKET, { tier: "dev" })));
    expect(check({ file })).toBe(EXIT.findings);
  });
});

describe("envctl check colors", () => {
  it.each([
    [true, {}, true],
    [true, { NO_COLOR: "1" }, false],
    [false, {}, false],
  ] as const)("uses colors when stdout is a TTY (%s) and NO_COLOR is unset (%j): %s", (tty, env, colored) => {
    synth({ "env-prod": tfJson(OPEN_SSH, { tier: "prod" }) });
    check({}, { stdoutIsTty: tty, env });
    expect(/\u001b\[/.test(out.join(""))).toBe(colored);
  });
});

describe("envctl check --file", () => {
  it("checks one configuration JSON, defaulting to prod without a tier tag", () => {
    write("main.tf.json", { resource: OPEN_SSH, provider: { aws: { default_tags: { tags: { ...compliantTags("prod"), tier: undefined } } } } });
    expect(check({ file: "main.tf.json", format: "json" })).toBe(EXIT.findings);
    expect(JSON.parse(out.join("")).findings[0]).toMatchObject({ stack: "main", severity: "error" });
  });

  it("names a cdk.tf.json after its stack directory", () => {
    synth({ "env-prod": tfJson(OPEN_SSH, { tier: "prod" }) }, false);
    expect(check({ file: "cdktf.out/stacks/env-prod/cdk.tf.json", format: "json" })).toBe(EXIT.findings);
    expect(JSON.parse(out.join("")).findings[0].stack).toBe("env-prod");
  });

  it("judges a file as prod without --tier, even when its tags say dev", () => {
    write("dev.tf.json", tfJson(UNVERSIONED_BUCKET, { tier: "dev" }));
    expect(check({ file: "dev.tf.json", format: "json" })).toBe(EXIT.findings);
    expect(JSON.parse(out.join("")).findings[0].severity).toBe("error");
    out.length = 0;
    expect(check({ file: "dev.tf.json", tier: "dev", format: "json" })).toBe(EXIT.ok);
    expect(JSON.parse(out.join("")).findings[0].severity).toBe("warning");
  });

  it("checks a plan JSON", () => {
    write("plan.json", {
      format_version: "1.2",
      planned_values: { root_module: { resources: [{ address: "aws_security_group.ssh", mode: "managed", type: "aws_security_group", name: "ssh", values: { ...OPEN_SSH.aws_security_group.ssh, tags_all: compliantTags("prod") } }] } },
      configuration: { root_module: { resources: [] } },
    });
    expect(check({ file: "plan.json", tier: "prod" })).toBe(EXIT.findings);
  });
});

describe("envctl check --out", () => {
  it("writes the report atomically and leaves no temporary file", () => {
    synth({ "env-prod": tfJson(OPEN_SSH, { tier: "prod" }) });
    expect(check({ format: "sarif", out: "check.sarif" })).toBe(EXIT.findings);
    expect(JSON.parse(readFileSync(join(dir, "check.sarif"), "utf8")).version).toBe("2.1.0");
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(out.join("")).toContain("Wrote sarif report to check.sarif");
  });

  it("renames over an existing report only once the new one is complete", () => {
    synth({ "env-prod": tfJson(SECURE_BUCKET, { tier: "prod" }) });
    write("report.json", PREVIOUS_REPORT);
    const calls: string[] = [];
    const fs: FileSystem = { ...NODE_FS, writeFileSync: (p, d) => (calls.push(`write ${p.endsWith(".tmp") ? "tmp" : p}`), NODE_FS.writeFileSync(p, d)), renameSync: (a, b) => (calls.push("rename"), NODE_FS.renameSync(a, b)) };
    expect(check({ format: "json", out: "report.json" }, { fs })).toBe(EXIT.ok);
    expect(calls).toEqual(["write tmp", "rename"]);
    expect(JSON.parse(readFileSync(join(dir, "report.json"), "utf8")).summary.errors).toBe(0);
  });

  it("keeps the previous report and removes the temporary file when the rename fails", () => {
    synth({ "env-prod": tfJson(SECURE_BUCKET, { tier: "prod" }) });
    write("report.json", PREVIOUS_REPORT);
    const fs: FileSystem = { ...NODE_FS, renameSync: () => { throw new Error("EXDEV: cross-device link"); } };
    expect(check({ format: "json", out: "report.json" }, { fs })).toBe(EXIT.output);
    expect(readFileSync(join(dir, "report.json"), "utf8")).toBe(PREVIOUS_REPORT);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(err.join("")).toContain("EXDEV");
  });
});

describe("envctl check bad input (exit 2)", () => {
  it("rejects an --out path in a missing directory, writing nothing", () => {
    synth({ "env-prod": tfJson(SECURE_BUCKET) });
    expect(check({ format: "json", out: "no/such/dir/report.json" })).toBe(EXIT.badInput);
    expect(err.join("")).toMatch(/--out no\/such\/dir\/report\.json: cannot write the report \(ENOENT/);
    expect(readdirSync(dir).sort()).toEqual(["cdktf.out"]);
  });

  it.each<[string, CheckOptions, () => void, RegExp]>([
    ["rejects an unknown format", { format: "xml" }, () => synth({ "env-prod": tfJson(SECURE_BUCKET) }), /--format "xml" is not a report format\. Allowed: text, json, sarif, junit, markdown, csv/],
    ["rejects an unknown tier", { tier: "qa" }, () => synth({ "env-prod": tfJson(SECURE_BUCKET) }), /--tier "qa" is not a tier\. Allowed: preview, dev, test, staging, prod/],
    ["rejects an unknown stack", { stack: "env-nope" }, () => synth({ "env-prod": tfJson(SECURE_BUCKET) }), /--stack "env-nope": no such stack in cdktf\.out\. Stacks found: env-prod/],
    ["rejects a missing cdktf.out", {}, () => undefined, /cdktf\.out: no such directory\. Run `cdktf synth` first/],
    ["rejects an unreadable file", { file: "missing.json" }, () => undefined, /--file missing\.json: cannot read it \(no such file\)/],
    ["rejects invalid JSON", { file: "bad.json" }, () => write("bad.json", "{ nope"), /bad\.json: not valid JSON/],
    ["rejects JSON that is neither configuration nor plan", { file: "other.json" }, () => write("other.json", { name: "x" }), /other\.json: not Terraform JSON\. Found a JSON object with keys name/],
    ["rejects an invalid waivers file", { waivers: "w.json" }, () => { synth({ "env-prod": tfJson(SECURE_BUCKET) }); write("w.json", [{ ruleId: "ENV-NET-001" }]); }, /waivers file w\.json: .*waiver 0 \(reason\): reason is missing/s],
  ])("%s", (_name, options, given, message) => {
    given();
    expect(check({ ...options, out: "report.txt" })).toBe(EXIT.badInput);
    expect(err.join("")).toMatch(message);
    expect(readdirSync(dir)).not.toContain("report.txt");
  });
});

describe("envctl main (commander layer)", () => {
  it("maps an unknown option to exit 2", async () => {
    expect(await main(["check", "--bogus"], context())).toBe(EXIT.badInput);
    expect(err.join("")).toContain("unknown option '--bogus'");
  });

  it("passes flags through to the check", async () => {
    synth({ "env-prod": tfJson(OPEN_SSH, { tier: "prod" }) });
    expect(await main(["check", "--format", "csv"], context())).toBe(EXIT.findings);
    expect(out.join("")).toMatch(/^ruleId,category,severity/);
  });
});

describe("envctl as a process", () => {
  const run = (args: string[]) =>
    spawnSync(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), resolve(__dirname, "../../../controller/cli/main.ts"), ...args], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1", TS_NODE_PROJECT: resolve(__dirname, "../../../tsconfig.json") },
    });

  it("exits 1 with findings and 2 on bad input", () => {
    synth({ "env-prod": tfJson(OPEN_SSH, { tier: "prod" }) });
    const findings = run(["check", "--format", "json"]);
    expect(findings.stderr).toBe("");
    expect(findings.status).toBe(1);
    expect(JSON.parse(findings.stdout).summary.errors).toBeGreaterThan(0);
    const bad = run(["check", "--format", "xml"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--format "xml" is not a report format');
  }, 60_000);
});

describe("envctl check judges what Terraform loads from a stack's directory, not only cdk.tf.json", () => {
  it("judges another *.tf.json file in the directory (an open security group beside a clean stack)", () => {
    synth({ "env-prod": tfJson(SECURE_BUCKET, { tier: "prod" }) });
    expect(check({})).toBe(EXIT.ok);
    write("cdktf.out/stacks/env-prod/open.tf.json", { resource: OPEN_SSH });
    out = [];
    expect(check({ format: "json" })).toBe(EXIT.findings);
    const report = JSON.parse(out.join(""));
    expect(report.findings.map((f: { resource: string }) => f.resource)).toContain("aws_security_group.ssh");
  });

  it("applies an override file as Terraform does: its arguments replace the original's", () => {
    synth({ "env-prod": tfJson(SECURE_BUCKET, { tier: "prod" }) });
    write("cdktf.out/stacks/env-prod/x_override.tf.json", { resource: { aws_s3_bucket_public_access_block: { data: { block_public_acls: false, ignore_public_acls: false } } } });
    expect(check({ format: "json" })).toBe(EXIT.findings);
    const report = JSON.parse(out.join(""));
    expect(report.findings.filter((f: { severity: string; waived: boolean }) => f.severity === "error" && !f.waived).map((f: { ruleId: string; resource: string }) => `${f.ruleId} ${f.resource}`)).toContain("ENV-PUB-004 aws_s3_bucket.data");
  });

  it("refuses (exit 2) a directory with an HCL file Terraform would load, naming it, and one that declares a resource twice", () => {
    synth({ "env-prod": tfJson(SECURE_BUCKET, { tier: "prod" }) });
    write("cdktf.out/stacks/env-prod/main.tf", 'resource "aws_s3_bucket" "x" {}\n');
    expect(check({})).toBe(EXIT.badInput);
    expect(err.join("")).toContain("cdktf.out/stacks/env-prod/main.tf, which are HCL, and envctl reads Terraform's JSON syntax only");
    rmSync(join(dir, "cdktf.out/stacks/env-prod/main.tf"));
    write("cdktf.out/stacks/env-prod/again.tf.json", { resource: { aws_s3_bucket: { data: { bucket: "other" } } } });
    err = [];
    expect(check({})).toBe(EXIT.badInput);
    expect(err.join("")).toContain("aws_s3_bucket.data is also declared in cdktf.out/stacks/env-prod/cdk.tf.json (resource), which Terraform refuses");
  });

  it("reads the variable files Terraform loads (terraform.tfvars.json), and says which files it read", () => {
    synth({ "env-prod": tfJson({ ...SECURE_BUCKET, aws_security_group: { web: { ingress: [{ from_port: 22, to_port: 22, protocol: "tcp", cidr_blocks: ["${var.cidr}"] }] } } }, { tier: "prod" }) });
    write("cdktf.out/stacks/env-prod/variables.tf.json", { variable: { cidr: { type: "string", default: "10.0.0.0/8" } } });
    write("cdktf.out/stacks/env-prod/terraform.tfvars.json", { cidr: "0.0.0.0/0" });
    expect(check({})).toBe(EXIT.findings);
    expect(out.join("")).toContain("stack env-prod: Terraform also loads variables.tf.json, terraform.tfvars.json from its directory");
    expect(out.join("")).toMatch(/ENV-NET-001/);
  });

  it("applies variable files in Terraform's order: terraform.tfvars.json, then *.auto.tfvars.json by name; the last value wins", () => {
    const sshFromVariable = { aws_security_group: { web: { ingress: [{ from_port: 22, to_port: 22, protocol: "tcp", cidr_blocks: ["${var.cidr}"] }] } } };
    const openSsh = (): string[] => {
      out = [];
      expect(check({ format: "json" })).not.toBe(EXIT.badInput);
      return JSON.parse(out.join("")).findings.filter((f: { ruleId: string; severity: string }) => f.ruleId === "ENV-NET-001" && f.severity === "error").map((f: { resource: string }) => f.resource);
    };
    synth({ "env-prod": { ...tfJson(sshFromVariable, { tier: "prod" }), variable: { cidr: { type: "string", default: "10.0.0.0/8" } } } });
    write("cdktf.out/stacks/env-prod/terraform.tfvars.json", { cidr: "0.0.0.0/0" });
    write("cdktf.out/stacks/env-prod/a.auto.tfvars.json", { cidr: "192.168.0.0/16" });
    expect(openSsh()).toEqual([]);
    write("cdktf.out/stacks/env-prod/terraform.tfvars.json", { cidr: "192.168.0.0/16" });
    write("cdktf.out/stacks/env-prod/a.auto.tfvars.json", { cidr: "0.0.0.0/0" });
    expect(openSsh()).toEqual(["aws_security_group.web"]);
    write("cdktf.out/stacks/env-prod/b.auto.tfvars.json", { cidr: "172.16.0.0/12" });
    expect(openSsh()).toEqual([]);
  });

  it("skips what Terraform skips: hidden files, editor backups, directories named like configuration", () => {
    synth({ "env-prod": tfJson(SECURE_BUCKET, { tier: "prod" }) });
    write("cdktf.out/stacks/env-prod/.open.tf.json", { resource: OPEN_SSH });
    write("cdktf.out/stacks/env-prod/open.tf.json~", { resource: OPEN_SSH });
    write("cdktf.out/stacks/env-prod/#open.tf.json#", { resource: OPEN_SSH });
    mkdirSync(join(dir, "cdktf.out/stacks/env-prod/nested.tf.json"));
    expect(check({})).toBe(EXIT.ok);
    expect(out.join("")).not.toContain("Terraform also loads");
  });
});
