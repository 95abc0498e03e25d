import { FILE_KINDS } from '../../src/types.js';

/**
 * The JSON report of `pyvw check --format json`, as /work/shared/spec/interface.md states it (schemaVersion 1).
 * `lang`, `date`, `strict`, `classification` and `reason` are pyvw's additions, which the contract allows.
 */
const finding = {
  type: 'object',
  required: ['rule', 'severity', 'message', 'hint', 'data'],
  additionalProperties: false,
  properties: {
    rule: { type: 'string', pattern: '^[a-z-]+/[a-z-]+$' },
    severity: { enum: ['error', 'warning', 'info'] },
    message: { type: 'string', minLength: 1 },
    hint: { type: 'string' },
    data: { type: 'object' },
  },
} as const;

export const reportSchema = {
  type: 'object',
  required: ['schemaVersion', 'tool', 'profile', 'ok', 'submissions'],
  additionalProperties: false,
  properties: {
    schemaVersion: { const: 1 },
    tool: {
      type: 'object', required: ['name', 'version'], additionalProperties: false,
      properties: { name: { const: 'pyvw' }, version: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+' } },
    },
    profile: { type: 'string', minLength: 1 },
    lang: { enum: ['zh', 'en'] },
    date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    strict: { type: 'boolean' },
    ok: { type: 'boolean' },
    submissions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'ok', 'counts', 'findings', 'files'],
        additionalProperties: false,
        properties: {
          path: { type: 'string' },
          ok: { type: 'boolean' },
          counts: {
            type: 'object', required: ['error', 'warning', 'info'], additionalProperties: false,
            properties: { error: { type: 'integer', minimum: 0 }, warning: { type: 'integer', minimum: 0 }, info: { type: 'integer', minimum: 0 } },
          },
          findings: { type: 'array', items: finding },
          files: {
            type: 'array',
            items: {
              type: 'object',
              required: ['path', 'kind', 'ok', 'bytes', 'facts', 'findings'],
              additionalProperties: false,
              properties: {
                // Relative, `/` separators: no leading slash, no backslash, no drive letter.
                path: { type: 'string', minLength: 1, pattern: '^(?![/\\\\])(?![A-Za-z]:)[^\\\\]+$' },
                kind: { enum: [...FILE_KINDS] },
                ok: { type: 'boolean' },
                bytes: { type: 'integer', minimum: 0 },
                classification: {
                  type: 'object', required: ['by', 'detail'], additionalProperties: false,
                  properties: {
                    by: { enum: ['folder', 'extension', 'name', 'sidecar', 'manifest', 'junk', 'config', 'unknown'] },
                    detail: { type: 'string' },
                  },
                },
                reason: { type: 'string', minLength: 1 },
                facts: { type: 'object' },
                findings: { type: 'array', items: finding },
              },
            },
          },
        },
      },
    },
  },
} as const;
