/**
 * The cdktn flavour's refusal of Kubernetes, in the validation every spec
 * passes: the build swaps lib/core/flavour for its counterpart, and so does
 * this test.
 */
import { EnvironmentSpecError } from "../../lib/environments/errors";
import { resolveEnvironments } from "../../lib/environments/resolve";
import { ENVIRONMENTS, ORGANIZATION } from "../../main";

jest.mock("../../lib/core/flavour", () => jest.requireActual("../../lib/core/flavour-cdktn"));

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof EnvironmentSpecError) return error.problems.map((p) => `${p.environment} ${p.field}: ${p.message}`);
    throw error;
  }
  throw new Error("expected the specs to be refused");
}

describe("cdktf-envkit/cdktn and a spec that names a Kubernetes cluster", () => {
  it("refuses every environment that names one, with every other problem of the specs, at once", () => {
    const specs = ENVIRONMENTS.map((e) => (e.name === "test" ? { ...e, cidr: "10.10.0.0/16" } : e));
    const problems = problemsOf(() => resolveEnvironments(ORGANIZATION, specs));
    for (const env of ENVIRONMENTS)
      expect(problems).toContainEqual(expect.stringMatching(new RegExp(`^${env.name} kubernetes: cannot be built with cdktf-envkit/cdktn: .*@cdktf/provider-kubernetes.*Remove kubernetes and services from this environment`)));
    // The overlapping network range of test is reported in the same breath.
    expect(problems.filter((p) => / cidr: .*10\.10\.0\.0\/16/.test(p))).toHaveLength(1);
  });

  it("builds the AWS side of the same environments", () => {
    const awsSide = ENVIRONMENTS.map(({ kubernetes: _k, services: _s, ...aws }) => aws);
    const resolved = resolveEnvironments(ORGANIZATION, awsSide);
    expect(resolved.map((e) => [e.name, e.kubernetes])).toEqual(ENVIRONMENTS.map((e) => [e.name, undefined]));
  });
});
