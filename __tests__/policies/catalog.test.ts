import { readdirSync, readFileSync } from "node:fs";
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
