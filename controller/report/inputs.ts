/**
 * The saved results a report reads: `envctl status --format json` and
 * `envctl drift --format json`. Each is checked against the shape those
 * commands write; a problem names the file and the field.
 */
import { z } from "zod/v3";
import { EnvkitInputError } from "../../lib/core/errors";
import type { DriftInput, HealthInput } from "./model";

const statusSchema = z.object({
  environments: z.array(
    z.object({
      name: z.string().min(1),
      healthy: z.boolean(),
      checks: z.array(z.object({ component: z.string(), resource: z.string(), ok: z.boolean(), detail: z.string() })),
    })
  ),
});

const driftSchema = z.object({
  environments: z.array(
    z.object({
      name: z.string().min(1),
      drifted: z.boolean(),
      error: z.string().optional(),
      stacks: z.array(
        z.object({
          stack: z.string(),
          drifted: z.array(z.object({ address: z.string(), type: z.string(), change: z.string(), attributes: z.array(z.object({ path: z.string() })) })),
          pending: z.array(z.object({ address: z.string(), actions: z.array(z.string()) })),
          notDeployed: z.boolean().optional(),
        })
      ),
    })
  ),
});

/** The environments of a saved `envctl status --format json`. */
export function parseStatusResult(value: unknown, shown: string): HealthInput[] {
  return parse(statusSchema, value, shown, "envctl status --format json").environments;
}

/** The environments of a saved `envctl drift --format json`. */
export function parseDriftResult(value: unknown, shown: string): DriftInput[] {
  return parse(driftSchema, value, shown, "envctl drift --format json").environments;
}

function parse<T>(schema: z.ZodType<T>, value: unknown, shown: string, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `  - ${i.path.length > 0 ? i.path.join(".") : "(the whole file)"}: ${i.message}`);
  throw new EnvkitInputError(`${shown} is not a result of ${what}:\n${problems.join("\n")}`);
}
