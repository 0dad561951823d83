import type { Config } from "../../../config.js";
import type { FileStorage } from "./file-storage.js";
import { LocalFileStorage } from "./local-storage.js";
import { S3FileStorage } from "./s3-storage.js";

export function createFileStorage(config: Config["files"]["storage"]): FileStorage {
  return config.kind === "s3" ? new S3FileStorage(config) : new LocalFileStorage(config.dir);
}
