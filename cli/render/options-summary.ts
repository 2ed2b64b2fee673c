import type { JsonSchema } from '../../runtime/host.ts';
import { terminalText } from './terminal-text.ts';

interface PropertySchema {
  type?: string;
  enum?: unknown[];
  default?: unknown;
  description?: string;
  items?: { type?: string; enum?: unknown[] };
}

function describeType(property: PropertySchema): string {
  if (property.enum) return property.enum.map((value) => JSON.stringify(value)).join(' | ');
  if (property.type === 'array') return `${property.items?.enum ? `(${describeType(property.items)})` : property.items?.type ?? 'any'}[]`;
  return property.type ?? 'any';
}

/** One line per option of an exporter's JSON Schema: `name  type  (default x)  description`. */
export function describeOptions(schema: JsonSchema | null): string[] {
  const properties = (schema as { properties?: Record<string, PropertySchema> } | null)?.properties;
  if (!properties || Object.keys(properties).length === 0) return [];
  return Object.entries(properties).map(([name, property]) => {
    const parts = [`--option ${name}=<${describeType(property)}>`];
    if (property.default !== undefined) parts.push(`default ${JSON.stringify(property.default)}`);
    if (property.description) parts.push(property.description);
    return terminalText(parts.join('  '));
  });
}
