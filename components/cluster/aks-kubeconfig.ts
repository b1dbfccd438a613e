import { parse, stringify } from "yaml";

/** How kubelogin gets the Entra token of whoever runs `pulumi up`. */
export type KubeloginMode = "azurecli" | "workloadidentity" | "msi" | "spn";

interface ExecUser {
  readonly name: string;
  readonly user?: { readonly exec?: { readonly command?: string; readonly args?: readonly string[] } };
}

/**
 * Takes the user kubeconfig AKS returns in `exec` format (kubelogin, Entra ID; never a client
 * certificate or token) and sets kubelogin's `--login` mode, which AKS returns as `devicecode`
 * (interactive). Refuses a kubeconfig that carries a credential instead of running kubelogin.
 */
export function kubeloginKubeconfig(kubeconfigBase64: string, mode: KubeloginMode): string {
  const document = parse(Buffer.from(kubeconfigBase64, "base64").toString("utf8")) as { users?: ExecUser[] } & Record<
    string,
    unknown
  >;
  const users = (document.users ?? []).map((entry) => {
    const user = (entry.user ?? {}) as Record<string, unknown> & {
      exec?: { command?: string; args?: readonly string[] };
    };
    const credentialKeys = ["token", "client-key-data", "client-certificate-data", "password", "auth-provider"].filter(
      (key) => key in user,
    );
    if (credentialKeys.length > 0 || user.exec?.command !== "kubelogin") {
      throw new Error(
        `AksCluster: the user kubeconfig of ${entry.name} is not kubelogin exec ` +
          `(found ${credentialKeys.join(", ") || "no exec"})`,
      );
    }
    const args = [...(user.exec.args ?? [])];
    const at = args.indexOf("--login");
    if (at >= 0) args[at + 1] = mode;
    else args.push("--login", mode);
    return { ...entry, user: { ...user, exec: { ...user.exec, args } } };
  });
  return stringify({ ...document, users });
}
