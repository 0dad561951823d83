/**
 * Server variants for an A/B comparison in one run: `--variants "off:SEND_PIPELINE_DEPTH=1;on:"`
 * runs every real-server target once per variant, with that variant's environment added (the bare
 * relay runs once). Variants separated by `;`, a name before `:`, then `KEY=value` pairs
 * separated by `,`. Empty: one unnamed variant with nothing added.
 */
export type Variant = { name: string; env: Record<string, string> };

export function parseVariants(spec: string): Variant[] {
  if (spec.trim() === "") return [{ name: "", env: {} }];
  return spec.split(";").map((part) => {
    const [name = "", pairs = ""] = part.split(/:(.*)/s, 2);
    if (!/^[\w.-]+$/.test(name.trim())) throw new Error(`--variants: "${part}" needs a name before ":"`);
    const env: Record<string, string> = {};
    for (const pair of pairs.split(",").filter((p) => p.trim() !== "")) {
      const eq = pair.indexOf("=");
      const key = pair.slice(0, eq).trim();
      if (eq <= 0 || !/^[A-Z][A-Z0-9_]*$/.test(key)) throw new Error(`--variants: "${pair}" is not KEY=value`);
      env[key] = pair.slice(eq + 1);
    }
    return { name: name.trim(), env };
  });
}

/** "pglite" or "pglite[off]". */
export function labelOf(target: string, variant: Variant): string {
  return variant.name ? `${target}[${variant.name}]` : target;
}
