import type { Config } from "../../../config.js";
import type { FileStorage } from "./file-storage.js";
import { LocalFileStorage } from "./local-storage.js";

/** The S3 client (~20 MB of RSS) is loaded only when the storage is S3. */
export async function createFileStorage(config: Config["files"]["storage"]): Promise<FileStorage> {
  if (config.kind !== "s3") return new LocalFileStorage(config.dir);
  const { S3FileStorage } = await import("./s3-storage.js");
  return new S3FileStorage(config);
}
