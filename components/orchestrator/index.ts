// Re-exports of the orchestrator/ building blocks.
export * from "./airflow";
export * from "./airflow-chart-values";
export * from "./airflow-connections";
