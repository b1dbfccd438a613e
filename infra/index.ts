// Entry of `pulumi up` (Pulumi.yaml `main`). The offline plan runs the same `program`.
import { program } from "./program";

export = program;
