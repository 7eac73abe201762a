/**
 * The forms of the resident's status page (r.$token): withdraw, sign out everywhere, reply to
 * the vendor, say how an emailed reply should be read. Each checks the browser's link to the
 * request itself (resident-actions, status-links).
 */
import { data } from "@remix-run/node";
import { z } from "zod";
import { isEmailReplyClass, type EmailReplyClass } from "~/domain/email-replies";
import { fieldErrors, residentReplySchema } from "~/domain/schemas";
import { replyToVendor } from "./resident-actions.server";
import { revokeAllStatusLinks } from "./status-links.server";

/**
 * Which form was sent. The reply's text is checked by residentReplySchema (its refusal is shown
 * under the field); anything else that does not fit is a bad request, not a page.
 */
const statusFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("withdraw") }),
  z.object({ intent: z.literal("sign-out-everywhere") }),
  z.object({ intent: z.literal("reply"), message: z.unknown() }),
  z.object({
    intent: z.literal("classify-email"),
    mailId: z
      .unknown()
      .transform((v) => Number(v))
      .refine((n) => Number.isSafeInteger(n) && n > 0),
    reading: z.custom<EmailReplyClass>(isEmailReplyClass),
  }),
]);

/** The status page's form, or a 400 for a form the page never sends. */
export async function readStatusForm(request: Request) {
  const form = await request.formData();
  const parsed = statusFormSchema.safeParse({
    intent: form.get("intent"),
    message: form.get("message") ?? undefined,
    mailId: form.get("mailId"),
    reading: form.get("reading"),
  });
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  return parsed.data;
}

/** Sends the resident's reply; returns the refusal to show under the field, or null once sent. */
export async function sendReply(request: Request, reference: string, message: unknown, at: Date) {
  const parsed = residentReplySchema.safeParse({ intent: "reply", message });
  if (!parsed.success)
    return data({ errors: fieldErrors(parsed.error), message: String(message ?? "") }, { status: 400 });
  await replyToVendor(request, reference, parsed.data.message, { now: at });
  return null;
}

/** Revokes every link to the request this browser holds; returns the cookie that forgets it. */
export async function signOutEverywhere(request: Request, reference: string, at: Date): Promise<string> {
  return (await revokeAllStatusLinks(request, reference, { now: at })).setCookie;
}
