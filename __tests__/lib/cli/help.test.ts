import { buildProgram, main } from "../../../controller/cli/main";
import type { CommandContext } from "../../../controller/cli/io";

/** Runs `envctl <args>` in memory and returns what it printed. */
async function envctl(args: readonly string[]): Promise<{ code: number; out: string }> {
  let out = "";
  const context: CommandContext = { cwd: process.cwd(), now: () => new Date(), stdout: (t) => (out += t), stderr: (t) => (out += t), stdoutIsTty: false, env: {} };
  const code = await main(args, context);
  return { code, out };
}

const COMMANDS = buildProgram({ cwd: ".", now: () => new Date(), stdout: () => undefined, stderr: () => undefined, stdoutIsTty: false, env: {} }, () => undefined).commands;

describe("envctl help", () => {
  it.each(COMMANDS.map((c) => c.name()))("envctl %s --help states its purpose as a sentence and lists its exit codes", async (name) => {
    const { code, out } = await envctl([name, "--help"]);
    expect(code).toBe(0);
    const description = COMMANDS.find((c) => c.name() === name)!.description();
    expect(description).toMatch(/^[A-Z].*\.$/s);
    expect(out).toMatch(/Exit codes: 0 [^\n]+ bad input/);
    expect(out).toMatch(/Examples:\n {2}\$ .*envctl /);
  });
});
