import type { PyValue } from "./python-literals";

/** A name a DAG file imports: `from <module> import <name>`. */
export interface PyImport {
  readonly module: string;
  readonly name: string;
}

/** A Python argument: a literal (rendered safely by `pyValue`) or code. */
export type PyExpr = PyValue;

/** A module-level definition tasks rely on (a constant, a `@task` function), emitted once per DAG. */
export interface PyDefinition {
  /** The Python name it defines; two parts contributing the same name must contribute the same source. */
  readonly name: string;
  readonly source: string;
  readonly imports?: readonly PyImport[];
}

/** An operator or sensor instance: `<taskId> = <Operator>(task_id=<taskId>, <args>)`. */
export interface OperatorTask {
  readonly kind: "operator";
  /** Task id, also the Python variable: a lowercase identifier. */
  readonly taskId: string;
  readonly operator: PyImport;
  /** Keyword arguments in the order given. */
  readonly args: Readonly<Record<string, PyExpr>>;
  /** A sensor: the DAG adds reschedule mode, poke interval, timeout and soft fail. @default false */
  readonly sensor?: boolean;
  /** Module-level definitions the arguments refer to. @default [] */
  readonly definitions?: readonly PyDefinition[];
  /** A short comment written above the task. @default none */
  readonly comment?: string;
}

/** A call of a `@task` function: `<taskId> = <fn>.override(task_id=<taskId>)(<args>)`. */
export interface TaskFunctionCall {
  readonly kind: "call";
  readonly taskId: string;
  /** The `@task`-decorated function; its name is the definition's name. */
  readonly fn: PyDefinition;
  readonly args: readonly PyExpr[];
  readonly comment?: string;
}

/** One task a part contributes to a pipeline's DAG. */
export type DagTask = OperatorTask | TaskFunctionCall;

/** A Python name import of the DAG authoring API, spelled once. */
export const TASK_DECORATOR: PyImport = { module: "airflow.sdk", name: "task" };
