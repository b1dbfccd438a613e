import { millicores } from "../k8s/quantities";

/**
 * The yugabyte chart (2025.2.5, as 2024.2.6, `templates/{master,tserver}-gflags-secret.yaml`) renders
 * `--num_cpus={{ ceil .Values.resource.<server>.requests.cpu }}`. Sprig's `ceil` reads its argument
 * as a float and takes 0 for a string that is not one, so `500m` renders `--num_cpus=0` (the
 * server then sizes its thread pools for every core of the host). Decimal cores render right.
 */

/** A CPU quantity as decimal cores (`500m` → `0.5`, `2` → `2`): the same amount, in the form the chart reads. */
export function chartCpu(quantity: string): string {
  const milli = millicores(quantity);
  if (milli === undefined)
    throw new Error(`cpu: got ${JSON.stringify(quantity)}; expected a CPU quantity like 2 or 500m`);
  return String(milli / 1000);
}

/** The `--num_cpus` the chart renders for a `requests.cpu` value (Sprig `ceil`: 0 when not a float). */
export function renderedNumCpus(requestsCpu: string): number {
  const cores = /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(requestsCpu) ? Number(requestsCpu) : 0;
  return Math.ceil(cores);
}
