import type { ResourceRule } from "./rule";
import { dataWarehouseUnits, SYNAPSE_SQL_POOL } from "../pricing/price-engines";
import { record, str } from "../model/values";

export interface SynapseSqlPoolSkuConfig {
  /** Largest dedicated SQL pool size, in DWUs (100 = DW100c). */
  readonly maxDwu: number;
}

/** A dedicated SQL pool bills per DWU-hour whether queried or not; dev needs only the smallest. */
export const synapseSqlPoolSku: ResourceRule<SynapseSqlPoolSkuConfig> = {
  kind: "resource",
  pack: "cost",
  name: "synapse-sql-pool-sku",
  description: "Synapse dedicated SQL pools stay at or below the environment's DWU cap.",
  severity: "high",
  enforcementLevel: "advisory",
  configSchema: { properties: { maxDwu: { type: "integer", minimum: 100 } } },
  defaults: { maxDwu: 100 },
  validate(resource, config, report) {
    if (resource.type !== SYNAPSE_SQL_POOL) return;
    const sku = str(record(resource.props.sku).name);
    const dwu = dataWarehouseUnits(sku);
    if (dwu === undefined) report(`SQL pool ${resource.name} has sku ${sku ?? "(not set)"}; to comply, set sku.name to DW${config.maxDwu}c or smaller.`);
    else if (dwu > config.maxDwu) report(`SQL pool ${resource.name} is ${sku} (${dwu} DWU); to comply, use DW${config.maxDwu}c or smaller (and pause it when idle).`);
  },
};
