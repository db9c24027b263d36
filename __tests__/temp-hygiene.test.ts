import * as os from "node:os";
import * as path from "node:path";
import { Testing } from "cdktf";

describe("test hygiene: a run leaves nothing in the system's temp folder", () => {
  it("runs every test inside the run's own temporary directory", () => {
    const runDir = process.env.ENVKIT_TEST_RUN_DIR;
    expect(runDir).toBeDefined();
    expect(os.tmpdir()).toBe(runDir);
  });

  it("puts cdktf's test outdirs there too (Testing.app() used to litter the temp folder)", () => {
    const app = Testing.app();
    expect(path.dirname(app.outdir)).toBe(process.env.ENVKIT_TEST_RUN_DIR);
  });
});
