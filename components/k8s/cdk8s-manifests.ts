import * as pulumi from "@pulumi/pulumi";
import { ConfigGroup } from "@pulumi/kubernetes/yaml/v2/configGroup";
import { App, Chart } from "cdk8s";

/**
 * A fresh cdk8s chart for a component's own Kubernetes objects. Resource names are used as given
 * (no hash suffixes) so other components can refer to them by name.
 */
export function newManifestChart(id: string, namespace?: string): Chart {
  return new Chart(new App(), id, { namespace, disableResourceNameHashes: true });
}

/**
 * Hands a synthesized cdk8s chart to Pulumi as a ConfigGroup. The same chart synthesizes to plain
 * YAML (`App.synthYaml()`) for GitOps users. Objects are plain data: values that exist only as
 * Pulumi Outputs (passwords, generated names) must be referenced through Secrets by name.
 */
export function deployManifests(name: string, chart: Chart, opts: pulumi.CustomResourceOptions): ConfigGroup {
  return new ConfigGroup(name, { objs: chart.toJson() }, opts);
}
