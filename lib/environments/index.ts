export * from "./types";
export * from "./errors";
export { environmentSpecSchema, orgDefaultsSchema, MAX_ENV_NAME_LENGTH, MAX_ORG_NAME_LENGTH } from "./schema";
export { resolveEnvironments, resolveEnvironment, ephemeral } from "./resolve";
export { weakenedControls, type WeakenedControl } from "./weakening";
