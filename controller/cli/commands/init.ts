/** `envctl init [dir]`: scaffolds an app repository that synthesizes on the first try. */
import { EXIT } from "../../../lib/core/errors";
import { writeScaffold } from "../../scaffold/scaffold";
import { CommandContext } from "../io";
import { commandBody } from "./shared";

/** Flags of `envctl init`. */
export interface InitFlags {
  readonly from?: string;
  readonly organization?: string;
  readonly force?: boolean;
  readonly cdktn?: boolean;
}

/** Writes the scaffold into `dir` (default: the current directory) and says what to run next. */
export function runInit(dir: string | undefined, flags: InitFlags, context: CommandContext): Promise<number> {
  return commandBody("init", context, () => {
    const directory = dir ?? ".";
    const written = writeScaffold({ directory, cwd: context.cwd, from: flags.from, organization: flags.organization, force: flags.force, core: flags.cdktn ? "cdktn" : "cdktf" });
    const cd = directory === "." ? "" : `cd ${directory} && `;
    context.stdout(
      [
        `Created ${written.join(", ")} in ${directory}.`,
        "Next:",
        `  ${cd}npm install`,
        `  npx ${flags.cdktn ? "cdktn" : "cdktf"} synth          # every environment's stack, checked by the policies`,
        "  npx envctl list          # the environments, their owners and lifecycles",
        "",
      ].join("\n")
    );
    return EXIT.ok;
  });
}
