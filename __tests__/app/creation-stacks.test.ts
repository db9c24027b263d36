/**
 * withShortCreationStacks: cdktf's creation stacks are formatted to the usual
 * depth while the library builds and synthesizes, ordinary errors read exactly
 * as Node.js formats them, and the process's own formatter is never replaced.
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

  it("keeps a formatter the process installed itself, and restores the default when the work throws", () => {
    const own = (error: Error) => `own: ${error.message}`;
    Error.prepareStackTrace = own;
    expect(withShortCreationStacks(() => new Error("kept").stack)).toBe("own: kept");
    expect(Error.prepareStackTrace).toBe(own);
    delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
    expect(() =>
      withShortCreationStacks(() => {
        throw new Error("from the work");
      })
    ).toThrow("from the work");
  });
});
