/**
 * withShortCreationStacks: cdktf's creation stacks are formatted to the usual
 * depth while the library builds and synthesizes, ordinary errors read exactly
 * as Node.js formats them, and a formatter the process installed itself still
 * formats (ts-node's and jest's map frames through source maps), given the
 * same frames.
 */
import { Lazy, Tokenization } from "cdktf";
import { withShortCreationStacks } from "../../stacks/app/cdktf-internals";

/** A call stack `depth` frames deeper than the caller's. */
function nested<T>(depth: number, work: () => T): T {
  return depth === 0 ? work() : nested(depth - 1, work);
}

/** The creation stack cdktf records for a token made here. */
function creationStack(): string[] {
  const [token] = Tokenization.reverse(Lazy.stringValue({ produce: () => "x" }));
  return [...token.creationStack];
}

describe("withShortCreationStacks", () => {
  // jest formats stacks itself (source maps) and keeps more frames; these tests run as an app's synth does, with Node.js's own formatting and limit.
  const jests = { format: Error.prepareStackTrace, limit: Error.stackTraceLimit };
  beforeEach(() => {
    delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
    Error.stackTraceLimit = 10;
  });
  afterEach(() => {
    const left = Error.prepareStackTrace;
    Error.prepareStackTrace = jests.format;
    Error.stackTraceLimit = jests.limit;
    expect(left).toBeUndefined();
  });

  it("cuts a creation stack to Error.stackTraceLimit frames (10 by default), the ones nearest where it was captured; outside, the whole stack is kept", () => {
    const inside = withShortCreationStacks(() => nested(40, creationStack));
    const outside = nested(40, creationStack);
    expect(inside).toHaveLength(10);
    expect(outside.length).toBeGreaterThan(40);
    // The frames nearest the token's creation: cdktf's classes, then the code that made it.
    expect(inside[0]).toMatch(/^new LazyBase \(.*cdktf.*lazy\.js:\d+:\d+\)$/);
    expect(inside.findIndex((frame) => frame.startsWith("creationStack "))).toBeLessThan(5);
    expect(inside.slice(5).every((frame) => frame.startsWith("nested "))).toBe(true);
    // A process that wants whole creation stacks raises the limit.
    Error.stackTraceLimit = Infinity;
    expect(withShortCreationStacks(() => nested(40, creationStack)).length).toBeGreaterThanOrEqual(outside.length);
  });

  it("formats an ordinary error exactly as Node.js does", () => {
    const make = () => nested(30, () => new TypeError("bad value"));
    const ours = withShortCreationStacks(make).stack!.split("\n");
    const node = make().stack!.split("\n");
    expect(ours[0]).toBe("TypeError: bad value");
    expect(ours).toHaveLength(node.length);
    expect(ours.map((l) => l.replace(/\(.*\)$/, ""))).toEqual(node.map((l) => l.replace(/\(.*\)$/, "")));
  });

  it("stands in for the formatter Node.js itself exposes (Node.js 20 and later), and puts it back", () => {
    const nodes = Object.defineProperty((error: Error, sites: NodeJS.CallSite[]) => `${error}\n    at ${sites.join("\n    at ")}`, "name", { value: "ErrorPrepareStackTrace" });
    Error.prepareStackTrace = nodes;
    expect(withShortCreationStacks(() => nested(40, creationStack))).toHaveLength(10);
    expect(Error.prepareStackTrace).toBe(nodes);
    expect(nested(40, creationStack).length).toBeGreaterThan(40);
    delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
  });

  it("lets a formatter the process installed itself format, given at most Error.stackTraceLimit frames, and puts it back", () => {
    const seen: number[] = [];
    const own = (error: Error, sites: NodeJS.CallSite[]) => {
      seen.push(sites.length);
      return `own: ${error.message}\n    at ${sites.map((s) => s.getFunctionName()).join("\n    at ")}`;
    };
    Error.prepareStackTrace = own;
    const inside = withShortCreationStacks(() => nested(40, creationStack));
    expect(inside).toHaveLength(10);
    expect(inside[0]).toBe("LazyBase");
    expect(Error.prepareStackTrace).toBe(own);
    const outside = nested(40, creationStack);
    expect(outside.length).toBeGreaterThan(40);
    expect(seen).toEqual([10, outside.length]);
    // An ordinary error reads as the formatter writes it, frame for frame.
    const make = () => nested(30, () => new Error("kept"));
    expect(withShortCreationStacks(make).stack).toBe(make().stack);
    expect(withShortCreationStacks(make).stack).toMatch(/^own: kept\n {4}at /);
    delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
  });

  it("cuts the creation stacks ts-node's source-map formatter maps, frame for frame as it maps them", () => {
    // The copy ts-node installs (ts-node depends on it).
    require(require.resolve("@cspotcode/source-map-support", { paths: [require.resolve("ts-node")] })).install({ environment: "node", handleUncaughtExceptions: false });
    const mapping = Error.prepareStackTrace!;
    expect(mapping.name).toBe("prepareStackTrace");
    const inside = withShortCreationStacks(() => nested(40, creationStack));
    const outside = nested(40, creationStack);
    expect(inside).toHaveLength(10);
    expect(outside.slice(0, 10)).toEqual(inside);
    expect(Error.prepareStackTrace).toBe(mapping);
    delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
  });

  it("restores the default when the work throws", () => {
    expect(() =>
      withShortCreationStacks(() => {
        throw new Error("from the work");
      })
    ).toThrow("from the work");
  });
});
