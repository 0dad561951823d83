import type { Readable } from "node:stream";

/** Bytes `start` to `end`, both included (as in an HTTP Range header). */
export type ByteRange = { start: number; end: number };

/**
 * Where file bytes live. Keys are server-made (`<fileId>/<variant>`), never user input. Every
 * driver passes storage.contract.ts.
 */
export interface FileStorage {
  readonly kind: "local" | "s3";
  /** Stores `size` bytes from `source` under `key`; a failed put leaves nothing under `key`. */
  put(key: string, source: Readable, size: number, contentType: string): Promise<void>;
  /** The bytes (or a range of them), or null when there is no such key. */
  read(key: string, range?: ByteRange): Promise<Readable | null>;
  /** Stored size in bytes, or null when there is no such key. */
  size(key: string): Promise<number | null>;
  /** Deletes the keys; missing keys are not an error. */
  delete(keys: string[]): Promise<void>;
  /** Releases connections (S3's HTTP agent) at shutdown. */
  close?(): void;
}

const KEY = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+(\.[a-z0-9]+)?)*$/;

export function assertStorageKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`invalid storage key ${JSON.stringify(key)}`);
}
