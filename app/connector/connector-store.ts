// The connector's own database: one JSON file under CONNECTOR_DATA plus the image files beside
// it. A real vendor would use its own database; a file keeps the example readable and lets a
// test start from an empty directory.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export type GalleryImage = {
  id: string;
  /** Which sample face the copy was cut from: the gallery's ground truth, never shown. */
  faceKey: string;
  variant: string;
  sourceUrl: string;
  firstSeen: string;
  file: string;
  descriptor: number[];
};

export type Suppression = {
  id: string;
  requestRef: string;
  /** The face's descriptor only: the resident's photo itself is never kept. */
  descriptor: number[];
  createdAt: string;
};

export type BlockedCopy = {
  at: string;
  suppressionId: string;
  requestRef: string;
  sourceUrl: string;
  distance: number;
  reportedAt: string | null;
};

export type SearchLogEntry = {
  at: string;
  searchedBy: string;
  purpose: string;
  descriptor: number[];
  matches: number;
};

export type HandledRequest = { ref: string; outcome: string; at: string; note?: string };

export type ConnectorState = {
  version: 1;
  images: GalleryImage[];
  suppressions: Suppression[];
  blocked: BlockedCopy[];
  searches: SearchLogEntry[];
  handled: Record<string, HandledRequest>;
  crawlRound: number;
};

export type ConnectorStore = {
  dataDir: string;
  imagesDir: string;
  state: ConnectorState;
  save: () => void;
};

function createEmptyState(): ConnectorState {
  return { version: 1, images: [], suppressions: [], blocked: [], searches: [], handled: {}, crawlRound: 0 };
}

export function openConnectorStore(dataDir: string): ConnectorStore {
  const imagesDir = path.join(dataDir, "images");
  fs.mkdirSync(imagesDir, { recursive: true });
  const file = path.join(dataDir, "connector.json");
  const state = fs.existsSync(file)
    ? (JSON.parse(fs.readFileSync(file, "utf8")) as ConnectorState)
    : createEmptyState();
  return {
    dataDir,
    imagesDir,
    state,
    save() {
      // Write then rename, so a crash mid-write never leaves half a database.
      const temp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temp, JSON.stringify(state));
      fs.renameSync(temp, file);
    },
  };
}

/** Descriptors by image hash, so a photo is run through the networks once per machine. */
export type DescriptorCache = {
  get: (key: string) => unknown;
  set: (key: string, value: unknown) => void;
};

export function openDescriptorCache(file: string): DescriptorCache {
  let entries: Record<string, unknown> = {};
  if (fs.existsSync(file)) {
    try {
      entries = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
    } catch {
      // A cache is only a cache: a damaged one is recomputed.
      entries = {};
    }
  }
  return {
    get: (key) => entries[key],
    set(key, value) {
      entries[key] = value;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temp, JSON.stringify(entries));
      fs.renameSync(temp, file);
    },
  };
}

export function hashBytes(bytes: Buffer, salt: string): string {
  return createHash("sha256").update(salt).update(bytes).digest("hex");
}
