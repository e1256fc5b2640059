import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { jsonSchemaOf } from '../../src/llm/chat-request.js';

describe('the JSON schema sent with a request', () => {
  it("is the zod schema's input side, bounds kept, every object closed to extra keys", () => {
    const schema = z.object({
      name: z.string().max(40).nullable(),
      confidence: z.number().min(0).max(1),
      evidence: z.array(z.object({ file: z.string().max(80) })).max(5),
      note: z.string().max(20).default(''),
    });
    expect(jsonSchemaOf({ schema, schemaName: 'person' })).toEqual({
      type: 'object',
      properties: {
        name: { anyOf: [{ type: 'string', maxLength: 40 }, { type: 'null' }] },
        confidence: { type: 'number', minimum: 0, maximum: 1 },
        evidence: {
          type: 'array',
          maxItems: 5,
          items: { type: 'object', properties: { file: { type: 'string', maxLength: 80 } }, required: ['file'], additionalProperties: false },
        },
        note: { type: 'string', maxLength: 20, default: '' },
      },
      required: ['name', 'confidence', 'evidence'],
      additionalProperties: false,
    });
  });

  it('names the schema when zod cannot express it as JSON Schema', () => {
    expect(() => jsonSchemaOf({ schema: z.object({ when: z.date() }), schemaName: 'dated' })).toThrow(/^schema dated cannot be sent as JSON Schema/);
  });
});
