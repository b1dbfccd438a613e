/**
 * A kubeconfig for a GKE cluster that holds no credential: kubectl and the Kubernetes provider get
 * a short-lived token from `gke-gcloud-auth-plugin`, i.e. from the caller's Google credentials.
 */
export function gkeKubeconfig(cluster: { readonly name: string; readonly endpoint: string; readonly caCertificate: string }): string {
  const id = `gke_${cluster.name}`;
  return JSON.stringify(
    {
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: id, cluster: { server: `https://${cluster.endpoint}`, "certificate-authority-data": cluster.caCertificate } }],
      contexts: [{ name: id, context: { cluster: id, user: id } }],
      "current-context": id,
      users: [
        {
          name: id,
          user: {
            exec: {
              apiVersion: "client.authentication.k8s.io/v1beta1",
              command: "gke-gcloud-auth-plugin",
              installHint: "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin",
              provideClusterInfo: true,
              interactiveMode: "Never",
            },
          },
        },
      ],
    },
    null,
    2,
  );
}
