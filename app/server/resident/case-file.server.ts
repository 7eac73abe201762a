/**
 * The resident's way out when the company does not answer, or refuses: the case file (the whole
 * request, its law, timeline, answer and audit hashes in one document, for a complaint or
 * counsel) and the escalation path (the competent regulator, the deadline to complain and a
 * pre-filled complaint letter).
 */
import { describeJurisdiction, getRule } from "~/domain/deadlines";
import type { Locale } from "~/i18n";
import { getSqlite, prepareCached } from "../core/db.server";
import { readAll, type AuditEventRow } from "../core/rows.server";
import { getResponsePackage } from "../vendor/response-packages.server";
import { getResidentView, type StatusView } from "./status-view.server";

/** The resident's case file: everything needed for a complaint or counsel, in one document. */
export async function buildCaseFile(request: Request, reference: string, opts: { now: Date; locale: Locale }) {
  const view = await getResidentView(request, reference, opts);
  const r = view.request;
  const d = view.deadline;
  const audit = readAll<Pick<AuditEventRow, "seq" | "at" | "action" | "hash">>(
    prepareCached(
      getSqlite(),
      "SELECT seq, at, action, hash FROM audit_events WHERE object_type = 'request' AND object_id = ? ORDER BY seq",
    ),
    r.reference,
  );
  return {
    format: "biometric-rights-portal/case-file@1",
    generatedAt: opts.now.toISOString(),
    reference: r.reference,
    resident: { fullName: view.filing.fullName },
    vendor: { name: view.vendor.name, privacyEmail: view.vendor.privacy_email },
    request: {
      type: r.type,
      jurisdiction: r.jurisdiction,
      jurisdictionName: describeJurisdiction(r.jurisdiction as never, opts.locale).name,
      status: r.status,
      filedAt: new Date(r.created_at).toISOString(),
      receivedAt: r.received_at == null ? null : new Date(r.received_at).toISOString(),
      closedAt: r.closed_at == null ? null : new Date(r.closed_at).toISOString(),
      outcome: r.outcome,
      denialBasis: r.denial_basis,
      vendorAnswer: r.outcome_reason,
    },
    law: d
      ? {
          ruleId: d.ruleId,
          ruleVersion: d.ruleVersion,
          citation: d.citation,
          statutory: d.statutory,
          timeZone: d.timeZone,
          receivedOn: d.receivedOn,
          originalRespondBy: d.originalRespondBy,
          respondBy: d.respondBy,
          extendedTo: d.extendedTo,
          pausedDays: d.pausedDays,
          acknowledgeBy: d.acknowledgeBy,
          noReply: d.noReply,
          stateAtGeneration: d.state,
          complaint: d.complaint,
          explanation: d.explanation.map((s) => s.text),
        }
      : null,
    timeline: view.events.map((e) => {
      const p = JSON.parse(e.payload) as Record<string, unknown>;
      return {
        at: new Date(e.at).toISOString(),
        event: e.type,
        by: e.actor_type,
        ...(typeof p.reason === "string" ? { reason: p.reason } : {}),
        ...(typeof p.denialBasis === "string" ? { denialBasis: p.denialBasis } : {}),
        ...(typeof p.extendedTo === "string" ? { extendedTo: p.extendedTo } : {}),
        ...(typeof p.copies === "number" ? { copies: p.copies } : {}),
      };
    }),
    responsePackage: getResponsePackage(r.id),
    // The hashes let a regulator or counsel check this history against the portal's audit chain.
    auditTrail: audit,
  };
}

export interface Escalation {
  /** Why escalation is offered now. */
  reason: "overdue" | "deemed_refused" | "denied" | "partially_fulfilled";
  regulator: string | null;
  url: string | null;
  windowText: string | null;
  deadline: string | null;
  /** Where no regulator takes complaints (e.g. Illinois BIPA): what the law offers instead. */
  privateAction: string | null;
  /** A complaint the resident can copy, with the request's timeline. */
  letter: string;
}

/**
 * The escalation path once the deadline has passed without a final answer, the law deems the
 * silence a refusal, or the vendor refused: the competent regulator, the resident's own
 * deadline to complain, and a pre-filled complaint with the timeline.
 */
export function buildEscalation(view: StatusView, opts: { locale: Locale }): Escalation | null {
  const r = view.request;
  const d = view.deadline;
  if (!d) return null;
  const open = !["fulfilled", "partially_fulfilled", "denied", "withdrawn"].includes(r.status);
  const reason: Escalation["reason"] | null =
    r.status === "denied"
      ? "denied"
      : r.status === "partially_fulfilled"
        ? "partially_fulfilled"
        : open && d.state === "deemed_refused"
          ? "deemed_refused"
          : open && d.state === "overdue"
            ? "overdue"
            : null;
  if (!reason) return null;
  const fr = opts.locale === "fr-CA";
  const rule = r.rule_id && r.rule_version != null ? getRule(r.rule_id, r.rule_version) : undefined;
  const jurisdiction = describeJurisdiction(r.jurisdiction as never, opts.locale);
  const lines = view.events.map((e) => `- ${new Date(e.at).toISOString().slice(0, 10)}: ${e.type.replace(/_/g, " ")}`);
  const what =
    reason === "denied"
      ? fr
        ? `L'entreprise a refusé la demande (${r.denial_basis ?? "motif non précisé"}).`
        : `The company refused the request (${r.denial_basis ?? "no basis given"}).`
      : reason === "partially_fulfilled"
        ? fr
          ? "L'entreprise n'a donné suite à la demande qu'en partie."
          : "The company only partly fulfilled the request."
        : reason === "deemed_refused"
          ? fr
            ? `L'entreprise n'a pas répondu au plus tard le ${d.respondBy}; selon la loi, ce silence équivaut à un refus.`
            : `The company did not answer by ${d.respondBy}; under the law this silence is deemed a refusal.`
          : fr
            ? `L'entreprise n'a pas répondu au plus tard le ${d.respondBy}, date limite prévue par la loi.`
            : `The company did not answer by ${d.respondBy}, the legal deadline.`;
  const letter = (
    fr
      ? [
          `Objet : plainte — demande ${r.reference} visant ${view.vendor.name}`,
          "",
          `Je m'appelle ${view.filing.fullName} et je réside au ${jurisdiction.name}.`,
          `Le ${d.receivedOn}, ${view.vendor.name} a reçu ma demande (${r.type}) fondée sur ${d.citation}.`,
          what,
          "",
          "Historique de la demande :",
          ...lines,
          "",
          "Je vous demande d'examiner cette situation. Mon dossier complet (JSON et version imprimable) est joint.",
        ]
      : [
          `Subject: complaint — request ${r.reference} to ${view.vendor.name}`,
          "",
          `My name is ${view.filing.fullName} and I live in ${jurisdiction.name}.`,
          `On ${d.receivedOn}, ${view.vendor.name} received my ${r.type} request under ${d.citation}.`,
          what,
          "",
          "Timeline of the request:",
          ...lines,
          "",
          "I ask you to examine this. My full case file (JSON and printable) is attached.",
        ]
  ).join("\n");
  return {
    reason,
    regulator: d.complaint?.regulator ?? null,
    url: d.complaint?.url ?? null,
    windowText: d.complaint?.windowText ?? null,
    deadline: d.complaint?.deadline ?? null,
    privateAction: d.complaint ? null : (rule?.nonStatutory?.requirements[opts.locale] ?? null),
    letter,
  };
}
