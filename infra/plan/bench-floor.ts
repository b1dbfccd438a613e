// The benchmark's floor: load exactly the modules a plan loads (the program, the SDKs, the
// planner) and exit without planning anything.
import "./defer-sdk-internals"; // first: before @pulumi/pulumi loads
import "../program";
import "./plan-one";
