/**
 * Drift: what changed in the cloud since the last deploy, and what changed in
 * the code. For each stack, Terraform's refresh-only plan (`-detailed-exitcode`)
 * reads every resource back; `terraform show -json` of that plan lists
 * `resource_drift`, which is compared attribute by attribute with the noise
 * the provider makes filtered out (drift-noise.ts). A plan without refresh
 * lists, separately, the resources whose configuration changed since the last
 * deploy. `planFix` plans the correction of what drifted, and says what in it
 * is more than a correction.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isEmptyValue, isNoise } from "./drift-noise";

/**
 * Drift is read while other work may hold the state's lock (a deploy, a diff):
 * it waits for the lock, as long as a deploy's plan usually takes, rather than
 * failing or reading without it.
 */
const LOCK_TIMEOUT = "-lock-timeout=120s";

/** What drift detection needs of Terraform (a `TerraformRunner`). */
export interface DriftRunner {
  init(cwd: string): Promise<unknown>;
  exec(cwd: string, args: readonly string[]): Promise<{ readonly code: number; readonly stdout: string; readonly stderr: string }>;
}

/** One attribute that changed: its path (`tags.owner`, `versioning_configuration[0].status`) and values. */
export interface AttributeChange {
  readonly path: string;
  /** As deployed; the text `(sensitive)` for a sensitive value. */
  readonly before: unknown;
  /** As read back from the cloud; `(sensitive)` for a sensitive value. */
  readonly after: unknown;
}

/** A resource that drifted. */
export interface DriftedResource {
  readonly address: string;
  readonly type: string;
  /** `update`: attributes changed; `delete`: it no longer exists. */
  readonly change: "update" | "delete";
  readonly attributes: readonly AttributeChange[];
}

/** A resource whose configuration changed since the last deploy. */
export interface PendingChange {
  readonly address: string;
  /** Terraform's actions: create, update, delete, or delete and create (a replacement). */
  readonly actions: readonly string[];
}

/** The drift of one stack. */
export interface StackDrift {
  readonly stack: string;
  readonly drifted: readonly DriftedResource[];
  /** Resources Terraform reported changed whose every change was noise, with the attributes ignored. */
  readonly ignored: readonly { readonly address: string; readonly attributes: readonly string[] }[];
  /** Resources whose configuration changed since the last deploy (a plan without refresh). */
  readonly pending: readonly PendingChange[];
  /** True when the stack has never been deployed (its local state is missing or empty): there was nothing to read. */
  readonly notDeployed?: boolean;
  /**
   * Why the changes of the code were not read: an expired environment's plan
   * is refused by its expiry guard (its drift is still read, by a refresh-only plan).
   */
  readonly pendingUnread?: string;
}

/** Reads the drift of the stack synthesized in `dir`. Rejects when Terraform fails. */
export async function detectStackDrift(stack: string, dir: string, runner: DriftRunner): Promise<StackDrift> {
  await runner.init(dir);
  const scratch = mkdtempSync(join(tmpdir(), "envkit-drift-"));
  try {
    const refreshPlan = join(scratch, "refresh.tfplan");
    const refresh = await planOrThrow(runner, dir, ["plan", "-refresh-only", "-detailed-exitcode", "-input=false", "-no-color", LOCK_TIMEOUT, `-out=${refreshPlan}`]);
    const { drifted, ignored } = refresh === 2 ? driftOfPlan(await showJson(runner, dir, refreshPlan)) : { drifted: [], ignored: [] };
    const configPlan = join(scratch, "config.tfplan");
    const configArgs = ["plan", "-refresh=false", "-detailed-exitcode", "-input=false", "-no-color", LOCK_TIMEOUT, `-out=${configPlan}`];
    const config = await runner.exec(dir, configArgs);
    if (config.code !== 0 && config.code !== 2) {
      // An expired environment's plan stops at its expiry guard: its drift is read all the same; what the code would change is not.
      const guard = /Environment \S+ expired at \S+, so its deploy is refused/.exec((config.stderr + config.stdout).replace(/\s+/g, " "));
      if (guard) return { stack, drifted, ignored, pending: [], pendingUnread: `${guard[0]} (the expiry guard stops its plan): renew it to see what the code would change` };
      throw new Error(terraformFailure(configArgs, config));
    }
    const pending = config.code === 2 ? pendingOfPlan(await showJson(runner, dir, configPlan)) : [];
    return { stack, drifted, ignored, pending };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Why a change of a fix plan is not applied without `--yes`. */
export interface FixProblem {
  readonly address: string;
  /** `replace` or `delete`: it would destroy something; `code`: it comes from the code, not from drift. */
  readonly kind: "replace" | "delete" | "code";
  readonly detail: string;
}

/** A plan that restores the declared configuration of drifted resources. */
export interface FixPlan {
  /** The plan as Terraform prints it. */
  readonly text: string;
  /** What in it is more than a correction of drift; empty when it only restores what drifted. */
  readonly problems: readonly FixProblem[];
  /** Applies exactly this saved plan. */
  apply(): Promise<void>;
  discard(): void;
}

/**
 * Plans the correction of `drift`, targeted at the resources that drifted
 * (so that other changes of the code are left to a deploy), and says what in
 * the plan is more than a correction: a replacement or deletion, a change to
 * a resource that did not drift (pulled in as a dependency), or a change to a
 * drifted resource whose configuration also changed in the code.
 */
export async function planFix(dir: string, runner: DriftRunner, drift: StackDrift, { initialized = false } = {}): Promise<FixPlan> {
  if (!initialized) await runner.init(dir);
  const scratch = mkdtempSync(join(tmpdir(), "envkit-fix-"));
  const discard = () => rmSync(scratch, { recursive: true, force: true });
  try {
    const plan = join(scratch, "fix.tfplan");
    const targets = drift.drifted.map((r) => `-target=${r.address}`);
    await planOrThrow(runner, dir, ["plan", "-input=false", "-no-color", LOCK_TIMEOUT, ...targets, `-out=${plan}`]);
    const shown = await runner.exec(dir, ["show", "-no-color", plan]);
    if (shown.code !== 0) throw new Error(terraformFailure(["show", plan], shown));
    const problems = fixProblems(await showJson(runner, dir, plan), drift);
    return {
      text: shown.stdout,
      problems,
      async apply() {
        try {
          const applied = await runner.exec(dir, ["apply", "-input=false", "-no-color", LOCK_TIMEOUT, plan]);
          if (applied.code !== 0) throw new Error(terraformFailure(["apply"], applied));
        } finally {
          discard();
        }
      },
      discard,
    };
  } catch (error) {
    discard();
    throw error;
  }
}

/** The changes of a fix plan's JSON that are more than a correction of `drift`. */
export function fixProblems(plan: Record<string, unknown>, drift: StackDrift): FixProblem[] {
  const drifted = new Map(drift.drifted.map((r) => [r.address, r]));
  const fromCode = new Set(drift.pending.map((p) => p.address));
  const problems: FixProblem[] = [];
  for (const entry of asArray(plan.resource_changes)) {
    const resource = asRecord(entry);
    const address = String(resource.address);
    const actions = asArray(asRecord(resource.change).actions).map(String);
    if (actions.every((a) => a === "no-op" || a === "read")) continue;
    const was = drifted.get(address);
    if (actions.includes("delete") && actions.includes("create")) problems.push({ address, kind: "replace", detail: "would be replaced (destroyed, then created anew)" });
    else if (actions.includes("delete")) problems.push({ address, kind: "delete", detail: "would be destroyed" });
    else if (!was) problems.push({ address, kind: "code", detail: `would be ${actions.join(" and ")}d, though it did not drift: the change comes from the code (deploy to apply it)` });
    else if (was.change === "delete" && !actions.includes("create")) problems.push({ address, kind: "code", detail: "was deleted outside Terraform, and the plan does not create it again" });
    else if (fromCode.has(address)) problems.push({ address, kind: "code", detail: "drifted, and its configuration also changed in the code since the last deploy: the plan applies both" });
  }
  return problems.sort((a, b) => a.address.localeCompare(b.address));
}

/** The drifted resources of a refresh-only plan's JSON, and those whose changes were all noise. */
export function driftOfPlan(plan: Record<string, unknown>): { drifted: DriftedResource[]; ignored: { address: string; attributes: string[] }[] } {
  const declared = declaredTypes(plan);
  const drifted: DriftedResource[] = [];
  const ignored: { address: string; attributes: string[] }[] = [];
  for (const entry of asArray(plan.resource_drift)) {
    const resource = asRecord(entry);
    const change = asRecord(resource.change);
    const actions = asArray(change.actions).map(String);
    const address = String(resource.address);
    const type = String(resource.type);
    if (actions.includes("delete") || change.after === null) {
      drifted.push({ address, type, change: "delete", attributes: [] });
      continue;
    }
    if (!actions.includes("update")) continue;
    const { real, noise } = attributeChanges(type, asRecord(change.before), asRecord(change.after), { before: change.before_sensitive, after: change.after_sensitive }, declared);
    if (real.length > 0) drifted.push({ address, type, change: "update", attributes: real });
    else ignored.push({ address, attributes: noise });
  }
  drifted.sort((a, b) => a.address.localeCompare(b.address));
  ignored.sort((a, b) => a.address.localeCompare(b.address));
  return { drifted, ignored };
}

/** Resources a plan (without refresh) would change. */
export function pendingOfPlan(plan: Record<string, unknown>): PendingChange[] {
  return asArray(plan.resource_changes)
    .map((entry) => {
      const resource = asRecord(entry);
      return { address: String(resource.address), actions: asArray(asRecord(resource.change).actions).map(String) };
    })
    .filter((c) => c.actions.some((a) => a === "create" || a === "update" || a === "delete"))
    .sort((a, b) => a.address.localeCompare(b.address));
}

/**
 * The changed attributes of one resource, split into real drift and noise.
 * `tags_all` (what the resource carries, provider default tags included)
 * stands for `tags`, reported as `tags.<key>`.
 */
function attributeChanges(type: string, before: Record<string, unknown>, after: Record<string, unknown>, sensitive: { before: unknown; after: unknown }, declared: ReadonlySet<string>): { real: AttributeChange[]; noise: string[] } {
  const real: AttributeChange[] = [];
  const noise: string[] = [];
  const hasTagsAll = "tags_all" in before || "tags_all" in after;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  for (const key of keys) {
    if (equalValues(before[key], after[key])) {
      if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) noise.push(key);
      continue;
    }
    if (key === "tags" && hasTagsAll) continue;
    if (isNoise(type, key, declared)) {
      noise.push(key);
      continue;
    }
    const label = key === "tags_all" ? "tags" : key;
    const changes: AttributeChange[] = [];
    diffValue(label, before[key], after[key], asRecord(sensitive.before)[key], asRecord(sensitive.after)[key], changes);
    if (changes.length === 0) noise.push(key);
    real.push(...changes);
  }
  return { real, noise };
}

/** Appends the leaf changes between `a` and `b` under `path`. */
function diffValue(path: string, a: unknown, b: unknown, sensitiveA: unknown, sensitiveB: unknown, out: AttributeChange[]): void {
  if (equalValues(a, b)) return;
  if (sensitiveA === true || sensitiveB === true) {
    out.push({ path, before: sensitiveA === true ? "(sensitive)" : a, after: sensitiveB === true ? "(sensitive)" : b });
    return;
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) diffValue(`${path}.${key}`, a[key], b[key], asRecord(sensitiveA)[key], asRecord(sensitiveB)[key], out);
    return;
  }
  if (isPlainObject(a) && b === null) return diffValue(path, a, {}, sensitiveA, sensitiveB, out);
  if (a === null && isPlainObject(b)) return diffValue(path, {}, b, sensitiveA, sensitiveB, out);
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v) => isPlainObject(v)) && b.every((v) => isPlainObject(v))) {
    a.forEach((v, i) => diffValue(`${path}[${i}]`, v, b[i], asArray(sensitiveA)[i], asArray(sensitiveB)[i], out));
    return;
  }
  out.push({ path, before: a ?? null, after: b ?? null });
}

/**
 * Deep equality with every empty value (null, {}, []) equal to the others, and
 * an unset value equal to the API's default it reads back as (false, "", 0):
 * an optional argument left out of the configuration is recorded as null at
 * apply and read back as AWS's answer (`bucket_key_enabled` of an SSE-S3 rule).
 */
function equalValues(a: unknown, b: unknown): boolean {
  if (isEmptyValue(a) && isEmptyValue(b)) return true;
  if ((a == null && isZeroValue(b)) || (b == null && isZeroValue(a))) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => equalValues(v, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => equalValues(a[k], b[k]));
  }
  return a === b;
}

/** Resource types the plan's configuration declares. */
function declaredTypes(plan: Record<string, unknown>): Set<string> {
  const types = new Set<string>();
  const visit = (module: unknown) => {
    const m = asRecord(module);
    for (const r of asArray(m.resources)) types.add(String(asRecord(r).type));
    for (const call of Object.values(asRecord(m.module_calls))) visit(asRecord(call).module);
  };
  visit(asRecord(plan.configuration).root_module);
  return types;
}

async function planOrThrow(runner: DriftRunner, dir: string, args: readonly string[]): Promise<0 | 2> {
  const result = await runner.exec(dir, args);
  if (result.code === 0 || result.code === 2) return result.code;
  throw new Error(terraformFailure(args, result));
}

async function showJson(runner: DriftRunner, dir: string, plan: string): Promise<Record<string, unknown>> {
  const result = await runner.exec(dir, ["show", "-json", "-no-color", plan]);
  if (result.code !== 0) throw new Error(terraformFailure(["show", "-json"], result));
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

function terraformFailure(args: readonly string[], result: { code: number; stdout: string; stderr: string }): string {
  const text = (result.stderr.trim() || result.stdout.trim()).split("\n").filter((l) => l.trim() !== "");
  return `terraform ${args.filter((a) => !a.startsWith("-out=")).join(" ")} failed (exit ${result.code}): ${text.slice(-12).join("\n")}`;
}

const isZeroValue = (v: unknown) => v === false || v === "" || v === 0;
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const asRecord = (v: unknown): Record<string, unknown> => (isPlainObject(v) ? v : {});
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
