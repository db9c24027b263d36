import { renderJunit } from "../../../policies/report";
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

  it("escapes quotes, ampersands and angle brackets", () => {
    const expired = suite("waivers").children[0];
    expect(expired.children[0].text).toContain("expired on 2025-12-31");
    expect(renderJunit(report)).not.toMatch(/<OPS-7>/);
  });
});
