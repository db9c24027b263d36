import { EXIT } from "../../lib/core/errors";
import { OPEN_BUCKET, PROVIDER, workspace } from "./helpers";

/**
 * The gate reads everything Terraform would plan, and never reports PASSED
 * for what it did not read. Each case failed before: the forms below were
 * read as "0 resources, PASSED", or lost a block.
 */
describe("envctl check reads every form of Terraform's JSON syntax", () => {
  const fired = (outcome: ReturnType<ReturnType<typeof workspace>["check"]>) => outcome.report!.findings.filter((f) => !f.waived).map((f) => `${f.ruleId} ${f.resource}`);

  it("reads a resource section written as an array of objects", () => {
    const w = workspace();
    w.write("a.tf.json", { provider: PROVIDER, resource: [{ aws_s3_bucket: { open: OPEN_BUCKET } }] });
    const outcome = w.check({ file: "a.tf.json", format: "json" });
    expect(outcome.exitCode).toBe(EXIT.findings);
    expect(fired(outcome)).toContain("ENV-PUB-004 aws_s3_bucket.open");
  });

  it("reads a key the document repeats: both resource sections are judged, as Terraform plans both", () => {
    const w = workspace();
    w.write("dup.tf.json", `{"provider": ${JSON.stringify(PROVIDER)}, "resource": {"aws_s3_bucket": {"open": {"bucket": "open-bucket"}}}, "resource": {"aws_sns_topic": {"t": {"kms_master_key_id": "alias/x"}}}}`);
    const outcome = w.check({ file: "dup.tf.json", format: "json" });
    expect(outcome.report!.summary.resources).toBe(2);
    expect(fired(outcome)).toContain("ENV-PUB-004 aws_s3_bucket.open");
  });

  it("reads a type written as an array of name maps, and a body written as an array", () => {
    const w = workspace();
    w.write("forms.tf.json", { provider: [PROVIDER], resource: { aws_s3_bucket: [{ a: OPEN_BUCKET }, { b: [OPEN_BUCKET] }] } });
    const outcome = w.check({ file: "forms.tf.json", format: "json" });
    expect(outcome.report!.summary.resources).toBe(2);
    expect(fired(outcome).filter((f) => f.startsWith("ENV-PUB-004"))).toEqual(["ENV-PUB-004 aws_s3_bucket.a", "ENV-PUB-004 aws_s3_bucket.b"]);
  });

  it("refuses a resource that sets an argument twice (Terraform refuses it too), naming it", () => {
    const w = workspace();
    w.write("twice.tf.json", `{"provider": ${JSON.stringify(PROVIDER)}, "resource": {"aws_s3_bucket_acl": {"a": {"bucket": "b", "acl": "private", "acl": "public-read"}}}}`);
    expect(w.check({ file: "twice.tf.json" }).exitCode).toBe(EXIT.badInput);
    expect(w.err.join("")).toContain('aws_s3_bucket_acl.a sets "acl" more than once; Terraform refuses a duplicate argument');
  });

  it("judges a state from `terraform show -json` (deployed values)", () => {
    const w = workspace();
    w.write("state.json", {
      format_version: "1.0",
      terraform_version: "1.11.4",
      values: { root_module: { resources: [{ address: "aws_s3_bucket.open", mode: "managed", type: "aws_s3_bucket", name: "open", values: { bucket: "open-bucket", tags_all: PROVIDER.aws.default_tags.tags } }] } },
    });
    const outcome = w.check({ file: "state.json", format: "json" });
    expect(fired(outcome)).toContain("ENV-PUB-004 aws_s3_bucket.open");
  });
});

describe("envctl check never reports PASSED for what it did not read", () => {
  it.each([
    ["an empty file", "", /the file is empty, so there is nothing to judge/],
    ["configuration JSON without resources", { terraform: { required_version: ">= 1.5" } }, /read 0 data source\(s\) and no resource .* refused rather than reported as passed/],
    ["configuration JSON whose resources are all in modules", { module: { network: { source: "./network" } } }, /Its resources are in modules \(network\): check a plan instead/],
    ["a plan of an unknown format version", { format_version: "2.0", planned_values: { root_module: {} } }, /format_version "2.0" is not a version .* refused rather than half-read/],
    ["JSON with format_version that is neither a plan nor a state", { format_version: "1.0", provider_schemas: {} }, /neither a plan \(with "planned_values"\) nor a state/],
    ["a plan that plans nothing", { format_version: "1.2", planned_values: { root_module: {} } }, /no resource .* refused rather than reported as passed/],
    ["JSON that is not Terraform's", { name: "x" }, /not Terraform JSON/],
  ])("refuses %s with exit 2 and writes no report", (_name, content, message) => {
    const w = workspace();
    w.write("input.json", content);
    expect(w.check({ file: "input.json", out: "report.json" }).exitCode).toBe(EXIT.badInput);
    expect(w.err.join("")).toMatch(message);
    expect(w.out.join("")).not.toContain("PASSED");
  });

  it("says which module calls it did not read, beside the resources it did", () => {
    const w = workspace();
    w.write("mixed.tf.json", { provider: PROVIDER, module: { network: { source: "./network" } }, resource: { aws_sns_topic: { t: { kms_master_key_id: "alias/x" } } } });
    const outcome = w.check({ file: "mixed.tf.json" });
    expect(w.out.join("")).toContain("calls module(s) network, whose resources are in other files and were not judged");
    expect(outcome.report!.notes).toHaveLength(1);
  });

  it("says in every summary how many resources of how many files were judged", () => {
    const w = workspace();
    w.write("one.tf.json", { provider: PROVIDER, resource: { aws_sns_topic: { t: { kms_master_key_id: "alias/x" } } } });
    w.check({ file: "one.tf.json" });
    expect(w.out.join("")).toMatch(/PASSED: 0 errors, 0 warnings, 0 waived — 1 resource of 1 file checked against \d+ rules\./);
  });

  it("refuses nesting deeper than Terraform JSON ever goes, without a stack overflow", () => {
    const w = workspace();
    w.write("deep.json", `{"resource": ${"[".repeat(100_000)}${"]".repeat(100_000)}}`);
    expect(w.check({ file: "deep.json" }).exitCode).toBe(EXIT.badInput);
    expect(w.err.join("")).toMatch(/deep\.json: not valid JSON \(nesting deeper than 1000 levels at line 1, column \d+\)/);
  });

  it("refuses a 200 MB input with its size and the limit, before reading it", () => {
    const w = workspace();
    const file = w.write("huge.json", "");
    require("node:fs").truncateSync(file, 200 * 1024 * 1024);
    const before = process.memoryUsage().rss;
    expect(w.check({ file: "huge.json" }).exitCode).toBe(EXIT.badInput);
    expect(w.err.join("")).toMatch(/the file is 200 MiB; envctl reads files of at most 64 MiB, so that a check runs in bounded memory/);
    expect(process.memoryUsage().rss - before).toBeLessThan(50 * 1024 * 1024);
  });

  it("raises the limit with --max-input-mb, and refuses a malformed value", () => {
    const w = workspace();
    w.write("one.tf.json", { provider: PROVIDER, resource: { aws_sns_topic: { t: { kms_master_key_id: "alias/x" } } } });
    expect(w.check({ file: "one.tf.json", maxInputMb: "1" }).exitCode).toBe(EXIT.ok);
    expect(w.check({ file: "one.tf.json", maxInputMb: "lots" }).exitCode).toBe(EXIT.badInput);
    expect(w.err.join("")).toContain('--max-input-mb "lots" must be a whole number of MiB');
  });

  it("names the file, line and column of a syntax error, and never echoes the content", () => {
    const w = workspace();
    w.write("waivers.json", "DB_PASSWORD=hunter2\n");
    w.write("one.tf.json", { provider: PROVIDER, resource: { aws_sns_topic: { t: { kms_master_key_id: "alias/x" } } } });
    expect(w.check({ file: "one.tf.json", waivers: "waivers.json" }).exitCode).toBe(EXIT.badInput);
    expect(w.err.join("")).toMatch(/waivers file waivers\.json: not valid JSON \(.* at line 1, column 1\)/);
    expect(w.err.join("")).not.toContain("hunter2");
    expect(w.err.join("")).not.toContain("DB_PASSWORD");
  });
});
