import { type ZodType, z } from 'zod';

export type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema of an exporter's options as a UI fills them in (`io: 'input'`: defaults
 * make fields optional). Parts JSON Schema cannot express become `{}` (any value).
 * A schema from another zod (a plugin's own copy, or zod 3) may not convert: it is then
 * described as accepting any object rather than hiding the exporter.
 */
export function optionsJsonSchema(schema: ZodType | undefined): JsonSchema | null {
  if (schema === undefined) return null;
  try {
    return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  } catch (thrown) {
    return {
      type: 'object',
      description: `the options schema could not be converted to JSON Schema: ${(thrown as Error)?.message ?? String(thrown)}`,
    };
  }
}
