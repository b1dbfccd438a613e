/** Property paths as segments, and their readable form `spec.containers[0].image`. */

export type PathSegment = string | number;

// Keys that read well after a dot; anything else (e.g. `app.kubernetes.io/name`) goes in brackets.
const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

export function formatPath(segments: readonly PathSegment[]): string {
  let text = "";
  for (const segment of segments) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) text += text === "" ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}
