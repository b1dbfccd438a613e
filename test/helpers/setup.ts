// Every test process: load the Pulumi SDK's TypeScript/Arborist only on use, as the plan does.
import "../../infra/plan/defer-sdk-internals";
