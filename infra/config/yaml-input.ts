import { parseDocument } from "yaml";

/** Stack files and pipeline declarations are small; anything larger is a mistake or an attack. */
export const MAX_YAML_BYTES = 256 * 1024;
/** Aliases a document may expand (`*ref`); a "billion laughs" bomb needs thousands. */
export const MAX_YAML_ALIASES = 100;

/** The document as plain data, or one line per problem (syntax with its line, size, alias limits). */
export type YamlResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly problems: readonly string[] };

/** Parses YAML text within the limits above; duplicate keys are errors, as they are to the Pulumi CLI. */
export function parseBoundedYaml(text: string): YamlResult {
  const size = Buffer.byteLength(text, "utf8");
  if (size > MAX_YAML_BYTES)
    return {
      ok: false,
      problems: [`${size} bytes; expected at most ${MAX_YAML_BYTES} (a stack or pipeline file is small)`],
    };
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0)
    return { ok: false, problems: document.errors.map((error) => error.message.split("\n")[0]) };
  try {
    return { ok: true, value: document.toJS({ maxAliasCount: MAX_YAML_ALIASES }) };
  } catch (error) {
    // yaml throws a ReferenceError when expanding aliases would exceed the count.
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return { ok: false, problems: [`${message}; expected at most ${MAX_YAML_ALIASES} alias expansions`] };
  }
}
