/**
 * The connector's face engine: detection, landmarks and 128-d descriptors with
 * `@vladmandic/face-api` on the TensorFlow.js WASM backend, images decoded by sharp.
 *
 * Everything is read from the installed packages (models from the face-api package folder, the
 * WASM binaries from tfjs-backend-wasm's dist folder), so it runs offline and the versions are the
 * ones pinned in package.json. It imports nothing from the portal: the connector is the example
 * integration a vendor copies, and talks to the portal only through the public API.
 */
import { createRequire } from "node:module";
import path from "node:path";
import sharp from "sharp";

import type * as FaceApi from "@vladmandic/face-api/dist/face-api.node-wasm.js";

const require = createRequire(import.meta.url);
// The same CommonJS instance face-api's node-wasm build requires, typed in full (face-api's own
// `tf` export declares only part of it).
const tf = require("@tensorflow/tfjs") as typeof import("@tensorflow/tfjs");

/** The model named in answers, so a certificate says which engine produced its numbers. */
export const FACE_MODEL = "face-api 1.7.15 ssd_mobilenetv1 + face_landmark_68 + face_recognition (tfjs-wasm 4.22.0)";

/**
 * Longest side an image is reduced to before detection. Larger photos take longer without finding
 * more faces of the size a reference photo or a scraped image holds.
 */
const MAX_SIDE = 1920;

/** Detector confidence: below it, crops and re-compressed copies produced spurious boxes. */
const MIN_CONFIDENCE = 0.5;

export interface DetectedFace {
  /** Box in the pixels of the image as given (before any reduction). */
  box: { x: number; y: number; width: number; height: number };
  score: number;
  descriptor: number[];
}

type FaceApiModule = typeof FaceApi;

let loading: Promise<FaceApiModule> | null = null;

/** Folder holding the face-api model manifests and weights, from the installed package. */
export function findModelFolder(): string {
  return path.join(path.dirname(require.resolve("@vladmandic/face-api/package.json")), "model");
}

function findWasmFolder(): string {
  // setWasmPaths joins the file name onto this prefix, so it must end with a separator.
  return path.join(path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist") + path.sep;
}

async function loadEngine(): Promise<FaceApiModule> {
  // The node-wasm build requires @tensorflow/tfjs and tfjs-backend-wasm itself; faceapi.tf is that
  // same tfjs instance, so tensors made through it reach the models.
  const faceapi = require("@vladmandic/face-api/dist/face-api.node-wasm.js") as FaceApiModule;
  const wasm = require("@tensorflow/tfjs-backend-wasm") as {
    setWasmPaths(prefix: string, usePlatformFetch?: boolean): void;
  };
  wasm.setWasmPaths(findWasmFolder());
  await tf.setBackend("wasm");
  await tf.ready();
  const models = findModelFolder();
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(models);
  await faceapi.nets.faceLandmark68Net.loadFromDisk(models);
  await faceapi.nets.faceRecognitionNet.loadFromDisk(models);
  return faceapi;
}

/** Loads the models once per process; later calls share the same promise. */
export function loadFaceEngine(): Promise<FaceApiModule> {
  if (!loading) {
    loading = loadEngine().catch((error: unknown) => {
      loading = null;
      throw error;
    });
  }
  return loading;
}

/**
 * Finds every face in an image (JPEG, PNG, WebP — whatever sharp reads) and describes each one.
 * An image with no face gives an empty list; an image sharp cannot read throws.
 */
export async function describeFaces(image: Buffer): Promise<DetectedFace[]> {
  const faceapi = await loadFaceEngine();
  // rotate() applies the EXIF orientation, so a phone photo is seen upright.
  const pipeline = sharp(image).rotate().removeAlpha().toColourspace("srgb");
  const { width: fullWidth = 0, height: fullHeight = 0 } = await sharp(image)
    .rotate()
    .metadata()
    .then((meta) => {
      const swapped = (meta.orientation ?? 1) >= 5;
      return swapped ? { width: meta.height, height: meta.width } : { width: meta.width, height: meta.height };
    });
  const reduce = Math.max(fullWidth, fullHeight) > MAX_SIDE;
  const { data, info } = await (reduce ? pipeline.resize(MAX_SIDE, MAX_SIDE, { fit: "inside" }) : pipeline)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const scale = reduce && info.width > 0 ? fullWidth / info.width : 1;
  const tensor = faceapi.tf.tensor3d(
    new Uint8Array(data.buffer, data.byteOffset, data.length),
    [info.height, info.width, info.channels],
    "int32",
  );
  try {
    const results = await faceapi
      .detectAllFaces(
        tensor as unknown as FaceApi.TNetInput,
        new faceapi.SsdMobilenetv1Options({ minConfidence: MIN_CONFIDENCE, maxResults: 50 }),
      )
      .withFaceLandmarks()
      .withFaceDescriptors();
    return results.map((result) => {
      const box = result.detection.box;
      return {
        box: {
          x: Math.round(box.x * scale),
          y: Math.round(box.y * scale),
          width: Math.round(box.width * scale),
          height: Math.round(box.height * scale),
        },
        score: result.detection.score,
        descriptor: Array.from(result.descriptor),
      };
    });
  } finally {
    tensor.dispose();
  }
}

/** Euclidean distance between two descriptors: 0 is the same image, larger is less alike. */
export function distance(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error(`descriptor lengths differ: ${a.length} and ${b.length}`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    sum += d * d;
  }
  return Math.sqrt(sum);
}

/**
 * A similarity a person can read (1 is identical, 0 at and beyond twice the threshold), for the
 * package's `images[].similarity`; the decision itself is always the distance against the threshold.
 */
export function toSimilarity(d: number, threshold: number): number {
  return Math.max(0, Math.min(1, 1 - d / (2 * threshold)));
}
