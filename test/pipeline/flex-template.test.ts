import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  flexTemplateBuildContext,
  flexTemplateDockerfile,
  flexTemplateMetadata,
  flexTemplateSpecFile,
} from "../../components/pipeline/flex-template";
import { jobAssetPath } from "../../components/pipeline/job-files";

describe("Flex Template", () => {
  it("metadata declares the Beam job's options (snapshot)", () => {
    const metadata = flexTemplateMetadata();
    expect(metadata).toMatchSnapshot();
    // Every parameter is an option the pipeline parses, and every required option is a parameter.
    const source = readFileSync(jobAssetPath("medallion_beam.py"), "utf8");
    const options = [...source.matchAll(/add_argument\("--(\w+)"(.*)\)/g)].map((m) => ({ name: m[1], required: m[2].includes("required=True") }));
    expect(metadata.parameters.map((p) => p.name).sort()).toEqual(options.map((o) => o.name).sort());
    for (const option of options) expect(metadata.parameters.find((p) => p.name === option.name)?.isOptional ?? false).toBe(!option.required);
    for (const parameter of metadata.parameters) for (const regex of parameter.regexes ?? []) expect(() => new RegExp(regex)).not.toThrow();
  });

  it("the spec file points at the image and says Python", () => {
    expect(flexTemplateSpecFile("europe-docker.pkg.dev/p/i/medallion:1.0.0")).toMatchObject({
      image: "europe-docker.pkg.dev/p/i/medallion:1.0.0",
      sdkInfo: { language: "PYTHON" },
      metadata: { name: "batch-platform-medallion" },
    });
  });

  it("the Dockerfile pins the launcher and the Beam SDK image and ships both Python files", () => {
    const dockerfile = flexTemplateDockerfile();
    expect(dockerfile).toMatch(
      /^FROM gcr\.io\/dataflow-templates-base\/python312-template-launcher-base:flex_templates_base_image_release_[0-9]{8}_RC\d\d AS launcher$/im,
    );
    // The launcher's Python and the SDK image's are the same minor version.
    expect(dockerfile).toContain("FROM apache/beam_python3.12_sdk:2.77.0");
    expect(dockerfile).not.toMatch(/:latest/);
    expect(dockerfile).toContain("ENV FLEX_TEMPLATE_PYTHON_PY_FILE=/template/medallion_beam.py");
    // Workers run the image too (sdkContainerImage): its entrypoint must be Beam's boot, not the launcher.
    expect(dockerfile.trimEnd().split("\n").at(-1)).toBe('ENTRYPOINT ["/opt/apache/beam/boot"]');
    expect(Object.keys(flexTemplateBuildContext()).sort()).toEqual(["Dockerfile", "medallion_beam.py", "medallion_plan.py"]);
  });
});
