import { SECRET_MASK } from "./issues";
import { CONFIG_NAMESPACE } from "./keys";

/** Keys the program carries as Pulumi secrets end to end: the kubeconfig (into the Kubernetes provider). */
export const SECRET_KEYS = ["kubeconfig"] as const;

/** Keys whose values are names or labels: written in plain text on resources, in URNs and the console. */
const NAME_KEYS = ["labels", "namePrefix", "region", "environment", "variant", "pipelines"];

/**
 * Problems of `secure:` values and of a kubeconfig in plain text, before any other check (so no
 * later line can echo a secret value): a key other than {@link SECRET_KEYS} given as a secret is
 * refused, since its value would be written in plain text into labels, names, chart values or
 * manifests; a kubeconfig that is not `secure:` is a credential in the repository and refused too.
 * @param keys the top-level keys (without namespace) the stack sets
 * @param secretKeys those of them given as `secure:`
 */
export function secretKeyProblems(keys: readonly string[], secretKeys: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const at = (key: string) => `${CONFIG_NAMESPACE}:${key}`;
  for (const key of [...keys].sort()) {
    if (secretKeys.has(key) && !(SECRET_KEYS as readonly string[]).includes(key)) {
      const why = NAME_KEYS.includes(key)
        ? "names and labels are written in plain text on every resource and in the console"
        : "it is written in plain text into resources, chart values and manifests";
      problems.push(
        `${at(key)}: got ${SECRET_MASK} (a secure: value); expected a plain value: ${why}, so a secret there would ` +
          `leak (only ${SECRET_KEYS.map(at).join(", ")} is kept secret); set it with pulumi config set (no --secret)`,
      );
    }
  }
  if (keys.includes("kubeconfig") && !secretKeys.has("kubeconfig")) {
    problems.push(
      `${at("kubeconfig")}: got ${SECRET_MASK} (in plain text in the stack file); expected a secure: value, ` +
        `set with pulumi config set --secret ${at("kubeconfig")} "$(cat kubeconfig)"`,
    );
  }
  return problems;
}
