import fs from "node:fs/promises";
import path from "node:path";
import webpush from "web-push";
import type { Config } from "../../config.js";

export type VapidKeys = { publicKey: string; privateKey: string; subject: string };

/**
 * The VAPID key pair: from VAPID_PUBLIC_KEY/VAPID_PRIVATE_KEY, or (stand-alone) generated once
 * and kept in DATA_DIR/vapid.json. It must never change afterwards: every browser subscription
 * is bound to the public key it was created with.
 */
export async function resolveVapidKeys(config: Config): Promise<VapidKeys & { source: "env" | "file" | "generated" }> {
  const { publicKey, privateKey, subject } = config.vapid;
  if (publicKey && privateKey) return { publicKey, privateKey, subject, source: "env" };

  const file = path.join(config.dataDir, "vapid.json");
  try {
    const stored = JSON.parse(await fs.readFile(file, "utf8")) as { publicKey?: unknown; privateKey?: unknown };
    if (typeof stored.publicKey === "string" && typeof stored.privateKey === "string") {
      return { publicKey: stored.publicKey, privateKey: stored.privateKey, subject, source: "file" };
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  const generated = webpush.generateVAPIDKeys();
  await fs.mkdir(config.dataDir, { recursive: true });
  // "wx": if another process generated the file meanwhile, fail rather than overwrite its keys.
  await fs.writeFile(file, JSON.stringify(generated), { mode: 0o600, flag: "wx" });
  return { ...generated, subject, source: "generated" };
}
