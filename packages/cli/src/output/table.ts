/** One column of a table: a header and how to show a row in it. */
export type Column<Row> = Readonly<{ header: string; value: (row: Row) => string }>;

/** Rows as aligned columns under a header, two spaces apart; trailing spaces trimmed. */
export const table = <Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string[] => {
  const cells = rows.map((row) => columns.map((c) => c.value(row)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)];
};
