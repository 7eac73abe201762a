/**
 * The forms of one request's page in the vendor workspace (vendor.requests.$ref): which form was
 * sent, one small function per form, and how a refusal comes back to the page. The work itself
 * is done by forVendor (vendor-access.server.ts), so every call stays inside the staff member's
 * own vendor.
 */
import { data } from "@remix-run/node";
import { z } from "zod";
import { fieldErrors, staffActionSchema } from "~/domain/schemas";
import { ServiceError } from "../core/errors.server";
import { formValues, invalidForm, toHttpError } from "../core/http.server";
import type { SessionState, SessionUser } from "../security/staff-sessions.server";
import { confirmStepUp } from "../security/two-factor.server";
import { ResponseFileRejectedError, type ResponseFileUpload } from "./response-file-rules.server";
import { readResponseFileForm } from "./response-file-uploads.server";
import { forVendor } from "./vendor-access.server";

/** The answers the state machine knows; their fields are checked by the domain's staffActionSchema. */
const STAFF_INTENTS = ["acknowledge", "fulfil", "partially_fulfil", "request_info", "extend", "deny"] as const;

/**
 * Which form was sent. A file's remove button carries no intent of its own (it sits inside the
 * answer form), so a `removeFile` value makes it "remove_file" before this is read.
 */
export const vendorRequestFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("remove_file"), removeFile: z.string() }),
  z.object({ intent: z.literal("attach_files") }),
  z.object({ intent: z.literal("assign"), assignee: z.string().optional() }),
  z.looseObject({ intent: z.enum(STAFF_INTENTS) }),
]);
export type VendorRequestForm = z.infer<typeof vendorRequestFormSchema>;
export type VendorRequestIntent = VendorRequestForm["intent"];

/** What each form function needs: who acts, on which request, when, and from where (step-up limits). */
export interface RequestActionContext {
  staff: { user: SessionUser & { vendorId: number }; session: SessionState };
  reference: string;
  at: Date;
  clientIp: string;
}

type FormFields = Record<string, string | string[]>;

/** The page's answer after a form that stays on the page (typed values always come back). */
export function answerRequestForm(answer: { values: FormFields; attached?: number; removed?: true }) {
  return data({ ok: true as const, ...answer });
}

/**
 * Reads the page's form: multipart for the access answer (files), plain for the others. The
 * step-up secrets are read once and never echoed back into the form.
 */
export async function readVendorRequestForm(request: Request) {
  let read: Awaited<ReturnType<typeof readResponseFileForm>>;
  try {
    read = await readResponseFileForm(request);
  } catch (err) {
    if (err instanceof ResponseFileRejectedError)
      return { refused: invalidForm({ file: err.messageKey }, {}, err.status) } as const;
    throw err;
  }
  const { stepUpPassword, stepUpCode, ...values } = formValues(read.form);
  const parsed = vendorRequestFormSchema.safeParse(values.removeFile ? { ...values, intent: "remove_file" } : values);
  if (!parsed.success) return { refused: invalidForm(fieldErrors(parsed.error), values) } as const;
  return { input: parsed.data, values, uploads: read.uploads, stepUp: { password: stepUpPassword, code: stepUpCode } };
}

/** Removes an attached file before the answer is sent. */
export function removeAnswerFile(ctx: RequestActionContext, fileId: string): void {
  forVendor(ctx.staff.user).removeResponseFile(ctx.reference, Number(fileId), ctx.at);
}

/** Attaches files to the access answer without sending it; returns how many were attached. */
export async function attachAnswerFiles(ctx: RequestActionContext, uploads: ResponseFileUpload[]): Promise<number> {
  return (await forVendor(ctx.staff.user).attachResponseFiles(ctx.reference, uploads, ctx.at)).length;
}

/** Assigns the request to a colleague, or to nobody (an empty or unreadable choice). */
export function assignToColleague(ctx: RequestActionContext, assignee: string | undefined): void {
  const id = assignee === "" || assignee === undefined ? null : Number(assignee);
  forVendor(ctx.staff.user).assign(ctx.reference, Number.isInteger(id) ? id : null, ctx.at);
}

/**
 * Applies one of the state machine's answers. Files sent with an access answer are attached
 * first, so they are kept even when the note is refused. Answering a deletion request destroys
 * data: it asks for the password and a code again unless the staff member stepped up recently.
 * Returns the refusal to show, or null once the answer is recorded.
 */
export async function answerRequest(
  ctx: RequestActionContext,
  values: FormFields,
  uploads: ResponseFileUpload[],
  stepUp: { password: unknown; code: unknown },
) {
  const vendor = forVendor(ctx.staff.user);
  if (values.intent === "fulfil" && uploads.length > 0)
    await vendor.attachResponseFiles(ctx.reference, uploads, ctx.at);
  const parsed = staffActionSchema.safeParse(values);
  if (!parsed.success) return invalidForm(fieldErrors(parsed.error), values);
  if (parsed.data.intent === "fulfil" && vendor.requestType(ctx.reference, ctx.at) === "deletion") {
    const step = await confirmStepUp(ctx.staff, stepUp, { clientIp: ctx.clientIp, now: ctx.at });
    if (!step.ok) {
      return data(
        { ok: false as const, errors: step.errors, values },
        {
          status: step.status,
          headers: step.retryAfterSeconds ? { "Retry-After": String(step.retryAfterSeconds) } : undefined,
        },
      );
    }
  }
  vendor.act(ctx.reference, parsed.data, ctx.at);
  return null;
}

/** Conflicts the staff member is told about by name; any other conflict is "not allowed now". */
const NAMED_CONFLICTS = ["extension_not_allowed", "extension_already_used", "extension_notice_late"];

/**
 * A refusal of any of the page's forms, as the page shows it: a refused file names the file, a
 * bad choice marks its field, a conflict (the request moved on meanwhile) says so; anything
 * else is an HTTP error. Assigning has no conflicts to explain.
 */
export function refuseRequestForm(err: unknown, intent: VendorRequestIntent, values: FormFields) {
  if (err instanceof ResponseFileRejectedError)
    return data(
      { ok: false as const, errors: { file: err.messageKey }, values, fileName: err.fileName },
      { status: err.status },
    );
  if (err instanceof ServiceError) {
    if (err.status === 400 && (intent === "assign" || Object.keys(err.fields).length > 0))
      return invalidForm(err.fields, values, 400);
    if (err.status === 409 && intent !== "assign") {
      const key = NAMED_CONFLICTS.includes(err.code) ? `errors.${err.code}` : "errors.notAllowedNow";
      return invalidForm({ form: key }, values, 409);
    }
  }
  toHttpError(err);
}
