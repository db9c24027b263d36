/**
 * A shell session as a user has one in a terminal: each command runs in bash,
 * and what it exports (`eval "$(npx envctl emulator start ...)"`) and where it
 * changes directory (`cd my-app`) carry over to the next command. `fork` opens
 * a second terminal with the same environment and directory.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** What a command printed and how it ended. */
export interface CommandResult {
  readonly command: string;
  readonly code: number;
  readonly stdout: string;
  /** Standard output and error, as a terminal shows them (colours removed). */
  readonly output: string;
  readonly ms: number;
}

/** Every command any session ran, with when it started and how long it took: printed by the suites to show where their time goes. */
export const COMMAND_LOG: { session: string; command: string; startMs: number; ms: number; code: number }[] = [];
const FIRST = Date.now();

/** Variables bash sets for itself, which a session does not carry. */
const SHELL_OWN = new Set(["_", "SHLVL", "PWD", "OLDPWD", "BASH_EXECUTION_STRING"]);

export class ShellSession {
  constructor(
    public cwd: string,
    public env: Record<string, string>,
    readonly name = "terminal",
  ) {}

  /** A second terminal: the same environment and directory, from here on its own. */
  fork(name: string): ShellSession {
    return new ShellSession(this.cwd, { ...this.env }, name);
  }

  /** Runs `command` as typed at the prompt; resolves when it ends, whatever its exit code. */
  run(command: string, timeoutMs = 600_000): Promise<CommandResult> {
    const scratch = mkdtempSync(join(tmpdir(), "envkit-session-"));
    const envFile = join(scratch, "env");
    const pwdFile = join(scratch, "pwd");
    const script = `${command}\n__envkit_rc=$?\nenv -0 > ${JSON.stringify(envFile)}\npwd > ${JSON.stringify(pwdFile)}\nexit $__envkit_rc\n`;
    const started = Date.now();
    return new Promise((done, fail) => {
      const child = spawn("bash", ["-c", script], { cwd: this.cwd, env: this.env, stdio: ["ignore", "pipe", "pipe"] });
      const all: Buffer[] = [];
      const out: Buffer[] = [];
      child.stdout.on("data", (b: Buffer) => (all.push(b), out.push(b)));
      child.stderr.on("data", (b: Buffer) => all.push(b));
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      child.on("error", fail);
      child.on("close", (code) => {
        clearTimeout(timer);
        try {
          const dumped = readFileSync(envFile, "utf8").split("\0").filter(Boolean);
          this.env = Object.fromEntries(dumped.map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]).filter(([k]) => !SHELL_OWN.has(k)));
          this.cwd = readFileSync(pwdFile, "utf8").trim();
        } catch {
          // the command ended the shell (exit, a signal): the session stays as it was
        }
        rmSync(scratch, { recursive: true, force: true });
        const text = (buffers: Buffer[]) => Buffer.concat(buffers).toString("utf8").replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "");
        const result = { command, code: code ?? 1, stdout: text(out), output: text(all), ms: Date.now() - started };
        COMMAND_LOG.push({ session: this.name, command: command.split("\n")[0], startMs: started - FIRST, ms: result.ms, code: result.code });
        done(result);
      });
    });
  }
}

/** The last lines of a command's output without progress lines, for a failed expectation. */
export function tail(result: CommandResult, lines = 40): string {
  const kept = result.output.split("\n").filter((line) => !/Still (creating|destroying|modifying)\.\.\./.test(line));
  const errors = kept.flatMap((line, i) => (/\bError\b/.test(line) ? kept.slice(i, i + 12) : []));
  return [`$ ${result.command} (exit ${result.code})`, ...new Set(errors), "...", ...kept.slice(-lines)].join("\n");
}
