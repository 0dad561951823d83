/**
 * A one-dimensional PostgreSQL array literal (cast in SQL to its element type): every element
 * quoted, so any text is safe; null is NULL. Batch statements take one array per column
 * (`unnest($1::uuid[], …)`), so their text is the same for every batch size and they can be
 * prepared once.
 */
export function arrayLiteral(values: (string | null)[]): string {
  return `{${values.map((v) => (v === null ? "NULL" : `"${v.replace(/["\\]/g, "\\$&")}"`)).join(",")}}`;
}
