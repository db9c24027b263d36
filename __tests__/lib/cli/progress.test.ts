import { progressFor } from "../../../controller/cli/progress";
import type { CommandContext } from "../../../controller/cli/io";

/** A context whose clock the test moves, writing what progress prints. */
function logContext() {
  let now = new Date("2026-12-06T10:00:00Z").getTime();
  const lines: string[] = [];
  const context: CommandContext = { cwd: ".", now: () => new Date(now), stdout: () => undefined, stderr: (t) => lines.push(t), stdoutIsTty: false, stderrIsTty: false, env: {} };
  return { context, lines, advance: (ms: number) => (now += ms) };
}

describe("progress in a CI log", () => {
  it("prints each step and, how long each environment took", () => {
    const { context, lines, advance } = logContext();
    const progress = progressFor(context, 60_000);
    progress.start("pr-42", "synthesizing from its lifecycle record");
    progress.update("pr-42", "destroying env-pr-42");
    advance(95_000);
    progress.succeed("pr-42", "destroyed");
    progress.stop();
    expect(lines).toEqual(["pr-42: synthesizing from its lifecycle record\n", "pr-42: destroying env-pr-42\n", "pr-42: destroyed (2m)\n"]);
  });

  it("says every interval which environments are still at work, and for how long, so that a long destroy is never one silent line", async () => {
    const { context, lines, advance } = logContext();
    const progress = progressFor(context, 20);
    progress.start("dev", "destroying env-dev");
    advance(61_000);
    await new Promise((r) => setTimeout(r, 50));
    progress.succeed("dev", "destroyed");
    expect(lines).toContain("dev: still destroying env-dev (1m)\n");
    const count = lines.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(lines).toHaveLength(count);
  });
});
