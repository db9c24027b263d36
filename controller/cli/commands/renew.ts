/** `envctl renew <env> --for <duration>`: a new expiry, recorded for the next synth and deploy. */
import { EnvkitInputError, EXIT } from "../../../lib/core/errors";
import { formatSpan } from "../../../lib/core/time";
import { renewRecord } from "../../lifecycle/renew";
import { CommandContext } from "../io";
import { commandBody, LifecycleFlags, loadEstate, parseDuration, parseNow, pickEstate } from "./shared";

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
    const estate = loadEstate(context, flags, now);
    const [entry] = pickEstate(estate, [name]);
    const synthesized = estate.manifest?.environments.find((e) => e.name === entry.name);
    const lifecycle = synthesized?.resolved.lifecycle ?? (entry.record ? { kind: "ephemeral" as const, createdAt: entry.record.createdAt, expiresAt: entry.record.expiresAt } : undefined);
    if (!lifecycle) throw new EnvkitInputError(`environment ${entry.name} is known from its state alone (not in the app, no lifecycle record): there is no expiry to renew. Restore its spec, or destroy it.`);
    const env = { name: entry.name, tier: entry.tier, lifecycle };
    const record = renewRecord(env, entry.record, hours, now, context.now());
    estate.store.write(record);
    context.stdout(`${env.name} now expires at ${record.expiresAt} (in ${formatSpan(hours)}). Deploy it to carry the new expiry into its tags and guard: cdktf deploy env-${env.name}\n`);
    return EXIT.ok;
  });
}
