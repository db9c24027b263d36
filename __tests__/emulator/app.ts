// The app the emulator tests deploy with the real cdktf CLI: the example
// organization, with previews as a CI job adds them (ENV_PREVIEW=pr-7).
import { createEnvironmentApp, runApp, synthesizeAll } from "../../lib";
import { ENVIRONMENTS, ORGANIZATION } from "../../main";

/** The account previews deploy into. */
export const PREVIEW_ACCOUNT = "555555555555";

runApp(() => synthesizeAll(createEnvironmentApp(ORGANIZATION, ENVIRONMENTS, { previews: { account: PREVIEW_ACCOUNT, availabilityZones: ["eu-west-1a", "eu-west-1b"] } }).app));
