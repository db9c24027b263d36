export type { BackendSpec, EnvironmentOverrides, EnvironmentSpec, EphemeralLifecycle, LifecycleSpec, OrgDefaults, PersistentLifecycle, ResolvedEnvironment, ResolvedLifecycle } from "./types";
export { EnvironmentSpecError, formatProblems, type SpecProblem } from "./errors";
export { MAX_CONFIG_KEYS, MAX_CONFIG_VALUE_BYTES, MAX_ENV_NAME_LENGTH, MAX_ORG_NAME_LENGTH, MAX_USER_TAGS } from "./schema";
export { ephemeral, resolveEnvironment, resolveEnvironments, type ResolveOptions } from "./resolve";
export { weakenedControls, type WeakenedControl } from "./weakening";
export { BUILT_IN_TEMPLATE_REQUIREMENTS, imageProblem, type ClusterSpec, type KubernetesSpec, type ServiceSpec, type ResolvedKubernetes, type ResolvedService, type TemplateRequirements } from "./kubernetes";
