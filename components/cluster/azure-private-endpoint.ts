import type * as pulumi from "@pulumi/pulumi";
import { PrivateEndpoint } from "@pulumi/azure-native/network/privateEndpoint";
import { PrivateDnsZoneGroup } from "@pulumi/azure-native/network/privateDnsZoneGroup";
import type { AzureNetwork } from "./azure-network";

/** The private DNS zone of each private-link sub-resource the platform uses. */
export const PRIVATE_DNS_ZONES = {
  dfs: "privatelink.dfs.core.windows.net",
  blob: "privatelink.blob.core.windows.net",
  Sql: "privatelink.sql.azuresynapse.net",
  SqlOnDemand: "privatelink.sql.azuresynapse.net",
  Dev: "privatelink.dev.azuresynapse.net",
} as const;

export type PrivateLinkGroup = keyof typeof PRIVATE_DNS_ZONES;

/** One private endpoint to ask for. */
export interface PrivateEndpointRequest {
  /** Logical name of the endpoint resource (`<owner>-pe-<group>`). */
  readonly name: string;
  /** Physical name, e.g. `pe-acmebpprodlake-dfs`. */
  readonly endpointName: string;
  /** The resource the endpoint reaches (storage account, Synapse workspace). */
  readonly targetId: pulumi.Input<string>;
  readonly group: PrivateLinkGroup;
  readonly network: AzureNetwork;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * A private endpoint in the network's endpoint subnet with its DNS zone group, so the service's
 * public name resolves to the private address inside the VNet. Children of `parent`.
 */
export function privateEndpoint(request: PrivateEndpointRequest, parent: pulumi.Resource): PrivateEndpoint {
  const zone = request.network.privateDnsZone(PRIVATE_DNS_ZONES[request.group]);
  const endpoint = new PrivateEndpoint(
    request.name,
    {
      privateEndpointName: request.endpointName,
      resourceGroupName: request.network.resourceGroupName,
      location: request.network.location,
      subnet: { id: request.network.endpointsSubnetId },
      privateLinkServiceConnections: [
        { name: request.endpointName, privateLinkServiceId: request.targetId, groupIds: [request.group] },
      ],
      tags: { ...request.tags },
    },
    { parent },
  );
  new PrivateDnsZoneGroup(
    `${request.name}-dns`,
    {
      privateEndpointName: endpoint.name,
      resourceGroupName: request.network.resourceGroupName,
      privateDnsZoneGroupName: "default",
      privateDnsZoneConfigs: [{ name: request.group.toLowerCase(), privateDnsZoneId: zone.id }],
    },
    { parent },
  );
  return endpoint;
}
