// Parse each file named with Mermaid's own parser and print one JSON line per file:
// {"file": …, "ok": true, "type": "flowchart-v2"} or {"file": …, "ok": false, "error": …}.
// Mermaid needs a DOM (DOMPurify) even to parse: jsdom gives it one.
import { JSDOM } from "jsdom";
import { readFileSync } from "node:fs";

const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
globalThis.DOMParser = dom.window.DOMParser;
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false, maxTextSize: 10_000_000, maxEdges: 100_000 });

let failed = 0;
for (const file of process.argv.slice(2)) {
  try {
    const result = await mermaid.parse(readFileSync(file, "utf8"));
    console.log(JSON.stringify({ file, ok: true, type: result.diagramType }));
  } catch (error) {
    failed++;
    console.log(JSON.stringify({ file, ok: false, error: String(error.message || error) }));
  }
}
process.exit(failed ? 1 : 0);
