/**
 * Hadoop-style `*-site.xml` files (`metastore-site.xml`, `core-site.xml`). Values may reference
 * environment variables as `${env.NAME}` — Hadoop's Configuration substitutes them when a property
 * is read — which is how secrets stay out of the file (and so out of the ConfigMap).
 */

/** Escapes the five XML special characters. */
export function xmlEscape(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

/** A `<configuration>` document with one `<property>` per entry, in the order given. */
export function hadoopSiteXml(properties: Readonly<Record<string, string>>): string {
  const body = Object.entries(properties)
    .map(([name, value]) => `  <property>\n    <name>${xmlEscape(name)}</name>\n    <value>${xmlEscape(value)}</value>\n  </property>`)
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<configuration>\n${body}\n</configuration>\n`;
}

/** A reference Hadoop's Configuration resolves from the process environment when the property is read. */
export function envReference(variable: string): string {
  return `\${env.${variable}}`;
}
