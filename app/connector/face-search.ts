// Searching the gallery for a face, deleting what matched, keeping a suppression entry so the
// crawl never collects that face again, and the crawl itself.
import fs from "node:fs";
import path from "node:path";
import type { BlockedCopy, ConnectorStore, GalleryImage, Suppression } from "./connector-store";
import { distance, toSimilarity } from "./face-engine";
import { describeCentralFace, findSampleFaces, inventProvenance, makeCopy, storeCopy, CRAWL_VARIANTS } from "./gallery";
import type { DescriptorCache } from "./connector-store";

/**
 * Two descriptors closer than this are the same person. Chosen from the measurements on the
 * gallery (docs/decisions/2026-12-04-face-matching-threshold.md).
 */
export const MATCH_THRESHOLD = 0.4;

export type Match = { image: GalleryImage; distance: number; similarity: number };

/** Gallery images whose face is within the threshold of the descriptor, closest first. */
export function searchGallery(
  store: ConnectorStore,
  descriptor: readonly number[],
  threshold = MATCH_THRESHOLD,
): Match[] {
  return store.state.images
    .map((image) => {
      const d = distance(descriptor, image.descriptor);
      return { image, distance: d, similarity: toSimilarity(d, threshold) };
    })
    .filter((m) => m.distance < threshold)
    .sort((a, b) => a.distance - b.distance);
}

/** Records a search in the connector's own log (who searched, why, how many images matched). */
export function logSearch(
  store: ConnectorStore,
  entry: { at: Date; searchedBy: string; purpose: string; descriptor: number[]; matches: number },
): void {
  store.state.searches.push({ ...entry, at: entry.at.toISOString() });
}

/** The logged searches whose face is this one: who looked this person up. */
export function findSearchesOf(store: ConnectorStore, descriptor: readonly number[], threshold = MATCH_THRESHOLD) {
  return store.state.searches.filter((s) => distance(descriptor, s.descriptor) < threshold);
}

/** Deletes matched images (files and descriptors); returns how many went. */
export function deleteImages(store: ConnectorStore, ids: ReadonlySet<string>): number {
  const kept: GalleryImage[] = [];
  let deleted = 0;
  for (const image of store.state.images) {
    if (!ids.has(image.id)) {
      kept.push(image);
      continue;
    }
    fs.rmSync(path.join(store.imagesDir, image.file), { force: true });
    deleted += 1;
  }
  store.state.images = kept;
  return deleted;
}

/** Keeps the descriptor (never the photo) so later crawls drop this face. One entry per request. */
export function addSuppression(store: ConnectorStore, requestRef: string, descriptor: number[], at: Date): Suppression {
  const existing = store.state.suppressions.find((s) => s.requestRef === requestRef);
  if (existing) return existing;
  const suppression: Suppression = {
    id: `sup-${store.state.suppressions.length + 1}`,
    requestRef,
    descriptor,
    createdAt: at.toISOString(),
  };
  store.state.suppressions.push(suppression);
  return suppression;
}

/** The suppression entry a face falls under, if any. */
export function findSuppression(
  store: ConnectorStore,
  descriptor: readonly number[],
  threshold = MATCH_THRESHOLD,
): { suppression: Suppression; distance: number } | null {
  let best: { suppression: Suppression; distance: number } | null = null;
  for (const suppression of store.state.suppressions) {
    const d = distance(descriptor, suppression.descriptor);
    if (d < threshold && (!best || d < best.distance)) best = { suppression, distance: d };
  }
  return best;
}

export type CrawlCandidate = { faceKey: string; variant: string; sourceUrl: string; firstSeen: string; bytes: Buffer };

export type CrawlResult = { added: GalleryImage[]; blocked: BlockedCopy[]; noFace: number };

/**
 * Takes in newly found copies: a copy whose face is under a suppression entry is dropped and
 * counted as blocked (to be reported to the portal); the others join the gallery.
 */
export async function ingestCopies(
  store: ConnectorStore,
  cache: DescriptorCache,
  candidates: CrawlCandidate[],
  now: Date,
): Promise<CrawlResult> {
  const result: CrawlResult = { added: [], blocked: [], noFace: 0 };
  for (const candidate of candidates) {
    if (store.state.images.some((image) => image.sourceUrl === candidate.sourceUrl)) continue;
    if (store.state.blocked.some((b) => b.sourceUrl === candidate.sourceUrl)) continue;
    const descriptor = await describeCentralFace(candidate.bytes, cache);
    if (!descriptor) {
      result.noFace += 1;
      continue;
    }
    const hit = findSuppression(store, descriptor);
    if (hit) {
      const blocked: BlockedCopy = {
        at: now.toISOString(),
        suppressionId: hit.suppression.id,
        requestRef: hit.suppression.requestRef,
        sourceUrl: candidate.sourceUrl,
        distance: Math.round(hit.distance * 1000) / 1000,
        reportedAt: null,
      };
      store.state.blocked.push(blocked);
      result.blocked.push(blocked);
      continue;
    }
    result.added.push(
      storeCopy(
        store,
        {
          faceKey: candidate.faceKey,
          variant: candidate.variant,
          sourceUrl: candidate.sourceUrl,
          firstSeen: candidate.firstSeen,
          descriptor,
        },
        candidate.bytes,
      ),
    );
  }
  store.save();
  return result;
}

/**
 * One crawl round: "finds" a new copy of a few faces on the made-up web (the copy kinds the
 * first build left out), then ingests them. Faces are taken in turn, so every face comes back
 * sooner or later; `onlyFaces` lets a test or a demo aim the crawl at given faces.
 */
export async function runCrawl(
  store: ConnectorStore,
  cache: DescriptorCache,
  now: Date,
  options: { facesPerRound?: number; onlyFaces?: string[] } = {},
): Promise<CrawlResult> {
  const faces = await findSampleFaces(cache);
  const round = store.state.crawlRound + 1;
  store.state.crawlRound = round;
  const perRound = options.facesPerRound ?? 3;
  const picked = options.onlyFaces
    ? faces.filter((f) => options.onlyFaces?.includes(f.faceKey))
    : Array.from(
        { length: Math.min(perRound, faces.length) },
        (_, i) => faces[((round - 1) * perRound + i) % faces.length]!,
      );
  const variant = CRAWL_VARIANTS[(round - 1) % CRAWL_VARIANTS.length]!;
  const candidates: CrawlCandidate[] = [];
  for (const face of picked) {
    const { sourceUrl } = inventProvenance(face.faceKey, variant, round, now);
    candidates.push({
      faceKey: face.faceKey,
      variant,
      sourceUrl,
      firstSeen: now.toISOString().slice(0, 10),
      bytes: await makeCopy(face, variant),
    });
  }
  return ingestCopies(store, cache, candidates, now);
}
