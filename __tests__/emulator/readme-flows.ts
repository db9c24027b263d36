/** The README's flows, in the order the README shows them: each is a block marked `<!-- flow: <id> -->`, run as written by the emulator suite. */
export const FLOW_IDS = ["install", "synth", "offline", "deploy", "preview", "drift", "reap", "teardown"] as const;
