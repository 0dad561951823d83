import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { esmExternalRequirePlugin } from "rolldown/plugins";
import { defineConfig } from "vite";
import { scopeCss } from "./build/scope-css.js";

/**
 * Library build of the embeddable components (`@teamchat/web/embed`): one ES module plus one
 * CSS file in dist-lib/. React stays the host's (external); everything else is bundled, so the
 * host installs nothing of ours but this package.
 */
export default defineConfig({
  plugins: [
    react(),
    tailwindcss(),
    // React stays the host's. Bundled CommonJS (use-sync-external-store) `require`s it: turned
    // into an import, since a browser has no `require`.
    esmExternalRequirePlugin({ external: [/^react($|\/)/, /^react-dom($|\/)/] }),
  ],
  // Unlayered and in px: a host page's unlayered rules and its html font-size cannot restyle the chat
  // (ARCHITECTURE.md, "Embedding: style isolation").
  css: { postcss: { plugins: [scopeCss(".tc-root", { unlayer: true, remToPx: 16 })] } },
  define: { "process.env.NODE_ENV": JSON.stringify("production") },
  publicDir: false,
  build: {
    outDir: "dist-lib",
    emptyOutDir: true,
    sourcemap: true,
    lib: {
      entry: "src/embed/index.ts",
      formats: ["es"],
      fileName: () => "teamchat-embed.js",
      cssFileName: "teamchat-embed",
    },
  },
});
