/** An element of a small XML document: enough to check the definitions the agent writes. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === "#") return String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    const v = ENTITIES[e];
    if (v === undefined) throw new Error(`unknown entity ${m}`);
    return v;
  });
}

/**
 * Parses well-formed XML without DTDs (elements, attributes, text,
 * comments, the declaration); throws on anything malformed, naming where.
 */
export function parseXml(source: string): XmlElement {
  const text = source.replace(/^\uFEFF/, "");
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`XML: ${what} at offset ${i}`);
  };
  const skipMisc = () => {
    for (;;) {
      const ws = /^\s*/.exec(text.slice(i))![0].length;
      i += ws;
      if (text.startsWith("<?", i)) {
        const end = text.indexOf("?>", i);
        if (end < 0) fail("unterminated declaration");
        i = end + 2;
      } else if (text.startsWith("<!--", i)) {
        const end = text.indexOf("-->", i);
        if (end < 0) fail("unterminated comment");
        i = end + 3;
      } else return;
    }
  };
  const element = (): XmlElement => {
    const open = /^<([A-Za-z_][\w.:-]*)/.exec(text.slice(i));
    if (!open) fail("expected an element");
    i += open![0].length;
    const el: XmlElement = { name: open![1]!, attributes: {}, children: [], text: "" };
    for (;;) {
      const attr = /^\s+([A-Za-z_][\w.:-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(text.slice(i));
      if (!attr) break;
      if (attr[1]! in el.attributes) fail(`attribute ${attr[1]} twice`);
      el.attributes[attr[1]!] = decode(attr[3] ?? attr[4] ?? "");
      i += attr[0].length;
    }
    const close = /^\s*(\/?)>/.exec(text.slice(i));
    if (!close) fail(`malformed start tag <${el.name}>`);
    i += close![0].length;
    if (close![1] === "/") return el;
    for (;;) {
      if (text.startsWith("<!--", i)) {
        const end = text.indexOf("-->", i);
        if (end < 0) fail("unterminated comment");
        i = end + 3;
      } else if (text.startsWith("</", i)) {
        const end = /^<\/([A-Za-z_][\w.:-]*)\s*>/.exec(text.slice(i));
        if (!end || end[1] !== el.name) fail(`expected </${el.name}>`);
        i += end![0].length;
        el.text = el.text.trim();
        return el;
      } else if (text[i] === "<") {
        el.children.push(element());
      } else {
        const next = text.indexOf("<", i);
        if (next < 0) fail(`unterminated <${el.name}>`);
        el.text += decode(text.slice(i, next));
        i = next;
      }
    }
  };
  skipMisc();
  const root = element();
  skipMisc();
  if (i !== text.length) fail("content after the root element");
  return root;
}

/** The first element down a path of names (`Settings/RestartOnFailure/Count`), if there is one. */
export function childAt(el: XmlElement, path: string): XmlElement | undefined {
  let at: XmlElement | undefined = el;
  for (const name of path.split("/")) at = at?.children.find((c) => c.name === name);
  return at;
}
