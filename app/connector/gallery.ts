// The connector's scraped gallery, built from the six group photos face-api ships: every face is
// cut out and "re-published" as several copies (resized, flipped, re-compressed, cropped tighter)
// with made-up source URLs and first-seen dates, as a scraping company would have found them.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import sharp from "sharp";
import { hashBytes, type ConnectorStore, type DescriptorCache, type GalleryImage } from "./connector-store";
import { describeFaces, FACE_MODEL, type DetectedFace } from "./face-engine";

const require = createRequire(import.meta.url);

export type SampleFace = {
  faceKey: string;
  sample: number;
  box: DetectedFace["box"];
};

export type CopyVariant = "original" | "small" | "flipped" | "recompressed" | "cropped" | "small-flipped-q60";

/** The copies the first build publishes; the crawl later finds the others. */
export const GALLERY_VARIANTS: CopyVariant[] = ["original", "small", "flipped", "recompressed"];
export const CRAWL_VARIANTS: CopyVariant[] = ["cropped", "small-flipped-q60"];

/** Shortest side a copy is enlarged to before detection. */
const MIN_DETECTION_SIDE = 320;

const SITES = ["photos.example-social.test", "cdn.example-news.test", "img.example-forum.test", "example-blog.test"];

export function resolveSamplePhoto(sample: number): string {
  const dir = path.dirname(require.resolve("@vladmandic/face-api/package.json"));
  return path.join(dir, "demo", `sample${sample}.jpg`);
}

/**
 * Descriptor of the face nearest the centre of the image, or null when none is found; cached by
 * hash. The centre, not the largest: a face cut from a group photo keeps parts of its neighbours,
 * and a neighbour's face at the edge must not stand in for the subject's.
 */
export async function describeCentralFace(bytes: Buffer, cache: DescriptorCache): Promise<number[] | null> {
  const key = hashBytes(bytes, `central-v2|${FACE_MODEL}`);
  const cached = cache.get(key);
  if (cached !== undefined) return cached as number[] | null;
  const meta = await sharp(bytes).rotate().metadata();
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  // The detector misses faces in small crops (a 128-pixel thumbnail): enlarge them before looking.
  const input =
    Math.min(width, height) < MIN_DETECTION_SIDE
      ? await sharp(bytes)
          .rotate()
          .resize({ width: Math.round((width * MIN_DETECTION_SIDE) / Math.max(1, Math.min(width, height))) })
          .jpeg({ quality: 95 })
          .toBuffer()
      : bytes;
  const scale = input === bytes ? 1 : (await sharp(input).metadata()).width! / Math.max(1, width);
  const cx = (width * scale) / 2;
  const cy = (height * scale) / 2;
  const faces = await describeFaces(input);
  const offCentre = (face: DetectedFace) =>
    Math.hypot(face.box.x + face.box.width / 2 - cx, face.box.y + face.box.height / 2 - cy);
  const central = [...faces].sort((a, b) => offCentre(a) - offCentre(b))[0];
  // A face far from the centre is a neighbour's, not the one this copy is of.
  const descriptor = central && offCentre(central) < (Math.min(width, height) * scale) / 4 ? central.descriptor : null;
  cache.set(key, descriptor);
  return descriptor;
}

/** Every face of the six sample photos, with its box; cached by the photo's hash. */
export async function findSampleFaces(cache: DescriptorCache): Promise<SampleFace[]> {
  const faces: SampleFace[] = [];
  for (let sample = 1; sample <= 6; sample += 1) {
    const bytes = fs.readFileSync(resolveSamplePhoto(sample));
    const key = hashBytes(bytes, `all|${FACE_MODEL}`);
    let detected = cache.get(key) as DetectedFace[] | undefined;
    if (!detected) {
      detected = await describeFaces(bytes);
      cache.set(key, detected);
    }
    detected.forEach((face, index) =>
      faces.push({ faceKey: `sample${sample}-face${index + 1}`, sample, box: face.box }),
    );
  }
  return faces;
}

/** Cuts a face out of its sample photo with a margin around the detector's box. */
export async function cropSampleFace(face: SampleFace, margin = 0.4): Promise<Buffer> {
  const image = sharp(resolveSamplePhoto(face.sample));
  const meta = await image.metadata();
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  const padX = face.box.width * margin;
  const padY = face.box.height * margin;
  const left = Math.max(0, Math.floor(face.box.x - padX));
  const top = Math.max(0, Math.floor(face.box.y - padY));
  const right = Math.min(width, Math.ceil(face.box.x + face.box.width + padX));
  const bottom = Math.min(height, Math.ceil(face.box.y + face.box.height + padY));
  return image
    .extract({ left, top, width: right - left, height: bottom - top })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** One "scraped" copy of a face: the transformations sites apply when they re-publish a photo. */
export async function makeCopy(face: SampleFace, variant: CopyVariant): Promise<Buffer> {
  switch (variant) {
    case "original":
      return cropSampleFace(face);
    case "small":
      return sharp(await cropSampleFace(face))
        .resize({ width: 128 })
        .jpeg({ quality: 85 })
        .toBuffer();
    case "flipped":
      return sharp(await cropSampleFace(face))
        .flop()
        .jpeg({ quality: 85 })
        .toBuffer();
    case "recompressed":
      return sharp(await cropSampleFace(face))
        .jpeg({ quality: 60 })
        .toBuffer();
    case "cropped":
      return cropSampleFace(face, 0.25);
    case "small-flipped-q60":
      return sharp(await cropSampleFace(face))
        .resize({ width: 160 })
        .flop()
        .jpeg({ quality: 60 })
        .toBuffer();
  }
}

/** A deterministic made-up address and first-seen date, so rebuilding gives the same gallery. */
export function inventProvenance(
  faceKey: string,
  variant: string,
  round: number,
  base: Date,
): { sourceUrl: string; firstSeen: string } {
  const seed = parseInt(hashBytes(Buffer.from(`${faceKey}|${variant}|${round}`), "provenance").slice(0, 8), 16);
  const site = SITES[seed % SITES.length] ?? "example.test";
  const daysAgo = (seed >>> 4) % 700;
  const firstSeen = new Date(base.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10);
  return { sourceUrl: `https://${site}/p/${(seed >>> 0).toString(36)}/${variant}.jpg`, firstSeen };
}

export function storeCopy(
  store: ConnectorStore,
  fields: Omit<GalleryImage, "id" | "file">,
  bytes: Buffer,
): GalleryImage {
  const id = hashBytes(bytes, fields.sourceUrl).slice(0, 16);
  const file = `${id}.jpg`;
  fs.writeFileSync(path.join(store.imagesDir, file), bytes);
  const image: GalleryImage = { ...fields, id, file };
  store.state.images.push(image);
  return image;
}

/** Fills an empty store with the gallery; does nothing when it already holds images. */
export async function buildGallery(store: ConnectorStore, cache: DescriptorCache, now: Date): Promise<number> {
  if (store.state.images.length > 0) return 0;
  const faces = await findSampleFaces(cache);
  for (const face of faces) {
    for (const variant of GALLERY_VARIANTS) {
      const bytes = await makeCopy(face, variant);
      const descriptor = await describeCentralFace(bytes, cache);
      // A copy the detector cannot find a face in cannot be searched either: leave it out.
      if (!descriptor) continue;
      storeCopy(
        store,
        { faceKey: face.faceKey, variant, ...inventProvenance(face.faceKey, variant, 0, now), descriptor },
        bytes,
      );
    }
  }
  store.save();
  return store.state.images.length;
}
