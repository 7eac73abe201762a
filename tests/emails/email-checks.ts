/** Shared assertions for rendered emails (structure, links, accessibility, safety). */
import { expect } from "vitest";
import type { EmailLocale, RenderedEmail } from "../../emails/render";

const ALLOWED_TAGS = new Set([
  "html",
  "head",
  "meta",
  "title",
  "body",
  "div",
  "h1",
  "h2",
  "p",
  "a",
  "strong",
  "code",
  "span",
  "br",
  "hr",
  "table",
  "caption",
  "tbody",
  "tr",
  "th",
  "td",
  "ul",
  "li",
  "blockquote",
]);
const VOID_TAGS = new Set(["meta", "br", "hr"]);

export function decodeHtmlAttribute(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

export function extractHrefs(html: string): string[] {
  return [...html.matchAll(/\shref="([^"]*)"/g)].map((m) => decodeHtmlAttribute(m[1] ?? ""));
}

export function extractTagNames(html: string): string[] {
  return [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => (m[1] ?? "").toLowerCase());
}

/** Minimal well-formedness check: every non-void element is closed in order. */
export function expectBalancedTags(html: string): void {
  const stack: string[] = [];
  for (const match of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*>/g)) {
    const [, closing, rawName] = match;
    const name = (rawName ?? "").toLowerCase();
    if (VOID_TAGS.has(name)) continue;
    if (closing) expect(stack.pop(), `closing </${name}>`).toBe(name);
    else stack.push(name);
  }
  expect(stack).toEqual([]);
}

export function expectWellFormedEmail(
  email: RenderedEmail,
  locale: EmailLocale,
  publicUrl: string,
  opts: { valueWithMarkup?: string } = {},
): void {
  // Subject: present, single line, bounded.
  expect(email.subject.trim().length).toBeGreaterThan(0);
  expect(email.subject).not.toMatch(/[\r\n]/);
  // eslint-disable-next-line no-control-regex
  expect(email.subject).not.toMatch(/[\u0000-\u001f\u007f]/);
  expect(email.subject.length).toBeLessThanOrEqual(200);

  // Document shell and accessibility basics.
  expect(email.html.startsWith("<!DOCTYPE html>")).toBe(true);
  expect(email.html).toMatch(new RegExp(`<html lang="${locale}"[ >]`));
  expect(email.html).toMatch(/<title>[^<]+<\/title>/);
  expect(email.html).toMatch(/<h1[ >]/);
  expect(email.html).toContain("Biometric Rights Portal / Portail des droits biométriques");
  expect(email.text).toContain("Biometric Rights Portal / Portail des droits biométriques");
  expect(email.html).toMatch(
    locale === "fr-CA" ? /message automatisé|envoyée automatiquement/ : /automated message|sent automatically/,
  );

  // No images, tracking pixels, scripts or remote resources; inline styles only.
  expect(email.html).not.toMatch(/<img/i);
  expect(email.html).not.toMatch(/<script/i);
  expect(email.html).not.toMatch(/<style/i);
  expect(email.html).not.toMatch(/<link/i);
  expect(email.html).not.toMatch(/<iframe/i);
  // Attribute checks look inside real tags only: escaped hostile text may legitimately read "src=".
  // Quoted values are blanked first: with '"' escaped, anything left outside quotes is a real attribute,
  // so an injected `"><img onerror=...>` would show up here.
  for (const [rawTag] of email.html.matchAll(/<[^>]*>/g)) {
    const tag = rawTag.replace(/"[^"]*"/g, '""');
    expect(tag).not.toMatch(/\s(src|srcset|background|on[a-z]+)\s*=/i);
    // CSS tricks matter only where CSS is read: the inline styles (escaped text in an
    // aria-label or title may legitimately read "expression(").
    for (const [, css] of rawTag.matchAll(/\sstyle\s*=\s*"([^"]*)"/gi))
      expect(css).not.toMatch(/url\(|@import|expression\(/i);
    expect(tag).not.toMatch(/\sstyle\s*=\s*[^"\s]/i);
    expect(tag).not.toMatch(/(href|src)\s*=\s*["']?\s*(javascript|data|vbscript):/i);
  }
  for (const tag of extractTagNames(email.html.replace(/^<!DOCTYPE html>/, ""))) {
    expect(ALLOWED_TAGS.has(tag), `unexpected <${tag}>`).toBe(true);
  }
  expectBalancedTags(email.html.replace(/^<!DOCTYPE html>/, ""));

  // Links: absolute, on the portal's origin, descriptive, and all present in the text part.
  const origin = new URL(publicUrl).origin;
  for (const href of extractHrefs(email.html)) {
    const url = new URL(href);
    expect(url.origin).toBe(origin);
    expect(href).toBe(url.href);
    expect(email.text).toContain(href);
  }
  for (const m of email.html.matchAll(/<a\s[^>]*>([^<]*)<\/a>/g)) {
    const label = (m[1] ?? "").trim();
    expect(label.length).toBeGreaterThan(3);
    expect(label).not.toMatch(/^(click here|here|ici|cliquez ici)$/i);
  }

  // The text part is a real alternative, not markup.
  // No markup leaks from the templates into the text part (a user's own text may hold "<a>":
  // in text/plain it is shown as typed, so it is taken out before the check).
  const text = opts.valueWithMarkup ? email.text.split(opts.valueWithMarkup).join("") : email.text;
  expect(text).not.toMatch(/<\/?(p|div|a|table|br)\b/i);
  expect(email.text.trim().length).toBeGreaterThan(50);
}
