import * as z from 'zod';
import { configSchema } from './config.js';
import { reportSchema } from './report/schema.js';

/**
 * The JSON Schemas pyvw publishes in docs/, generated from the zod schemas that validate the config and describe
 * the report, so that editors, CI scripts and pyvw itself agree. Draft 7, the draft editors and ajv read by default.
 */

export const SCHEMA_COMMAND = 'npm run schema';

function render(schema: z.ZodType, io: 'input' | 'output'): string {
  return `${JSON.stringify(z.toJSONSchema(schema, { target: 'draft-7', io }), null, 2)}\n`;
}

/** Each generated file, by its path in the package, with its text. */
export function schemaFiles(): Record<string, string> {
  const config = configSchema().meta({
    title: 'pyvw.config.json',
    description: 'pyvw 配置文件 / the config of pyvw: the profile, the unit, and the severity and options of each rule',
  });
  return {
    // What a person may write: defaults are filled in by pyvw, so they are not required here.
    'docs/pyvw.config.schema.json': render(config, 'input'),
    'docs/report.schema.json': render(reportSchema, 'output'),
  };
}
