/**
 * A small `--name value` / `--name=value` / `--flag` parser: the benches need a handful of
 * numeric and list options and nothing else, so no dependency.
 */
export type ArgSpec = Record<string, string | number | boolean>;

export function parseArgs<T extends ArgSpec>(defaults: T, argv: string[] = process.argv.slice(2)): T {
  const out: ArgSpec = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (!arg.startsWith("--")) throw new Error(`unexpected argument ${arg}`);
    const [rawName = "", inline] = arg.slice(2).split("=", 2);
    const name = rawName.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (!(name in defaults))
      throw new Error(`unknown option --${rawName} (known: ${Object.keys(defaults).join(", ")})`);
    const kind = typeof defaults[name];
    if (kind === "boolean" && inline === undefined) {
      out[name] = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${rawName} needs a value`);
    if (kind === "number") {
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0) throw new Error(`--${rawName} must be a non-negative number`);
      out[name] = n;
    } else if (kind === "boolean") out[name] = value === "true" || value === "1";
    else out[name] = value;
  }
  return out as T;
}

/** "a,b" → ["a", "b"], keeping only allowed values. */
export function listOption<V extends string>(value: string, allowed: readonly V[]): V[] {
  const items = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const item of items) {
    if (!allowed.includes(item as V)) throw new Error(`"${item}" is not one of ${allowed.join(", ")}`);
  }
  return items as V[];
}
