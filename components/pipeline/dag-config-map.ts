import { KubeConfigMap } from "cdk8s-plus-34/lib/imports/k8s";
import type { Chart } from "cdk8s";
import { MANIFEST_TEMPLATES_LABEL } from "../k8s/manifest-templates";


export interface DagConfigMapProps {
  readonly name: string;
  /** @default the chart's namespace */
  readonly namespace?: string;
  readonly pipeline: string;
  /** The DAG and its SparkApplication templates . */
  readonly files: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
}

/** The ConfigMap Airflow mounts into its DAG folder: one pipeline's DAG file and its templates. */
export function addDagConfigMap(chart: Chart, props: DagConfigMapProps): KubeConfigMap {
  const hasTemplates = Object.keys(props.files).some((file) => file.endsWith(".yaml"));
  return new KubeConfigMap(chart, "dag", {
    metadata: {
      name: props.name,
      ...(props.namespace ? { namespace: props.namespace } : {}),
      labels: {
        ...(props.labels ?? {}),
        "app.kubernetes.io/part-of": "batch-platform",
        "batch-platform.io/pipeline": props.pipeline,
        "batch-platform.io/dag": "true",
        ...(hasTemplates ? { [MANIFEST_TEMPLATES_LABEL]: "true" } : {}),
      },
    },
    data: { ...props.files },
  });
}
