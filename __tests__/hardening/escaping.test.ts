import { terminalSafe, spreadsheetSafe } from "../../lib/core/text";
import { evaluate, type Finding } from "../../policies/engine";
import { renderReport } from "../../policies/report/render";
import { NOW } from "../policies/helpers";

/** A finding whose every field came from a hostile input. */
function hostile(message: string, resource = "aws_s3_bucket.x"): Finding {
  return { ruleId: "ENV-ENC-001", category: "encryption", severity: "error", resource, stack: "env-prod", message, remediation: "fix it", waived: false, equivalents: {} };
}

const report = (...findings: Finding[]) => evaluate([], [], { now: NOW, extraFindings: findings });

describe("everything a report prints that came from input is escaped for its format", () => {
  it.each(["=HYPERLINK(\"http://evil\",\"x\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1,2)", "\t=1"])("CSV: a cell starting %j cannot start a formula", (value) => {
    const csv = renderReport("csv", report(hostile(value)));
    const row = csv.split("\r\n")[1];
    expect(row).toContain(`'${value.startsWith("\t") ? "\t" : value[0]}`);
    expect(row.split(",")[5]).toMatch(/^"?'/);
  });

  it("text: strips terminal control sequences (colors, cursor moves, window titles, bidi overrides) from input", () => {
    const evil = "ok\u001b[2J\u001b[31mred\u001b]0;pwned\u0007\u009b1A\u202Eevil\u0000";
    const text = renderReport("text", report(hostile(evil, "aws_s3_bucket.\u001b[1mbold")));
    expect(text).not.toMatch(/[\u001b\u009b\u0000\u202e]/);
    expect(text).toContain("okredevil");
  });

  it("text with colors keeps its own colors and still strips the input's", () => {
    const text = renderReport("text", report(hostile("x\u001b]8;;http://evil\u001b\\link")), { color: true });
    expect(text).toContain("\u001b[31m"); // our red for errors
    expect(text).not.toContain("http://evil");
  });

  it("markdown: escapes pipes, HTML and backticks of input", () => {
    const md = renderReport("markdown", report(hostile("a|b <img src=x onerror=alert(1)> `code`")));
    expect(md).toContain("a\\|b &lt;img src=x onerror=alert(1)&gt; 'code'");
  });

  it("keeps ordinary text as it is", () => {
    expect(terminalSafe("env-prod/legacy: bucket é ✓\nnext")).toBe("env-prod/legacy: bucket é ✓\nnext");
    expect(spreadsheetSafe("ENV-ENC-001")).toBe("ENV-ENC-001");
  });
});
