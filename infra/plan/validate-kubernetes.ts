import { SECRET_MASK, UNKNOWN_VALUE, type PlanDocument, type PlanFinding, type PlanValue } from "./document";
import { plannedKubernetesObjects, type PlannedKubernetesObject } from "./kubernetes-objects";

/** Validates one custom resource against its CRD's schema; returns problems, empty when valid. */
export type CustomResourceValidator = (object: unknown) => string[];

interface ValidatableModel {
  validate(): void;
}
type ModelClass = new (data: unknown) => ValidatableModel;

const SOURCE = "kubernetes-schema";

/** `apps/v1` + `Deployment` → the kubernetes-models module that holds its schema. */
function modelModule(apiVersion: string, kind: string): string {
  return `kubernetes-models/${apiVersion}/${kind}`;
}

export async function loadModel(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  try {
    const module = (await import(modelModule(apiVersion, kind))) as Record<string, unknown>;
    const model = module[kind] ?? module.default;
    return typeof model === "function" ? (model as ModelClass) : undefined;
  } catch {
    return undefined;
  }
}

function valueAtPointer(root: PlanValue, pointer: string): PlanValue | undefined {
  let current: PlanValue | undefined = root;
  for (const segment of pointer.split("/").slice(1)) {
    if (current === null || typeof current !== "object") return undefined;
    const key = segment.replace(/~1/g, "/").replace(/~0/g, "~");
    current = Array.isArray(current) ? current[Number(key)] : current[key];
  }
  return current;
}

/**
 * The schema problems of an object. A value masked as secret or unknown in the plan is not what
 * the cluster receives, so problems at such a path are not the object's problems.
 */
function problemsOf(error: unknown, object: PlanValue): string[] {
  const errors = (error as { errors?: { instancePath?: string; message?: string }[] }).errors;
  if (!Array.isArray(errors) || errors.length === 0) return [error instanceof Error ? error.message : String(error)];
  return errors
    .filter((e) => {
      const value = valueAtPointer(object, e.instancePath ?? "");
      return value !== SECRET_MASK && value !== UNKNOWN_VALUE;
    })
    .map((e) => `${(e.instancePath ?? "").replace(/^\//, "").replace(/\//g, ".") || "(root)"}: ${e.message ?? "invalid"}`);
}

function finding(object: PlannedKubernetesObject, message: string, enforcement: PlanFinding["enforcement"] = "mandatory"): PlanFinding {
  return { source: SOURCE, severity: enforcement === "mandatory" ? "high" : "low", enforcement, urn: object.urn, message: `${object.label}: ${message}` };
}

/**
 * Validates every Kubernetes object in the plan — the SDK's resources and each ConfigGroup `objs`
 * entry — against the Kubernetes OpenAPI schema (kubernetes-models), and custom resources against
 * the validators given for their `apiVersion/kind`. An invalid object is a blocking finding; a
 * kind without any schema is reported as not validated.
 */
export async function validateKubernetesObjects(
  document: Pick<PlanDocument, "resources">,
  customResources: Readonly<Record<string, CustomResourceValidator>> = {},
): Promise<PlanFinding[]> {
  const findings: PlanFinding[] = [];
  const objects = plannedKubernetesObjects(document);
  // Start loading every kind's schema at once: the ESM graph loads far faster in parallel.
  const models = new Map<string, Promise<ModelClass | undefined>>();
  for (const { apiVersion, kind } of objects) {
    const key = `${apiVersion}/${kind}`;
    if (!customResources[key] && !models.has(key)) models.set(key, loadModel(apiVersion, kind));
  }
  for (const object of objects) {
    const custom = customResources[`${object.apiVersion}/${object.kind}`];
    if (custom) {
      for (const problem of custom(object.object)) findings.push(finding(object, problem));
      continue;
    }
    const key = `${object.apiVersion}/${object.kind}`;
    const Model = await models.get(key);
    if (!Model) {
      findings.push(finding(object, `not validated: no schema known for ${key}`, "advisory"));
      continue;
    }
    try {
      new Model(object.object).validate();
    } catch (error) {
      for (const problem of problemsOf(error, object.object)) findings.push(finding(object, `invalid: ${problem}`));
    }
  }
  return findings;
}
