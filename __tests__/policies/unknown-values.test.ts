/**
 * Item 4 of the coverage issue: a value a rule cannot resolve is reported as
 * unknown at info, never as a violation and never passed. Rules say so through
 * one helper, `unknownValue`; this test reads the rule sources and fails when a
 * message about an unresolved value is returned any other way.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { unknownValue } from "../../policies/rules/helpers";
import { renderRuleCatalog } from "../../policies/catalog";

const RULES = join(__dirname, "..", "..", "policies", "rules");

/** Files that build an unresolved message without returning it as a result, and why. */
const BUILDERS: Readonly<Record<string, string>> = {
  "helpers.ts": "defines unresolved() and unknownValue()",
  "encryption/lineage.ts": "describes why a source is unknown; requireEncryption returns it through unknownValue",
  "kubernetes/container-check.ts": "folds container problems; unresolved-only problems go through unknownValue",
  "kubernetes/run-as-non-root.ts": "returns a container problem to checkContainers",
  "kubernetes/no-privilege-escalation.ts": "returns a container problem to checkContainers",
  "kubernetes/read-only-root-filesystem.ts": "returns a container problem to checkContainers",
  "kubernetes/no-privileged-containers.ts": "returns a container problem to checkContainers",
  "kubernetes/image-tag-pinned.ts": "returns a container problem to checkContainers",
  "network-ingress/listener-tls.ts": "the listener's flaw is certain; only the load balancer's exposure is unresolved, and the message says how it is judged",
  "secrets/no-secrets-in-container-environment.ts": "describes the unread expression; the rule returns it through unknownValue",
  "encryption/parameter-groups.ts": "describes why a parameter is unknown; the rules return it through unknownValue",
  "network-ingress/ingress.ts": "gathers the entries it cannot read; checkInternetIngress returns them through unknownValue",
  "iam/policy-document.ts": "describes an unreadable policy (unreadablePolicy); the rules return it through unknownValue",
};

function ruleFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? ruleFiles(path) : name.endsWith(".ts") ? [path] : [];
  });
}

describe("values a rule cannot resolve", () => {
  it("are returned through unknownValue (info) in every rule file", () => {
    const offenders: string[] = [];
    for (const file of ruleFiles(RULES)) {
      const name = relative(RULES, file);
      if (BUILDERS[name]) continue;
      readFileSync(file, "utf8")
        .split("\n")
        .forEach((line, i) => {
          const speaksOfUnresolved = /could not be resolved|fail\(unresolved\(/.test(line);
          const returnsUnknown = /unknownValue\(|const why =|unreadable\.push|function describe|=> `/.test(line);
          if (speaksOfUnresolved && !returnsUnknown) offenders.push(`${name}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });

  it("are reported at info", () => {
    expect(unknownValue("x could not be resolved")).toEqual({ kind: "fail", message: "x could not be resolved", severity: "info" });
  });

  it("the catalog says how they are reported", () => {
    expect(renderRuleCatalog()).toContain("reports the resource as unknown, at info");
  });
});
