import { Column, getTableColumns } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";

export type JsonColumns<T extends PgTable, Omitted extends keyof T["$inferSelect"] = never> = {
  /** `alias.column, …` in table order, for a `json_build_array(…)` (see `asText` for times). */
  list: string;
  /** How many values `list` has. */
  count: number;
  /** The row from a JSON array of `list`'s values starting at `offset`, each value converted as drizzle converts it. */
  read: (values: readonly unknown[], offset?: number) => Omit<T["$inferSelect"], Omitted>;
};

/** Column types whose JSON form differs from the text the drivers hand to drizzle's mappers. */
const AS_TEXT = new Set(["PgTimestamp", "PgTimestampString", "PgDate", "PgDateString", "PgTime", "PgInterval"]);

/**
 * Whether a column goes through text. A `timestamptz` read as a Date need not: its JSON form
 * (ISO 8601 with the offset) is the same instant to the mapper's `new Date`, and writing it is
 * cheaper than `::text` (a fifth of the chat list statement's time went to those casts).
 */
function asText(column: Column): boolean {
  if (column.columnType === "PgTimestamp" && (column as Column & { withTimezone?: boolean }).withTimezone) return false;
  return AS_TEXT.has(column.columnType);
}

/**
 * A table's columns as positions in a JSON array, for statements that return a whole nested
 * result as one JSON value (the chat list: one row, one field, instead of thousands of fields
 * each parsed by the driver). Times other than a timestamptz read as a Date are cast to text in
 * SQL so the mapper gets the very string the driver would have given it; numbers, booleans, arrays and jsonb map as the driver's values.
 * `omit`: columns the statement's readers never use, left out of the text and the row.
 */
export function jsonColumns<T extends PgTable, Omitted extends keyof T["$inferSelect"] & string = never>(
  table: T,
  alias: string,
  omit: readonly Omitted[] = [],
): JsonColumns<T, Omitted> {
  const columns = Object.entries(getTableColumns(table))
    .filter(([key]) => !(omit as readonly string[]).includes(key))
    .map(([key, column]) => ({ key, column }));
  const keys = columns.map((c) => c.key);
  // Most columns keep the driver's value as it is (uuid, text, boolean, jsonb): no call for
  // those. A whole chat list is ~10,000 values, and one call site for every column type is slow.
  const mappers = columns.map(({ column }) =>
    column.mapFromDriverValue === Column.prototype.mapFromDriverValue
      ? null
      : (v: unknown) => column.mapFromDriverValue(v),
  );
  return {
    list: columns.map(({ column }) => `${alias}.${column.name}${asText(column) ? "::text" : ""}`).join(", "),
    count: columns.length,
    read: (values, offset = 0) => {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++) {
        const value = values[offset + i];
        const map = mappers[i];
        out[keys[i] as string] = value === null || value === undefined ? null : map ? map(value) : value;
      }
      return out as Omit<T["$inferSelect"], Omitted>;
    },
  };
}
