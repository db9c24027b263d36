/**
 * Who is acting (deploying, approving, promoting, breaking glass): the CI
 * system's actor when a CI job runs, else the git identity of the checkout
 * (user.email, else user.name), else the operating-system user.
 */
import { spawnSync } from "node:child_process";

/** CI variables that name the person who triggered the job, in the order they are read. */
export const CI_ACTOR_VARIABLES = ["GITHUB_ACTOR", "GITLAB_USER_LOGIN", "BUILDKITE_BUILD_CREATOR_EMAIL", "CIRCLE_USERNAME", "BUILD_REQUESTEDFOREMAIL"] as const;

/** An identity and where it came from. */
export interface Identity {
  readonly name: string;
  readonly source: "ci" | "git" | "os";
}

/** The git config value `key` in `cwd`, if set. */
function gitConfig(cwd: string, key: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
  const result = spawnSync("git", ["config", "--get", key], { cwd, encoding: "utf8", env: { ...process.env, ...env } as NodeJS.ProcessEnv });
  const value = result.status === 0 ? result.stdout.trim() : "";
  return value === "" ? undefined : value;
}

/** The identity of whoever runs the command in `cwd`; undefined when neither CI, git nor the OS names anyone. */
export function identityOf(env: Readonly<Record<string, string | undefined>>, cwd: string): Identity | undefined {
  for (const variable of CI_ACTOR_VARIABLES) {
    const value = env[variable]?.trim();
    if (value) return { name: value, source: "ci" };
  }
  const git = gitConfig(cwd, "user.email", env) ?? gitConfig(cwd, "user.name", env);
  if (git) return { name: git, source: "git" };
  const user = (env.USER ?? env.LOGNAME)?.trim();
  return user ? { name: user, source: "os" } : undefined;
}
