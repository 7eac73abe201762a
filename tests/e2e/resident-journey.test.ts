/**
 * The resident's journey in French, in Chromium: file against two companies with a photo → confirm
 * from the email → status page (law, citation, deadline) → the company asks for information →
 * the resident replies → the company fulfils → the resident reads the answer and the case file.
 */
import type { BrowserContext, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchBrowser, startServer, waitForMail, type RunningServer, signInStaff } from "./harness";

const LABELS = {
  fr: {
    lng: "fr",
    where: "Où habitez-vous?",
    access: /^Accès/,
    searchLog: "Inclure qui a recherché mon visage, et quand",
    name: "Nom complet",
    email: "Adresse courriel",
    urls: /Adresses Web/,
    continue: "Continuer vers la vérification",
    review: "Vérifiez votre demande",
    consent: /J'ai lu comment mes renseignements/,
    send: "Envoyer ma demande",
    filed: "Votre demande a été déposée",
    confirm: "Confirmer et envoyer ma demande",
    sent: "Votre demande a été envoyée",
    original: "Délai légal initial",
    kept: "Conservée chiffrée",
    reply: "Votre réponse",
    sendReply: "Envoyer ma réponse",
    fulfilled: "Traitée",
    pkg: "Télécharger la réponse complète (JSON)",
    caseJson: "Dossier en JSON",
    casePrint: "Dossier imprimable",
    answer: "Celle de la page d'équipe, s'il vous plaît.",
  },
  en: {
    lng: "en",
    where: "Where do you live?",
    access: /^Access/,
    searchLog: "Include who searched for my face, and when",
    name: "Full name",
    email: "Email address",
    urls: /Web addresses/,
    continue: "Continue to review",
    review: "Review your request",
    consent: /I have read how my information and photo are used/,
    send: "Send my request",
    filed: "Your request has been filed",
    confirm: "Confirm and send my request",
    sent: "Your request has been sent",
    original: "Original legal deadline",
    kept: "Stored encrypted",
    reply: "Your answer",
    sendReply: "Send my answer",
    fulfilled: "Fulfilled",
    pkg: "Download the full answer (JSON)",
    caseJson: "Case file as JSON",
    casePrint: "Printable case file",
    answer: "The one on the team page, please.",
  },
} as const;

describe.each(["fr", "en"] as const)("resident journey (%s)", (lang) => {
  const L = LABELS[lang];
  let server: RunningServer;
  let browser: BrowserContext;
  let page: Page;
  const violations: string[] = [];
  const email = `chloe.gagnon.${lang}@example.com`;
  let facetteRef = "";

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  describe("journey", () => {
    it("dépose une demande auprès de deux entreprises, avec une photo", async () => {
      await page.goto(`${server.url}/requests/new?lng=${L.lng}`);
      await page.getByLabel("Facette AI").check();
      await page.getByLabel("Visagio").check();
      await page.getByLabel(L.where).selectOption("CA-QC");
      await page.getByLabel(L.access).check();
      await page.getByLabel(L.searchLog).check();
      await page.getByLabel(L.name).fill("Chloé Gagnon");
      await page.getByLabel(L.email).fill(email);
      await page.getByLabel(L.urls).fill("https://exemple.org/equipe/chloe");
      await page.getByRole("button", { name: L.continue }).click();
      await page.getByRole("heading", { name: L.review }).waitFor();
      const review = (await page.locator("main").textContent()) ?? "";
      expect(review).toContain("P-39.1");
      expect(review).toContain("Visagio");
      violations.push(...(await axeViolations(page)));
      const photo = await sharp({
        create: { width: 90, height: 120, channels: 3, background: { r: 170, g: 130, b: 110 } },
      })
        .jpeg()
        .toBuffer();
      await page.locator("#field-photo").setInputFiles({ name: "moi.jpg", mimeType: "image/jpeg", buffer: photo });
      await page.getByLabel(L.consent).check();
      await page.getByRole("button", { name: L.send }).click();
      await page.getByRole("heading", { name: L.filed }).waitFor();
      expect(await page.locator("h2.mono").count()).toBe(2);
      violations.push(...(await axeViolations(page)));
    });

    it("confirme le courriel et voit la loi, la référence et le délai", async () => {
      const verify = await waitForMail(server.smtp, (m) => m.to.includes(email) && /\/verify\//.test(m.text));
      expect(verify.html ?? "").toContain(lang === "fr" ? 'lang="fr-CA"' : 'lang="en"');
      await page.goto(/https?:\/\/[^\s]+\/verify\/[A-Za-z0-9_-]+/.exec(verify.text)![0]);
      await page.getByRole("button", { name: L.confirm }).click();
      await page.getByRole("heading", { name: L.sent }).waitFor();
      const delivered = await waitForMail(server.smtp, (m) => m.to.includes(email) && m.subject.includes("Facette"));
      facetteRef = /BR-\d{4}-\d{6}/.exec(delivered.subject)![0];
      await page.goto(/https?:\/\/[^\s]+\/r\/[A-Za-z0-9_-]+/.exec(delivered.text)![0]);
      const text = (await page.locator("main").textContent()) ?? "";
      expect(text).toContain("P-39.1");
      expect(text).toContain(L.original);
      expect(text).toContain(L.kept);
      violations.push(...(await axeViolations(page)));
    });

    it("l'entreprise demande une précision; le résident répond; l'entreprise traite la demande", async () => {
      // Staff work in their own browser (their language cookie must not change the resident's).
      const staffBrowser = await launchBrowser();
      const staffPage = await staffBrowser.newPage();
      const agent = server.logins.find((l) => l.email === "agent@facette.example")!;
      await signInStaff(staffPage, server, agent.email);
      await staffPage.waitForURL(/\/vendor$/);
      await staffPage.goto(`${server.url}/vendor/requests/${facetteRef}`);
      await staffPage.locator("#field-kind").selectOption("clarification");
      await staffPage.locator("#field-message").fill("Which of your profile photos should we search with?");
      await staffPage.getByRole("button", { name: "Send the question" }).click();
      await staffPage.locator("dd strong", { hasText: "Waiting for the resident" }).waitFor();

      const question = await waitForMail(
        server.smtp,
        (m) => m.to.includes(email) && m.text.includes("Which of your profile photos"),
      );
      await page.goto(/https?:\/\/[^\s]+\/r\/[A-Za-z0-9_-]+/.exec(question.text)![0]);
      await page.getByLabel(L.reply).fill(L.answer);
      await page.getByRole("button", { name: L.sendReply }).click();
      await page.getByText(L.answer).first().waitFor();
      violations.push(...(await axeViolations(page)));

      await waitForMail(
        server.smtp,
        (m) => m.to.includes(agent.email) && m.subject.includes(facetteRef) && m.text.includes("/vendor/requests/"),
      );
      await staffPage.goto(`${server.url}/vendor/requests/${facetteRef}`);
      expect(await staffPage.locator("main").textContent()).toContain(L.answer);
      await staffPage
        .getByLabel("Matched images")
        .fill("https://social.example/p/chloe | 2024-05-02\nhttps://nouvelles.example/photo.jpg | 2025-01-10");
      await staffPage.getByLabel("Searches that matched this face").fill("Acme Sécurité | 2025-06-01");
      await staffPage
        .getByLabel("What you did (shown to the resident)")
        .fill("12 images trouvées; journal des recherches joint.");
      await staffPage.getByRole("button", { name: "Mark as fulfilled" }).click();
      await staffPage.locator("dd strong", { hasText: "Fulfilled" }).waitFor();
      await staffBrowser.close();
    });

    it("le résident voit la réponse et télécharge son dossier", async () => {
      await page.goto(`${server.url}/r/${facetteRef}`);
      const text = (await page.locator("main").textContent()) ?? "";
      expect(text).toContain(L.fulfilled);
      expect(text).toContain("12 images trouvées");
      expect(text).toContain("Acme Sécurité");
      const pkgDownload = page.waitForEvent("download");
      await page.getByRole("link", { name: L.pkg }).click();
      const pkg = JSON.parse(
        Buffer.concat(await (await (await pkgDownload).createReadStream()).toArray()).toString("utf8"),
      ) as { kind: string; payload: { images: unknown[] } };
      expect(pkg.kind).toBe("access_package");
      expect(pkg.payload.images).toHaveLength(2);
      const download = page.waitForEvent("download");
      await page.getByRole("link", { name: L.caseJson }).click();
      const file = await download;
      const json = JSON.parse(
        await (await file.createReadStream()).toArray().then((c) => Buffer.concat(c).toString("utf8")),
      ) as { reference: string; timeline: { event: string }[] };
      expect(json.reference).toBe(facetteRef);
      expect(json.timeline.map((e) => e.event)).toEqual(
        expect.arrayContaining(["filed", "received", "info_requested", "resident_replied", "fulfilled"]),
      );
      await page.getByRole("link", { name: L.casePrint }).click();
      await page.getByRole("heading", { name: new RegExp(facetteRef) }).waitFor();
      violations.push(...(await axeViolations(page)));
    });

    it("aucune violation d'accessibilité / no accessibility violation", () => {
      expect(violations).toEqual([]);
    });
  });
});
