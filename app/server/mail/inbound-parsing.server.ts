/**
 * Reading a received message safely. The HTML body is never shown as sent: it is reduced to text
 * markup (no scripts, styles, images, forms or frames; links lose their target) and shown in a
 * sandboxed frame beside the plain-text body. Delivery reports (RFC 3464) are read from their
 * own parts, since mailparser folds them into the text; winmail.dat (TNEF) is recognised so it
 * can be refused by name.
 */
import type { Attachment, ParsedMail } from "mailparser";
import sanitizeHtml from "sanitize-html";

/**
 * HTML reduced to inert text markup: no scripts, styles, images (remote content), forms,
 * frames or event attributes; a link keeps its text and shows its target only as a tooltip.
 */
export function sanitizeMailHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: [
      "p",
      "br",
      "div",
      "span",
      "b",
      "strong",
      "i",
      "em",
      "u",
      "s",
      "blockquote",
      "pre",
      "code",
      "ul",
      "ol",
      "li",
      "h1",
      "h2",
      "h3",
      "h4",
      "h5",
      "h6",
      "table",
      "thead",
      "tbody",
      "tr",
      "td",
      "th",
      "hr",
      "a",
    ],
    allowedAttributes: { a: ["title"] },
    allowedSchemes: [],
    disallowedTagsMode: "discard",
    nonTextTags: [
      "script",
      "style",
      "textarea",
      "option",
      "noscript",
      "title",
      "head",
      "template",
      "svg",
      "math",
      "iframe",
      "object",
    ],
    transformTags: {
      a: (_tag, attribs) => {
        const out: Record<string, string> = {};
        if (attribs.href) out.title = attribs.href.slice(0, 2000);
        return { tagName: "a", attribs: out };
      },
    },
  });
}

/** A multipart/report of type delivery-status: a bounce or a delay notice, whatever address it came to. */
export function isDeliveryReport(parsed: ParsedMail): boolean {
  const ct = parsed.headers.get("content-type") as { value?: string; params?: Record<string, string> } | undefined;
  return (
    ct?.value?.toLowerCase() === "multipart/report" &&
    (ct.params?.["report-type"] ?? "").toLowerCase() === "delivery-status"
  );
}

/** RFC 3464: the per-recipient Action fields and the original Message-ID, from a report's parts. */
export function readDeliveryReport(
  parsed: ParsedMail,
  raw: Buffer,
): { failed: boolean; originalMessageId: string | null; status: string | null } {
  let failed = false;
  let status: string | null = null;
  let originalMessageId: string | null = null;
  const readFields = (text: string) => {
    if (/^action:\s*failed\s*$/im.test(text)) failed = true;
    status = /^status:\s*([245]\.\d{1,3}\.\d{1,3})/im.exec(text)?.[1] ?? status;
  };
  // mailparser folds a message/delivery-status part into the text body: read the part itself.
  const source = raw.subarray(0, 1024 * 1024).toString("latin1");
  const start = source.search(/content-type:\s*message\/(global-)?delivery-status/i);
  if (start >= 0) {
    const rest = source.slice(start);
    const end = rest.search(/\r?\n--/);
    readFields(end > 0 ? rest.slice(0, end) : rest.slice(0, 64 * 1024));
  }
  for (const a of parsed.attachments) {
    const type = a.contentType.toLowerCase();
    const text = a.content.subarray(0, 64 * 1024).toString("utf8");
    if (type === "message/delivery-status" || type === "message/global-delivery-status") {
      readFields(text);
    } else if (type === "text/rfc822-headers" || type === "message/rfc822" || type === "message/rfc822-headers") {
      originalMessageId = /^message-id:\s*(<[^>\r\n]{1,250}>)/im.exec(text)?.[1] ?? originalMessageId;
    }
  }
  return { failed, originalMessageId, status };
}

/** Outlook's TNEF wrapper: its contents cannot be checked, so it is refused by name. */
export function isWinmail(a: Attachment): boolean {
  return a.contentType.toLowerCase() === "application/ms-tnef" || (a.filename ?? "").toLowerCase() === "winmail.dat";
}
