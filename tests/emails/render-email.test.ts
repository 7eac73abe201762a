import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  EMAIL_TEMPLATES,
  EmailDataError,
  isEmailTemplateName,
  renderEmail,
  templateSchemas,
  type EmailLocale,
  type EmailTemplateName,
} from "../../emails/render";
import { expectWellFormedEmail, extractHrefs } from "./email-checks";
import { PUBLIC_URL, SAMPLE_DATA } from "./sample-data";

const LOCALES: EmailLocale[] = ["en", "fr-CA"];
const TEMPLATES_DIR = fileURLToPath(new URL("../../emails/templates/", import.meta.url));

const HOSTILE = `<script>alert(1)</script>"><img src=x onerror=alert(1)>'&`;
const INJECTION = "Jeanne\r\nBcc: evil@example.com";

// Free-text fields that end up in the body and/or subject; everything else is a
// path, date, enum, number or email with its own format.
const TEXT_FIELDS = new Set([
  "fullName",
  "name",
  "staffName",
  "vendorName",
  "reference",
  "jurisdictionName",
  "citation",
  "regime",
  "message",
  "reason",
  "denialBasis",
  "complaintHint",
  "regulatorName",
  "what",
  "details",
  "state",
  "inviteeName",
]);
const MULTI_LINE_FIELDS = new Set(["message", "reason", "complaintHint", "details"]);
const PATH_FIELDS = /Path$/;

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Replaces every free-text field (recursively, arrays included) with `value`. */
function withTextFields(data: unknown, value: string, opts: { singleLineOnly?: boolean } = {}): unknown {
  if (Array.isArray(data))
    return data.map((item) => (typeof item === "string" ? value : withTextFields(item, value, opts)));
  if (data && typeof data === "object") {
    return Object.fromEntries(
      Object.entries(data).map(([key, v]) => {
        if (opts.singleLineOnly && MULTI_LINE_FIELDS.has(key)) return [key, v];
        if (TEXT_FIELDS.has(key) && typeof v === "string") return [key, value];
        if (key === "vendorNames") return [key, (v as string[]).map(() => value)];
        return [key, withTextFields(v, value, opts)];
      }),
    );
  }
  return data;
}

/** Paths of every "...Path" field, e.g. ["statusPath"] or ["requests", 0, "statusPath"]. */
function findPathFields(data: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(data)) return data.flatMap((item, i) => findPathFields(item, [...prefix, i]));
  if (data && typeof data === "object") {
    return Object.entries(data).flatMap(([key, v]) =>
      PATH_FIELDS.test(key) && typeof v === "string" ? [[...prefix, key]] : findPathFields(v, [...prefix, key]),
    );
  }
  return [];
}

function setAt(data: unknown, path: Array<string | number>, value: unknown): unknown {
  const copy = clone(data) as Record<string | number, unknown>;
  let cursor = copy;
  path.slice(0, -1).forEach((key) => {
    cursor = cursor[key] as Record<string | number, unknown>;
  });
  cursor[path[path.length - 1] as string | number] = value;
  return copy;
}

function render(template: EmailTemplateName, locale: EmailLocale, data: unknown = SAMPLE_DATA[template]) {
  return renderEmail({ template, locale, data, publicUrl: PUBLIC_URL });
}

// Alternate branches (null deadlines, other outcomes, empty lists...) must be as sound as the main samples.
const VARIANTS: Array<[EmailTemplateName, Record<string, unknown>]> = [
  ["request-filed", { respondBy: null, statutory: true, citation: null, requestType: "correction" }],
  ["request-filed", { respondBy: null, statutory: false, requestType: "opt_out" }],
  ["request-filed", { statutory: false, requestType: "limit" }],
  ["verify-email", { vendorNames: [] }],
  ["verify-reminder", { vendorNames: ["A", "B", "C"] }],
  ["request-delivered", { respondBy: null, statutory: false, citation: null }],
  ["request-delivered", { statutory: false }],
  ["info-requested", { clockPaused: false }],
  ["deadline-extended", { complaintHint: null }],
  ["request-answered", { outcome: "fulfilled", reason: null, denialBasis: null }],
  ["request-answered", { outcome: "partially_fulfilled", denialBasis: null }],
  ["deadline-passed", { deemedRefusal: false, complaintDeadline: null }],
  ["status-links", { requests: [] }],
  ["status-links", { requests: [{ reference: "R-1", vendorName: "Solo", statusPath: "/r/one" }] }],
  ["vendor-letter", { respondBy: null, statutory: true, citation: null, details: null, requestType: "access" }],
  ["vendor-letter", { statutory: false, requestType: "deletion" }],
  ["vendor-letter", { respondBy: null, statutory: false, requestType: "correction" }],
  ["vendor-letter", { requestType: "limit" }],
  ["vendor-letter", { replyAddress: "reply+r1-abcdefghijklmnopqrstuvwxyz@reply.portal.example" }],
  ["vendor-mail-received", { kind: "bounce" }],
  [
    "vendor-mail-received",
    {
      kind: "bounce",
      bouncedAddress: "privacy@facematch.example",
      otherContacts: [
        { email: "dpo@facematch.example", label: "Data protection officer" },
        { email: "legal@facematch.example" },
      ],
    },
  ],
  ["staff-new-request", { respondBy: null }],
  ["staff-due-soon", { daysLeft: 2 }],
  ["staff-due-soon", { daysLeft: 1 }],
  ["staff-due-soon", { daysLeft: 0 }],
  ["staff-due-soon", { daysLeft: -3 }],
  ["staff-daily-digest", { items: [], counts: { open: 0, dueSoon: 0, overdue: 0, newToday: 0 } }],
  ["password-reset", { expiresInMinutes: 1 }],
];

describe("template registry", () => {
  it("EMAIL_TEMPLATES covers exactly the files in emails/templates", () => {
    const files = readdirSync(TEMPLATES_DIR)
      .filter((f) => f.endsWith(".ts"))
      .map((f) => f.replace(/\.ts$/, ""))
      .sort();
    expect([...EMAIL_TEMPLATES].sort()).toEqual(files);
    expect(files.length).toBe(22);
  });

  it.each([...EMAIL_TEMPLATES])("%s module exports name/schema/render matching its file", async (template) => {
    const mod = (await import(`../../emails/templates/${template}.ts`)) as Record<string, unknown>;
    expect(mod.name).toBe(template);
    expect(mod.schema).toBe(templateSchemas[template]);
    expect(typeof mod.render).toBe("function");
  });

  it("isEmailTemplateName accepts every template and nothing else", () => {
    for (const t of EMAIL_TEMPLATES) expect(isEmailTemplateName(t)).toBe(true);
    for (const bad of ["nope", "toString", "__proto__", "constructor", "", "Request-Filed"]) {
      expect(isEmailTemplateName(bad)).toBe(false);
    }
  });

  it("templateSchemas validate the sample payloads", () => {
    for (const t of EMAIL_TEMPLATES) expect(templateSchemas[t].safeParse(SAMPLE_DATA[t]).success).toBe(true);
  });

  it("rejects unknown templates and locales at runtime", () => {
    expect(() => renderEmail({ template: "nope" as never, locale: "en", data: {}, publicUrl: PUBLIC_URL })).toThrow(
      /Unknown email template/,
    );
    expect(() =>
      renderEmail({
        template: "request-acknowledged",
        locale: "de" as never,
        data: SAMPLE_DATA["request-acknowledged"],
        publicUrl: PUBLIC_URL,
      }),
    ).toThrow(/Unsupported email locale/);
  });

  it("rejects an unusable publicUrl", () => {
    for (const publicUrl of [
      "not a url",
      "javascript:alert(1)",
      "ftp://portal.example.org",
      "https://user:pw@portal.example.org",
    ]) {
      expect(() =>
        renderEmail({ template: "password-reset", locale: "en", data: SAMPLE_DATA["password-reset"], publicUrl }),
      ).toThrow(/publicUrl/);
    }
  });
});

describe.each([...EMAIL_TEMPLATES])("%s", (template) => {
  it.each(LOCALES)("renders a well-formed %s email with absolute links mirrored in the text part", (locale) => {
    const email = render(template, locale);
    expectWellFormedEmail(email, locale, PUBLIC_URL);
    // Every template except vendor-letter (sent to an outside address) links back to the portal.
    if (template !== "vendor-letter") expect(extractHrefs(email.html).length).toBeGreaterThan(0);
  });

  it("is actually translated: fr-CA differs from en", () => {
    const en = render(template, "en");
    const fr = render(template, "fr-CA");
    expect(fr.text).not.toBe(en.text);
    expect(fr.subject).not.toBe(en.subject);
    expect(fr.html).not.toBe(en.html);
    // Same links in both languages.
    expect(extractHrefs(fr.html)).toEqual(extractHrefs(en.html));
  });

  it.each(LOCALES)("escapes hostile input in the %s HTML", (locale) => {
    const email = render(template, locale, withTextFields(SAMPLE_DATA[template], HOSTILE));
    expectWellFormedEmail(email, locale, PUBLIC_URL);
    expect(email.html).not.toContain("<script");
    expect(email.html).not.toContain('"><img');
    if (template !== "password-reset") {
      expect(email.html).toContain(
        "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&#39;&amp;",
      );
    }
  });

  it.each(LOCALES)("strips CR/LF from interpolated values in the %s subject", (locale) => {
    // Every text field, multi-line ones included, so nothing can smuggle a header through the subject.
    const email = render(template, locale, withTextFields(SAMPLE_DATA[template], INJECTION));
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject).not.toMatch(/\s{2,}/);
    // Single-line fields (names, references) are flattened everywhere, not only in the subject.
    const flat = render(template, locale, withTextFields(SAMPLE_DATA[template], INJECTION, { singleLineOnly: true }));
    expect(flat.subject).not.toMatch(/[\r\n]/);
    expect(flat.html).not.toMatch(/Jeanne\r?\nBcc/);
    expect(flat.text).not.toMatch(/Jeanne\r?\nBcc/);
    if (template !== "password-reset") expect(flat.text).toContain("Jeanne Bcc: evil@example.com");
  });

  it.each(LOCALES)("keeps the %s subject within 200 characters with very long values", (locale) => {
    const longValue = "W".repeat(64);
    const data = withTextFields(SAMPLE_DATA[template], longValue) as Record<string, unknown>;
    const email = render(template, locale, data);
    expect(email.subject.length).toBeLessThanOrEqual(200);
    expect(email.subject).not.toMatch(/[\r\n]/);
  });

  it("throws a clear error when a required field is missing", () => {
    const data = clone(SAMPLE_DATA[template]);
    const [firstKey] = Object.keys(data);
    delete data[firstKey as string];
    expect(() => render(template, "en", data)).toThrow(EmailDataError);
    expect(() => render(template, "en", data)).toThrow(new RegExp(`"${template}".*${firstKey}`));
  });

  it("throws when a field has the wrong type", () => {
    const data = clone(SAMPLE_DATA[template]);
    const [firstKey] = Object.keys(data);
    data[firstKey as string] = 12345;
    expect(() => render(template, "fr-CA", data)).toThrow(
      new RegExp(`Invalid data for email template "${template}": ${firstKey}`),
    );
  });

  it("throws on non-object payloads", () => {
    for (const bad of [null, undefined, "x", 42, []]) {
      expect(() => renderEmail({ template, locale: "en", data: bad, publicUrl: PUBLIC_URL })).toThrow(EmailDataError);
    }
  });

  const pathFields = findPathFields(SAMPLE_DATA[template]);
  if (pathFields.length > 0) {
    it.each([
      "//evil.com",
      "//evil.com/r/x",
      "/\\evil.com",
      "/\t/evil.com",
      "https://evil.com/r/x",
      "evil.com",
      "javascript:alert(1)",
      "",
    ])("rejects unsafe link path %j", (badPath) => {
      for (const field of pathFields) {
        const data = setAt(SAMPLE_DATA[template], field, badPath);
        expect(() => render(template, "en", data)).toThrow(new RegExp(`"${template}": ${field.join("\\.")}`));
      }
    });
  }
});

describe.each(VARIANTS.map(([t, patch], i) => [`${t} #${i}`, t, patch] as const))(
  "variant %s",
  (_label, template, patch) => {
    it.each(LOCALES)("renders well-formed in %s", (locale) => {
      const data = { ...SAMPLE_DATA[template], ...patch };
      const en = render(template, "en", data);
      const email = render(template, locale, data);
      expectWellFormedEmail(email, locale, PUBLIC_URL);
      if (locale === "fr-CA") expect(email.text).not.toBe(en.text);
    });
  },
);

// Every Big List of Naughty Strings value, in every free-text field of every template,
// in both languages, still gives a well-formed email: no header break in the subject, balanced
// HTML, no raw markup from the value, absolute links only.
describe("Big List of Naughty Strings in every template", () => {
  const blns = (createRequire(import.meta.url)("big-list-of-naughty-strings") as string[]).filter(
    (s) => s.trim() !== "",
  );
  // Every string goes through a quarter of the templates (a different quarter for each string,
  // alternating languages), so each string and each template is covered in about 12 s.
  it(`${blns.length} strings across ${EMAIL_TEMPLATES.length} templates in both languages render well-formed`, () => {
    let rendered = 0;
    let refused = 0;
    for (const [t, template] of EMAIL_TEMPLATES.entries()) {
      for (const [l, locale] of LOCALES.entries()) {
        for (const [i, s] of blns.entries()) {
          if ((i + t) % 4 !== 0 || (i + l) % 2 !== 0) continue;
          let email;
          try {
            email = render(
              template as EmailTemplateName,
              locale,
              withTextFields(SAMPLE_DATA[template as EmailTemplateName], s),
            );
          } catch (err) {
            // A value outside a template's schema (e.g. a 64-character reference) is refused
            // with a clear error naming the field, never rendered half-way.
            expect(err, `${template} ${JSON.stringify(s)}`).toBeInstanceOf(EmailDataError);
            refused += 1;
            continue;
          }
          expectWellFormedEmail(email, locale, PUBLIC_URL, { valueWithMarkup: s });
          expect(email.subject, `${template} ${JSON.stringify(s)}`).not.toMatch(/[\r\n]/);
          if (/<script/i.test(s)) expect(email.html).not.toMatch(/<script(?![^>]*type="application\/ld\+json")/i);
          rendered += 1;
        }
      }
    }
    expect(rendered + refused).toBeGreaterThan((blns.length * EMAIL_TEMPLATES.length) / 4 - EMAIL_TEMPLATES.length);
    expect(rendered).toBeGreaterThan(refused);
    console.log(
      `naughty strings in emails: ${rendered} renders, all well-formed; ${refused} refused by a template's schema`,
    );
  }, 120_000);
});
