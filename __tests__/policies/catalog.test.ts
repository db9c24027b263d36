import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { renderRuleCatalog, RULE_CATALOG_PATH } from "../../policies/catalog";
import { ALL_RULES } from "../../policies/rules";

describe("rule catalog", () => {
  it("docs/rules.md is up to date (regenerate with: node -r ts-node/register/transpile-only scripts/gen-rule-catalog.ts)", () => {
    const committed = readFileSync(resolve(__dirname, "../..", RULE_CATALOG_PATH), "utf8");
    expect(committed).toBe(renderRuleCatalog());
  });

  it("documents every rule with its severities, equivalents, remediation and packs", () => {
    const catalog = renderRuleCatalog();
    for (const rule of ALL_RULES) expect(catalog).toContain(`## ${rule.id}`);
    expect(catalog).toContain("| [ENV-ENC-001](#env-enc-001) | encryption | S3 buckets have server-side encryption | warning | warning | warning | error | error | baseline |");
    expect(catalog).toContain("- Checkov: CKV_AWS_19");
    expect(catalog).toContain("- Cannot be waived in: prod");
  });
});
