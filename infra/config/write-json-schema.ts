// `npm run config-schema`: writes stacks/stack-config.schema.json from the zod schema;
// `--check` exits 1 when the committed file is out of date instead.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { STACK_SCHEMA_FILE, stackFileJsonSchemaText } from "./json-schema";

const file = join(__dirname, "../..", STACK_SCHEMA_FILE);
const text = stackFileJsonSchemaText();
if (process.argv.includes("--check")) {
  let committed = "";
  try {
    committed = readFileSync(file, "utf8");
  } catch {
    // missing counts as out of date
  }
  if (committed !== text) {
    process.stderr.write(`${STACK_SCHEMA_FILE} is out of date: run npm run config-schema\n`);
    process.exitCode = 1;
  }
} else {
  writeFileSync(file, text);
  process.stdout.write(`wrote ${STACK_SCHEMA_FILE}\n`);
}
