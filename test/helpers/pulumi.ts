import * as pulumi from "@pulumi/pulumi";
import { RegistrationCapture } from "../../infra/plan/capture";
import type { PlanResource } from "../../infra/plan/document";
import { planMocks } from "../../infra/plan/mocks";

/** Sets the plan's mocks (not in preview, so outputs are known) and captures every registration. */
export async function mockPulumi(stack = "test"): Promise<RegistrationCapture> {
  await pulumi.runtime.setMocks(planMocks, "batch-platform", stack, false);
  return new RegistrationCapture();
}

/** The value of an Output; awaiting it is the only way an assertion on it can fail. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** Resources of a type among the captured registrations (after they settled). */
export async function registered(capture: RegistrationCapture, type: string): Promise<PlanResource[]> {
  await capture.settled();
  return capture.captured().filter((r) => r.type === type);
}
