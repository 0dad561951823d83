import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { S3FileStorage } from "./s3-storage.js";
import { fileStorageContract } from "./storage.contract.js";

// s3rver (a pure-JS S3-compatible server from npm) is started on 127.0.0.1 for the run.
const s3rver = await import("s3rver").then((m) => m.default).catch(() => null);

fileStorageContract(
  "S3 (s3rver on 127.0.0.1)",
  async () => {
    if (!s3rver) throw new Error("s3rver is not installed");
    const directory = await fs.mkdtemp(path.join(os.tmpdir(), "teamchat-s3-"));
    const bucket = "teamchat-test";
    const server = new s3rver({
      address: "127.0.0.1",
      port: 0,
      directory,
      silent: true,
      configureBuckets: [{ name: bucket, configs: [] }],
    });
    const { port } = await server.run();
    const storage = new S3FileStorage({
      bucket,
      region: "us-east-1",
      endpoint: `http://127.0.0.1:${port}`,
      accessKeyId: "S3RVER",
      secretAccessKey: "S3RVER",
      forcePathStyle: true,
      prefix: "contract",
    });
    return {
      storage,
      close: async () => {
        storage.close();
        await server.close();
        await fs.rm(directory, { recursive: true, force: true });
      },
    };
  },
  s3rver ? null : "s3rver is not installed",
);
