import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/**
 * The host page as a host developer would build it: in a folder OUTSIDE the repo, installing our
 * packed tarballs (no workspace links) plus its own React, Redux and router from the registry,
 * type-checked with strict flags of its own (our .d.ts must hold), then built with Vite.
 * Returns the built page's folder.
 */
export function buildPackedHost(repoRoot: string, exampleDir: string, dir: string): string {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const run = (cmd: string, args: string[], cwd = dir) => execFileSync(cmd, args, { cwd, stdio: "inherit" });
  run(process.execPath, [path.join(repoRoot, "scripts/pack.mjs"), path.join(dir, "packages")], repoRoot);
  const tarballs = JSON.parse(fs.readFileSync(path.join(dir, "packages/tarballs.json"), "utf8")) as string[];

  const example = JSON.parse(fs.readFileSync(path.join(exampleDir, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  const { "@teamchat/web": _ours, express: _e, jose: _j, ...browserDeps } = example.dependencies;
  const dependencies = {
    ...Object.fromEntries(
      tarballs.map((t) => [`@teamchat/${path.basename(t).replace(/^teamchat-|-\d.*$/g, "")}`, `file:${t}`]),
    ),
    ...browserDeps,
  };
  const devDependencies = {
    vite: example.devDependencies.vite,
    "@vitejs/plugin-react": example.devDependencies["@vitejs/plugin-react"],
    "@types/react": "19.3.0",
    "@types/react-dom": "19.3.0",
  };
  const manifest = { name: "acme-hr-packed", private: true, type: "module", dependencies, devDependencies };
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(manifest, null, 2));
  for (const f of ["src", "index.html", "vite.config.ts"])
    fs.cpSync(path.join(exampleDir, f), path.join(dir, f), { recursive: true });
  // A host's own strict settings, not ours: our published types must compile under them.
  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      lib: ["ES2022", "DOM", "DOM.Iterable"],
      module: "ESNext",
      moduleResolution: "Bundler",
      jsx: "react-jsx",
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      noEmit: true,
      skipLibCheck: true,
      types: ["vite/client"],
    },
    include: ["src"],
  };
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"]);
  run(process.execPath, [path.join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"]);
  run("npx", ["vite", "build", "--logLevel", "warn"]);
  return path.join(dir, "dist");
}
