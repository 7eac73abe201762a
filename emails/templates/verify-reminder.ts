/** Reminder for residents who filed but have not confirmed their email yet. */
import {
  renderWithCopy,
  type EmailLocale,
  type LocalizedCopy,
  type RenderContext,
  type RenderedEmail,
} from "../layout";
import { schema as verifyEmailSchema, writeVerifyCopy, type VerifyEmailData } from "./verify-email";

export const name = "verify-reminder" as const;

// Same payload as verify-email by contract: the worker re-sends the same link.
export const schema = verifyEmailSchema;

export type VerifyReminderData = VerifyEmailData;

const copy: LocalizedCopy<VerifyReminderData> = {
  en: (d, h) => writeVerifyCopy(d, h, true),
  "fr-CA": (d, h) => writeVerifyCopy(d, h, true),
};

export function render(data: VerifyReminderData, locale: EmailLocale, ctx: RenderContext): RenderedEmail {
  return renderWithCopy(copy, data, locale, ctx);
}
