/**
 * Deploy and destroy timings of env-dev against the local AWS API emulator
 * (moto), with the real cdktf CLI, for `npm run bench`. It uses the emulator
 * harness of the tests; it needs moto in the Python on PATH.
 */
import { startEmulator } from "../__tests__/emulator/moto";
import { emulatorProject } from "../__tests__/emulator/project";

/** Timings of one deploy and destroy, in milliseconds. */
export interface DeployTimings {
  readonly synthMs: number;
  readonly deployMs: number;
  readonly diffMs: number;
  readonly destroyMs: number;
}

/** Deploys env-dev to a fresh emulator, plans it again, and destroys it; throws when a step fails. */
export async function deployBench(): Promise<DeployTimings> {
  const emulator = await startEmulator("111111111111");
  try {
    const project = emulatorProject();
    const steps: [keyof DeployTimings, string[]][] = [
      ["synthMs", ["synth"]],
      ["deployMs", ["deploy", "env-dev", "--auto-approve", "--skip-provider-lock", "--skip-synth"]],
      ["diffMs", ["diff", "env-dev", "--skip-provider-lock", "--skip-synth"]],
      ["destroyMs", ["destroy", "env-dev", "--auto-approve", "--skip-provider-lock", "--skip-synth"]],
    ];
    const timings: Partial<Record<keyof DeployTimings, number>> = {};
    for (const [key, args] of steps) {
      const result = await project.cdktf(args, emulator);
      if (result.code !== 0) throw new Error(`cdktf ${args.join(" ")} failed:\n${result.output.slice(-3000)}`);
      timings[key] = result.ms;
    }
    return timings as DeployTimings;
  } finally {
    await emulator.stop();
  }
}
