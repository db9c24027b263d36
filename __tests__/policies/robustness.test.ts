import { evaluate, loadTerraformJson } from "../../policies/engine";
import { ALL_RULES } from "../../policies/rules";
import { NOW } from "./helpers";

/** Values a resource attribute can hold in odd or hand-written Terraform JSON. */
const ODD_VALUES: unknown[] = [null, "", "${var.x}", 0, -1, true, "true", [], [null], [{}], [[]], {}, { enabled: "${var.x}" }, "not json {", [{ container: "x" }]];
const FIELDS = ["tags", "bucket", "policy", "ingress", "metadata_options", "spec", "metadata", "environment", "user_data", "encrypted", "storage_encrypted", "vpc_config", "access_logs", "server_side_encryption", "encryption_configuration", "versioning", "acl", "from_port", "to_port", "cidr_blocks", "protocol", "ip_protocol", "cidr_ipv4", "type", "backup_retention_period"];

describe("rules on odd input", () => {
  const types = [...new Set(ALL_RULES.flatMap((r) => (r.appliesTo === "*" ? ["aws_s3_bucket"] : r.appliesTo)))].filter((t) => t !== "variable");

  it.each(ODD_VALUES.map((v) => [JSON.stringify(v), v]))("never crash when every attribute is %s", (_label, value) => {
    const resources = Object.fromEntries(types.map((type) => [type, { odd: Object.fromEntries(FIELDS.map((f) => [f, value])) }]));
    const stack = loadTerraformJson({ resource: resources, variable: { token: { default: value } } }, { stackName: "odd", tier: "prod", now: NOW });
    const crashes = evaluate(ALL_RULES, [stack], { now: NOW }).findings.filter((f) => f.message.includes("could not evaluate"));
    expect(crashes.map((f) => `${f.ruleId} ${f.resource}: ${f.message}`)).toEqual([]);
  });
});
