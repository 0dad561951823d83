import type { Page } from "@playwright/test";

/**
 * How many pixels of two same-sized PNG screenshots differ by more than `tolerance` in a colour
 * channel, decoded in the browser (no image library). The tolerance absorbs anti-aliasing when the
 * same picture lands at a different sub-pixel offset on the page; a restyled button, font or
 * spacing changes many pixels by far more.
 */
export async function differingPixels(page: Page, a: Buffer, b: Buffer, tolerance = 24): Promise<number> {
  return page.evaluate(
    async ([a, b, tolerance]) => {
      const decode = async (base64: string) => {
        const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${base64}`)).blob());
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const context = canvas.getContext("2d");
        if (!context) throw new Error("no 2d canvas");
        context.drawImage(bitmap, 0, 0);
        return context.getImageData(0, 0, bitmap.width, bitmap.height);
      };
      const [x, y] = await Promise.all([decode(a), decode(b)]);
      if (x.width !== y.width || x.height !== y.height) return Number.POSITIVE_INFINITY;
      let count = 0;
      for (let i = 0; i < x.data.length; i += 4) {
        for (let c = 0; c < 3; c++) {
          if (Math.abs((x.data[i + c] ?? 0) - (y.data[i + c] ?? 0)) > tolerance) {
            count++;
            break;
          }
        }
      }
      return count;
    },
    [a.toString("base64"), b.toString("base64"), tolerance] as const,
  );
}
