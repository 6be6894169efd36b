import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

const schemaBase = 'https://schemas.invalid/dep/';

/** Ajv (JSON Schema 2020-12) loaded with Apple's `dep` schemas committed as fixtures, each under its file name. */
export function depSchemas(): { validate(name: string, value: unknown): string[] } {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const folder = join(__dirname, '..', '__fixtures__', 'dep-schemas');
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.json'))) {
    const schema = JSON.parse(readFileSync(join(folder, file), 'utf8')) as Record<string, unknown>;
    ajv.addSchema({ ...schema, $id: `${schemaBase}${file}` });
  }
  return {
    validate(name, value) {
      const validator = ajv.getSchema(`${schemaBase}${name}.json`);
      if (validator === undefined) throw new Error(`No schema ${name}`);
      return validator(value) ? [] : (validator.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
    },
  };
}
