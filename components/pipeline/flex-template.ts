import { FLEX_TEMPLATE_WORKDIR, JOB_ASSETS, readJobAsset } from "./job-files";

/**
 * Pinned bases of the Flex Template image: the launcher binary and the matching Beam SDK. Beam
 * 2.77.0 (October 2026) is in Dataflow's supported window; 2.61.0 (November 2024) was past it.
 */
export const FLEX_TEMPLATE_LAUNCHER_IMAGE =
  "gcr.io/dataflow-templates-base/python312-template-launcher-base:flex_templates_base_image_release_20260112_RC00";
export const BEAM_SDK_IMAGE = "apache/beam_python3.12_sdk:2.77.0";

/** One Flex Template parameter as Dataflow's template metadata describes it. */
export interface FlexTemplateParameter {
  readonly name: string;
  readonly label: string;
  readonly helpText: string;
  readonly isOptional?: boolean;
  readonly regexes?: readonly string[];
}

/** Flex Template metadata (`{name, description, parameters[]}`). */
export interface FlexTemplateMetadata {
  readonly name: string;
  readonly description: string;
  readonly parameters: readonly FlexTemplateParameter[];
}

/** The template spec file stored at `containerSpecGcsPath` (what `gcloud dataflow flex-template build` writes). */
export interface FlexTemplateSpecFile {
  readonly image: string;
  readonly sdkInfo: { readonly language: "PYTHON" };
  readonly metadata: FlexTemplateMetadata;
}

const IDENTIFIER = "^[a-z_][a-z0-9_]*$";

/** Metadata of the generic medallion template: one template serves every pipeline (the spec is a parameter). */
export function flexTemplateMetadata(): FlexTemplateMetadata {
  return {
    name: "batch-platform-medallion",
    description: "Landing files to BigQuery bronze/silver/gold, driven by a batch-platform pipeline spec.",
    parameters: [
      { name: "spec", label: "Pipeline spec", helpText: "The BatchPipelineSpec as JSON." },
      { name: "landing", label: "Landing URI", helpText: "gs:// prefix of the files claimed for this run.", regexes: ["^gs://[a-z0-9][a-z0-9._-]{1,221}/.*$"] },
      { name: "run_id", label: "Run id", helpText: "The Airflow run id, stored in bronze as _run_id.", regexes: ["^[A-Za-z0-9_:+.-]{1,250}$"] },
      { name: "bigquery_project", label: "BigQuery project", helpText: "Project holding the bronze/silver/gold datasets.", regexes: ["^[a-z][a-z0-9-]{4,28}[a-z0-9]$"] },
      { name: "bronze_dataset", label: "Bronze dataset", helpText: "Dataset of the bronze tables.", isOptional: true, regexes: [IDENTIFIER] },
      { name: "silver_dataset", label: "Silver dataset", helpText: "Dataset of the silver tables.", isOptional: true, regexes: [IDENTIFIER] },
      { name: "gold_dataset", label: "Gold dataset", helpText: "Dataset of the gold tables.", isOptional: true, regexes: [IDENTIFIER] },
    ],
  };
}

/** The spec file for a built image (push the image, then upload this JSON to `containerSpecGcsPath`). */
export function flexTemplateSpecFile(image: string): FlexTemplateSpecFile {
  return { image, sdkInfo: { language: "PYTHON" }, metadata: flexTemplateMetadata() };
}

/**
 * Dockerfile of the template image. It is built on the Beam SDK image with the launcher copied in,
 * so the same image also serves as the workers' `sdkContainerImage` and they can import
 * medallion_plan; no pip install at build or launch time.
 */
export function flexTemplateDockerfile(): string {
  return [
    `FROM ${FLEX_TEMPLATE_LAUNCHER_IMAGE} AS launcher`,
    `FROM ${BEAM_SDK_IMAGE}`,
    "COPY --from=launcher /opt/google/dataflow/python_template_launcher /opt/google/dataflow/python_template_launcher",
    `WORKDIR ${FLEX_TEMPLATE_WORKDIR}`,
    `COPY ${JOB_ASSETS.beamJob} ${JOB_ASSETS.plan} ${FLEX_TEMPLATE_WORKDIR}/`,
    `ENV PYTHONPATH=${FLEX_TEMPLATE_WORKDIR}`,
    `ENV FLEX_TEMPLATE_PYTHON_PY_FILE=${FLEX_TEMPLATE_WORKDIR}/${JOB_ASSETS.beamJob}`,
    // The workers run this image's entrypoint, which must be Beam's boot (Dataflow's custom
    // container contract); the launcher VM starts the launcher by its path.
    'ENTRYPOINT ["/opt/apache/beam/boot"]',
    "",
  ].join("\n");
}

/** The build context of the template image: file name → contents. */
export function flexTemplateBuildContext(): Record<string, string> {
  return {
    Dockerfile: flexTemplateDockerfile(),
    [JOB_ASSETS.beamJob]: readJobAsset(JOB_ASSETS.beamJob),
    [JOB_ASSETS.plan]: readJobAsset(JOB_ASSETS.plan),
  };
}
