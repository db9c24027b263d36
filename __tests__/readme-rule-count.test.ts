import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ALL_RULES } from "../policies/rules";

describe("README", () => {
  it("states the number of rules and categories the catalog has", () => {
    const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");
    const categories = new Set(ALL_RULES.map((r) => r.category)).size;
    expect(readme).toContain(`${ALL_RULES.length} rules in ${categories} categories`);
  });
});
