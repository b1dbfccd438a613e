// The benchmark's floor: load exactly what a plan loads — the plan CLI, the planner it loads for a
// stack (program, SDKs; the program reads the pipeline declarations as it loads) and the Kubernetes
// schemas the plan validates against (`apiVersion/kind` arguments, from the plan's own output) — and
// plan nothing.
import "./cli";
import "./plan-one";
import { CUSTOM_RESOURCE_VALIDATORS } from "./custom-resources";
import { loadModel } from "./validate-kubernetes";

async function loadSchemas(kinds: readonly string[]): Promise<void> {
  // Custom resources are checked by the project's own validators, as in the plan.
  await Promise.all(kinds.filter((key) => !(key in CUSTOM_RESOURCE_VALIDATORS)).map((key) => {
    const cut = key.lastIndexOf("/");
    return loadModel(key.slice(0, cut), key.slice(cut + 1));
  }));
}

void loadSchemas(process.argv.slice(2));
