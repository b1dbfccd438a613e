// What every component shares: argument errors.
export { ArgumentError } from "./validation";
