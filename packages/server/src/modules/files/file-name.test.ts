import { describe, expect, it } from "vitest";
import { AppError } from "../../errors.js";
import { contentDisposition, extensionOf, safeFileName } from "./file-name.js";

describe("safeFileName", () => {
  it("keeps ordinary names, unicode included", () => {
    expect(safeFileName("Quarterly report (final).pdf")).toBe("Quarterly report (final).pdf");
    expect(safeFileName("  café.jpg ")).toBe("café.jpg");
  });
  it.each(["../../etc/passwd", "..\\..\\boot.ini", "a/b.txt", "..", ".", "", "bad\u0000.txt", "evil\u202Egnp.exe"])(
    "refuses %j",
    (name) => {
      expect(() => safeFileName(name)).toThrow(AppError);
    },
  );
});

describe("contentDisposition", () => {
  it("gives an ASCII fallback and the exact name in RFC 5987 form", () => {
    expect(contentDisposition("attachment", 'naïve "q";\r\nx.pdf')).toBe(
      `attachment; filename="na_ve _q____x.pdf"; filename*=UTF-8''na%C3%AFve%20%22q%22%3B%0D%0Ax.pdf`,
    );
    expect(extensionOf("photo.JPG")).toBe("jpg");
    expect(extensionOf(".bashrc")).toBe("");
  });
});
