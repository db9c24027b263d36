import { evaluate, fail, pass, Rule } from "../../policies/engine";
import { definePolicy } from "../../policies/packs";
import { requiredTags, s3BucketEncrypted, s3BucketVersioning } from "../../policies/rules";
import { NOW, stackOf } from "./helpers";

const buckets = { aws_s3_bucket: { a: {}, b: { server_side_encryption_configuration: [{ rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: "AES256" }] }] }] } } };

describe("evaluate", () => {
  it("reports one finding per failing resource with the rule's details", () => {
    const report = evaluate([s3BucketEncrypted], [stackOf(buckets)], { now: NOW });
    expect(report.findings).toEqual([
      expect.objectContaining({ ruleId: "ENV-ENC-001", category: "encryption", severity: "error", resource: "aws_s3_bucket.a", stack: "env-test", waived: false, equivalents: s3BucketEncrypted.equivalents }),
    ]);
  });

  it("summarizes errors, warnings, resources and rules", () => {
    const report = evaluate([s3BucketEncrypted, s3BucketVersioning], [stackOf(buckets, { tier: "dev" }), stackOf(buckets, { tier: "prod" })], { now: NOW });
    expect(report.summary).toEqual({ errors: 3, warnings: 3, waived: 0, resources: 4, stacks: 2, rules: 2 });
  });

  it("skips rules that are off in the stack's tier", () => {
    const offInDev: Rule = { ...s3BucketEncrypted, severity: { ...s3BucketEncrypted.severity, dev: "off" } };
    const report = evaluate([offInDev], [stackOf(buckets, { tier: "dev" })], { now: NOW });
    expect(report.findings).toEqual([]);
    expect(report.stacks[0].ruleIds).toEqual([]);
  });

  it("picks each stack's rules by its tier when given a policy", () => {
    const report = evaluate(definePolicy(), [stackOf({ aws_vpc: { v: {} } }, { tier: "dev" }), stackOf({ aws_vpc: { v: {} } }, { tier: "prod" })], { now: NOW });
    expect(report.findings.filter((f) => f.ruleId === "ENV-LOG-003").map((f) => f.stack)).toHaveLength(1);
    expect(report.stacks.map((s) => s.ruleIds.includes("ENV-LOG-003"))).toEqual([false, true]);
  });

  it("checks '*' rules against taggable AWS resources only", () => {
    const resources = { aws_s3_bucket: { a: {} }, aws_s3_bucket_versioning: { v: {} }, kubernetes_namespace_v1: { n: {} } };
    const report = evaluate([requiredTags], [stackOf(resources, { defaultTags: {} })], { now: NOW });
    expect(report.findings.map((f) => f.resource)).toEqual(["aws_s3_bucket.a"]);
  });

  it("turns a rule that throws into an error finding naming the rule, instead of aborting", () => {
    const broken: Rule = { ...s3BucketEncrypted, id: "X-BROKEN-001", check: () => { throw new Error("boom"); } };
    const [finding] = evaluate([broken], [stackOf(buckets)], { now: NOW }).findings;
    expect(finding.severity).toBe("error");
    expect(finding.message).toContain("X-BROKEN-001 could not evaluate this resource (boom)");
  });

  it("lowers, never raises, the severity a rule asks for", () => {
    const advisory: Rule = { ...s3BucketEncrypted, id: "X-ADV-001", check: () => fail("advisory", { severity: "info" }) };
    const loud: Rule = { ...s3BucketEncrypted, id: "X-LOUD-001", severity: { ...s3BucketEncrypted.severity, dev: "warning" }, check: () => fail("loud", { severity: "error" }) };
    const report = evaluate([advisory, loud], [stackOf({ aws_s3_bucket: { a: {} } }, { tier: "dev" })], { now: NOW });
    expect(report.findings.map((f) => f.severity)).toEqual(["info", "warning"]);
  });

  it("rejects two rules with the same id", () => {
    const twin: Rule = { ...s3BucketVersioning, id: s3BucketEncrypted.id, check: () => pass() };
    expect(() => evaluate([s3BucketEncrypted, twin], [stackOf(buckets)], { now: NOW })).toThrow(/Rule id ENV-ENC-001 is used by more than one rule/);
  });
});
