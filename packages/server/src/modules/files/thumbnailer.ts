import type { Sharp } from "sharp";

export type ProcessedImage = {
  /** The image as served: re-encoded, turned upright, every metadata block (EXIF, GPS, XMP) dropped. */
  cleanPath: string;
  thumbnailPath: string;
  width: number;
  height: number;
  /** A ~16 px blurred WebP as a data: URL. */
  placeholder: string;
};

const THUMBNAIL_MAX_PX = 480;
/** A profile photo: a centred square this many pixels wide (small pictures are scaled up). */
const SQUARE_PX = 640;
const PLACEHOLDER_PX = 16;
/** Decompression bombs (a tiny file claiming gigapixels) are refused before decoding. */
const MAX_INPUT_PIXELS = 60_000_000;

/**
 * Re-encodes an uploaded image in its own format without metadata (sharp writes none unless
 * asked), turned by its EXIF orientation first so nothing is lost by dropping it; makes the WebP
 * thumbnail and placeholder. Animated GIF/WebP keep their frames; the thumbnail is the first.
 */
export async function processImage(
  sourcePath: string,
  detectedExt: string,
  outPrefix: string,
  /** Crop to a centred square (a profile photo; an animation keeps its first frame). */
  options: { square?: boolean } = {},
): Promise<ProcessedImage> {
  // Loaded on the first image, not at start: libvips costs ~25 MB of RSS a server without images never needs.
  const { default: sharp } = await import("sharp");
  const animated = !options.square && (detectedExt === "gif" || detectedExt === "webp");
  const cleanPath = `${outPrefix}.clean`;
  const thumbnailPath = `${outPrefix}.thumb.webp`;
  const input = sharp(sourcePath, { animated, limitInputPixels: MAX_INPUT_PIXELS });
  const upright = animated ? input : input.rotate();
  const shaped = options.square ? upright.resize(SQUARE_PX, SQUARE_PX, { fit: "cover" }) : upright;
  await reencode(shaped.clone(), detectedExt).toFile(cleanPath);

  const meta = await sharp(cleanPath, { animated }).metadata();
  const width = meta.width ?? 1;
  const height = meta.pageHeight ?? meta.height ?? 1;

  const firstFrame = sharp(cleanPath, { limitInputPixels: MAX_INPUT_PIXELS });
  await firstFrame
    .clone()
    .resize(THUMBNAIL_MAX_PX, THUMBNAIL_MAX_PX, { fit: "inside", withoutEnlargement: true })
    .webp({ quality: 78 })
    .toFile(thumbnailPath);
  const tiny = await firstFrame
    .clone()
    .resize(PLACEHOLDER_PX, PLACEHOLDER_PX, { fit: "inside" })
    .blur(1)
    .webp({ quality: 40 })
    .toBuffer();
  return { cleanPath, thumbnailPath, width, height, placeholder: `data:image/webp;base64,${tiny.toString("base64")}` };
}

function reencode(image: Sharp, ext: string): Sharp {
  switch (ext) {
    case "png":
      return image.png();
    case "gif":
      return image.gif();
    case "webp":
      return image.webp({ quality: 90 });
    default:
      return image.jpeg({ quality: 90, mozjpeg: true });
  }
}
