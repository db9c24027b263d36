import { spawn } from "node:child_process";
import { readFileSync, symlinkSync } from "node:fs";
import { resolve } from "node:path";
import { EXIT } from "../../lib/core/errors";
import { looksLikeOurReport } from "../../controller/checks/report-file";
import { renderReport, REPORT_FORMATS } from "../../policies/report/render";
import { sampleReport } from "../policies/report/fixtures";
import { OPEN_BUCKET, PROVIDER, workspace } from "./helpers";

const INPUT = { provider: PROVIDER, resource: { aws_s3_bucket: { open: OPEN_BUCKET } } };

describe("envctl check --out never destroys an input or a file that is not its report", () => {
  it.each([
    ["the --file", { file: "input.tf.json", out: "input.tf.json" }],
    ["the --waivers file", { file: "input.tf.json", waivers: "waivers.json", out: "waivers.json" }],
    ["the --file under another spelling", { file: "input.tf.json", out: "./sub/../input.tf.json" }],
  ])("refuses --out equal to %s, and leaves it as it was", (_name, options) => {
    const w = workspace();
    w.write("input.tf.json", INPUT);
    w.write("waivers.json", []);
    const before = { input: readFileSync(resolve(w.dir, "input.tf.json"), "utf8"), waivers: readFileSync(resolve(w.dir, "waivers.json"), "utf8") };
    expect(w.check(options).exitCode).toBe(EXIT.badInput);
    expect(w.err.join("")).toMatch(/is one of the inputs of this check .* writing the report there would destroy it/);
    expect(readFileSync(resolve(w.dir, "input.tf.json"), "utf8")).toBe(before.input);
    expect(readFileSync(resolve(w.dir, "waivers.json"), "utf8")).toBe(before.waivers);
  });

  it("refuses --out that is a link to an input (real paths are compared)", () => {
    const w = workspace();
    const input = w.write("input.tf.json", INPUT);
    symlinkSync(input, resolve(w.dir, "report.json"));
    expect(w.check({ file: "input.tf.json", out: "report.json" }).exitCode).toBe(EXIT.badInput);
    expect(JSON.parse(readFileSync(input, "utf8"))).toEqual(INPUT);
  });

  it("refuses --out over a stack file of the cdktf output it checks", () => {
    const w = workspace();
    w.write("cdktf.out/stacks/env-a/cdk.tf.json", INPUT);
    w.write("cdktf.out/manifest.json", { version: "0.21.0", stacks: { "env-a": { synthesizedStackPath: "stacks/env-a/cdk.tf.json" } } });
    expect(w.check({ out: "cdktf.out/stacks/env-a/cdk.tf.json" }).exitCode).toBe(EXIT.badInput);
    expect(JSON.parse(readFileSync(resolve(w.dir, "cdktf.out/stacks/env-a/cdk.tf.json"), "utf8"))).toEqual(INPUT);
  });

  it("refuses to replace a file that is not an envctl report, unless --force", () => {
    const w = workspace();
    w.write("input.tf.json", INPUT);
    w.write("notes.txt", "my notes\n");
    expect(w.check({ file: "input.tf.json", out: "notes.txt" }).exitCode).toBe(EXIT.badInput);
    expect(w.err.join("")).toContain("--out notes.txt exists and is not a report of envctl; it was left as it is");
    expect(readFileSync(resolve(w.dir, "notes.txt"), "utf8")).toBe("my notes\n");
    expect(w.check({ file: "input.tf.json", out: "notes.txt", force: true }).exitCode).toBe(EXIT.findings);
    expect(readFileSync(resolve(w.dir, "notes.txt"), "utf8")).toMatch(/FAILED:/);
  });

  it.each(REPORT_FORMATS)("replaces an earlier %s report of its own without --force", (format) => {
    expect(looksLikeOurReport(renderReport(format, sampleReport(), {}))).toBe(true);
    const w = workspace();
    w.write("input.tf.json", INPUT);
    w.write(`report.${format}`, renderReport(format, sampleReport(), {}));
    expect(w.check({ file: "input.tf.json", out: `report.${format}`, format }).exitCode).toBe(EXIT.findings);
  });
});

describe("exit codes say what happened", () => {
  it("exits 3, with a message and no report, on an internal failure (a bug)", () => {
    const w = workspace();
    w.write("input.tf.json", INPUT);
    const broken = { rulesFor: () => { throw new TypeError("cannot read properties of undefined"); } };
    const outcome = require("../../controller/cli/commands/check").runCheck({ file: "input.tf.json" }, { cwd: w.dir, now: () => new Date(), stdout: () => undefined, stderr: (t: string) => w.err.push(t), stdoutIsTty: false, env: {} }, broken);
    expect(outcome.exitCode).toBe(EXIT.internal);
    expect(w.err.join("")).toContain("envctl check failed (a bug; please report it): cannot read properties of undefined");
  });

  it("exits 4 with one line, not a stack trace, when standard output is closed early (envctl check | head)", async () => {
    const w = workspace();
    // Enough findings that the report is larger than a pipe's buffer.
    const resources = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`b${i}`, { bucket: `open-${i}` }]));
    w.write("many.tf.json", { provider: PROVIDER, resource: { aws_s3_bucket: resources } });
    const child = spawn(process.execPath, [resolve(__dirname, "../../dist/controller/cli/main.js"), "check", "--file", "many.tf.json"], { cwd: w.dir, env: { ...process.env, NO_COLOR: "1" } });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((done) => child.on("close", done));
    expect(code).toBe(EXIT.output);
    expect(stderr).toBe("envctl: standard output was closed before the report was written (broken pipe)\n");
  }, 60_000);
});
