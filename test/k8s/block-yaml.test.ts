import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { blockYaml, YAML_OPTIONS } from "../../components/k8s/block-yaml";
import { manifestObjects, manifestYaml } from "../../components/k8s/manifest-yaml";

const same = (value: object) => expect(blockYaml(value)).toBe(stringify(value, YAML_OPTIONS));

describe("blockYaml writes what the yaml library writes", () => {
  it("for manifests: nested maps, lists of scalars and of maps, empty ones", () => {
    same({
      apiVersion: "sparkoperator.k8s.io/v1beta2",
      kind: "SparkApplication",
      metadata: { name: "orders-load", labels: { "app.kubernetes.io/name": "orders-load" } },
      spec: {
        arguments: ["--run-id", "{{ run_id }}", "--stage", "load"],
        volumes: [{ name: "job-files", configMap: { name: "orders-job-files", items: [{ key: "a", path: "b" }] } }],
        driver: { cores: 2, coreRequest: "2", memory: "4g", env: [], labels: {}, nothing: null, skipped: undefined },
        list: [{}, "x", 1, true, null],
      },
    });
  });

  it("for scalars that need quotes or look like other types", () => {
    const texts = [
      ...["true", "null", "3", "0x1F", "1e3", ".inf", "~", "", " lead", "trail ", "a: b", "a #b", "- x", "'q'", '"dq"'],
      ...["{{ x }}", "@at", "`tick", "%pct", "!tag", "*ref", "&anchor", "|pipe", ">gt", "[x]", "é ü", "tab\there"],
      ...["yes", "no", "2024-01-01", "12:30", "0o17", "+1", "-.5", "a\\b", "#hash", "?q", ":colon", "end:", "x,y"],
    ];
    same(Object.fromEntries(texts.map((t, i) => [`k${i}`, t])));
    same(Object.fromEntries(texts.map((t) => [t, t])));
    same({ list: texts, numbers: [0, -1, 1.5, 1e21, 2 ** 53, -0.25] });
  });

  it("hands what it does not write itself to the library (multi-line text, lists of lists, a top-level list)", () => {
    same({ script: "line 1\nline 2\n", nested: [["a"]] });
    same({ a: { b: "x\ny" } });
    expect(blockYaml(["a", { b: 1 }])).toBe(stringify(["a", { b: 1 }], YAML_OPTIONS));
    same({});
  });
});

describe("manifestYaml", () => {
  it("gives back, for its own text, the objects parsing the text gives", () => {
    const metadata = { name: "x", labels: { a: "b" } };
    const text = manifestYaml({ apiVersion: "v1", kind: "ConfigMap", metadata, data: { k: "v" }, gone: undefined });
    expect(manifestObjects(text)).toEqual([{ apiVersion: "v1", kind: "ConfigMap", metadata, data: { k: "v" } }]);
    expect(manifestObjects("kind: A\n---\nkind: B\n")).toEqual([{ kind: "A" }, { kind: "B" }]);
  });
});
