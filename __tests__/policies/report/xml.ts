/**
 * A strict little XML reader for JUnit tests: elements, double-quoted
 * attributes, text and the five predefined entities. Anything else throws,
 * so a malformed report fails the test.
 */

/** An XML element. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: XmlElement[];
  text: string;
}

const TOKEN = /<\?xml[^?]*\?>|<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>|([^<]+)/y;
const ATTRIBUTE = /([A-Za-z_][\w.-]*)="([^"<]*)"/g;

/** Parses `xml` into its root element. */
export function parseXml(xml: string): XmlElement {
  const root: XmlElement = { name: "#document", attributes: {}, children: [], text: "" };
  const stack: XmlElement[] = [root];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < xml.length) {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(xml);
    if (!match) throw new Error(`malformed XML at offset ${at}: ${JSON.stringify(xml.slice(at, at + 40))}`);
    const [, closing, name, attrs, selfClosing, text] = match;
    const top = stack[stack.length - 1];
    if (text !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos);)/.test(text)) throw new Error(`unescaped & in text at offset ${at}`);
      top.text += decode(text);
    } else if (name && closing) {
      if (top.name !== name) throw new Error(`</${name}> closes <${top.name}> at offset ${at}`);
      stack.pop();
    } else if (name) {
      const element: XmlElement = { name, attributes: {}, children: [], text: "" };
      for (const [, key, value] of attrs.matchAll(ATTRIBUTE)) element.attributes[key] = decode(value);
      top.children.push(element);
      if (!selfClosing) stack.push(element);
    }
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  if (root.children.length !== 1) throw new Error(`expected one root element, found ${root.children.length}`);
  return root.children[0];
}

function decode(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
}
