import { renderJunit } from "../../../policies/report";
import { evaluate } from "../../../policies/engine";
import { NOW } from "../helpers";
import { sampleReport } from "./fixtures";
import { parseXml, XmlElement } from "./xml";

describe("JUnit report", () => {
  const report = sampleReport();
  const root = parseXml(renderJunit(report));
  const suites = root.children;
  const suite = (name: string) => suites.find((s) => s.attributes.name === name) as XmlElement;
  const testCase = (stack: string, ruleId: string) => suite(stack).children.find((c) => c.name === "testcase" && c.attributes.name.startsWith(`${ruleId} `)) as XmlElement;

  it("is well-formed, with testsuites → testsuite per stack (plus waivers) → testcase per rule evaluated", () => {
    expect(root.name).toBe("testsuites");
    expect(suites.map((s) => s.attributes.name)).toEqual(["env-prod", "env-dev", "waivers"]);
    for (const stack of report.stacks) {
      const cases = suite(stack.name).children.filter((c) => c.name === "testcase");
      expect(cases).toHaveLength(stack.ruleIds.length);
      expect(suite(stack.name).attributes.tests).toBe(String(stack.ruleIds.length));
    }
  });

  it("fails the test cases with unwaived errors, and counts them", () => {
    const failure = testCase("env-prod", "ENV-NET-001").children.find((c) => c.name === "failure");
    expect(failure?.attributes.type).toBe("error");
    expect(failure?.text).toContain("aws_security_group.web");
    expect(suite("env-prod").attributes.failures).toBe("4");
    expect(root.attributes.failures).toBe("4");
  });

  it("puts waived and informational findings in system-out, not failures", () => {
    const waived = testCase("env-prod", "ENV-VER-001");
    expect(waived.children.map((c) => c.name)).toEqual(["system-out"]);
    expect(waived.children[0].text).toContain("error (waived): aws_s3_bucket.logs");
    expect(testCase("env-prod", "ENV-IAM-001").children.map((c) => c.name)).toEqual(["system-out"]);
  });

  it("leaves passing rules as empty test cases and records the tier", () => {
    expect(testCase("env-dev", "ENV-KMS-001").children).toEqual([]);
    expect(suite("env-dev").children[0].children.find((p) => p.attributes.name === "tier")?.attributes.value).toBe("dev");
  });

  it("escapes quotes, ampersands and angle brackets in attributes and text, so they read back unchanged", () => {
    const odd = 'bucket "a" & <b> \'c\'';
    const finding = { ruleId: "ACME-ODD-001", category: "cost", severity: "error", resource: "aws_s3_bucket.x", stack: 'env-"q"&<s>', message: odd, remediation: "Fix <it> & \"go\"", waived: false, equivalents: {} } as const;
    const withOdd = evaluate([], [], { now: NOW, extraFindings: [finding] });
    const xml = renderJunit({ ...withOdd, stacks: [{ name: 'env-"q"&<s>', tier: "prod", resources: 1, ruleIds: ["ACME-ODD-001"] }], rules: [{ id: "ACME-ODD-001", title: 'Odd & "quoted"', category: "cost", remediation: "r", equivalents: {}, severity: report.rules[0].severity }] });
    expect(xml).not.toContain("<b>");
    const parsed = parseXml(xml);
    const oddSuite = parsed.children.find((s) => s.attributes.name === 'env-"q"&<s>') as XmlElement;
    expect(oddSuite).toBeDefined();
    const failure = oddSuite.children.find((c) => c.name === "testcase")!.children.find((c) => c.name === "failure")!;
    expect(failure.text).toContain(odd);
    expect(failure.text).toContain('Fix <it> & "go"');
    expect(oddSuite.children.find((c) => c.name === "testcase")!.attributes.name).toBe('ACME-ODD-001 Odd & "quoted"');
  });
});
