#!/usr/bin/env node
/**
 * Writes docs/rules.md from the rules. Run after adding or changing a rule:
 *   node -r ts-node/register/transpile-only scripts/gen-rule-catalog.ts
 * The test __tests__/policies/catalog.test.ts fails while the file is stale.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { renderRuleCatalog, RULE_CATALOG_PATH } from "../policies/catalog";

const target = resolve(__dirname, "..", RULE_CATALOG_PATH);
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, renderRuleCatalog());
process.stdout.write(`wrote ${RULE_CATALOG_PATH}\n`);
