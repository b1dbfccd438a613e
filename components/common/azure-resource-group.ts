import type * as pulumi from "@pulumi/pulumi";
import { output } from "@pulumi/pulumi";
import { ResourceGroup } from "@pulumi/azure-native/resources/resourceGroup";

/** What a resource group of a component's own is created with. */
export interface OwnResourceGroup {
  readonly resourceGroupName: string;
  readonly location: pulumi.Input<string>;
  readonly tags: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * The resource group an Azure component puts its resources in: the one it was given, or a group of
 * its own named `<component>-rg` (created with `opts`, e.g. protected with the data it holds).
 */
export function givenOrOwnResourceGroup(
  component: string,
  given: pulumi.Input<string> | undefined,
  own: OwnResourceGroup,
  opts: pulumi.CustomResourceOptions,
): pulumi.Output<string> {
  return given ? output(given) : new ResourceGroup(`${component}-rg`, own, opts).name;
}
