/**
 * Values are data, never code: the message catalogue's JSON island cannot close its <script>
 * element or be cut by a line separator (ASVS 1.2.3), and both translators — i18next on the
 * server, the small one in the browser — put a value in once and never read it again as a
 * template, a nesting call or a format string (ASVS 1.3.7, 1.3.10).
 */
import { describe, expect, it } from "vitest";
import { createTranslator } from "../../app/i18n";
import { toScriptJson } from "../../app/messages";
import { getServerI18n, MESSAGES, pageMessagesFor } from "../../app/server/core/i18n.server";

const HOSTILE = [
  "</script><script>alert(1)</script>",
  "<!-- <script>",
  "line\u2028separator\u2029paragraph",
  '"}; alert(1); //',
  "\\u003c/script>",
];

describe("ASVS 1.2.3: JSON in a <script> element", () => {
  it("toScriptJson leaves no '<' and no raw U+2028/U+2029, and parses back to the same value", () => {
    for (const value of HOSTILE) {
      const json = toScriptJson({ value, nested: [value] });
      expect(json).not.toContain("<");
      expect(json).not.toMatch(/[\u2028\u2029]/);
      expect(json.toLowerCase()).not.toContain("</script");
      expect(JSON.parse(json)).toEqual({ value, nested: [value] });
    }
  });

  it("the catalogue each page ships is that escaped JSON", () => {
    for (const locale of ["en", "fr-CA"] as const) {
      const page = pageMessagesFor(locale);
      expect(page.json).toBe(toScriptJson(MESSAGES[locale]));
      expect(page.json).not.toContain("<");
      expect(JSON.parse(page.json)).toEqual(MESSAGES[locale]);
    }
  });
});

describe("ASVS 1.3.7, 1.3.10: interpolated values are never re-read as templates", () => {
  const values = [
    "{{name}}",
    "{{vendor}}",
    "{{- name}}",
    "$t(errors.required)",
    '$t(nav.logout, {"name": "x"})',
    "%s %d %j",
    "${process.env.SESSION_SECRET}",
    "{{constructor.constructor('alert(1)')()}}",
  ];

  it.each(["en", "fr-CA"] as const)(
    "i18next (server) and the browser translator insert each value literally (%s)",
    (locale) => {
      const server = getServerI18n(locale);
      const browser = createTranslator(locale, MESSAGES[locale]);
      const template = MESSAGES[locale].nav.logout as string;
      for (const value of values) {
        const expected = template.replace("{{name}}", value);
        const params = { name: value, vendor: "VENDOR" };
        expect(String(server.t("nav.logout", params as never)), `${locale} server ${value}`).toBe(expected);
        expect(browser("nav.logout", params), `${locale} browser ${value}`).toBe(expected);
      }
    },
  );
});
