/**
 * What a stack says of its AWS provider: the major version its configuration
 * requires and the region of its default (unaliased) provider block. Rules read
 * them where the AWS provider 5 and 6 differ: defaults that changed, and the
 * per-resource `region` argument of provider 6.
 */
import { entriesOf } from "./json-reader";
import { asBlockList, asObject } from "./load-common";
import type { AwsProviderFacts } from "./model";

/**
 * The one major version a Terraform version constraint allows, or undefined
 * when it allows several or none can be read (`>= 5.0`, `~> 6`, a reference).
 */
export function majorOfConstraint(constraint: unknown): number | undefined {
  if (typeof constraint !== "string" || constraint.trim() === "") return undefined;
  let lowest: number | undefined;
  let below: number | undefined;
  for (const part of constraint.split(",")) {
    const match = /^\s*(=|!=|~>|>=|>|<=|<)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-[\w.]+)?\s*$/.exec(part);
    if (!match) return undefined;
    const [, operator = "=", major, minor, patch] = match;
    const m = Number(major);
    if (operator === "=" || (operator === "~>" && minor !== undefined) || operator === "<=") {
      if (operator !== "<=") lowest = Math.max(lowest ?? m, m);
      below = Math.min(below ?? m + 1, m + 1);
    } else if (operator === ">=" || operator === ">") lowest = Math.max(lowest ?? m, m);
    else if (operator === "<") below = Math.min(below ?? Infinity, minor === undefined || (Number(minor) === 0 && (patch === undefined || Number(patch) === 0)) ? m : m + 1);
    else if (operator !== "!=") return undefined;
  }
  return lowest !== undefined && below === lowest + 1 ? lowest : undefined;
}

/** The facts of a configuration's `terraform` and `provider` sections (each as written: an object or a list of objects). */
export function awsProviderOfConfiguration(terraform: readonly unknown[], provider: readonly unknown[]): AwsProviderFacts {
  let constraint: unknown;
  for (const block of terraform.flatMap(asBlockList)) {
    for (const required of asBlockList(block.required_providers)) {
      const aws = required.aws;
      if (aws !== undefined) constraint = typeof aws === "string" ? aws : asObject(aws).version;
    }
  }
  let region: unknown;
  for (const providers of provider.flatMap(asBlockList)) {
    for (const [name, blocks] of entriesOf(providers)) {
      if (name !== "aws") continue;
      const unaliased = asBlockList(blocks).find((b) => b.alias === undefined);
      if (unaliased) region = unaliased.region;
    }
  }
  return facts(majorOfConstraint(constraint), region);
}

/** The facts of a plan's `configuration.provider_config`. */
export function awsProviderOfPlan(configuration: Readonly<Record<string, unknown>>): AwsProviderFacts {
  const aws = asObject(asObject(configuration.provider_config).aws);
  return facts(majorOfConstraint(aws.version_constraint), asObject(asObject(aws.expressions).region).constant_value);
}

function facts(major: number | undefined, region: unknown): AwsProviderFacts {
  return { ...(major !== undefined ? { major } : {}), ...(typeof region === "string" && region !== "" && !region.includes("${") ? { region } : {}) };
}
