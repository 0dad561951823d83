import type { PGlite } from "@electric-sql/pglite";

/** PGlite's start parameters without `-F`, so PostgreSQL runs with fsync on. */
export declare const DURABLE_START_PARAMS: string[];
/** postgresql.conf lines that route PostgreSQL's WAL sync through fsync(), which reaches the files. */
export declare const DURABLE_CONF: string[];
/** Gives the data directory's file system a real fsync (false: the data directory is in memory). */
export declare function makeFsyncReal(client: PGlite): Promise<boolean>;
/** Every file and directory under `dir` synced to disk (a new data directory, after initdb). */
export declare function syncTree(dir: string): void;
