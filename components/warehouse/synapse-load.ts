import type { PyDefinition, TaskFunctionCall } from "../pipeline/dag/dag-task";

/** Airflow's connection to the dedicated SQL pool: the ODBC provider's `odbc` type, no login or password. */
export const SYNAPSE_CONN_ID = "synapse_sql";
/** The ODBC driver the official Airflow image installs. */
export const SYNAPSE_ODBC_DRIVER = "ODBC Driver 18 for SQL Server";

/**
 * `run_synapse_statements`: connects with an Entra ID access token of the pod's identity (workload
 * identity through DefaultAzureCredential, passed as SQL_COPT_SS_ACCESS_TOKEN), so no password
 * exists; runs the statements in order, each committed on its own (DDL and COPY INTO are not
 * allowed in user transactions on a dedicated SQL pool).
 */
export const SYNAPSE_RUN_STATEMENTS: PyDefinition = {
  name: "run_synapse_statements",
  imports: [
    { module: "airflow.providers.odbc.hooks.odbc", name: "OdbcHook" },
    { module: "azure.identity", name: "DefaultAzureCredential" },
    { module: "pyodbc", name: "connect" },
    { module: "struct", name: "pack" },
  ],
  source: [
    "@task",
    "def run_synapse_statements(conn_id: str, statements: list) -> int:",
    '    """Run the statements on the dedicated SQL pool as the pod\'s Entra ID identity."""',
    '    token = DefaultAzureCredential().get_token("https://database.windows.net/.default").token.encode("utf-16-le")',
    "    hook = OdbcHook(odbc_conn_id=conn_id, driver=" + JSON.stringify(SYNAPSE_ODBC_DRIVER) + ")",
    "    # 1256 is SQL_COPT_SS_ACCESS_TOKEN: a length-prefixed UTF-16-LE token instead of a password.",
    '    attrs = {1256: pack(f"<I{len(token)}s", len(token), token)}',
    "    with connect(hook.odbc_connection_string, attrs_before=attrs, autocommit=True) as connection:",
    "        cursor = connection.cursor()",
    "        for statement in statements:",
    "            cursor.execute(statement)",
    "    return len(statements)",
  ].join("\n"),
};

/** The load task: COPY INTO + MERGE on the pool, its statements rendered by Airflow (the run's folder). */
export function synapseLoadTask(statements: readonly string[]): TaskFunctionCall {
  return { kind: "call", taskId: "load_serving", fn: SYNAPSE_RUN_STATEMENTS, args: [SYNAPSE_CONN_ID, [...statements]] };
}
