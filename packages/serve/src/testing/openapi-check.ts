import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ApiAnswer } from './serve-fixture';

type Json = Record<string, any>;

export type OperationMatch = Readonly<{ path: string; method: string; operation: Json }>;

/** The operation of the document an answered request went to, matching the path template segment by segment. */
export const operationOf = (document: Json, method: string, url: string): OperationMatch | undefined => {
  const path = url.split('?')[0] as string;
  const segments = path.split('/');
  for (const [template, item] of Object.entries(document['paths'] as Json)) {
    const parts = template.split('/');
    if (parts.length !== segments.length) continue;
    if (!parts.every((part, i) => (part.startsWith('{') && part.endsWith('}') ? segments[i] !== '' : part === segments[i]))) continue;
    const operation = (item as Json)[method.toLowerCase()];
    if (operation) return { path: template, method, operation };
  }
  return undefined;
};

/**
 * Checks answers against the OpenAPI document: each request went to an operation the document
 * lists, its status is one the operation declares (or a shared response), and its body validates
 * against the declared schema (JSON Schema 2020-12, with the document's components).
 */
export const checkAgainstOpenApi = (document: Json, answers: readonly ApiAnswer[]): string[] => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'openapi', components: document['components'] });
  const resolve = (schema: Json): Json => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/'));
  const problems: string[] = [];
  for (const answer of answers) {
    const where = `${answer.method} ${answer.path} → ${answer.status}`;
    const match = operationOf(document, answer.method, answer.path);
    if (!match) {
      if (answer.status === 404 && answer.body?.code === 'ROUTE_NOT_FOUND') continue;
      problems.push(`${where}: no operation in the document`);
      continue;
    }
    let response = match.operation['responses'][String(answer.status)] as Json | undefined;
    if (response?.['$ref']) response = document['components']['responses'][(response['$ref'] as string).split('/').pop() as string];
    if (!response) {
      problems.push(`${where}: status not declared`);
      continue;
    }
    const content = response['content'] as Json | undefined;
    if (!content) continue;
    const mediaType = (answer.contentType ?? '').split(';')[0] as string;
    const declared = content[mediaType] as Json | undefined;
    if (!declared) {
      problems.push(`${where}: content type ${mediaType} not declared`);
      continue;
    }
    const validate = ajv.compile(resolve(declared['schema'] as Json));
    if (!validate(answer.body)) problems.push(`${where}: ${ajv.errorsText(validate.errors)}`);
  }
  return problems;
};
