// The app the emulator tests deploy with the real cdktf CLI: the example
// organization, plus a preview whose creation time the test passes in (so
// that it is never expired, whatever the date).
import { createEnvironmentApp, ephemeral, runApp, synthesizeAll, type EnvironmentSpec } from "../../lib";
import { ENVIRONMENTS, ORGANIZATION } from "../../main";

/** The preview the tests deploy beside dev and staging. */
export const PREVIEW: EnvironmentSpec = {
  name: "pr-7",
  tier: "preview",
  account: "555555555555",
  availabilityZones: ["eu-west-1a", "eu-west-1b"],
  cidr: "10.99.0.0/20",
  lifecycle: ephemeral(process.env.ENVKIT_TEST_CREATED_AT ?? "2026-11-20T09:00:00Z", 48),
};

runApp(() => synthesizeAll(createEnvironmentApp(ORGANIZATION, [...ENVIRONMENTS, PREVIEW]).app));
