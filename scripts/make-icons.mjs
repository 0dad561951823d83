#!/usr/bin/env node
// Draws the app icon (white speech bubble on the brand green) as PNGs for the web manifest.
// Run once when the design changes: `node scripts/make-icons.mjs`; the PNGs are committed.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const BRAND = [0x00, 0xa8, 0x84];
const out = path.resolve("packages/web/public/icons");

function crc32(buf) {
  let c;
  const table = [];
  for (let n = 0; n < 256; n++) {
    c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  let crc = 0xffffffff;
  for (const byte of buf) crc = table[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x / size, y / size);
      const i = y * (size * 4 + 1) + 1 + x * 4;
      raw[i] = r;
      raw[i + 1] = g;
      raw[i + 2] = b;
      raw[i + 3] = a;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", zlib.deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Bubble: a circle plus a small tail at the lower left, inside a safe zone for maskable icons. */
function bubble(x, y, scale) {
  const cx = 0.5;
  const cy = 0.47;
  const r = 0.27 * scale;
  const inCircle = (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  const tail = y > cy && y < cy + r * 1.15 && x > cx - r * 0.95 && x < cx - r * 0.3 && y - cy > (x - (cx - r)) * 1.6;
  return inCircle || tail;
}

fs.mkdirSync(out, { recursive: true });
for (const [name, size, scale] of [
  ["icon-192.png", 192, 1],
  ["icon-512.png", 512, 1],
  ["maskable-512.png", 512, 0.8],
]) {
  fs.writeFileSync(
    path.join(out, name),
    png(size, (x, y) => (bubble(x, y, scale) ? [255, 255, 255, 255] : [...BRAND, 255])),
  );
}
console.log(`icons written to ${out}`);
