/**
 * The library's error vocabulary. Every error a user can cause is an
 * `EnvkitError`: its message names where, what was found, what is allowed and
 * how to fix it, and its `exitCode` is what a CLI or `runApp` exits with.
 */

/** Exit codes of `envctl` and of apps run with `runApp`. */
export const EXIT = Object.freeze({
  /** Nothing to report. */
  ok: 0,
  /** Findings: unwaived policy errors, unhealthy or drifted environments, failed destroys. */
  findings: 1,
  /** Bad input: a spec, flag, file or option the user can fix. Nothing was written or changed. */
  badInput: 2,
  /** An internal failure (a bug): the message says what failed. */
  internal: 3,
  /** The output could not be written (a full disk, a closed pipe such as `envctl check | head`). */
  output: 4,
} as const);

/** One of the exit codes in `EXIT`. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Base of the errors the library throws on purpose; anything else is a bug. */
export class EnvkitError extends Error {
  constructor(
    message: string,
    /** What a process should exit with. */
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input the user can fix (a spec, option, waiver or file): exit code 2, nothing written. */
export class EnvkitInputError extends EnvkitError {
  constructor(message: string) {
    super(message, EXIT.badInput);
  }
}

/** True for errors the library raised on purpose, whose message is meant for the user (no stack trace). */
export function isEnvkitError(error: unknown): error is EnvkitError {
  return error instanceof EnvkitError;
}

/** Output that could not be written (a full disk, a closed pipe, a failed rename): exit code 4. */
export class EnvkitOutputError extends EnvkitError {
  constructor(message: string) {
    super(message, EXIT.output);
  }
}
