import { getTableColumns } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";

export type JsonColumns<T extends PgTable> = {
  /** `alias.column, …` in table order, for a `json_build_array(…)` (time values as text). */
  list: string;
  /** How many values `list` has. */
  count: number;
  /** The row from a JSON array of `list`'s values starting at `offset`, each value converted as drizzle converts it. */
  read: (values: readonly unknown[], offset?: number) => T["$inferSelect"];
};

/** Column types whose JSON form differs from the text the drivers hand to drizzle's mappers. */
const AS_TEXT = new Set(["PgTimestamp", "PgTimestampString", "PgDate", "PgDateString", "PgTime", "PgInterval"]);

/**
 * A table's columns as positions in a JSON array, for statements that return a whole nested
 * result as one JSON value (the chat list: one row, one field, instead of thousands of fields
 * each parsed by the driver). Times are cast to text in SQL so the mapper gets the very string
 * the driver would have given it; numbers, booleans, arrays and jsonb map as the driver's values.
 */
export function jsonColumns<T extends PgTable>(table: T, alias: string): JsonColumns<T> {
  const columns = Object.entries(getTableColumns(table)).map(([key, column]) => ({ key, column }));
  return {
    list: columns
      .map(({ column }) => `${alias}.${column.name}${AS_TEXT.has(column.columnType) ? "::text" : ""}`)
      .join(", "),
    count: columns.length,
    read: (values, offset = 0) => {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < columns.length; i++) {
        const c = columns[i] as (typeof columns)[number];
        const value = values[offset + i];
        out[c.key] = value === null || value === undefined ? null : c.column.mapFromDriverValue(value);
      }
      return out as T["$inferSelect"];
    },
  };
}
