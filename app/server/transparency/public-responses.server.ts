/**
 * A company's short public response on its transparency board entry: plain text (en and/or
 * fr-CA, at most RESPONSE_MAX_CHARS each), written by one of its vendor admins, moderated by the
 * portal admin. Only published text is public; a new draft waits as pending (or comes back
 * rejected, with the reason) while the last published text stays shown. Every step is audited in
 * the same transaction as the change. The text is data, never markup: pages render it as React
 * text and the JSON carries it as a string.
 */
import { z } from "zod";
import { appendAudit } from "../audit/audit-chain.server";
import { getSqlite, inTransaction } from "../core/db.server";
import type { SessionUser } from "../security/staff-sessions.server";
import { ServiceError } from "../core/errors.server";

export const RESPONSE_MAX_CHARS = 1000;
export const REJECTION_MAX_CHARS = 500;

export interface PublishedResponse {
  en: string | null;
  fr: string | null;
  publishedAt: string;
}

export interface ResponseState {
  published: PublishedResponse | null;
  draft: {
    en: string | null;
    fr: string | null;
    status: "pending" | "rejected";
    submittedAt: string;
    rejectionReason: string | null;
  } | null;
}

interface ResponseRow {
  vendor_id: number;
  published_en: string | null;
  published_fr: string | null;
  published_at: number | null;
  draft_en: string | null;
  draft_fr: string | null;
  draft_status: "pending" | "rejected" | null;
  draft_submitted_at: number | null;
  rejection_reason: string | null;
}

/** Line breaks kept (as \n), every other control character and surrounding space removed. */
function cleanText(max: number) {
  return z
    .string()
    .max(max * 4)
    .transform((s) =>
      s
        .replace(/\r\n?/g, "\n")
        // eslint-disable-next-line no-control-regex
        .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, "")
        .replace(/\n{3,}/g, "\n\n")
        .trim(),
    )
    .pipe(z.string().max(max));
}

/** The vendor admin's form: one language or both, each optional, at least one. */
export const responseDraftSchema = z
  .object({ en: cleanText(RESPONSE_MAX_CHARS).default(""), fr: cleanText(RESPONSE_MAX_CHARS).default("") })
  .refine((x) => x.en !== "" || x.fr !== "", { message: "empty", path: ["en"] });

/** The portal admin's decision on a pending draft. */
export const moderationSchema = z.discriminatedUnion("decision", [
  z.object({ decision: z.literal("publish"), vendorId: z.coerce.number().int().positive() }),
  z.object({
    decision: z.literal("reject"),
    vendorId: z.coerce.number().int().positive(),
    reason: cleanText(REJECTION_MAX_CHARS).pipe(z.string().min(1)),
  }),
]);

const iso = (t: number) => new Date(t).toISOString();
const orNull = (s: string) => (s === "" ? null : s);

function readRow(vendorId: number): ResponseRow | undefined {
  return getSqlite().prepare("SELECT * FROM transparency_responses WHERE vendor_id = ?").get(vendorId) as
    ResponseRow | undefined;
}

function toState(r: ResponseRow | undefined): ResponseState {
  return {
    published:
      r && r.published_at != null ? { en: r.published_en, fr: r.published_fr, publishedAt: iso(r.published_at) } : null,
    draft:
      r && r.draft_status && r.draft_submitted_at != null
        ? {
            en: r.draft_en,
            fr: r.draft_fr,
            status: r.draft_status,
            submittedAt: iso(Number(r.draft_submitted_at)),
            rejectionReason: r.rejection_reason,
          }
        : null,
  };
}

/** Only a vendor admin, and only for the vendor of their own session. */
function vendorAdminOf(user: SessionUser): number {
  if (user.role !== "vendor_admin" || user.vendorId == null) throw new ServiceError(404, "not_found", "Not found");
  return user.vendorId;
}

function assertPortalAdmin(user: SessionUser): void {
  if (user.role !== "admin") throw new ServiceError(404, "not_found", "Not found");
}

/** The vendor admin's view: what is public now, and their latest draft with its state. */
export function getOwnResponse(user: SessionUser): ResponseState {
  return toState(readRow(vendorAdminOf(user)));
}

/** Saves a new draft as pending; the published text, if any, stays public until the admin decides. */
export function submitResponse(user: SessionUser, input: z.output<typeof responseDraftSchema>, now: Date): void {
  const vendorId = vendorAdminOf(user);
  const at = now.getTime();
  inTransaction(() => {
    getSqlite()
      .prepare(
        `INSERT INTO transparency_responses (vendor_id, draft_en, draft_fr, draft_status, draft_submitted_at, draft_submitted_by, rejection_reason)
         VALUES (?, ?, ?, 'pending', ?, ?, NULL)
         ON CONFLICT (vendor_id) DO UPDATE SET draft_en = excluded.draft_en, draft_fr = excluded.draft_fr,
           draft_status = 'pending', draft_submitted_at = excluded.draft_submitted_at,
           draft_submitted_by = excluded.draft_submitted_by, rejection_reason = NULL`,
      )
      .run(vendorId, orNull(input.en), orNull(input.fr), at, user.id);
    appendAudit({
      at: now,
      actorType: "staff",
      actorId: user.id,
      vendorId,
      action: "transparency_response.submitted",
      objectType: "vendor",
      objectId: vendorId,
      details: { languages: [input.en ? "en" : null, input.fr ? "fr-CA" : null].filter(Boolean) },
    });
  });
}

/** The drafts waiting for the portal admin, oldest first. */
export function listPendingResponses(admin: SessionUser) {
  assertPortalAdmin(admin);
  const rows = getSqlite()
    .prepare(
      `SELECT t.*, v.name AS vendor_name, v.slug AS vendor_slug FROM transparency_responses t JOIN vendors v ON v.id = t.vendor_id
       WHERE t.draft_status = 'pending' ORDER BY t.draft_submitted_at, t.vendor_id LIMIT 100`,
    )
    .all() as (ResponseRow & { vendor_name: string; vendor_slug: string })[];
  return rows.map((r) => ({ vendorId: r.vendor_id, vendorName: r.vendor_name, slug: r.vendor_slug, ...toState(r) }));
}

/** Publishes or rejects a pending draft (404 when there is none: a stale form decides nothing). */
export function moderateResponse(admin: SessionUser, input: z.output<typeof moderationSchema>, now: Date): void {
  assertPortalAdmin(admin);
  const at = now.getTime();
  inTransaction(() => {
    const row = readRow(input.vendorId);
    if (!row || row.draft_status !== "pending") throw new ServiceError(404, "not_found", "Not found");
    const sqlite = getSqlite();
    if (input.decision === "publish") {
      sqlite
        .prepare(
          `UPDATE transparency_responses SET published_en = draft_en, published_fr = draft_fr, published_at = ?,
             draft_en = NULL, draft_fr = NULL, draft_status = NULL, draft_submitted_at = NULL, draft_submitted_by = NULL,
             rejection_reason = NULL, reviewed_at = ?, reviewed_by = ? WHERE vendor_id = ? AND draft_status = 'pending'`,
        )
        .run(at, at, admin.id, input.vendorId);
    } else {
      sqlite
        .prepare(
          `UPDATE transparency_responses SET draft_status = 'rejected', rejection_reason = ?, reviewed_at = ?, reviewed_by = ?
           WHERE vendor_id = ? AND draft_status = 'pending'`,
        )
        .run(input.reason, at, admin.id, input.vendorId);
    }
    appendAudit({
      at: now,
      actorType: "admin",
      actorId: admin.id,
      vendorId: input.vendorId,
      action: input.decision === "publish" ? "transparency_response.published" : "transparency_response.rejected",
      objectType: "vendor",
      objectId: input.vendorId,
      details: input.decision === "reject" ? { reasonLength: input.reason.length } : {},
    });
  });
}

/** Every published response by vendor slug: the public pages and the JSON read only these columns. */
export function listPublishedResponses(): Map<string, PublishedResponse> {
  const rows = getSqlite()
    .prepare(
      `SELECT v.slug, t.published_en, t.published_fr, t.published_at FROM transparency_responses t JOIN vendors v ON v.id = t.vendor_id
       WHERE t.published_at IS NOT NULL`,
    )
    .all() as { slug: string; published_en: string | null; published_fr: string | null; published_at: number }[];
  return new Map(
    rows.map((r) => [r.slug, { en: r.published_en, fr: r.published_fr, publishedAt: iso(Number(r.published_at)) }]),
  );
}
