/**
 * Shared building blocks for transactional emails: schema primitives, escaping,
 * locale formatting and a tiny block model that renders BOTH the plain-text and
 * the HTML body from the same content, so the text part can never drift from the
 * HTML part (same facts, same absolute links).
 *
 * Plain string functions on purpose: no React, no template engine, no deps
 * beyond zod.
 */
import { z } from "zod";

export type EmailLocale = "en" | "fr-CA";

export const EMAIL_LOCALES: readonly EmailLocale[] = Object.freeze(["en", "fr-CA"] as const);

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface RenderContext {
  publicUrl: string;
}

export const PORTAL_NAME_BILINGUAL = "Biometric Rights Portal / Portail des droits biométriques";

// ---------------------------------------------------------------------------
// Sanitising
// ---------------------------------------------------------------------------

/** Escapes the five HTML-significant characters; used for text nodes AND attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

// C0/C1 controls, DEL, Unicode line/paragraph separators and bidi overrides/isolates.
// Bidi controls are included because they can visually reorder a subject line
// (e.g. make "gpj.exe" read as "exe.jpg") even though they are not header-breaking.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
const CONTROL_CHARS_EXCEPT_NEWLINE_TAB =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** Collapses any control character (CR/LF included) to a space and squeezes whitespace. */
export function toSingleLine(value: string): string {
  return value.replace(CONTROL_CHARS, " ").replace(/\s+/g, " ").trim();
}

/** Keeps paragraphs but normalises CRLF/CR to LF and drops every other control character. */
export function toMultiLine(value: string): string {
  return value
    .replace(/\r\n?/g, "\n")
    .replace(CONTROL_CHARS_EXCEPT_NEWLINE_TAB, "")
    .replace(/\t/g, " ")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

export const SUBJECT_MAX_LENGTH = 200;
// Per-value cap inside a subject, so one long vendor or person name cannot push
// the reference number (which vendors and residents search for) past the cut.
const SUBJECT_VALUE_MAX_LENGTH = 70;

function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  return `${value.slice(0, max - 1).trimEnd()}…`;
}

/**
 * Tagged template for subject lines. Every interpolated value is flattened to one
 * line (no CR/LF => no header injection even if a caller bypasses the schema) and
 * capped; the final subject is flattened again and capped at 200 characters.
 */
export function subjectLine(strings: TemplateStringsArray, ...values: Array<string | number>): string {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    out += truncate(toSingleLine(String(value)), SUBJECT_VALUE_MAX_LENGTH) + (strings[i + 1] ?? "");
  });
  return finalizeSubject(out);
}

/** Last line of defence for any subject, however it was built. */
export function finalizeSubject(subject: string): string {
  return truncate(toSingleLine(subject), SUBJECT_MAX_LENGTH);
}

// ---------------------------------------------------------------------------
// Schema primitives (shared so every template validates the same way)
// ---------------------------------------------------------------------------

/**
 * One-line human text (names, references...). Control characters are accepted
 * but flattened, because a hostile or sloppy value should still produce a safe
 * email rather than block a legally-timed notification.
 */
export function singleLineText(max = 200) {
  return z
    .string()
    .transform(toSingleLine)
    .pipe(z.string().min(1, { error: "must not be empty" }).max(max));
}

/** Free text that may contain paragraphs (vendor messages, reasons, details). */
export function multiLineText(max = 5000) {
  return z
    .string()
    .transform(toMultiLine)
    .pipe(z.string().min(1, { error: "must not be empty" }).max(max));
}

export const personName = singleLineText(200);
export const organizationName = singleLineText(200);
// References go into subjects untruncated, so keep them short.
export const requestReference = singleLineText(64);

/**
 * App-relative path such as "/r/abc". Rejects anything a URL parser could turn
 * into another host: protocol-relative "//evil.com", backslashes ("/\evil.com" is
 * "//evil.com" to WHATWG parsers) and whitespace/control characters (tabs and
 * newlines are silently removed by URL parsers, so "/\t/evil.com" => "//evil.com").
 */
export const appPath = z
  .string()
  .max(2048)
  .refine((p) => p.startsWith("/"), { error: 'must be an app-relative path starting with "/"' })
  .refine((p) => !p.startsWith("//"), { error: 'must not start with "//" (protocol-relative URL)' })
  .refine((p) => !/[\\\s\u0000-\u001f\u007f-\u009f]/.test(p), {
    error: "must not contain backslashes, whitespace or control characters",
  });

function isRealCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day, 12));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Calendar date "YYYY-MM-DD" (no time, no zone), validated as a real date. */
export const isoDate = z
  .string()
  .refine(isRealCalendarDate, { error: "must be a real calendar date formatted YYYY-MM-DD" });

/** ISO-8601 instant with an explicit zone ("Z" or an offset), so it is unambiguous. */
export const isoInstant = z.iso.datetime({ offset: true, error: "must be an ISO-8601 date-time with Z or an offset" });

export const REQUEST_TYPES = ["access", "deletion", "correction", "opt_out", "limit"] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];
export const requestType = z.enum(REQUEST_TYPES);

// ---------------------------------------------------------------------------
// Locale helpers
// ---------------------------------------------------------------------------

const INTL_LOCALE: Record<EmailLocale, string> = { en: "en-CA", "fr-CA": "fr-CA" };

const REQUEST_TYPE_LABELS: Record<EmailLocale, Record<RequestType, string>> = {
  en: {
    access: "access request",
    deletion: "deletion request",
    correction: "correction request",
    opt_out: "opt-out request",
    limit: "request to limit use of sensitive data",
  },
  "fr-CA": {
    access: "demande d'accès",
    deletion: "demande de suppression",
    // "Rectification" is the term used by Québec privacy law for corrections.
    correction: "demande de rectification",
    opt_out: "demande de retrait (opt-out)",
    limit: "demande de limitation de l'utilisation des renseignements sensibles",
  },
};

export function getRequestTypeLabel(type: RequestType, locale: EmailLocale): string {
  return REQUEST_TYPE_LABELS[locale][type];
}

export function capitalize(value: string): string {
  return value.charAt(0).toLocaleUpperCase() + value.slice(1);
}

// Québec typography writes the first day of the month as "1er" ("1er mars 2025");
// Intl emits a bare "1".
function applyFrenchOrdinal(formatted: string): string {
  return formatted.replace(/^1 /, "1er ");
}

// Intl objects cost ~0.1-0.3 ms to construct, more than rendering a whole email: one per
// locale and style, built on first use (they are immutable and safe to share).
const intlCache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.PluralRules>();
function cachedIntl<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.PluralRules>(
  key: string,
  build: () => T,
): T {
  let value = intlCache.get(key) as T | undefined;
  if (!value) {
    value = build();
    intlCache.set(key, value);
  }
  return value;
}

/**
 * Formats a YYYY-MM-DD date. Built at UTC noon and formatted in UTC so no
 * server or reader time zone can shift it to the previous/next day.
 */
export function formatDate(ymd: string, locale: EmailLocale): string {
  const [year, month, day] = ymd.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day, 12));
  const formatted = cachedIntl(
    `date|${locale}`,
    () => new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: "long", timeZone: "UTC" }),
  ).format(date);
  return locale === "fr-CA" ? applyFrenchOrdinal(formatted) : formatted;
}

/** Formats an instant in UTC with seconds: receipts must be precise and zone-explicit. */
export function formatInstant(iso: string, locale: EmailLocale): string {
  const formatted = cachedIntl(
    `instant|${locale}`,
    () => new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: "long", timeStyle: "long", timeZone: "UTC" }),
  ).format(new Date(iso));
  return locale === "fr-CA" ? applyFrenchOrdinal(formatted) : formatted;
}

export function formatNumber(value: number, locale: EmailLocale): string {
  return cachedIntl(`number|${locale}`, () => new Intl.NumberFormat(INTL_LOCALE[locale])).format(value);
}

export function selectPlural(count: number, locale: EmailLocale): Intl.LDMLPluralRule {
  return cachedIntl(`plural|${locale}`, () => new Intl.PluralRules(INTL_LOCALE[locale])).select(count);
}

/**
 * Parses and checks the deployment's public URL once per render. Only http(s)
 * origins without credentials make sense as a link base.
 */
export function parsePublicUrl(publicUrl: string): URL {
  let base: URL;
  try {
    base = new URL(publicUrl);
  } catch {
    throw new Error(`Invalid publicUrl for email rendering: ${JSON.stringify(publicUrl)} is not an absolute URL`);
  }
  if (base.protocol !== "https:" && base.protocol !== "http:") {
    throw new Error(`Invalid publicUrl for email rendering: protocol ${base.protocol} is not http(s)`);
  }
  if (base.username || base.password) {
    throw new Error("Invalid publicUrl for email rendering: credentials are not allowed");
  }
  return base;
}

/**
 * Turns an app path into an absolute link. The schema already rejects unsafe
 * paths; the origin check is a second line of defence for direct callers.
 */
export function buildAbsoluteUrl(path: string, publicUrl: string): string {
  const base = parsePublicUrl(publicUrl);
  const parsed = appPath.safeParse(path);
  if (!parsed.success) {
    throw new Error(`Refusing to build an email link from unsafe path ${JSON.stringify(path)}`);
  }
  const url = new URL(path, base);
  if (url.origin !== base.origin) {
    throw new Error(`Refusing to build an email link that leaves ${base.origin}`);
  }
  return url.href;
}

/** Per-render helpers handed to each template's copy function. */
export interface CopyHelpers {
  locale: EmailLocale;
  url(path: string): string;
  date(ymd: string): string;
  instant(iso: string): string;
  number(value: number): string;
  requestType(type: RequestType): string;
}

export function createCopyHelpers(locale: EmailLocale, ctx: RenderContext): CopyHelpers {
  parsePublicUrl(ctx.publicUrl);
  return {
    locale,
    url: (path) => buildAbsoluteUrl(path, ctx.publicUrl),
    date: (ymd) => formatDate(ymd, locale),
    instant: (iso) => formatInstant(iso, locale),
    number: (value) => formatNumber(value, locale),
    requestType: (type) => getRequestTypeLabel(type, locale),
  };
}

// ---------------------------------------------------------------------------
// Block model: one content description, two renderings
// ---------------------------------------------------------------------------

export type Inline =
  | string
  | { kind: "link"; href: string; text: string }
  | { kind: "strong"; text: string }
  | { kind: "code"; text: string };

export type Block =
  | { kind: "paragraph"; parts: Inline[] }
  | { kind: "heading"; text: string }
  | { kind: "button"; href: string; text: string; fallbackLabel: string }
  | { kind: "facts"; caption?: string; rows: Array<{ label: string; value: Inline[] }> }
  | { kind: "quote"; text: string }
  | { kind: "list"; items: Inline[][] }
  | { kind: "notice"; parts: Inline[] };

export const link = (href: string, text: string): Inline => ({ kind: "link", href, text });
export const strong = (text: string): Inline => ({ kind: "strong", text });
export const code = (text: string): Inline => ({ kind: "code", text });

/**
 * Paragraph. A sentence that ends on an interpolated name like "Acme Inc."
 * would otherwise print "Acme Inc.. Next"; such doubled periods are folded
 * (a real ellipsis "..." is left alone).
 */
export function paragraph(...parts: Inline[]): Block {
  return {
    kind: "paragraph",
    parts: parts.map((part) => (typeof part === "string" ? part.replace(/([^.])\.\.(?=\s|$)/g, "$1.") : part)),
  };
}
export const heading = (text: string): Block => ({ kind: "heading", text });
export const notice = (...parts: Inline[]): Block => ({ kind: "notice", parts });
export const quote = (text: string): Block => ({ kind: "quote", text });
export const list = (items: Inline[][]): Block => ({ kind: "list", items });

/** Call-to-action link. fallbackLabel introduces the raw URL for clients that mangle buttons. */
export function button(href: string, text: string, locale: EmailLocale): Block {
  const fallbackLabel =
    locale === "fr-CA"
      ? "Si le bouton ne fonctionne pas, copiez cette adresse :"
      : "If the button doesn't work, copy this address:";
  return { kind: "button", href, text, fallbackLabel };
}

type FactRow = [label: string, value: Inline | Inline[]];

/** Label/value table. Falsy rows are skipped so optional facts can be written inline. */
export function facts(rows: Array<FactRow | false | null | undefined>, caption?: string): Block {
  return {
    kind: "facts",
    caption,
    rows: rows
      .filter((row): row is FactRow => Boolean(row))
      .map(([label, value]) => ({ label, value: Array.isArray(value) ? value : [value] })),
  };
}

export interface EmailContent {
  subject: string;
  /** Main visible heading (h1); defaults to the subject. */
  heading?: string;
  blocks: Array<Block | false | null | undefined | "">;
  /** Replaces the default "do not reply" footer line when replies are meaningful elsewhere. */
  footerNote?: string;
}

export type LocalizedCopy<Data> = Record<EmailLocale, (data: Data, h: CopyHelpers) => EmailContent>;

// Colours chosen for >= 4.5:1 contrast on white (WCAG AA).
const COLOR_TEXT = "#111827";
const COLOR_MUTED = "#4b5563";
const COLOR_LINK = "#1d4ed8";
const FONT_STACK = "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

function renderInlineText(parts: Inline[]): string {
  return parts
    .map((part) => {
      if (typeof part === "string") return part;
      // "<url>" delimiting (RFC 3986 appendix C) keeps trailing punctuation out of the link.
      if (part.kind === "link") return `${part.text} <${part.href}>`;
      return part.text;
    })
    .join("");
}

function renderInlineHtml(parts: Inline[]): string {
  return parts
    .map((part) => {
      // Multi-line values (e.g. a server-written hint) keep their line breaks.
      if (typeof part === "string") return escapeMultiline(part);
      if (part.kind === "link") {
        return `<a href="${escapeHtml(part.href)}" style="color:${COLOR_LINK};text-decoration:underline;">${escapeHtml(part.text)}</a>`;
      }
      if (part.kind === "strong") return `<strong>${escapeHtml(part.text)}</strong>`;
      return `<code style="font-family:Consolas,Menlo,monospace;font-size:14px;word-break:break-all;">${escapeHtml(part.text)}</code>`;
    })
    .join("");
}

function escapeMultiline(value: string): string {
  return escapeHtml(value).replace(/\n/g, "<br>\n");
}

function renderBlockText(block: Block, locale: EmailLocale): string {
  // French typography puts a space before the colon.
  const colon = locale === "fr-CA" ? " :" : ":";
  switch (block.kind) {
    case "paragraph":
      return renderInlineText(block.parts);
    case "notice":
      // Continuation lines are indented so a multi-line notice still reads as one block.
      return `** ${renderInlineText(block.parts).replace(/\n/g, "\n   ")}`;
    case "heading":
      return `${block.text}\n${"-".repeat(Math.min(block.text.length, 60))}`;
    case "button":
      return `${block.text}${colon}\n${block.href}`;
    case "facts": {
      const rows = block.rows.map((row) => `${row.label}${colon} ${renderInlineText(row.value)}`).join("\n");
      return block.caption ? `${block.caption}\n${rows}` : rows;
    }
    case "quote":
      return block.text
        .split("\n")
        .map((line) => (line ? `> ${line}` : ">"))
        .join("\n");
    case "list":
      return block.items.map((item) => `- ${renderInlineText(item)}`).join("\n");
  }
}

const P_STYLE = `margin:0 0 16px;line-height:1.5;`;

function renderBlockHtml(block: Block): string {
  switch (block.kind) {
    case "paragraph":
      return `<p style="${P_STYLE}">${renderInlineHtml(block.parts)}</p>`;
    case "notice":
      return `<div style="margin:0 0 16px;padding:12px 16px;border:1px solid #b45309;border-left-width:4px;background-color:#fffbeb;border-radius:4px;"><p style="margin:0;line-height:1.5;">${renderInlineHtml(block.parts)}</p></div>`;
    case "heading":
      return `<h2 style="margin:24px 0 12px;font-size:18px;line-height:1.3;color:${COLOR_TEXT};">${escapeHtml(block.text)}</h2>`;
    case "button":
      return [
        `<p style="margin:24px 0 8px;"><a href="${escapeHtml(block.href)}" style="display:inline-block;padding:12px 20px;background-color:${COLOR_LINK};color:#ffffff;font-weight:bold;text-decoration:none;border-radius:6px;">${escapeHtml(block.text)}</a></p>`,
        `<p style="margin:0 0 16px;font-size:13px;line-height:1.5;color:${COLOR_MUTED};">${escapeHtml(block.fallbackLabel)}<br><span style="word-break:break-all;">${escapeHtml(block.href)}</span></p>`,
      ].join("\n");
    case "facts": {
      // A real data table with row headers: screen readers announce "label: value".
      const caption = block.caption
        ? `<caption style="text-align:left;font-weight:bold;padding:0 0 8px;">${escapeHtml(block.caption)}</caption>`
        : "";
      const rows = block.rows
        .map(
          (row) =>
            `<tr><th scope="row" style="text-align:left;vertical-align:top;padding:6px 16px 6px 0;font-weight:bold;white-space:nowrap;">${escapeHtml(row.label)}</th><td style="vertical-align:top;padding:6px 0;">${renderInlineHtml(row.value)}</td></tr>`,
        )
        .join("\n");
      return `<table style="margin:0 0 16px;border-collapse:collapse;line-height:1.4;">${caption}<tbody>\n${rows}\n</tbody></table>`;
    }
    case "quote":
      return `<blockquote style="margin:0 0 16px;padding:8px 16px;border-left:4px solid #9ca3af;background-color:#f9fafb;line-height:1.5;">${escapeMultiline(block.text)}</blockquote>`;
    case "list":
      return `<ul style="margin:0 0 16px;padding-left:24px;line-height:1.5;">\n${block.items
        .map((item) => `<li style="margin:0 0 6px;">${renderInlineHtml(item)}</li>`)
        .join("\n")}\n</ul>`;
  }
}

const FOOTER_AUTOMATED: Record<EmailLocale, string> = {
  en: "This is an automated message. Please do not reply to this email.",
  "fr-CA": "Ceci est un message automatisé. Veuillez ne pas répondre à ce courriel.",
};

/** Wraps content in the shared document shell and produces subject, text and HTML. */
export function renderLayout(locale: EmailLocale, content: EmailContent): RenderedEmail {
  const subject = finalizeSubject(content.subject);
  const title = content.heading ? toSingleLine(content.heading) : subject;
  const blocks = content.blocks.filter((b): b is Block => Boolean(b));
  const footerNote = content.footerNote ?? FOOTER_AUTOMATED[locale];

  const text = [
    title,
    "=".repeat(Math.min(title.length, 60)),
    "",
    blocks.map((block) => renderBlockText(block, locale)).join("\n\n"),
    "",
    "-- ",
    PORTAL_NAME_BILINGUAL,
    footerNote,
    "",
  ].join("\n");

  const html = `<!DOCTYPE html>
<html lang="${locale}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escapeHtml(subject)}</title>
</head>
<body style="margin:0;padding:0;background-color:#f3f4f6;">
<div role="article" aria-roledescription="email" aria-label="${escapeHtml(subject)}" lang="${locale}" style="padding:24px 12px;background-color:#f3f4f6;">
<div style="max-width:600px;margin:0 auto;padding:24px;background-color:#ffffff;border-radius:8px;font-family:${FONT_STACK};font-size:16px;color:${COLOR_TEXT};">
<h1 style="margin:0 0 20px;font-size:22px;line-height:1.3;color:${COLOR_TEXT};">${escapeHtml(title)}</h1>
${blocks.map(renderBlockHtml).join("\n")}
<hr style="margin:32px 0 16px;border:0;border-top:1px solid #d1d5db;">
<p style="margin:0;font-size:13px;line-height:1.5;color:${COLOR_MUTED};">${escapeHtml(PORTAL_NAME_BILINGUAL)}<br>${escapeHtml(footerNote)}</p>
</div>
</div>
</body>
</html>
`;

  return { subject, text, html };
}

/** Standard render entry for a template: pick the locale's copy, then lay it out. */
export function renderWithCopy<Data>(
  copy: LocalizedCopy<Data>,
  data: Data,
  locale: EmailLocale,
  ctx: RenderContext,
): RenderedEmail {
  const writeCopy = copy[locale];
  if (!writeCopy) throw new Error(`Unsupported email locale: ${String(locale)}`);
  return renderLayout(locale, writeCopy(data, createCopyHelpers(locale, ctx)));
}
