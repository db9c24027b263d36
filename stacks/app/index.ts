export { EnvironmentApp, createEnvironmentApp, defineEnvironments, type EnvironmentAppOptions, type EnvironmentAppResult } from "./environment-app";
export { synthesizeAll, SynthValidationError, type SynthError } from "./synthesize";
export { runApp } from "./run";
export type { CommitOutcome } from "./output-dir";
