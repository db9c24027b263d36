/** `envctl renew <env> --for <duration>`: a new expiry, recorded for the next synth and deploy. */
import { EXIT } from "../../core/errors";
import { formatSpan } from "../../core/time";
import { renewRecord } from "../../lifecycle/renew";
import { CommandContext } from "../io";
import { commandBody, LifecycleFlags, loadEnvironments, parseDuration, parseNow, pickEnvironments } from "./shared";

/** Flags of `envctl renew`. */
export interface RenewFlags extends LifecycleFlags {
  readonly for?: string;
  readonly now?: string;
}

/** Renews one ephemeral environment. */
export function runRenew(name: string, flags: RenewFlags, context: CommandContext): Promise<number> {
  return commandBody("renew", context, () => {
    const hours = parseDuration(flags.for);
    const now = parseNow(flags.now, context.now);
    const { manifest, store } = loadEnvironments(context, flags);
    const [env] = pickEnvironments(manifest, [name]);
    const record = renewRecord(env, store.readAll().get(env.name), hours, now);
    store.write(record);
    context.stdout(`${env.name} now expires at ${record.expiresAt} (in ${formatSpan(hours)}). Deploy it to carry the new expiry into its tags and guard: cdktf deploy env-${env.name}\n`);
    return EXIT.ok;
  });
}
