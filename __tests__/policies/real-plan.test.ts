import { readFileSync } from "node:fs";
import { join } from "node:path";
import { evaluate, loadPlan, loadTerraformJson } from "../../policies/engine";
import { definePolicy } from "../../policies/packs";

/**
 * A plan made by real Terraform (1.11.4, hashicorp/aws 5.100.0) from
 * fixtures/real-plan/main.tf.json and its ./mod module:
 *   terraform init && terraform plan -refresh=false -out=plan.out && terraform show -json plan.out
 * (dummy credentials in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY; no API call is made).
 */
const FIXTURE = join(__dirname, "fixtures", "real-plan");
const NOW = new Date("2026-11-26T00:00:00Z");
const read = (file: string) => JSON.parse(readFileSync(join(FIXTURE, file), "utf8"));

describe("a real terraform show -json plan", () => {
  const stack = loadPlan(read("plan.json"), { stackName: "env-dev", now: NOW, file: "plan.json" });
  const report = evaluate(definePolicy(), [stack], { now: NOW });
  const found = report.findings.map((f) => `${f.ruleId} ${f.resource}`);

  it("loads root and module resources, data sources read at plan time, default tags and the tier", () => {
    expect(stack.resources.map((r) => r.address).sort()).toEqual([
      "aws_db_instance.db",
      "aws_iam_policy.admin",
      "aws_s3_bucket.data",
      "aws_s3_bucket_public_access_block.data",
      "aws_s3_bucket_server_side_encryption_configuration.data",
      "aws_security_group.ssh",
      "module.storage.aws_s3_bucket.logs",
      "module.storage.aws_s3_bucket_versioning.logs",
    ]);
    expect(stack.dataSources.map((d) => d.address)).toEqual(["data.aws_iam_policy_document.admin"]);
    expect(stack.tier).toBe("dev");
    expect(stack.defaultTags).toMatchObject({ owner: "platform", lifecycle: "ephemeral" });
  });

  it("links separate S3 resources to their buckets through rewritten references, inside modules too", () => {
    expect(found).not.toContain("ENV-ENC-001 aws_s3_bucket.data");
    expect(found).not.toContain("ENV-PUB-004 aws_s3_bucket.data");
    expect(found).not.toContain("ENV-VER-001 module.storage.aws_s3_bucket.logs");
    expect(found).toContain("ENV-ENC-001 module.storage.aws_s3_bucket.logs");
    expect(found).toContain("ENV-VER-001 aws_s3_bucket.data");
  });

  it("reads the rendered policy of a data source and finds the admin grant", () => {
    expect(report.findings.find((f) => f.ruleId === "ENV-IAM-001")).toMatchObject({ resource: "aws_iam_policy.admin", severity: "warning" });
  });

  it("finds open SSH, an unencrypted database and a secret variable default", () => {
    expect(found).toEqual(expect.arrayContaining(["ENV-NET-001 aws_security_group.ssh", "ENV-ENC-004 aws_db_instance.db", "ENV-SEC-003 var.db_password"]));
  });

  it("reports values known only after apply as unresolved instead of passing them", () => {
    expect(report.findings.find((f) => f.ruleId === "ENV-BAK-001")?.message).toContain("could not be resolved");
  });

  it("passes tagging and TTL rules through the provider's default tags", () => {
    expect(report.findings.filter((f) => f.category === "tagging" || f.category === "ttl")).toEqual([]);
  });

  it("agrees with the configuration JSON it was planned from on the root module", () => {
    const config = loadTerraformJson(read("main.tf.json"), { stackName: "env-dev", now: NOW });
    const fromConfig = evaluate(definePolicy(), [config], { now: NOW }).findings.map((f) => `${f.ruleId} ${f.resource}`);
    const rootFromPlan = found.filter((f) => !f.includes("module.") && !f.startsWith("ENV-BAK-001"));
    expect(rootFromPlan.sort()).toEqual(fromConfig.filter((f) => !f.startsWith("ENV-BAK-001")).sort());
  });
});
