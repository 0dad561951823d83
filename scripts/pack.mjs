#!/usr/bin/env node
// Builds @teamchat/protocol, @teamchat/sdk and @teamchat/web as installable packages and packs
// them: ESM JavaScript + generated .d.ts (+ the embed CSS), `files`, `exports`, peers.
//
//   node scripts/pack.mjs [outDir]      # tarballs in outDir (default: dist-packages/)
//
// Inside the repo the workspaces keep pointing at their TypeScript source (tsx, Vite and vitest
// read it directly); only the packed copies point at dist/. So each package is staged in a
// temporary folder with its published package.json, and `npm pack` runs there.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outDir = path.resolve(process.argv[2] ?? path.join(root, "dist-packages"));
const tsc = path.join(root, "node_modules/typescript/bin/tsc");
const run = (cmd, args, cwd = root) => execFileSync(cmd, args, { cwd, stdio: "inherit" });
const readJson = (file) => JSON.parse(fs.readFileSync(file, "utf8"));
const PEERS = { react: ">=19.0.0", "react-dom": ">=19.0.0" };
const SDK_SQLITE_PEER = `^${readJson(path.join(root, "packages/sdk/package.json")).devDependencies["better-sqlite3"]}`;

function buildTypeScript(pkg) {
  fs.rmSync(path.join(root, "packages", pkg, "dist"), { recursive: true, force: true });
  run(process.execPath, [tsc, "-p", `packages/${pkg}/tsconfig.build.json`]);
}

/**
 * The embed's public .d.ts, file by file without type-checking the whole app: its entry files
 * declare their types explicitly and import only React and ./types, which this checks.
 */
function embedDeclarations(webDir) {
  const files = ["index.ts", "ChatLayout.tsx", "ChatProvider.tsx", "UnreadBadge.tsx", "types.ts"];
  const target = path.join(webDir, "dist-lib/types");
  fs.mkdirSync(target, { recursive: true });
  for (const file of files) {
    const source = fs.readFileSync(path.join(webDir, "src/embed", file), "utf8");
    const { outputText, diagnostics } = ts.transpileDeclaration(source, {
      fileName: file,
      compilerOptions: { jsx: ts.JsxEmit.ReactJSX, module: ts.ModuleKind.ESNext, strict: true },
    });
    if (diagnostics?.length) {
      const text = diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")).join("\n");
      throw new Error(`${file}: ${text}`);
    }
    // Only the public surface: React and our own public files (the CSS import is the JS's business).
    const dts = outputText.replace(/^import "[^"]+\.css";\n/m, "");
    for (const [, spec] of dts.matchAll(/from "([^"]+)"/g)) {
      const local = spec.startsWith("./") && files.some((f) => f.replace(/\.tsx?$/, ".js") === spec.slice(2));
      if (!local && spec !== "react") throw new Error(`${file}: public types import ${spec}`);
    }
    fs.writeFileSync(path.join(target, file.replace(/\.tsx?$/, ".d.ts")), dts);
  }
}

/** Copies a package's published files to a staging folder with its published package.json, and packs it. */
function pack(pkg, manifest, extraFiles) {
  const dir = path.join(root, "packages", pkg);
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), `teamchat-pack-${pkg}-`));
  for (const f of extraFiles) {
    const from = path.join(dir, f);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(stage, f), { recursive: true });
  }
  fs.writeFileSync(path.join(stage, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const [{ filename }] = JSON.parse(
    execFileSync("npm", ["pack", "--json", "--pack-destination", outDir], { cwd: stage, encoding: "utf8" }),
  );
  fs.rmSync(stage, { recursive: true, force: true });
  console.log(`packed ${path.join(outDir, filename)}`);
  return path.join(outDir, filename);
}

function published(pkg, fields) {
  const { name, version, description, type, dependencies } = readJson(path.join(root, "packages", pkg, "package.json"));
  return { name, version, description, type, license: "MIT", engines: { node: ">=20.19" }, dependencies, ...fields };
}

fs.mkdirSync(outDir, { recursive: true });
buildTypeScript("protocol");
buildTypeScript("sdk");
run("npx", ["vite", "build", "-c", "vite.lib.config.ts", "--logLevel", "warn"], path.join(root, "packages/web"));
embedDeclarations(path.join(root, "packages/web"));

const dist = { types: "./dist/index.d.ts", import: "./dist/index.js", default: "./dist/index.js" };
const tarballs = [
  pack("protocol", published("protocol", { files: ["dist"], exports: { ".": dist } }), ["dist"]),
  pack(
    "sdk",
    published("sdk", {
      files: ["dist", "README.md"],
      // `./node`: the SQLite cache store for bots, apart so that browser bundles never reach it.
      exports: {
        ".": dist,
        "./node": { types: "./dist/node.d.ts", import: "./dist/node.js", default: "./dist/node.js" },
      },
      // Only Node programs that use `./node` install it (a native module: never in a browser app).
      // 12.x: the line that builds and runs on Node 20 here.
      peerDependencies: { "better-sqlite3": SDK_SQLITE_PEER },
      peerDependenciesMeta: { "better-sqlite3": { optional: true } },
    }),
    ["dist", "README.md"],
  ),
  pack(
    "web",
    // Everything but React is bundled into the one module: no dependencies, React as peers (one
    // React in the host's page; two would crash hooks).
    {
      ...published("web", { dependencies: {} }),
      files: ["dist-lib"],
      sideEffects: ["*.css"],
      peerDependencies: PEERS,
      exports: {
        "./embed": { types: "./dist-lib/types/index.d.ts", default: "./dist-lib/teamchat-embed.js" },
        "./embed.css": "./dist-lib/teamchat-embed.css",
      },
    },
    ["dist-lib"],
  ),
];
fs.writeFileSync(path.join(outDir, "tarballs.json"), `${JSON.stringify(tarballs, null, 2)}\n`);
