/**
 * Email template registry and the single entry point the outbox worker uses.
 *
 * Every payload is validated against its template's zod schema before
 * rendering, so a malformed outbox row fails loudly with the template and field
 * named instead of producing a half-empty legal notice.
 */
import { z } from "zod";
import { EMAIL_LOCALES, type EmailLocale, type RenderContext, type RenderedEmail } from "./layout";
import * as deadlineExtended from "./templates/deadline-extended";
import * as deadlinePassed from "./templates/deadline-passed";
import * as infoRequested from "./templates/info-requested";
import * as passwordReset from "./templates/password-reset";
import * as photoDestroyed from "./templates/photo-destroyed";
import * as requestAcknowledged from "./templates/request-acknowledged";
import * as requestAnswered from "./templates/request-answered";
import * as requestDelivered from "./templates/request-delivered";
import * as requestFiled from "./templates/request-filed";
import * as secondFactorLocked from "./templates/second-factor-locked";
import * as staffDailyDigest from "./templates/staff-daily-digest";
import * as staffDueSoon from "./templates/staff-due-soon";
import * as staffInvite from "./templates/staff-invite";
import * as staffInviteApproval from "./templates/staff-invite-approval";
import * as staffNewRequest from "./templates/staff-new-request";
import * as staffOverdue from "./templates/staff-overdue";
import * as staffResidentReplied from "./templates/staff-resident-replied";
import * as statusLinks from "./templates/status-links";
import * as vendorLetter from "./templates/vendor-letter";
import * as vendorMailReceived from "./templates/vendor-mail-received";
import * as verifyEmail from "./templates/verify-email";
import * as verifyReminder from "./templates/verify-reminder";

export type { EmailLocale, RenderedEmail } from "./layout";
export { EMAIL_LOCALES } from "./layout";

/** Shape every module in emails/templates/ exports. */
export interface EmailTemplateModule<Name extends string = string, Schema extends z.ZodType = z.ZodType> {
  name: Name;
  schema: Schema;
  render(data: z.output<Schema>, locale: EmailLocale, ctx: RenderContext): RenderedEmail;
}

// Keys must equal each module's `name` (checked by tests/emails).
const templates = {
  "request-filed": requestFiled,
  "verify-email": verifyEmail,
  "verify-reminder": verifyReminder,
  "request-delivered": requestDelivered,
  "request-acknowledged": requestAcknowledged,
  "info-requested": infoRequested,
  "deadline-extended": deadlineExtended,
  "request-answered": requestAnswered,
  "deadline-passed": deadlinePassed,
  "photo-destroyed": photoDestroyed,
  "status-links": statusLinks,
  "vendor-letter": vendorLetter,
  "vendor-mail-received": vendorMailReceived,
  "staff-new-request": staffNewRequest,
  "staff-due-soon": staffDueSoon,
  "staff-overdue": staffOverdue,
  "staff-resident-replied": staffResidentReplied,
  "staff-daily-digest": staffDailyDigest,
  "password-reset": passwordReset,
  "second-factor-locked": secondFactorLocked,
  "staff-invite": staffInvite,
  "staff-invite-approval": staffInviteApproval,
} as const satisfies Record<string, EmailTemplateModule>;

export type EmailTemplateName = keyof typeof templates;

/** Payload type (schema input) for a template, for callers that build outbox rows. */
export type EmailTemplateData<N extends EmailTemplateName> = z.input<(typeof templates)[N]["schema"]>;

export const EMAIL_TEMPLATES: readonly EmailTemplateName[] = Object.freeze(
  Object.keys(templates) as EmailTemplateName[],
);

export function isEmailTemplateName(x: string): x is EmailTemplateName {
  // hasOwn, not `in`: "toString" or "__proto__" must not count as a template.
  return Object.hasOwn(templates, x);
}

export function isEmailLocale(x: string): x is EmailLocale {
  return (EMAIL_LOCALES as readonly string[]).includes(x);
}

export const templateSchemas: Record<EmailTemplateName, z.ZodType> = Object.freeze(
  EMAIL_TEMPLATES.reduce(
    (acc, n) => {
      acc[n] = templates[n].schema;
      return acc;
    },
    {} as Record<EmailTemplateName, z.ZodType>,
  ),
);

/** Thrown when a payload does not match its template's schema; keeps the ZodError as `cause`. */
export class EmailDataError extends Error {
  readonly template: EmailTemplateName;
  readonly issues: z.core.$ZodIssue[];

  constructor(template: EmailTemplateName, error: z.ZodError) {
    const details = error.issues
      .map((issue) => `${issue.path.length ? issue.path.map(String).join(".") : "(root)"}: ${issue.message}`)
      .join("; ");
    super(`Invalid data for email template "${template}": ${details}`, { cause: error });
    this.name = "EmailDataError";
    this.template = template;
    this.issues = error.issues;
  }
}

export function renderEmail(input: {
  template: EmailTemplateName;
  locale: EmailLocale;
  data: unknown;
  publicUrl: string;
}): RenderedEmail {
  // Inputs come from outbox rows (strings from SQLite), so re-check what the types promise.
  if (!isEmailTemplateName(input.template)) {
    throw new Error(`Unknown email template ${JSON.stringify(input.template)}`);
  }
  if (!isEmailLocale(input.locale)) {
    throw new Error(`Unsupported email locale ${JSON.stringify(input.locale)} for template "${input.template}"`);
  }
  const template = templates[input.template] as unknown as EmailTemplateModule;
  const parsed = template.schema.safeParse(input.data);
  if (!parsed.success) throw new EmailDataError(input.template, parsed.error);
  return template.render(parsed.data, input.locale, { publicUrl: input.publicUrl });
}
