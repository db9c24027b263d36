import { EXIT, isEnvkitError } from "../../lib/core/errors";

/**
 * Runs an app's entry point: prints the library's errors as they are (no
 * stack trace) and sets the exit code: 2 for invalid input (a spec, a waiver,
 * a policy configuration), 1 for a synth stopped by validation errors.
 * Anything else is a bug and is rethrown.
 */
export function runApp(main: () => void): void {
  try {
    main();
  } catch (error) {
    if (!isEnvkitError(error)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = error.exitCode ?? EXIT.findings;
  }
}
