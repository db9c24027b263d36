import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CheckOptions, runCheck, CheckOutcome } from "../../controller/cli/commands/check";
import { CommandContext } from "../../controller/cli/io";
import { compliantTags, NOW } from "../policies/helpers";

/** A scratch working directory with a `check` runner that captures what envctl prints. */
export function workspace() {
  const dir = mkdtempSync(join(tmpdir(), "envctl-hard-"));
  const out: string[] = [];
  const err: string[] = [];
  const context = (overrides: Partial<CommandContext> = {}): CommandContext => ({ cwd: dir, now: () => NOW, stdout: (t) => out.push(t), stderr: (t) => err.push(t), stdoutIsTty: false, env: {}, ...overrides });
  return {
    dir,
    out,
    err,
    write(path: string, content: unknown): string {
      const file = resolve(dir, path);
      mkdirSync(resolve(file, ".."), { recursive: true });
      writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
      return file;
    },
    check(options: CheckOptions, overrides: Partial<CommandContext> = {}): CheckOutcome {
      out.length = 0;
      err.length = 0;
      return runCheck(options, context(overrides));
    },
  };
}

/** The provider block of a prod stack with compliant default tags. */
export const PROVIDER = { aws: { region: "eu-west-1", default_tags: { tags: compliantTags("prod") } } };

/** A public, unencrypted bucket: ENV-PUB-004 and ENV-ENC-001 fire on it in every tier. */
export const OPEN_BUCKET = { bucket: "open-bucket" };
