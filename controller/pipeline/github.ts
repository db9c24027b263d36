/**
 * GitHub Actions workflows generated from the environment manifest: the
 * estate run by an engine the team already operates, with the gates envctl
 * enforces locally enforced there too. Pure: the manifest in, file texts out
 * (byte-identical for the same manifest); the command writes them.
 *
 * - deploy: on push to the main branch, one job per environment (a matrix;
 *   beyond GitHub's 256 matrix jobs per workflow run, a workflow per 256), each in the GitHub
 *   Environment of its name and a concurrency group of its own, credentials by
 *   OIDC role assumption, `envctl check` before `envctl up` (its AWS stack,
 *   then its Kubernetes stack). Tiers that take only promoted releases are
 *   left to the promotion workflow.
 * - promote: a manual dispatch that approves, or promotes and then deploys
 *   the promoted release, in the target's GitHub Environment.
 * - preview: a pull request's preview deployed on open and push, its cost and
 *   findings commented, destroyed on close; reap: hourly, what a missed close
 *   left behind.
 * - drift: nightly, each environment; a drifted one fails its job.
 */
import { stringify } from "yaml";
import { EnvkitInputError } from "../../lib/core/errors";
import { generatedHeader, type GeneratedFile } from "./generated";
import { declaredEnvironments, promotionPolicy, type DeclaredEnvironment, type EnvironmentManifest, type ManifestEnvironment } from "../../stacks/app/manifest";
import type { CoreName } from "../../lib/core/flavour";

/** Third-party actions, pinned to the full commit SHA of a release (the tag in the comment is for people). */
export const PINNED_ACTIONS = {
  checkout: { uses: "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1", tag: "v7.0.1" },
  setupNode: { uses: "actions/setup-node@820762786026740c76f36085b0efc47a31fe5020", tag: "v7.0.0" },
  awsCredentials: { uses: "aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c", tag: "v6.2.3" },
} as const;

/** GitHub runs at most this many jobs of a matrix in one workflow run. */
export const MATRIX_LIMIT = 256;

/** What the workflows are generated with. */
export interface GithubPipelineOptions {
  /** The branch whose pushes deploy. @default "main" */
  readonly branch?: string;
  /** Where cdktf.out is, relative to the repository root (named in the headers). @default "cdktf.out" */
  readonly manifestPath?: string;
  /** The core the app runs on: its CLI synthesizes (`npx cdktn synth` on CDK Terrain). @default "cdktf" */
  readonly core?: CoreName;
  /** The Node.js major version the jobs use. @default "20", and "22" on cdktn (which requires it) */
  readonly nodeVersion?: string;
}

/** The core an app's package.json depends on: `cdktn` when it names CDK Terrain, else `cdktf`. */
export function coreOfApp(packageJson: unknown): CoreName {
  const pkg = (typeof packageJson === "object" && packageJson !== null ? packageJson : {}) as { dependencies?: Record<string, unknown>; devDependencies?: Record<string, unknown> };
  return "cdktn" in { ...pkg.dependencies, ...pkg.devDependencies } ? "cdktn" : "cdktf";
}

interface Target {
  readonly environment: string;
  readonly role: string;
  readonly region: string;
  readonly stacks: string;
}

const RUNNER = "ubuntu-latest";

const header = (what: string, manifestPath: string, manifest: EnvironmentManifest) => generatedHeader("github", what, manifestPath, manifest);

/** The YAML of a workflow, each pinned action followed by the release its SHA is. */
function render(workflow: object): string {
  let text = stringify(workflow, { lineWidth: 0, aliasDuplicateObjects: false });
  for (const action of Object.values(PINNED_ACTIONS)) text = text.split(`uses: ${action.uses}\n`).join(`uses: ${action.uses} # ${action.tag}\n`);
  return text;
}

function setupSteps(nodeVersion: string): object[] {
  return [{ uses: PINNED_ACTIONS.checkout.uses, with: { "persist-credentials": false } }, { uses: PINNED_ACTIONS.setupNode.uses, with: { "node-version": nodeVersion, cache: "npm" } }, { run: "npm ci" }];
}

const credentials = (role: string, region: string) => ({ uses: PINNED_ACTIONS.awsCredentials.uses, with: { "role-to-assume": role, "aws-region": region, "role-session-name": "envkit-${{ github.run_id }}" } });

function targetOf(env: ManifestEnvironment | DeclaredEnvironment, problems: string[]): Target | undefined {
  const resolved = env.resolved as { deployRole?: string; region?: string; account?: string };
  if (!resolved.deployRole) {
    problems.push(
      `environment "${env.name}", field "deployRole": is not set, so CI has no role to assume for it (OIDC; never a stored key). Set the organization's deployRole, such as "arn:aws:iam::{account}:role/envkit-deploy"${
        resolved.account ? "" : ", and the environment's account"
      }, or the environment's own.`
    );
    return undefined;
  }
  return { environment: env.name, role: resolved.deployRole, region: resolved.region ?? "us-east-1", stacks: env.stacks.map((s) => s.name).join(" ") };
}

/** The matrices of `targets`, split at GitHub's limit per matrix. */
function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const MATRIX_ENVIRONMENT = "${{ matrix.environment }}";

/**
 * The workflows of one job run for each of `targets` (a matrix): one file,
 * or, beyond GitHub's 256 matrix jobs per workflow run, one per 256
 * (`envkit-<kind>-1.yml`, ...). None when there is no target.
 */
function matrixWorkflows(kind: string, targets: readonly Target[], spec: { readonly what: string; readonly on: object; readonly job: Record<string, unknown> }, header: (what: string) => string, env: object): GeneratedFile[] {
  return chunks(targets, MATRIX_LIMIT).map((include, i, all) => {
    const part = all.length === 1 ? "" : ` (${i + 1} of ${all.length})`;
    const { steps, ...job } = spec.job;
    return {
      name: all.length === 1 ? `envkit-${kind}.yml` : `envkit-${kind}-${i + 1}.yml`,
      text: header(`${spec.what}${part}.`) + render({ name: `envkit ${kind}${part}`, on: spec.on, permissions: { contents: "read" }, env, jobs: { [kind]: { ...job, strategy: { "fail-fast": false, matrix: { include } }, steps } } }),
    };
  });
}

/**
 * The workflows of `manifest`. Every environment needs a deploy role: the
 * ones that lack it are one error that lists them all, and nothing is
 * generated.
 */
export function githubWorkflows(manifest: EnvironmentManifest, options: GithubPipelineOptions = {}): GeneratedFile[] {
  const branch = options.branch ?? "main";
  const manifestPath = options.manifestPath ?? "cdktf.out";
  const core = options.core ?? "cdktf";
  const node = options.nodeVersion ?? (core === "cdktn" ? "22" : "20");
  const synth = `npx ${core} synth`;
  const problems: string[] = [];
  // A preview a synth left in cdktf.out is the preview workflow's: the others run it.
  const declared = declaredEnvironments(manifest).filter((e) => e.tier !== "preview");
  const targets = new Map(declared.flatMap((e) => [targetOf(e, problems)].flatMap((t) => (t ? [[e.name, t] as const] : []))));
  const previews = manifest.previews;
  if (previews && !previews.deployRole)
    problems.push(`previews, field "deployRole": the organization sets none, so CI has no role to assume for previews in account ${previews.account}. Set the organization's deployRole, such as "arn:aws:iam::{account}:role/envkit-deploy".`);
  if (problems.length > 0) throw new EnvkitInputError(`cannot generate the workflows (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  - ${p}`).join("\n")}`);

  const gated = declared.filter((e) => promotionPolicy(e)?.requiresPromotion === true);
  const direct = declared.filter((e) => !gated.includes(e));
  const files: GeneratedFile[] = [];
  const env = { CHECKPOINT_DISABLE: "1", CI: "true" };

  // Deploy: each environment whose tier takes any release, on every push. GitHub runs at most 256 jobs of a matrix in one workflow run: beyond, a workflow per 256.
  files.push(
    ...matrixWorkflows(
      "deploy",
      direct.map((e) => targets.get(e.name)!),
      {
        what: "Deploys every environment whose tier takes a release without promotion, on each push",
        on: { push: { branches: [branch] }, workflow_dispatch: {} },
        job: {
          name: `deploy ${MATRIX_ENVIRONMENT}`,
          "runs-on": RUNNER,
          environment: MATRIX_ENVIRONMENT,
          // One apply per environment at a time: a second push waits, it never cancels an apply half-way.
          concurrency: { group: `envkit-${MATRIX_ENVIRONMENT}`, "cancel-in-progress": false },
          permissions: { contents: "read", "id-token": "write" },
          "timeout-minutes": 120,
          steps: [
            ...setupSteps(node),
            { name: "synthesize (this environment only)", run: synth, env: { ENVKIT_ONLY: MATRIX_ENVIRONMENT } },
            { name: "policies (an unwaived error fails the job before anything is applied)", run: 'for stack in $STACKS; do npx envctl check --stack "$stack"; done', env: { STACKS: "${{ matrix.stacks }}" } },
            credentials("${{ matrix.role }}", "${{ matrix.region }}"),
            { name: "deploy (its AWS stack, then its Kubernetes stack)", run: 'npx envctl up "$ENVIRONMENT" --skip-synth', env: { ENVIRONMENT: MATRIX_ENVIRONMENT } },
          ],
        },
      },
      (what) => header(what, manifestPath, manifest),
      env
    )
  );

  // Promote: approvals and promotions by dispatch; the deploy of the promoted release waits for the target's GitHub Environment (its reviewers).
  if (gated.length > 0) {
    const sources = [...new Set(declared.filter((e) => !gated.includes(e)).map((e) => e.name))];
    const jobs: Record<string, object> = {};
    for (const to of gated) {
      const target = targets.get(to.name)!;
      jobs[`approve-${to.name}`] = {
        if: `inputs.action == 'approve' && inputs.to == '${to.name}'`,
        "runs-on": RUNNER,
        concurrency: { group: `envkit-ledger-${to.name}`, "cancel-in-progress": false },
        permissions: { contents: "read", "id-token": "write" },
        steps: [
          ...setupSteps(node),
          { name: "synthesize", run: synth },
          credentials(target.role, target.region),
          { name: "approve (as the actor who dispatched this run)", run: 'npx envctl approve "$TO" --release "$RELEASE"', env: { TO: to.name, RELEASE: "${{ inputs.release }}" } },
        ],
      };
      jobs[`promote-${to.name}`] = {
        if: `inputs.action == 'promote' && inputs.to == '${to.name}'`,
        "runs-on": RUNNER,
        environment: to.name,
        concurrency: { group: `envkit-${to.name}`, "cancel-in-progress": false },
        permissions: { contents: "read", "id-token": "write" },
        "timeout-minutes": 120,
        steps: [
          ...setupSteps(node),
          { name: "synthesize (the two environments the promotion reads)", run: synth, env: { ENVKIT_ONLY: `\${{ inputs.from }},${to.name}` } },
          { name: "policies", run: `for stack in $STACKS; do npx envctl check --stack "$stack"; done`, env: { STACKS: target.stacks } },
          credentials(target.role, target.region),
          {
            name: "promote (soak time, approvals and parity checked; every reason for a refusal listed)",
            run: 'npx envctl promote "$FROM" "$TO" ${RELEASE:+--release "$RELEASE"}',
            env: { FROM: "${{ inputs.from }}", TO: to.name, RELEASE: "${{ inputs.release }}" },
          },
          { name: "deploy the promoted release (the gate refuses any other)", run: 'npx envctl up "$TO"', env: { TO: to.name } },
        ],
      };
    }
    files.push({
      name: "envkit-promote.yml",
      text:
        header("Approves a release for, or promotes it into, a tier that deploys only promoted releases; then deploys it.", manifestPath, manifest) +
        render({
          name: "envkit promote",
          on: {
            workflow_dispatch: {
              inputs: {
                action: { description: "approve a release, or promote one and deploy it", required: true, type: "choice", options: ["approve", "promote"] },
                to: { description: "the environment the release goes to", required: true, type: "choice", options: gated.map((e) => e.name) },
                from: { description: "the environment it comes from (promote)", required: false, type: "choice", options: sources.length > 0 ? sources : ["staging"] },
                release: { description: "the release id (rel-...): required to approve; to promote, an older one is a rollback (default: what from runs)", required: false, type: "string" },
              },
            },
          },
          permissions: { contents: "read" },
          env,
          jobs,
        }),
    });
  }

  // Drift: nightly, every declared environment; envctl drift exits 2 on drift, which fails the job and notifies.
  files.push(
    ...matrixWorkflows(
      "drift",
      declared.map((e) => targets.get(e.name)!),
      {
        what: "Reads every environment's drift each night; a drifted environment fails its job",
        on: { schedule: [{ cron: "17 3 * * *" }], workflow_dispatch: {} },
        job: {
          name: `drift ${MATRIX_ENVIRONMENT}`,
          "runs-on": RUNNER,
          // A group of its own: a pending drift read never displaces a pending deploy.
          concurrency: { group: `envkit-drift-${MATRIX_ENVIRONMENT}`, "cancel-in-progress": false },
          permissions: { contents: "read", "id-token": "write" },
          steps: [
            ...setupSteps(node),
            { name: "synthesize (this environment only)", run: synth, env: { ENVKIT_ONLY: MATRIX_ENVIRONMENT } },
            credentials("${{ matrix.role }}", "${{ matrix.region }}"),
            { name: "drift (a drifted environment fails the job)", run: 'npx envctl drift "$ENVIRONMENT"', env: { ENVIRONMENT: MATRIX_ENVIRONMENT } },
          ],
        },
      },
      (what) => header(what, manifestPath, manifest),
      env
    )
  );

  if (previews?.deployRole) {
    const region = previews.region ?? "us-east-1";
    const preview = "pr-${{ github.event.pull_request.number }}";
    files.push({
      name: "envkit-preview.yml",
      text:
        header("A preview environment per pull request: deployed on open and push, its cost and findings commented, destroyed on close.", manifestPath, manifest) +
        render({
          name: "envkit preview",
          on: { pull_request: { types: ["opened", "synchronize", "reopened", "closed"] } },
          permissions: { contents: "read" },
          // One run per pull request at a time; a close waits for a deploy in flight, so the destroy always comes last.
          concurrency: { group: "envkit-preview-${{ github.event.pull_request.number }}", "cancel-in-progress": false },
          env: { ...env, ENV_PREVIEW: preview },
          jobs: {
            deploy: {
              if: "github.event.action != 'closed'",
              "runs-on": RUNNER,
              permissions: { contents: "read", "id-token": "write", "pull-requests": "write" },
              steps: [
                ...setupSteps(node),
                { name: "synthesize (the preview only)", run: synth, env: { ENVKIT_ONLY: preview } },
                { name: "policies", run: 'npx envctl check --stack "env-$ENV_PREVIEW"' },
                credentials(previews.deployRole, region),
                { name: "deploy", run: 'npx envctl up "$ENV_PREVIEW" --skip-synth' },
                {
                  name: "comment its cost and findings",
                  run: [
                    '{ echo "### Preview $ENV_PREVIEW"; npx envctl report "$ENV_PREVIEW" --format markdown; npx envctl check --stack "env-$ENV_PREVIEW" --format markdown || true; } > preview.md',
                    'gh pr comment "$PR" --body-file preview.md --edit-last || gh pr comment "$PR" --body-file preview.md',
                  ].join("\n"),
                  env: { GH_TOKEN: "${{ github.token }}", PR: "${{ github.event.pull_request.number }}" },
                },
              ],
            },
            destroy: {
              if: "github.event.action == 'closed'",
              "runs-on": RUNNER,
              permissions: { contents: "read", "id-token": "write" },
              steps: [...setupSteps(node), { name: "synthesize (the preview only)", run: synth, env: { ENVKIT_ONLY: preview } }, credentials(previews.deployRole, region), { name: "destroy", run: 'npx envctl down "$ENV_PREVIEW"' }],
            },
          },
        }),
    });
    files.push({
      name: "envkit-reap.yml",
      text:
        header("Destroys expired environments every hour: what a missed close event left behind.", manifestPath, manifest) +
        render({
          name: "envkit reap",
          on: { schedule: [{ cron: "23 * * * *" }], workflow_dispatch: {} },
          permissions: { contents: "read" },
          concurrency: { group: "envkit-reap", "cancel-in-progress": false },
          env,
          jobs: {
            reap: {
              "runs-on": RUNNER,
              permissions: { contents: "read", "id-token": "write" },
              steps: [...setupSteps(node), { name: "synthesize", run: synth }, credentials(previews.deployRole, region), { name: "reap", run: "npx envctl reap --yes" }],
            },
          },
        }),
    });
  }
  return files;
}
