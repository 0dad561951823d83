import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

/**
 * The access-token signing secret: from JWT_SECRET, or (stand-alone) generated once and kept
 * in DATA_DIR/secrets.json so tokens survive a restart.
 */
export async function resolveJwtSecret(configured: string | null, dataDir: string): Promise<Uint8Array> {
  if (configured) return new TextEncoder().encode(configured);
  const file = path.join(dataDir, "secrets.json");
  try {
    const stored = JSON.parse(await fs.readFile(file, "utf8")) as { jwtSecret?: unknown };
    if (typeof stored.jwtSecret === "string" && stored.jwtSecret.length >= 32) {
      return new TextEncoder().encode(stored.jwtSecret);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  const jwtSecret = crypto.randomBytes(48).toString("base64url");
  await fs.mkdir(dataDir, { recursive: true });
  await fs.writeFile(file, JSON.stringify({ jwtSecret }), { mode: 0o600 });
  return new TextEncoder().encode(jwtSecret);
}
