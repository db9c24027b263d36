/**
 * The cdktf-construct form of a rule fixture: the same resources declared as
 * provider constructs in a cdktf stack (AWS provider with default tags, one
 * provider class instance per resource, arguments set through cdktf), resolved
 * by `toTerraform()` exactly as the synth-time aspect sees them.
 */
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";

type ResourceClass = new (scope: TerraformStack, id: string, config: object) => { addOverride(path: string, value: unknown): void };
const CLASSES = new Map<string, ResourceClass>();

/** The provider class of a resource type, from its own module (never the package root). */
export function resourceClass(type: string): ResourceClass {
  let found = CLASSES.get(type);
  if (found) return found;
  const [provider, ...rest] = type.split("_");
  const modulePath =
    provider === "aws" ? `@cdktf/provider-aws/lib/${rest.join("-")}` : provider === "kubernetes" ? `@cdktf/provider-kubernetes/lib/${rest.join("-")}` : undefined;
  if (!modulePath) throw new Error(`construct form: no provider package for ${type}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exports: Record<string, unknown> = require(modulePath);
  found = Object.values(exports).find((e): e is ResourceClass => typeof e === "function" && (e as { tfResourceType?: string }).tfResourceType === type);
  if (!found) throw new Error(`construct form: ${modulePath} has no class for ${type}`);
  CLASSES.set(type, found);
  return found;
}

/** Builds the fixture as a cdktf stack and returns its resolved Terraform JSON. */
export function constructFormJson(
  resources: Record<string, Record<string, Record<string, unknown>>>,
  defaultTags: Record<string, string>,
  variables: Record<string, { default?: unknown }> = {},
  stackName = "env-test",
): Record<string, unknown> {
  const stack = new TerraformStack(Testing.app(), stackName);
  new AwsProvider(stack, "aws", { region: "eu-west-1", defaultTags: [{ tags: defaultTags }] });
  for (const [type, byName] of Object.entries(resources)) {
    const Resource = resourceClass(type);
    for (const [name, attributes] of Object.entries(byName)) {
      const resource = new Resource(stack, name, {});
      for (const [key, value] of Object.entries(attributes)) resource.addOverride(key, value);
    }
  }
  for (const [name, variable] of Object.entries(variables)) new TerraformVariable(stack, name, { default: variable.default });
  return stack.toTerraform();
}
