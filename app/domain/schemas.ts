/**
 * Shared zod field schemas. Error messages are i18n keys (see app/locales), so the same
 * schema gives English and French messages next to each field.
 */
import { z } from "zod";
import { isJurisdictionCode, isRequestType, type JurisdictionCode, type RequestType } from "./deadlines";
import { REVEAL_PURPOSES } from "./reveal-purposes";

/** Collapse runs of whitespace and trim; reject control characters (they never belong in a name). */
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export const fullNameField = z
  .string({ error: "errors.required" })
  .transform((s) => s.normalize("NFC").trim())
  .pipe(
    z
      .string()
      .min(1, { error: "errors.required" })
      .max(200, { error: "errors.tooLong" })
      .refine((s) => !/[\r\n]/.test(s) && !CONTROL_CHARS.test(s), { error: "errors.invalidCharacters" }),
  );

export const emailField = z
  .string({ error: "errors.required" })
  .transform((s) => s.trim())
  .pipe(
    z
      .string()
      .min(1, { error: "errors.required" })
      .max(254, { error: "errors.tooLong" })
      .pipe(z.email({ error: "errors.email" })),
  );

export const jurisdictionField = z
  .string({ error: "errors.jurisdictionRequired" })
  .min(1, { error: "errors.jurisdictionRequired" })
  .refine((s): s is JurisdictionCode => isJurisdictionCode(s), { error: "errors.jurisdictionUnknown" })
  .transform((s) => s as JurisdictionCode);

export const requestTypeField = z
  .string({ error: "errors.typeRequired" })
  .refine((s): s is RequestType => isRequestType(s), { error: "errors.typeUnknown" })
  .transform((s) => s as RequestType);

export const vendorSlugField = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: "errors.vendorUnknown" });

/** Checkboxes arrive as "on" (or a value) when ticked and are absent otherwise. */
const checkbox = z
  .union([z.string(), z.undefined()])
  .transform((v) => v !== undefined && v !== "" && v !== "false" && v !== "0");

/** URLs where the resident's images appear: one per line, http(s) only, at most 20. */
export const urlsField = z
  .union([z.string(), z.undefined()])
  .transform((v) =>
    (v ?? "")
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(
        z
          .string()
          .max(2000, { error: "errors.urlTooLong" })
          .refine(
            (u) => {
              try {
                const p = new URL(u);
                return (p.protocol === "https:" || p.protocol === "http:") && Boolean(p.hostname);
              } catch {
                return false;
              }
            },
            { error: "errors.urlInvalid" },
          ),
      )
      .max(20, { error: "errors.urlTooMany" }),
  );

/** A filing as the form submits it (repeatable fields arrive as arrays). */
export const filingSchema = z.object({
  vendor: z
    .array(vendorSlugField, { error: "errors.vendorRequired" })
    .min(1, { error: "errors.vendorRequired" })
    .max(20),
  jurisdiction: jurisdictionField,
  type: z.array(requestTypeField, { error: "errors.typeRequired" }).min(1, { error: "errors.typeRequired" }).max(5),
  fullName: fullNameField,
  email: emailField,
  urls: urlsField.optional().default([]),
  /** access option: include who searched for my face and when */
  accessSearchLog: checkbox.optional().default(false),
  /** deletion option: also block future collection */
  deletionBlockFuture: checkbox.optional().default(false),
  /** opt out of "access first, then deletion" */
  fileTogether: checkbox.optional().default(false),
  idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, { error: "errors.formExpired" }),
});
/** What the filing service needs (the parsed form, or a direct call in tests and the seed). */
export interface FilingInput {
  vendor: string[];
  jurisdiction: JurisdictionCode;
  type: RequestType[];
  fullName: string;
  email: string;
  idempotencyKey: string;
  urls?: string[];
  accessSearchLog?: boolean;
  deletionBlockFuture?: boolean;
  fileTogether?: boolean;
}

/** The final submit adds the consent (required) to the reviewed fields. */
export const CONSENT_VERSION = "2026-11-28";
export const finalFilingSchema = filingSchema.extend({
  consent: z.literal("yes", { error: "errors.consentRequired" }),
});

export { REVEAL_PURPOSES, type RevealPurpose } from "./reveal-purposes";
/**
 * Structured, not free text: the reason goes into the append-only audit chain, which must never
 * hold personal data it could not erase (a typed sentence might name the resident).
 */
export const revealSchema = z.object({
  purpose: z.enum(REVEAL_PURPOSES, { error: "errors.revealPurpose" }),
  fileNumber: z
    .string({ error: "errors.fileNumber" })
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9 ._\/-]{1,39}$/, { error: "errors.fileNumber" }),
});

export const reasonField = z
  .string({ error: "errors.reasonRequired" })
  .transform((s) => s.normalize("NFC").trim())
  .pipe(z.string().min(3, { error: "errors.reasonRequired" }).max(5000, { error: "errors.tooLong" }));

export const DENIAL_BASES = [
  "identity_not_verified",
  "not_a_resident",
  "exempt_information",
  "no_data_held",
  "manifestly_unfounded",
  "other",
] as const;
export type DenialBasis = (typeof DENIAL_BASES)[number];

export const messageField = z
  .string({ error: "errors.messageRequired" })
  .transform((s) => s.normalize("NFC").trim())
  .pipe(z.string().min(3, { error: "errors.messageRequired" }).max(5000, { error: "errors.tooLong" }));

export const staffActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("acknowledge") }),
  z.object({
    intent: z.literal("fulfil"),
    reason: reasonField,
    // Access package (one entry per line, "|" between fields) — used when the request is access.
    images: z.string().max(2_000_000).optional(),
    templates: z.string().max(2_000_000).optional(),
    searches: z.string().max(5_000_000).optional(),
    disclosures: z.string().max(2_000_000).optional(),
    // Deletion certificate — used when the request is deletion.
    imagesDeleted: z.coerce
      .number({ error: "errors.countRequired" })
      .int({ error: "errors.countRequired" })
      .min(0)
      .optional(),
    templatesDeleted: z.coerce
      .number({ error: "errors.countRequired" })
      .int({ error: "errors.countRequired" })
      .min(0)
      .optional(),
    customersNotified: z.coerce
      .number({ error: "errors.countRequired" })
      .int({ error: "errors.countRequired" })
      .min(0)
      .optional(),
    suppressionActive: z.string().optional(),
    suppressionUntil: z.string().optional(),
    // From a matching system through the API (checked in full by the package schemas): the
    // matched images with similarity and thumbnail, and the deletion's before/after search.
    matchedImages: z.array(z.unknown()).max(10_000).optional(),
    verification: z.unknown().optional(),
  }),
  z.object({ intent: z.literal("partially_fulfil"), reason: reasonField }),
  z.object({
    intent: z.literal("request_info"),
    kind: z.enum(["identity", "clarification"], { error: "errors.infoKindRequired" }),
    message: messageField,
  }),
  z.object({ intent: z.literal("extend"), reason: reasonField }),
  z.object({
    intent: z.literal("deny"),
    denialBasis: z.enum(DENIAL_BASES, { error: "errors.denialBasisRequired" }),
    reason: reasonField,
  }),
]);
export type StaffAction = z.infer<typeof staffActionSchema>;

export const residentReplySchema = z.object({ intent: z.literal("reply"), message: messageField });

export const loginSchema = z.object({
  email: emailField,
  password: z
    .string({ error: "errors.required" })
    .min(1, { error: "errors.required" })
    .max(1024, { error: "errors.tooLong" }),
  redirectTo: z.string().optional(),
});

/** Field errors as { field: messageKey } (first message per field). */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    if (!(key in out)) out[key] = issue.message.startsWith("errors.") ? issue.message : "errors.invalid";
  }
  return out;
}

/** Only same-site relative paths may be redirect targets (no open redirect). */
export function safeRedirectPath(to: string | null | undefined, fallback: string): string {
  if (!to || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  // Browsers drop tabs/newlines and read "\" as "/" in URLs: "/\t/evil.example" would become
  // "//evil.example" (another site). No control characters, whitespace or backslashes at all.
  if (/[\u0000-\u0020\u007f\\]/.test(to)) return fallback;
  return to;
}

/**
 * The vendor admin's webhook form. Lives here, not in the route module: a zod schema at the top
 * of a route file stays in the browser bundle (zod 4 is ~100 KB and probes `new Function`,
 * which the CSP reports).
 */
export const webhookActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("create"),
    url: z.string().trim().min(1, "webhooks.errors.invalid").max(2000, "webhooks.errors.invalid"),
  }),
  z.object({
    intent: z.enum(["disable", "enable", "rotate", "test", "redeliver"]),
    id: z.coerce.number().int().positive(),
  }),
]);
