import { StackModel, TfResource } from "../../model";
import { fail, pass, Rule } from "../../rule";
import { block, blocks, flag, unknownValue, unresolved } from "../helpers";
import { SECURITY } from "../levels";
import { literalString, UNRESOLVED } from "../literal";

/** Scan frequencies that scan an image when it is pushed (continuous scanning does too, and again on new findings). */
const SCANNING_FREQUENCIES = new Set(["SCAN_ON_PUSH", "CONTINUOUS_SCAN"]);

/** Images pushed to ECR are scanned for known vulnerabilities, by the repository or by a registry-wide rule. */
export const ecrScanOnPush: Rule = {
  id: "ENV-VER-004",
  category: "versioning",
  title: "ECR repositories scan images on push, or a registry scanning rule covers them",
  severity: SECURITY,
  appliesTo: ["aws_ecr_repository"],
  equivalents: { checkov: ["CKV_AWS_163"], trivy: ["AWS-0030"], fsbp: ["ECR.1"] },
  remediation: 'Add image_scanning_configuration { scan_on_push = true }, or an aws_ecr_registry_scanning_configuration with a rule { scan_frequency = "SCAN_ON_PUSH" (or "CONTINUOUS_SCAN"), repository_filter { filter = "*", filter_type = "WILDCARD" } }.',
  check(repo, stack) {
    const raw = block(repo.attributes.image_scanning_configuration)?.scan_on_push;
    const onPush = flag(raw);
    if (onPush === true) return pass();
    const registry = registryCoverage(repo, stack);
    if (registry === "covered") return pass();
    if (onPush === "unresolved") return unknownValue(unresolved("image_scanning_configuration.scan_on_push", raw, "true or false"));
    if (registry) return unknownValue(`${registry.unknown}; the policy cannot tell whether it scans this repository`);
    return fail(`image_scanning_configuration.scan_on_push is ${onPush === undefined ? "not set (the provider default is false)" : "false"} and no aws_ecr_registry_scanning_configuration rule scans this repository on push: images with known vulnerabilities are stored and deployed unnoticed`);
  },
};

/** Whether registry scanning covers a repository: it does, it cannot be told (and why), or (undefined) it does not. */
type Coverage = "covered" | { readonly unknown: string } | undefined;

/** Whether a registry scanning rule in the stack scans `repo` on push or continuously. */
function registryCoverage(repo: TfResource, stack: StackModel): Coverage {
  const name = literalString(repo.attributes.name);
  let why: string | undefined;
  for (const configuration of stack.resourcesOfType("aws_ecr_registry_scanning_configuration")) {
    for (const rule of blocks(configuration.attributes.rule)) {
      const frequency = literalString(rule.scan_frequency);
      if (frequency === UNRESOLVED) {
        why ??= unresolved(`${configuration.address} rule.scan_frequency`, rule.scan_frequency, "a scan frequency");
        continue;
      }
      if (frequency === undefined || !SCANNING_FREQUENCIES.has(frequency)) continue;
      for (const filter of blocks(rule.repository_filter)) {
        const pattern = literalString(filter.filter);
        if (pattern === "*") return "covered";
        if (pattern === UNRESOLVED) why ??= unresolved(`${configuration.address} repository_filter.filter`, filter.filter, "a repository name pattern");
        else if (name === UNRESOLVED) why ??= unresolved("name", repo.attributes.name, `a repository name to match against ${JSON.stringify(pattern)}`);
        else if (pattern !== undefined && name !== undefined && wildcard(pattern).test(name)) return "covered";
      }
    }
  }
  return why === undefined ? undefined : { unknown: why };
}

/** An ECR WILDCARD filter as a regular expression: `*` matches any run of characters. */
function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
}
