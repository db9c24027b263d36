import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { coverageByType, renderRuleCatalog, RULE_CATALOG_PATH } from "../../policies/catalog";
import { ALL_RULES } from "../../policies/rules";

describe("rule catalog", () => {
  it("docs/rules.md is up to date (regenerate with: node -r ts-node/register/transpile-only scripts/gen-rule-catalog.ts)", () => {
    const committed = readFileSync(resolve(__dirname, "../..", RULE_CATALOG_PATH), "utf8");
    expect(committed).toBe(renderRuleCatalog());
  });

  it("documents every rule with its severities, equivalents, remediation and packs", () => {
    const catalog = renderRuleCatalog();
    // The count is the number of rule files, so a rule dropped from the list fails here.
    const ruleFiles = readdirSync(resolve(__dirname, "../../policies/rules"), { recursive: true, encoding: "utf8" }).filter((f) => /\.ts$/.test(f) && (readFileSync(resolve(__dirname, "../../policies/rules", f), "utf8").match(/^export const \w+: Rule = \{/gm) ?? []).length === 1);
    expect(ALL_RULES).toHaveLength(ruleFiles.length);
    expect(catalog.match(/^## ENV-/gm)).toHaveLength(ruleFiles.length);
    expect(catalog).toContain(`${ruleFiles.length} rules.`);
    expect(catalog).toContain("| [ENV-ENC-001](#env-enc-001) | encryption | S3 buckets have server-side encryption | warning | warning | warning | error | error | baseline |");
    expect(catalog).toContain("- Checkov: CKV_AWS_19");
    expect(catalog).toContain("- Cannot be waived in: prod");
    expect(catalog).toContain("| [ENV-PUB-004](#env-pub-004) | public-exposure | ");
    expect(catalog).toMatch(/## ENV-BAK-001[\s\S]*?- Tier control: `overrides\.lifecycle\.backupRetentionDays`/);
  });
});

describe("rule catalog: coverage by resource type", () => {
  it("lists each type with the rules of each category that check it, from the rules themselves", () => {
    const coverage = coverageByType();
    expect(Object.fromEntries(coverage.get("aws_db_instance")!)).toEqual({
      encryption: ["ENV-ENC-004", "ENV-ENC-024", "ENV-ENC-026"],
      "public-exposure": ["ENV-PUB-005"],
      logging: ["ENV-LOG-004", "ENV-LOG-007", "ENV-LOG-009"],
      backup: ["ENV-BAK-001"],
      versioning: ["ENV-VER-003"],
      "deletion-protection": ["ENV-DEL-001"],
      iam: ["ENV-IAM-004"],
    });
    expect(Object.fromEntries(coverage.get("aws_budgets_budget")!)).toEqual({ cost: ["ENV-COST-001"] });
    // Every type-specific rule appears under each type it applies to, and nowhere else.
    for (const rule of ALL_RULES.filter((r) => r.appliesTo !== "*")) {
      for (const type of rule.appliesTo as readonly string[]) expect(coverage.get(type)?.get(rule.category)).toContain(rule.id);
    }
    expect([...coverage.keys()]).toEqual([...coverage.keys()].sort());
  });

  it("is rendered in docs/rules.md as a table of types by category, naming the rules that cover every resource", () => {
    const doc = renderRuleCatalog();
    expect(doc).toContain("## Coverage by resource type");
    expect(doc).toMatch(/\| `aws_db_instance` \| ENV-ENC-004, ENV-ENC-024, ENV-ENC-026 \|.*\| ENV-LOG-004, ENV-LOG-007, ENV-LOG-009 \| ENV-BAK-001 \|/);
    expect(doc).toMatch(/every taggable AWS resource is also checked by ENV-TAG-001, ENV-TAG-002, ENV-TTL-001/);
    expect(doc).toMatch(/## ENV-LOG-005\n[\s\S]*?- AWS Foundational Security Best Practices: CloudTrail\.1\n/);
  });
});
