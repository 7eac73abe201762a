/**
 * What a biometric request really asks, as structured answers (pure zod schemas):
 * - an ACCESS package: the matched images with where and when they were collected, the derived
 *   templates that exist, the log of searches that matched this face (which customer, when),
 *   and disclosures to third parties;
 * - a DELETION certificate: separate, evidenced outcomes — images deleted, templates deleted,
 *   future-collection suppression (until when), customers notified — because deleting alone is
 *   undone by the next crawl.
 * Staff type one entry per line, fields separated by "|"; the parser reports the bad line.
 */
import { z } from "zod";

/** A real calendar date written YYYY-MM-DD (2024-02-30 is refused). */
const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "errors.packageDate" })
  .refine(
    (s) => {
      const [y, m, d] = s.split("-").map(Number) as [number, number, number];
      const dt = new Date(Date.UTC(y, m - 1, d));
      return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
    },
    { error: "errors.packageDate" },
  );
const text = (max: number) => z.string().trim().min(1).max(max);
const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine(
    (u) => {
      try {
        const p = new URL(u);
        return p.protocol === "https:" || p.protocol === "http:";
      } catch {
        return false;
      }
    },
    { error: "errors.urlInvalid" },
  );

/** The media types a response file may have (decided from its bytes on upload, never from the client's claim). */
export const RESPONSE_FILE_CONTENT_TYPES = [
  "application/pdf",
  "image/png",
  "image/jpeg",
  "text/csv",
  "application/json",
  "text/plain",
] as const;
export type ResponseFileContentType = (typeof RESPONSE_FILE_CONTENT_TYPES)[number];

/** Per access request: these bound what a vendor can make a resident download, and our disk. */
export const RESPONSE_FILE_LIMITS = {
  maxFileBytes: 10 * 1024 * 1024,
  maxFiles: 20,
  maxTotalBytes: 50 * 1024 * 1024,
  maxNameLength: 120,
} as const;

/**
 * A file the package references: the attachment id the resident downloads it by, and what was
 * sent (name, type, size, SHA-256), so the package stays evidence even if the row changes.
 */
export const responseFileRefSchema = z.object({
  id: z.number().int().positive(),
  name: z
    .string()
    .min(1)
    .max(RESPONSE_FILE_LIMITS.maxNameLength + 16),
  contentType: z.enum(RESPONSE_FILE_CONTENT_TYPES),
  size: z.number().int().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ResponseFileRef = z.infer<typeof responseFileRefSchema>;

/**
 * A small JPEG preview of a matched image, as a data: URL (the page's CSP allows data: images and
 * nothing else off-site). Bounded so a package cannot grow the database or the page without limit.
 */
export const THUMBNAIL_LIMITS = { maxChars: 24_000, maxThumbnails: 200 } as const;
const thumbnail = z
  .string()
  .max(THUMBNAIL_LIMITS.maxChars)
  .regex(/^data:image\/jpeg;base64,[A-Za-z0-9+/]+={0,2}$/, { error: "errors.packageInvalid" });

/** One matched image; similarity and thumbnail come from a matching system, a typed form has neither. */
export const packageImageSchema = z.object({
  sourceUrl: httpUrl,
  collectedOn: isoDay,
  similarity: z.number().min(0).max(1).optional(),
  thumbnail: thumbnail.optional(),
});
export type PackageImage = z.infer<typeof packageImageSchema>;

export const accessPackageSchema = z.object({
  images: z
    .array(packageImageSchema)
    .max(10_000)
    .refine((images) => images.filter((i) => i.thumbnail).length <= THUMBNAIL_LIMITS.maxThumbnails, {
      error: "errors.packageInvalid",
    }),
  templates: z.array(z.object({ id: text(200), kind: text(200) })).max(10_000),
  searches: z.array(z.object({ customer: text(300), searchedOn: isoDay })).max(100_000),
  disclosures: z.array(z.object({ recipient: text(300), disclosedOn: isoDay, purpose: text(500) })).max(10_000),
  // Optional: packages sent before files existed have none.
  files: z.array(responseFileRefSchema).max(RESPONSE_FILE_LIMITS.maxFiles).optional(),
});
export type AccessPackage = z.infer<typeof accessPackageSchema>;

/** The file ids an access package sent (what the resident may download); [] for anything else. */
export function packageFileIds(pkg: { kind: string; payload: unknown } | null): number[] {
  if (!pkg || pkg.kind !== "access_package") return [];
  const files = (pkg.payload as { files?: unknown }).files;
  const parsed = z.array(responseFileRefSchema).safeParse(files ?? []);
  return parsed.success ? parsed.data.map((f) => f.id) : [];
}

/**
 * How a matching system proved the deletion: it searched for the face before and after deleting,
 * with this threshold and model. matchesAfter above 0 means the deletion is not complete.
 */
export const deletionVerificationSchema = z.object({
  matchesBefore: z.number().int().min(0).max(1e9),
  matchesAfter: z.number().int().min(0).max(1e9),
  threshold: z.number().min(0).max(10),
  model: text(200),
  searchedAt: z.iso.datetime(),
});
export type DeletionVerification = z.infer<typeof deletionVerificationSchema>;

export const deletionCertificateSchema = z.object({
  imagesDeleted: z.number().int().min(0).max(1e9),
  templatesDeleted: z.number().int().min(0).max(1e9),
  suppressionActive: z.boolean(),
  suppressionUntil: isoDay.nullable(),
  customersNotified: z.number().int().min(0).max(1e9),
  // Optional: certificates typed in the workspace carry no search evidence.
  verification: deletionVerificationSchema.optional(),
});
export type DeletionCertificate = z.infer<typeof deletionCertificateSchema>;

export type ParseLines<T> = { ok: true; value: T[] } | { ok: false; line: number };

/** "a | b | c" lines → objects with the given keys; blank lines are skipped. */
export function parseLines<K extends string>(input: string, keys: readonly K[]): ParseLines<Record<K, string>> {
  const out: Record<K, string>[] = [];
  const lines = input.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (!raw) continue;
    const parts = raw.split("|").map((p) => p.trim());
    if (parts.length !== keys.length || parts.some((p) => p === "")) return { ok: false, line: i + 1 };
    out.push(Object.fromEntries(keys.map((k, j) => [k, parts[j]!])) as Record<K, string>);
  }
  return { ok: true, value: out };
}

/** Builds the access package from the staff form's four text areas; errors name field and line. */
export function parseAccessPackageForm(form: {
  images?: string;
  templates?: string;
  searches?: string;
  disclosures?: string;
  files?: ResponseFileRef[];
  /** Structured images from a matching system (API): taken as they are instead of the images lines. */
  matchedImages?: unknown[];
}): { ok: true; value: AccessPackage } | { ok: false; field: string; line: number | null } {
  const fields = [
    ["images", ["sourceUrl", "collectedOn"]],
    ["templates", ["id", "kind"]],
    ["searches", ["customer", "searchedOn"]],
    ["disclosures", ["recipient", "disclosedOn", "purpose"]],
  ] as const;
  const draft: Record<string, unknown> = {};
  for (const [name, keys] of fields) {
    const parsed = parseLines(form[name] ?? "", keys);
    if (!parsed.ok) return { ok: false, field: name, line: parsed.line };
    draft[name] = parsed.value;
  }
  if (form.matchedImages) {
    if ((form.images ?? "").trim() !== "") return { ok: false, field: "images", line: null };
    draft.images = form.matchedImages;
  }
  if (form.files && form.files.length > 0) draft.files = form.files;
  const result = accessPackageSchema.safeParse(draft);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    return {
      ok: false,
      field: String(issue.path[0]),
      line: typeof issue.path[1] === "number" ? issue.path[1] + 1 : null,
    };
  }
  return { ok: true, value: result.data };
}
