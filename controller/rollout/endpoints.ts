/**
 * Where each environment's AWS API is. Against AWS, every environment uses
 * the shell's AWS settings. When the shell points at an emulator of this
 * project (`envctl emulator start`), there is one emulator per account, and
 * each environment is sent to the emulator of its own account: `envctl up
 * dev staging` deploys two accounts at once, as it would on AWS with a role
 * per account.
 */
import { EnvkitInputError } from "../../lib/core/errors";
import { emulatorEnvironment, runningEmulators } from "../emulator/emulator";

/** The AWS settings of an environment's account that differ from the shell's (none against AWS). */
export type AccountEnvironment = (account: string | undefined, environment: string) => NodeJS.ProcessEnv;

/** The settings per account for a project at `cwd` whose shell has `base`. */
export function accountEnvironments(cwd: string, base: NodeJS.ProcessEnv): AccountEnvironment {
  const emulators = base.AWS_ENDPOINT_URL ? runningEmulators(cwd) : [];
  if (!emulators.some((e) => e.endpoint === base.AWS_ENDPOINT_URL)) return () => ({});
  return (account, environment) => {
    const emulator = emulators.find((e) => e.account === account);
    if (!emulator) {
      const running = emulators.map((e) => e.account).join(", ");
      throw new EnvkitInputError(`environment ${environment} lives in account ${account ?? "(none named)"}, and this project's emulators serve ${running}: start one for it (envctl emulator start --account ${account ?? "<account>"}) or leave it out`);
    }
    return { ...emulatorEnvironment(emulator), AWS_REGION: base.AWS_REGION ?? emulator.region, AWS_DEFAULT_REGION: base.AWS_DEFAULT_REGION ?? emulator.region };
  };
}
