#!/usr/bin/env node
// Lists every package in package-lock.json whose `engines.node` excludes a Node version (the
// oldest we support by default), so `npm ci` on it prints no EBADENGINE warning. Exit 1 if any.
//
//   node scripts/check-engines.mjs [nodeVersion]     # default 20.19.0
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const semver = require("semver");
const lock = require("../package-lock.json");
const version = process.argv[2] ?? "20.19.0";
const excluded = Object.entries(lock.packages)
  .filter(([key, pkg]) => key !== "" && pkg.engines?.node && !semver.satisfies(version, pkg.engines.node))
  .map(([key, pkg]) => `${key.replace(/^.*node_modules\//, "")}@${pkg.version} wants node ${pkg.engines.node}`);
for (const line of excluded) console.log(line);
console.log(
  excluded.length === 0
    ? `every locked package supports Node ${version}`
    : `${excluded.length} exclude Node ${version}`,
);
process.exit(excluded.length === 0 ? 0 : 1);
