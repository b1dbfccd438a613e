// Re-exports of the common/ building blocks.
export * from "./protection";
export * from "./validation";
export * from "./compare-text";
