import { describe, expect, it } from "vitest";
import { parsePageMeta } from "./og-parser.js";

const page = new URL("https://news.example/articles/1");

describe("page metadata", () => {
  it("reads Open Graph tags, decodes entities and resolves the image", () => {
    const meta = parsePageMeta(
      `<!doctype html><html><head>
        <meta property="og:title" content="Rock &amp; Roll">
        <meta property="og:description" content="  A   story
          in lines ">
        <meta property="og:site_name" content="News">
        <meta property="og:image" content="/img/cover.png">
        <meta property="og:image" content="/img/second.png">
        <title>Fallback</title></head><body><meta property="og:title" content="late"></body></html>`,
      page,
    );
    expect(meta).toEqual({
      title: "Rock & Roll",
      description: "A story in lines",
      siteName: "News",
      image: new URL("https://news.example/img/cover.png"),
    });
  });

  it("falls back to <title> and meta description; ignores comments and scripts", () => {
    const meta = parsePageMeta(
      `<head><!-- <meta property="og:title" content="commented"> -->
       <script>var s = '<meta property="og:title" content="scripted">';</script>
       <TITLE>Plain  page</TITLE><meta name="Description" content="About it"></head>`,
      page,
    );
    expect(meta).toEqual({ title: "Plain page", description: "About it", siteName: null, image: null });
  });

  it("keeps only http(s) images and cuts long text", () => {
    const meta = parsePageMeta(
      `<meta property="og:image" content="javascript:alert(1)"><meta property="og:title" content="${"x".repeat(500)}">`,
      page,
    );
    expect(meta.image).toBeNull();
    expect(meta.title?.length).toBe(300);
  });
});
