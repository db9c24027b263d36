// jest maps every frame of every stack through source maps (its source-map-support,
// which reads and parses each compiled file's map, cdktf's and the AWS bindings'
// included). cdktf captures a creation stack for every token it makes, thousands
// per environment, and formats it at once; mapping them was half of the CPU of a
// suite that synthesizes. Stacks captured onto plain objects (cdktf's creation
// stacks) are formatted as the library formats them while it synthesizes: as
// Node.js does, with Node.js's default depth of 10 frames (jest raises
// Error.stackTraceLimit to 100 for its failures). Errors are still mapped, whole,
// so a failure points at the TypeScript line.
import { formatAsNode } from "../../stacks/app/cdktf-internals";

const NODE_DEFAULT_FRAMES = 10;
const mapped = Error.prepareStackTrace;

if (typeof mapped === "function") {
  Error.prepareStackTrace = function prepareStackTrace(error, callSites) {
    return Object.prototype.toString.call(error) === "[object Error]" ? mapped(error, callSites) : formatAsNode(error, callSites, NODE_DEFAULT_FRAMES);
  };
}
