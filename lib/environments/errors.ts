import { EnvkitInputError } from "../core/errors";

/** One problem found in an environment spec. */
export interface SpecProblem {
  /** The environment's name, `#<index>` when the spec has no usable name, or `(organization)`. */
  readonly environment: string;
  /** Dotted path of the field, e.g. `lifecycle.expiresAt`. */
  readonly field: string;
  /** What was found, what is allowed and how to fix it. */
  readonly message: string;
}

/**
 * Thrown when environment specs are invalid: it lists every problem at once,
 * and is thrown before any construct exists, so nothing is synthesized.
 */
export class EnvironmentSpecError extends EnvkitInputError {
  constructor(readonly problems: readonly SpecProblem[]) {
    super(formatProblems(problems));
  }
}

/** Renders problems as one readable block, one line per problem. */
export function formatProblems(problems: readonly SpecProblem[]): string {
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  const lines = problems.map((p) => `  - environment "${p.environment}", field "${p.field}": ${p.message}`);
  return `Invalid environment specification (${count}); nothing was synthesized:\n${lines.join("\n")}`;
}
