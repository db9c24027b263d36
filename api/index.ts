/**
 * The public API of cdktf-envkit: what app repositories import. Everything is
 * exported by name, on purpose; `docs/api/cdktf-envkit.api.md` pins the surface
 * and CI fails when it changes without that file changing with it.
 */

// Tiers, tags, time and errors: the vocabulary.
export { TIER_PROFILES, tierProfile, isTier } from "../lib/core/tiers";
export { TIERS, MAX_AVAILABILITY_ZONES, type Tier, type TierProfile, type TierSizing, type SecurityBaseline, type TierLifecycle, type Retention, type NatStrategy, type BaselineControl } from "../lib/core/profile";
export { TAG_KEYS, REQUIRED_TAG_KEYS, MANAGED_BY, type LifecycleKind } from "../lib/core/tags";
export { LOG_RETENTION_DAYS } from "../lib/core/aws-limits";
export { EnvkitError, EnvkitInputError, EXIT, type ExitCode } from "../lib/core/errors";
export type { Clock } from "../lib/core/time";
export { TIER_USAGE, type UsageAssumptions } from "../lib/core/usage";
export { TIER_ALARMS, type TierAlarms } from "../lib/core/alarms";

// Environment specs and their resolution.
export {
  ephemeral,
  resolveEnvironment,
  resolveEnvironments,
  EnvironmentSpecError,
  MAX_CONFIG_KEYS,
  MAX_CONFIG_VALUE_BYTES,
  MAX_ENV_NAME_LENGTH,
  MAX_ORG_NAME_LENGTH,
  MAX_USER_TAGS,
  type SpecProblem,
  type WeakenedControl,
  type BackendSpec,
  type EnvironmentOverrides,
  type EnvironmentSpec,
  type EphemeralLifecycle,
  type LifecycleSpec,
  type OrgDefaults,
  type PersistentLifecycle,
  type ResolvedEnvironment,
  type ResolvedLifecycle,
  type ResolveOptions,
  BUILT_IN_TEMPLATE_REQUIREMENTS,
  imageProblem,
  type ClusterSpec,
  type KubernetesSpec,
  type ServiceSpec,
  type ResolvedKubernetes,
  type ResolvedService,
  type TemplateRequirements,
} from "../lib/environments";

// Constructs.
export { EncryptionKey, type EncryptionKeyProps } from "../lib/constructs/encryption-key";
export { LogGroup, type LogGroupProps } from "../lib/constructs/log-group";
export { SecureBucket, type SecureBucketProps, type BucketEncryption } from "../lib/constructs/secure-bucket";
export { Network, type NetworkProps } from "../lib/constructs/network";
export { Database, POSTGRES_MAJOR_VERSION, type DatabaseProps } from "../lib/constructs/database";
export { ConfigParameters, type ConfigParametersProps } from "../lib/constructs/config-parameters";
export { Environment, type EnvironmentProps } from "../lib/constructs/environment";
export { ExpiryGuard, type ExpiryGuardProps } from "../lib/constructs/expiry-guard";
export { PromotionGuard, type PromotionGuardProps } from "../lib/constructs/promotion-guard";
export { Monitoring, BUDGET_ALERT_PERCENTS, type MonitoringProps } from "../lib/constructs/monitoring";
// Kubernetes: types only here; the constructs are in "cdktf-envkit/kubernetes", so that an AWS-only app never loads the Kubernetes provider.
export type { ServiceTemplate, ServiceTemplateProps } from "../lib/constructs/kubernetes/templates";
export type { NamespaceProps } from "../lib/constructs/kubernetes/namespace";
export type { KubernetesStack, KubernetesStackProps } from "../stacks/kubernetes-stack";

// Stacks.
export { EnvironmentStack, environmentStackId, type EnvironmentStackProps, type StackRelease } from "../stacks/environment-stack";
export { BootstrapStack, type BootstrapStackProps } from "../stacks/bootstrap-stack";

// The app: validation first, all-or-nothing synth, the environment manifest.
export { EnvironmentApp, createEnvironmentApp, defineEnvironments, synthesizeAll, SynthValidationError, runApp, type EnvironmentAppOptions, type EnvironmentAppResult, type SynthError, type CommitOutcome } from "../stacks/app";
export { ENVIRONMENT_MANIFEST_FILE, ONLY_VARIABLE, type DeclaredEnvironment, type EnvironmentManifest, type ManifestEnvironment, type ManifestPreviews, type ManifestRelease, type ManifestStack, type StackKind } from "../stacks/app/manifest";
export { parseEnvironmentManifest } from "../controller/manifest/read-manifest";

// Lifecycle: previews, records of expiries, the reaper's choice, drift.
export { PREVIEW_VARIABLE, allocatePreviewCidr, type PreviewTemplate } from "../lib/lifecycle/previews";
export { DEFAULT_LIFECYCLE_DIRECTORY, lifecycleStore, type LifecycleRecord, type LifecycleStore } from "../lib/lifecycle/records";
export { BREAK_GLASS_VARIABLE, promotionGate, type GateVerdict } from "../lib/releases/gate";
export { releaseContent, releaseDigest, releaseOf, type ReleaseContent, type ReleaseRef } from "../lib/releases/digest";
export { DEFAULT_RELEASE_DIRECTORY, emptyLedger, ledgerStore, releaseId, type Approval, type BreakGlass, type Deployment, type Ledger, type LedgerStore, type Promotion } from "../lib/releases/ledger";
export { judgePromotion, promotionPolicyOf, PROMOTION_DEFAULTS, type PromotionPolicy, type PromotionRequest, type PromotionVerdict } from "../lib/releases/promotion";
export { inventoryOf, type InventoryEntry } from "../controller/lifecycle/inventory";
export { planReap, type ReapPlan, type ReapTarget } from "../controller/lifecycle/reaper";
export { driftOfPlan, pendingOfPlan, type AttributeChange, type DriftedResource, type PendingChange, type StackDrift } from "../controller/lifecycle/drift";
export { NOISE_RULES, type NoiseRule } from "../controller/lifecycle/drift-noise";

// Parity between staging and prod, and the difference of two environments.
export { parityFindings, presetDeviations, PARITY_RULES, type ParityAllowance, type ParityFinding } from "../lib/environments/parity";
export { diffEnvironments, type DifferenceRow, type EnvironmentDiff } from "../controller/compare/environment-diff";

// Cost: the offline estimate, its price table, rightsizing advice.
export { estimateCost, type CostEstimate, type CostLine, type UnpricedResource } from "../policies/cost/estimate";
export { parsePriceTable, shippedPriceTable, type PriceTable } from "../policies/cost/price-table";
export { adviseCost, type CostAdvice } from "../policies/cost/advise";
export { costReport, type CostReport, type EnvironmentCost } from "../controller/cost/report";

// Policies at synth, waivers on constructs, and test helpers.
export { PolicyAspect, enforcePolicies, waive, WaiverError, expectNoPolicyErrors, findingsOf, policyReportOf, type ConstructWaiver, type PolicyOptions } from "../stacks/synth";

// The policy engine, usable on any Terraform JSON or plan.
export { evaluate, hasErrors, type Finding, type Report, type ReportSummary, type EvaluateOptions, type RuleSelector } from "../policies/engine";
export { pass, fail, notApplicable, RULE_CATEGORIES, type Rule, type RuleCategory, type RuleLevel, type RuleResult, type FindingSeverity, type RuleEquivalents } from "../policies/rule";
export { loadTerraform, type LoadOptions } from "../policies/loaders";
export type { StackModel, TfResource } from "../policies/model";
export type { AwsProviderFacts } from "../policies/model";
export { PolicyInputError } from "../policies/errors";
export { baseline, production, kubernetes, BUILT_IN_PACKS, definePack, definePolicy, type Pack, type PolicyConfig, type PolicyConfigInput, type PolicyConfigData } from "../policies/packs";
export { parseWaivers, type Waiver } from "../policies/waivers";
export { ALL_RULES } from "../policies/rules/all-rules";
export { SECURITY, EVERY_TIER, EXPOSURE, PRODUCTION, PROD_ADVISORY } from "../policies/rules/levels";
export { renderReport, REPORT_FORMATS, type ReportFormat, type RenderOptions } from "../policies/report/render";
