/**
 * Issue 19 (groundwork): a release is what an environment deploys that is
 * not its own. The example organization's staging and prod run the same
 * release; a new image or a shared config value is a new release; what
 * differs by tier or environment by design is not.
 */
import { resolveEnvironments } from "../../lib/environments/resolve";
import type { EnvironmentSpec, OrgDefaults } from "../../lib/environments/types";
import { releaseContent, releaseDigest } from "../../lib/releases/digest";
import { releaseId } from "../../lib/releases/ledger";
import { ENVIRONMENTS, ORGANIZATION } from "../../main";

const digestOf = (name: string, org: OrgDefaults = ORGANIZATION, specs: readonly EnvironmentSpec[] = ENVIRONMENTS, library = "0.1.0") => {
  const env = resolveEnvironments(org, specs).find((e) => e.name === name)!;
  return releaseDigest(releaseContent(env, org, library));
};

describe("the release digest", () => {
  it("is the same for staging and prod of the example organization, whose sizing, tier config, cluster, account and tags differ", () => {
    expect(digestOf("staging")).toMatch(/^[0-9a-f]{64}$/);
    expect(digestOf("prod")).toBe(digestOf("staging"));
    expect(releaseId(digestOf("prod"))).toMatch(/^rel-[0-9a-f]{12}$/);
  });

  it("names what it is made of: the library, each service's template, image, port and probes, the shared config (a secret by its name only)", () => {
    const env = resolveEnvironments(ORGANIZATION, ENVIRONMENTS).find((e) => e.name === "prod")!;
    expect(releaseContent(env, ORGANIZATION, "0.1.0")).toEqual({
      library: "0.1.0",
      services: [
        expect.objectContaining({ name: "api", template: "web", image: "ghcr.io/acme/api:1.8.0", port: 8080 }),
        expect.objectContaining({ name: "jobs", template: "worker", image: "ghcr.io/acme/jobs:1.8.0", port: null }),
      ],
      sharedConfig: { "feature-flags": "none", "payments-api-key": { secret: "acme/payments/api-key" } },
    });
  });

  it("changes with an image, a shared config value or the library, and not with an environment's own config", () => {
    const base = digestOf("prod");
    const newImage = ENVIRONMENTS.map((e) => ({ ...e, services: e.services?.map((s) => (s.name === "api" ? { ...s, image: "ghcr.io/acme/api:1.9.0" } : s)) }));
    expect(digestOf("prod", ORGANIZATION, newImage)).not.toBe(base);
    const newShared = { ...ORGANIZATION, config: { ...ORGANIZATION.config, base: { ...ORGANIZATION.config?.base, "feature-flags": "all" } } };
    expect(digestOf("prod", newShared)).not.toBe(base);
    expect(digestOf("prod", ORGANIZATION, ENVIRONMENTS, "0.2.0")).not.toBe(base);
    const ownConfig = ENVIRONMENTS.map((e) => (e.name === "dev" ? { ...e, config: { ...e.config, "feature-flags": "beta-ui,dark-mode" } } : e));
    expect(digestOf("dev", ORGANIZATION, ownConfig)).toBe(digestOf("dev"));
    expect(digestOf("dev")).toBe(base);
  });
});
