/** Content checks for the emails whose wording carries legal weight. */
import { describe, expect, it } from "vitest";
import { renderEmail, type EmailLocale, type EmailTemplateName } from "../../emails/render";
import { PUBLIC_URL, SAMPLE_DATA } from "./sample-data";

function render(template: EmailTemplateName, locale: EmailLocale, patch: Record<string, unknown> = {}) {
  return renderEmail({ template, locale, data: { ...SAMPLE_DATA[template], ...patch }, publicUrl: PUBLIC_URL });
}

describe("header injection via fullName", () => {
  it.each(["en", "fr-CA"] as const)(
    "vendor-letter subject (%s) stays on one line and keeps the reference",
    (locale) => {
      const email = render("vendor-letter", locale, { fullName: "Jeanne\r\nBcc: evil@example.com" });
      expect(email.subject).not.toMatch(/[\r\n]/);
      expect(email.subject).toContain("Jeanne Bcc: evil@example.com");
      expect(email.subject).toContain("BRP-2025-0042");
    },
  );

  it("request-filed subject stays on one line with a hostile vendor name", () => {
    const email = render("request-filed", "en", { vendorName: "Acme\r\nBcc: evil@example.com\r\n\r\n<html>" });
    expect(email.subject).toBe(
      "We received your access request to Acme Bcc: evil@example.com <html> (ref. BRP-2025-0042)",
    );
  });
});

describe("vendor-letter", () => {
  it.each(["en", "fr-CA"] as const)("keeps the reference in a %s subject even with maximal names", (locale) => {
    const email = render("vendor-letter", locale, {
      fullName: "N".repeat(200),
      regime: "R".repeat(200),
      requestType: "limit",
      reference: "REF-" + "9".repeat(60),
    });
    expect(email.subject.length).toBeLessThanOrEqual(200);
    expect(email.subject).toContain("REF-" + "9".repeat(60));
  });

  it("states the resident, their email, the legal basis and the deadline", () => {
    const { text } = render("vendor-letter", "en");
    for (const needle of [
      "Jeanne Tremblay",
      "jeanne@example.com",
      "Cal. Civ. Code § 1798.120",
      "February 14, 2025",
      "BRP-2025-0042",
    ]) {
      expect(text).toContain(needle);
    }
    const fr = render("vendor-letter", "fr-CA").text;
    expect(fr).toContain("14 février 2025");
    expect(fr).toContain("personne responsable de la protection des renseignements personnels");
  });

  it("rejects an invalid resident email", () => {
    expect(() => render("vendor-letter", "en", { residentEmail: "not-an-email\r\nBcc: x@y.z" })).toThrow(
      /residentEmail/,
    );
  });
});

describe("deadline-passed", () => {
  it("explains a deemed refusal and the complaint deadline", () => {
    const en = render("deadline-passed", "en").text;
    expect(en).toMatch(/treats the company's silence as a refusal/);
    expect(en).toContain("file a complaint with the regulator (Commission d'accès à l'information) by April 30, 2025");
    expect(en).toContain("https://portal.example.org/r/abc123def456/complaint");
    const fr = render("deadline-passed", "fr-CA").text;
    expect(fr).toMatch(/réputée avoir refusé votre demande/);
    expect(fr).toContain("d'ici le 30 avril 2025");
  });

  it("does not claim a deemed refusal when the law does not say so", () => {
    const en = render("deadline-passed", "en", { deemedRefusal: false, complaintDeadline: null }).text;
    expect(en).not.toMatch(/deemed refusal/);
    expect(en).toContain("not treated as a refusal");
  });
});

describe("dates and numbers", () => {
  it("formats deadlines per locale", () => {
    expect(render("request-filed", "en").text).toContain("March 1, 2025");
    expect(render("request-filed", "fr-CA").text).toContain("1er mars 2025");
  });

  it("shows the destruction receipt in UTC with a lower-case fingerprint", () => {
    const { text } = render("photo-destroyed", "en");
    expect(text).toContain("2025-03-01T14:05:09Z");
    expect(text).toContain("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(() => render("photo-destroyed", "en", { sha256: "abc" })).toThrow(/sha256/);
    expect(() => render("photo-destroyed", "en", { destroyedAt: "2025-03-01 14:05" })).toThrow(/destroyedAt/);
  });

  it.each([
    [7, "Due in 7 days", "Échéance dans 7 jours"],
    [2, "Due in 2 days", "Échéance dans 2 jours"],
    [1, "Due tomorrow", "Échéance demain"],
    [0, "Due today", "Échéance aujourd'hui"],
    [-1, "Overdue by 1 day", "En retard de 1 jour"],
  ])("staff-due-soon wording for %i days", (daysLeft, en, fr) => {
    expect(render("staff-due-soon", "en", { daysLeft }).subject).toContain(en);
    expect(render("staff-due-soon", "fr-CA", { daysLeft }).subject).toContain(fr);
    expect(() => render("staff-due-soon", "en", { daysLeft: 1.5 })).toThrow(/daysLeft/);
  });
});

describe("status-links", () => {
  it("lists every request as a descriptive absolute link", () => {
    const { html, text } = render("status-links", "fr-CA");
    expect(html).toContain('href="https://portal.example.org/r/zzz999"');
    expect(html).toContain("Demande BRP-2025-0043 visant Clearview Demo Corp.");
    expect(text).toContain("<https://portal.example.org/r/zzz999>");
  });

  it("rejects a hijacking path inside the list", () => {
    const requests = [{ reference: "R", vendorName: "V", statusPath: "//evil.com" }];
    expect(() => render("status-links", "en", { requests })).toThrow(/requests\.0\.statusPath/);
  });
});

describe("link query strings", () => {
  it("escapes & in href and keeps the raw URL in the text part", () => {
    const { html, text } = render("verify-email", "en");
    expect(html).toContain('href="https://portal.example.org/verify/tok_abc?x=1&amp;y=2"');
    expect(text).toContain("https://portal.example.org/verify/tok_abc?x=1&y=2");
  });
});
