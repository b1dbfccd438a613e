export * from "./types";
export * from "./diff-plans";
export * from "./render-review";
export * from "./exit-code";
export * from "./overrides";
export * from "./replace-on-change";
export * from "./data-bearing";
export * from "./trim";
