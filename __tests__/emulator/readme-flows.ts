/** The README's flows, in the order the README shows them: each is a block marked `<!-- flow: <id> -->`, run as written by the emulator suite. */
export const FLOW_IDS = ["install", "synth", "offline", "deploy", "preview", "drift", "reap", "teardown"] as const;

/** The walk-through of docs/rollout.md, in its order: run as written by the emulator suite, in a git checkout of the example organization. */
export const ROLLOUT_FLOW_IDS = ["rollout-up", "rollout-refused", "rollout-promote", "rollout-down", "rollout-prod", "rollout-change", "rollout-rollback"] as const;
