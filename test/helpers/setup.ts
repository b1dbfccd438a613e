// Every test process: load the Pulumi SDK's TypeScript/Arborist only on use, as the plan does.
import "../../infra/plan/defer-sdk-internals";
import { beforeEach } from "vitest";

// vitest runs one test after another without letting the event loop turn between them, so a file
// of slow synchronous tests keeps its worker from reading vitest's RPC replies; on a loaded machine
// they then time out ("Timeout calling onTaskUpdate"). One turn of the loop before each test reads them.
beforeEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
