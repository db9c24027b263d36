// jest maps every frame of every stack through source maps (its source-map-support,
// which reads and parses each compiled file's map, cdktf's and the AWS bindings'
// included). cdktf captures a creation stack for every token it makes, thousands
// per environment, and formats it at once; mapping them was half of the CPU of a
// suite that synthesizes. Stacks captured onto plain objects (cdktf's creation
// stacks) are formatted as Node.js formats them; errors are still mapped, so a
// failure points at the TypeScript line.
const mapped = Error.prepareStackTrace;

function nodeFormat(object, callSites) {
  let head;
  try {
    head = String(object);
  } catch {
    head = "Error";
  }
  return callSites.length === 0 ? head : `${head}\n    at ${callSites.join("\n    at ")}`;
}

if (typeof mapped === "function") {
  Error.prepareStackTrace = function prepareStackTrace(error, callSites) {
    return Object.prototype.toString.call(error) === "[object Error]" ? mapped(error, callSites) : nodeFormat(error, callSites);
  };
}
