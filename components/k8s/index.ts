// The platform's layout on any Kubernetes cluster: namespaces per role and node placement.
export { ClusterLayout, type ClusterLayoutArgs, type NamespaceSettings, type WebhookEndpoint } from "./cluster-layout";
export { mapRoles, NAMESPACE_ROLES, type NamespaceRole, type PodSecurityLevel } from "./namespace-roles";
export { nodePoolSetupCommands } from "./node-pool-setup";
export { AKS_PLACEMENT, DEFAULT_PLACEMENT, nodeSelectorFor, spotToleration, type NodePlacement, type NodePoolName } from "./placement";
export type { NamespaceBudget } from "./resource-budget";
export { insecureListeners, LISTENERS_ANNOTATION, listenersAnnotation, type Listener, type ListenerAuthentication, type ListenerTls } from "./listener";
