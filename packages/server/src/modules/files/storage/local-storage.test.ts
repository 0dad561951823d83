import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { LocalFileStorage } from "./local-storage.js";
import { fileStorageContract } from "./storage.contract.js";

fileStorageContract("local disk", async () => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "teamchat-files-"));
  return { storage: new LocalFileStorage(root), close: () => fs.rm(root, { recursive: true, force: true }) };
});
