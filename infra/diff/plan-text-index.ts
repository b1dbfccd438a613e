/**
 * Reads a plan file as an index instead of a tree. `npm run plan` writes canonical JSON (sorted
 * keys, two-space indent), so each entry of `resources` is the bytes between a line `    {` and the
 * next line `    }`: the index maps every URN to those bytes (not decoded, not copied), and a
 * resource is decoded and parsed only when its bytes differ from the other plan's. Any other
 * layout is parsed whole, with the same result.
 */
import type { PlanResource } from "../plan/document";
import { expandPlanFile, expandResourceTexts, type PlanFileDocument } from "../plan/shared-texts";
import { checkPlanDocument, checkPlanHeader, checkPlanResource } from "./plan-document-check";
import { indexDocument, textTable, type IndexedPlan } from "./resource-table";

const RESOURCES_OPEN = Buffer.from('\n  "resources": [');
const ENTRY_OPEN = Buffer.from("\n    {");
const ENTRY_CLOSE = Buffer.from("\n    }");
const ARRAY_CLOSE = Buffer.from("\n  ]");
// The entry's own `urn` key: exactly six spaces deep (nested keys are deeper).
const URN_KEY = Buffer.from('\n      "urn": ');
const COMMA = 0x2c;
const NEWLINE = 0x0a;
const CLOSE_BRACKET = 0x5d;

interface Entries {
  readonly entries: Map<string, Buffer>;
  /** Offsets of the array's `[` and of the byte after its `]`. */
  readonly open: number;
  readonly close: number;
}

function startsWith(bytes: Buffer, prefix: Buffer, at: number): boolean {
  return bytes.length >= at + prefix.length && bytes.compare(prefix, 0, prefix.length, at, at + prefix.length) === 0;
}

/** The URN on an entry's `"urn": "…"` line, or undefined. */
function urnOf(entry: Buffer): string | undefined {
  const key = entry.lastIndexOf(URN_KEY);
  if (key < 0) return undefined;
  const from = key + URN_KEY.length;
  const lineEnd = entry.indexOf(NEWLINE, from);
  let line = entry.toString("utf8", from, lineEnd < 0 ? entry.length : lineEnd);
  if (line.endsWith(",")) line = line.slice(0, -1);
  try {
    const urn: unknown = JSON.parse(line);
    return typeof urn === "string" ? urn : undefined;
  } catch {
    return undefined;
  }
}

/** The resource entries by URN, or undefined when the bytes are not laid out canonically. */
function resourceEntries(bytes: Buffer): Entries | undefined {
  const start = bytes.indexOf(RESOURCES_OPEN);
  if (start < 0) return undefined;
  const open = start + RESOURCES_OPEN.length - 1;
  const entries = new Map<string, Buffer>();
  let at = open + 1;
  if (bytes[at] === CLOSE_BRACKET) return { entries, open, close: at + 1 };
  let previous = "";
  for (;;) {
    if (!startsWith(bytes, ENTRY_OPEN, at)) return undefined;
    const end = bytes.indexOf(ENTRY_CLOSE, at + ENTRY_OPEN.length);
    if (end < 0) return undefined;
    const entry = bytes.subarray(at + 1, end + ENTRY_CLOSE.length);
    const urn = urnOf(entry);
    // Plans are sorted by URN: an unsorted or repeated URN means this is not a canonical plan.
    if (urn === undefined || urn <= previous) return undefined;
    entries.set(urn, entry);
    previous = urn;
    at = end + ENTRY_CLOSE.length;
    if (bytes[at] === COMMA) {
      at += 1;
      continue;
    }
    if (!startsWith(bytes, ARRAY_CLOSE, at)) return undefined;
    return { entries, open, close: at + ARRAY_CLOSE.length };
  }
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${source}: not valid JSON (${(error as Error).message})`);
  }
}

/** Indexes the bytes of a plan file (`source` names it in errors). */
export function indexPlanBytes(bytes: Buffer, source: string): IndexedPlan {
  const found = resourceEntries(bytes);
  if (!found) {
    const document = checkPlanDocument(parseJson(bytes.toString("utf8"), source), source) as PlanFileDocument;
    return indexDocument(expandPlanFile(document, source));
  }
  const rest = Buffer.concat([bytes.subarray(0, found.open), Buffer.from("[]"), bytes.subarray(found.close)]);
  const { texts, ...header } = checkPlanHeader(parseJson(rest.toString("utf8"), source), source);
  const parse = (urn: string, entry: Buffer): PlanResource => {
    const resource = checkPlanResource(
      parseJson(entry.toString("utf8"), `${source} (resource ${urn})`),
      source,
      `resources[urn ${urn}]`,
    );
    if (resource.urn !== urn) throw new Error(`${source}: resource ${urn} holds urn ${resource.urn}`);
    return expandResourceTexts(resource, texts, source);
  };
  return { ...header, resources: textTable(found.entries, parse) } as IndexedPlan;
}
