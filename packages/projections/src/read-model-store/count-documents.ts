import { ValidationError } from '@depledger/core';
import type { CountedGroup, FieldValuesVisitor, ReadModelAddress, ReadModelStore } from './read-model-store';

const fieldPath = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Checks the fields `countBy` is asked for: dotted paths of names (letters, digits, `_`). */
export const checkCountedFields = (fields: readonly string[]): void => {
  const issues = fields.flatMap((field, index) =>
    typeof field === 'string' && fieldPath.test(field)
      ? []
      : [{ path: `fields[${index}]`, message: `not a dotted path of field names (such as assignment.state): ${String(field)}` }],
  );
  if (fields.length === 0) issues.push({ path: 'fields', message: 'name at least one field to count by' });
  if (issues.length > 0) throw new ValidationError('fields to count documents by', issues);
};

/** A document's value at a dotted path, as `countBy` counts it: the string there, else null. */
export const countedValue = (doc: unknown, path: readonly string[]): string | null => {
  let value: unknown = doc;
  for (const name of path) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
    value = (value as Record<string, unknown>)[name];
  }
  return typeof value === 'string' ? value : null;
};

/** Counts documents by their values at `fields`, as they come (the fallback of `countBy`). */
export const countIn = async (docs: AsyncIterable<unknown> | Iterable<unknown>, fields: readonly string[]): Promise<CountedGroup[]> => {
  const paths = fields.map((field) => field.split('.'));
  const groups = new Map<string, { values: (string | null)[]; count: number }>();
  for await (const doc of docs) {
    const values = paths.map((path) => countedValue(doc, path));
    const id = JSON.stringify(values);
    const group = groups.get(id);
    if (group) group.count += 1;
    else groups.set(id, { values, count: 1 });
  }
  return [...groups.values()];
};

async function* documentsOf(readModels: ReadModelStore, address: ReadModelAddress): AsyncGenerator<unknown> {
  for await (const { doc } of readModels.list(address)) yield doc;
}

/**
 * How many of a read-model version's documents hold each combination of values at `fields`: counted
 * by the store where it offers `countBy`, else by reading every document once.
 */
export const countDocuments = async (
  readModels: ReadModelStore,
  address: ReadModelAddress,
  fields: readonly string[],
): Promise<readonly CountedGroup[]> => {
  checkCountedFields(fields);
  return readModels.countBy ? readModels.countBy(address, fields) : countIn(documentsOf(readModels, address), fields);
};

/**
 * Visits every document's key with its values at `fields` (as `countBy` reads them): from the store
 * where it offers `fieldValues`, else by reading every document once. Nothing is gathered: what the
 * visitor keeps is all that stays in memory.
 */
export const documentFieldValues = async (
  readModels: ReadModelStore,
  address: ReadModelAddress,
  fields: readonly string[],
  visit: FieldValuesVisitor,
): Promise<void> => {
  checkCountedFields(fields);
  if (readModels.fieldValues) return readModels.fieldValues(address, fields, visit);
  const paths = fields.map((field) => field.split('.'));
  for await (const { key, doc } of readModels.list(address))
    visit(
      key,
      paths.map((path) => countedValue(doc, path)),
    );
};
