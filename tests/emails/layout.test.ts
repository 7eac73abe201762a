import { describe, expect, it } from "vitest";
import {
  appPath,
  buildAbsoluteUrl,
  escapeHtml,
  finalizeSubject,
  formatDate,
  formatInstant,
  getRequestTypeLabel,
  isoDate,
  subjectLine,
  toMultiLine,
  toSingleLine,
} from "../../emails/layout";

describe("escapeHtml", () => {
  it("escapes the five HTML-significant characters", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });
});

describe("subject sanitising", () => {
  it("flattens CR, LF and other control characters in interpolated values", () => {
    const name = "Jeanne\r\nBcc: evil@example.com\u0000\u2028\u202e";
    const subject = subjectLine`Request from ${name} (ref. ${"R-1"})`;
    expect(subject).toBe("Request from Jeanne Bcc: evil@example.com (ref. R-1)");
  });

  it("caps each value and the whole subject", () => {
    expect(subjectLine`${"x".repeat(500)}`.length).toBeLessThanOrEqual(70);
    expect(finalizeSubject("y".repeat(500)).length).toBe(200);
    expect(finalizeSubject("a\r\nb")).toBe("a b");
  });

  it("normalises text fields", () => {
    expect(toSingleLine("  a\r\n\tb  ")).toBe("a b");
    expect(toMultiLine("a\r\nb\rc\u0007\n\n\n\nd")).toBe("a\nb\nc\n\nd");
  });
});

describe("dates", () => {
  it("formats YYYY-MM-DD without shifting the day, per locale", () => {
    expect(formatDate("2025-01-01", "en")).toBe("January 1, 2025");
    expect(formatDate("2025-12-31", "en")).toBe("December 31, 2025");
    expect(formatDate("2025-03-01", "fr-CA")).toBe("1er mars 2025");
    expect(formatDate("2025-03-15", "fr-CA")).toBe("15 mars 2025");
  });

  it("matches Intl with a UTC-noon date, whatever the process time zone", () => {
    const expected = new Intl.DateTimeFormat("en-CA", { dateStyle: "long", timeZone: "UTC" }).format(
      new Date(Date.UTC(2024, 1, 29, 12)),
    );
    expect(formatDate("2024-02-29", "en")).toBe(expected);
  });

  it("formats instants in UTC", () => {
    expect(formatInstant("2025-03-01T23:30:00-05:00", "en")).toMatch(/^March 2, 2025.*4:30:00.*UTC$/);
    expect(formatInstant("2025-03-01T14:05:09Z", "fr-CA")).toMatch(/^1er mars 2025 à 14 h 05/);
  });

  it("rejects impossible or malformed dates", () => {
    for (const bad of ["2025-02-30", "2025-13-01", "2025-1-1", "20250101", "2025-01-01T00:00:00Z", ""]) {
      expect(isoDate.safeParse(bad).success).toBe(false);
    }
    expect(isoDate.safeParse("2024-02-29").success).toBe(true);
  });
});

describe("links", () => {
  it("accepts app-relative paths only", () => {
    expect(appPath.safeParse("/r/abc?x=1#y").success).toBe(true);
    for (const bad of [
      "//evil.com",
      "/\\evil.com",
      "/\t/evil.com",
      "/\n/evil.com",
      "https://evil.com",
      "r/abc",
      " /r",
      "",
    ]) {
      expect(appPath.safeParse(bad).success, bad).toBe(false);
    }
  });

  it("builds absolute URLs on the public origin", () => {
    expect(buildAbsoluteUrl("/r/abc", "https://portal.example.org")).toBe("https://portal.example.org/r/abc");
    expect(buildAbsoluteUrl("/r/a b".replace(" ", "%20"), "https://portal.example.org/")).toBe(
      "https://portal.example.org/r/a%20b",
    );
    expect(() => buildAbsoluteUrl("//evil.com", "https://portal.example.org")).toThrow(/unsafe path/);
    expect(() => buildAbsoluteUrl("/x", "javascript:alert(1)")).toThrow(/publicUrl/);
  });
});

describe("request type labels", () => {
  it("uses the agreed English and Québec French wording", () => {
    expect(getRequestTypeLabel("access", "en")).toBe("access request");
    expect(getRequestTypeLabel("access", "fr-CA")).toBe("demande d'accès");
    expect(getRequestTypeLabel("deletion", "en")).toBe("deletion request");
    expect(getRequestTypeLabel("deletion", "fr-CA")).toBe("demande de suppression");
    expect(getRequestTypeLabel("correction", "en")).toBe("correction request");
    expect(getRequestTypeLabel("correction", "fr-CA")).toBe("demande de rectification");
    expect(getRequestTypeLabel("opt_out", "en")).toBe("opt-out request");
    expect(getRequestTypeLabel("opt_out", "fr-CA")).toBe("demande de retrait (opt-out)");
    expect(getRequestTypeLabel("limit", "en")).toBe("request to limit use of sensitive data");
    expect(getRequestTypeLabel("limit", "fr-CA")).toBe(
      "demande de limitation de l'utilisation des renseignements sensibles",
    );
  });
});
