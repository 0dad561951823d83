import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { VitePWA } from "vite-plugin-pwa";
import { scopeCss } from "./build/scope-css.js";

export default defineConfig({
  plugins: [
    react(),
    tailwindcss(),
    VitePWA({
      strategies: "injectManifest",
      srcDir: "src/sw",
      filename: "service-worker.ts",
      injectRegister: null,
      registerType: "autoUpdate",
      injectManifest: {
        globPatterns: ["**/*.{js,css,html,svg,png,woff2}"],
        // The emoji picker chunk is large and optional offline: fetched when first opened.
        globIgnores: ["**/EmojiPicker-*.js"],
      },
      manifest: {
        name: "Team chat",
        short_name: "Chat",
        description: "Your company's chat: direct messages and groups",
        start_url: "/",
        scope: "/",
        display: "standalone",
        background_color: "#111b21",
        theme_color: "#008069",
        icons: [
          { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png" },
          { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png" },
          { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
        ],
      },
    }),
  ],
  // The same scoped CSS as the embeddable build: the stand-alone page is just a host of its own.
  css: { postcss: { plugins: [scopeCss(".tc-root", { unlayer: true })] } },
  server: {
    proxy: { "/api": "http://127.0.0.1:3000", "/socket.io": { target: "ws://127.0.0.1:3000", ws: true } },
  },
  build: { sourcemap: true },
});
