import { v7 } from "uuid";

/**
 * A new message's id, made here rather than by the column's `gen_random_uuid()` default, for two
 * reasons measured on the embedded engine (docs/benchmarks.md, session 17): PGlite's
 * `gen_random_uuid()` opens and reads /dev/urandom through its JavaScript file system on every
 * call (4 % of its worker's time under the 1:1 load), and a time-ordered id (UUIDv7) appends to
 * the right edge of the primary key's index where a random one lands on any leaf, which stops
 * fitting in the buffer pool as history grows. The timestamp in it is the message's own
 * `createdAt`, which every member sees anyway.
 */
export function newMessageId(): string {
  return v7();
}
