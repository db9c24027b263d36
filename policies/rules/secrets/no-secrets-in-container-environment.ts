import { isReference, TfResource } from "../../model";
import { fail, pass, Rule, RuleResult } from "../../rule";
import { blocks, unknownValue } from "../helpers";
import { readJsonencode } from "../iam/hcl-literal";
import { EXPOSURE } from "../levels";
import { environmentFindings } from "../../../lib/core/credentials";

/**
 * Container and build environments are readable by anyone who can describe
 * the task definition, job definition or project: no credentials in them.
 * ECS and Batch take secrets from Secrets Manager or SSM through `secrets`;
 * CodeBuild through variables of type SECRETS_MANAGER or PARAMETER_STORE.
 */
export const noSecretsInContainerEnvironment: Rule = {
  id: "ENV-SEC-008",
  category: "secrets",
  title: "ECS task definitions, Batch job definitions and CodeBuild projects hold no plaintext secrets in their environment",
  severity: EXPOSURE,
  appliesTo: ["aws_ecs_task_definition", "aws_batch_job_definition", "aws_codebuild_project"],
  equivalents: { trivy: ["AWS-0036"], fsbp: ["ECS.8"] },
  remediation:
    "Move the value to Secrets Manager or SSM Parameter Store and reference it: `secrets = [{ name, valueFrom }]` in a container definition, or an environment_variable of type SECRETS_MANAGER / PARAMETER_STORE in CodeBuild.",
  unwaivableIn: ["prod"],
  check(resource) {
    if (resource.type === "aws_codebuild_project") {
      const plain = blocks(resource.attributes.environment)
        .flatMap((e) => blocks(e.environment_variable))
        .filter((v) => v.type === undefined || v.type === null || v.type === "PLAINTEXT")
        .map((v) => [String(v.name), v.value] as const);
      return verdict(environmentFindings(plain));
    }
    const field = resource.type === "aws_ecs_task_definition" ? "container_definitions" : "container_properties";
    const containers = readContainers(resource, field);
    if (containers === undefined) return unknownValue(`${field} is ${describe(resource.attributes[field])}; its environment cannot be checked for credentials`);
    const found = containers.flatMap((c) => {
      const variables = blocks(c.environment).map((e) => [String(e.name), e.value] as const);
      const prefix = typeof c.name === "string" && containers.length > 1 ? `container ${c.name}: ` : "";
      return environmentFindings(variables).map((f) => `${prefix}${f}`);
    });
    return verdict(found);
  },
};

function verdict(found: readonly string[]): RuleResult {
  return found.length === 0 ? pass() : fail(found.join("; "));
}

/** The container objects of a task definition (a list) or job definition (one object), or undefined when unreadable. */
function readContainers(resource: TfResource, field: string): Record<string, unknown>[] | undefined {
  const value = resource.attributes[field];
  if (value === undefined || value === null) return [];
  let parsed: unknown = value;
  if (typeof value === "string") {
    parsed = readJsonencode(value);
    if (parsed === undefined) {
      if (isReference(value)) return undefined;
      try {
        parsed = JSON.parse(value);
      } catch {
        return undefined;
      }
    }
  }
  return blocks(parsed);
}

function describe(value: unknown): string {
  return isReference(value) ? `an expression (${String(value).slice(0, 80)}) that could not be resolved` : "not a JSON document";
}
