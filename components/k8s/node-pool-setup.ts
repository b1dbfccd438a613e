import { DEFAULT_PLACEMENT, type NodePlacement, type NodePoolName } from "./placement";

/**
 * On an existing cluster the node pools are labels and a taint on nodes the platform does not own:
 * these are the commands an operator runs (once per node group) so placement works. The batch
 * pool gets the spot taint when it is spot capacity, so nothing but batch work lands there.
 */
export function nodePoolSetupCommands(spotBatch: boolean, placement: NodePlacement = DEFAULT_PLACEMENT): { readonly [pool in NodePoolName]: readonly string[] } {
  const label = (pool: NodePoolName) => `kubectl label nodes <${pool}-nodes> ${placement.poolLabelKey}=${pool} --overwrite`;
  const { key, value, effect } = placement.spotTaint;
  return {
    system: [label("system")],
    stateful: [label("stateful")],
    batch: [label("batch"), ...(spotBatch ? [`kubectl taint nodes <batch-nodes> ${key}=${value}:${effect} --overwrite`] : [])],
  };
}
