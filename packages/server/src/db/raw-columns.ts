import { getTableColumns, type SQL, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";

export type RawColumns<T extends PgTable> = {
  /** `alias.column AS alias_column, …`: the table's columns for a raw SELECT list. */
  select: SQL;
  /** The row read back from a driver row, each value converted as drizzle converts it (Date, arrays…). */
  read: (row: Record<string, unknown>) => T["$inferSelect"];
  /** Whether the row has this table's part (false for the empty side of a LEFT JOIN). */
  present: (row: Record<string, unknown>) => boolean;
};

/**
 * A table's columns for hand-written SQL on hot read paths. The query builder maps every field of
 * every row through generic checks (a third of the chat list's server time in the profile, see
 * docs/benchmarks.md); this precomputes the mapping once per table and alias.
 */
export function rawColumns<T extends PgTable>(table: T, alias: string): RawColumns<T> {
  const columns = Object.entries(getTableColumns(table)).map(([key, column]) => ({
    key,
    column,
    as: `${alias}_${column.name}`,
  }));
  const first = columns[0]?.as ?? "";
  return {
    select: sql.raw(columns.map((c) => `${alias}.${c.column.name} AS ${c.as}`).join(", ")),
    read: (row) => {
      const out: Record<string, unknown> = {};
      for (const c of columns) {
        const value = row[c.as];
        out[c.key] = value === null || value === undefined ? null : c.column.mapFromDriverValue(value);
      }
      return out as T["$inferSelect"];
    },
    present: (row) => row[first] !== null && row[first] !== undefined,
  };
}
