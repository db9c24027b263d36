// The app the emulator tests deploy with the real cdktf CLI: the example
// organization, with previews as a CI job adds them (ENV_PREVIEW=pr-7).
import { createEnvironmentApp, runApp, synthesizeAll } from "../../lib";
import { ENVIRONMENTS, ORGANIZATION } from "../../main";

/** The account previews deploy into. */
export const PREVIEW_ACCOUNT = "555555555555";

/** No Kubernetes cluster exists here: the emulator deploys the AWS stacks; the Kubernetes stacks are checked by synth, policy and assertions. */
const AWS_ONLY = ENVIRONMENTS.map(({ kubernetes: _cluster, services: _services, ...spec }) => spec);

runApp(() => synthesizeAll(createEnvironmentApp(ORGANIZATION, AWS_ONLY, { previews: { account: PREVIEW_ACCOUNT, availabilityZones: ["eu-west-1a", "eu-west-1b"] } }).app));
