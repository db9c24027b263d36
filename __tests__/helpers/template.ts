import type { TerraformStack } from "cdktf";
import { runAspects } from "../../stacks/app/cdktf-internals";

/** One resource of a synthesized stack. */
export interface SynthResource {
  readonly type: string;
  readonly name: string;
  readonly attributes: Record<string, any>;
}

/**
 * Assertions over a synthesized stack's Terraform JSON (cdktf has no
 * `Template` helper): resources by type, by attribute, and the provider block.
 */
export class Template {
  /** The stack's Terraform JSON as synth writes it (aspects run, `"//"` metadata kept). */
  static fromStack(stack: TerraformStack): Template {
    runAspects(stack);
    return new Template(JSON.parse(JSON.stringify(stack.toTerraform())));
  }

  constructor(readonly json: Record<string, any>) {}

  /** Every resource of `type`. */
  resources(type: string): SynthResource[] {
    return Object.entries(this.json.resource?.[type] ?? {}).map(([name, body]) => ({ type, name, attributes: withoutMetadata(body) }));
  }

  /** The only resource of `type`; fails when there is not exactly one. */
  only(type: string): Record<string, any> {
    const all = this.resources(type);
    if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
    return all[0].attributes;
  }

  /** Resource counts by type. */
  counts(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.json.resource ?? {}).map(([type, byName]) => [type, Object.keys(byName as object).length]));
  }

  /** The default AWS provider block. */
  get awsProvider(): Record<string, any> {
    const aws = this.json.provider?.aws;
    return Array.isArray(aws) ? aws[0] : aws;
  }

  /** A data source's attributes by its name suffix. */
  dataSources(type: string): SynthResource[] {
    return Object.entries(this.json.data?.[type] ?? {}).map(([name, attributes]) => ({ type, name, attributes: attributes as Record<string, any> }));
  }
}

/** A resource's attributes without cdktf's `"//"` metadata (its construct path). */
function withoutMetadata(body: unknown): Record<string, any> {
  const { "//": _metadata, ...attributes } = body as Record<string, any>;
  return attributes;
}
