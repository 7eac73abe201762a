/**
 * The steps of the filing page (requests.new), each a plain form post: back to the form
 * ("edit"), the review ("review": what will be sent, the law, the expected dates) and filing
 * ("submit": consent and the optional photo). Every answer carries the typed values back so
 * the page comes back filled in; the photo never does (the page asks for it again).
 */
import { data } from "@remix-run/node";
import { z } from "zod";
import { CONSENT_VERSION, fieldErrors, finalFilingSchema, type FilingInput } from "~/domain/schemas";
import type { Locale } from "~/i18n";
import { ServiceError } from "../core/errors.server";
import { formValues } from "../core/http.server";
import { clientAddress, hitRateLimits } from "../security/rate-limit.server";
import type { FiledRequest } from "./file-request.server";
import { previewFiling, readFilingForm, submitFiling, type FilingReview } from "./filing-form.server";

export type FilingValues = Record<string, string | string[]>;

/** What the page shows after a step: the form again, the review, or what was filed. */
export type FilingAnswer = {
  stage: "edit" | "review" | "done";
  errors: Record<string, string>;
  values: FilingValues;
  review?: FilingReview;
  done?: { replayed: boolean; filed: FiledRequest[]; email: string };
};

/** Who files, in which language, when: the review's dates and the rate limits depend on it. */
export interface FilingContext {
  locale: Locale;
  at: Date;
  /** The route's load context, read only when filing (the per-address limit). */
  loadContext: unknown;
}

/** Field names that may repeat (several companies, several request types). */
const ARRAYS = ["vendor", "type"];

/** The step sent; a form without one (or with an unknown one) asks for the review. */
const filingStepSchema = z.enum(["edit", "review", "submit"]).catch("review");

/** Reads a filing post: which step, the typed values (without the photo) and the photo itself. */
export async function readFilingStep(request: Request) {
  const form = await readFilingForm(request);
  const values = formValues(form, ARRAYS);
  delete values.photo;
  const photo = form.get("photo");
  return {
    step: filingStepSchema.parse(form.get("step")),
    values,
    photo: photo instanceof File || typeof photo === "string" ? photo : null,
  };
}

export function answerFiling(body: Omit<FilingAnswer, "values">, values: FilingValues, status = 200) {
  return data({ ...body, values } satisfies FilingAnswer, { status });
}

/**
 * The review of a valid form, with the errors of a refused submit if any. It is built only when
 * a page shows it: a successful submit does not need it, and rendering the letter was a third of
 * its cost. A rule the form cannot know about (no law for that pair) sends it back to the form.
 */
export function reviewFiling(
  input: FilingInput,
  values: FilingValues,
  ctx: FilingContext,
  refusal: { errors: Record<string, string>; status: number; headers?: HeadersInit } = { errors: {}, status: 200 },
) {
  let review: FilingReview;
  try {
    review = previewFiling(input, { locale: ctx.locale, now: ctx.at });
  } catch (err) {
    if (err instanceof ServiceError && err.status === 400)
      return answerFiling({ stage: "edit", errors: err.fields }, values, 400);
    throw err;
  }
  return data({ stage: "review", review, errors: refusal.errors, values } satisfies FilingAnswer, {
    status: refusal.status,
    headers: refusal.headers,
  });
}

/**
 * Files the reviewed requests: consent checked, limits per address and per email, then the
 * photo and the filing. A refusal shows the review again with its reason.
 */
export async function fileReviewedRequests(
  input: FilingInput,
  values: FilingValues,
  photo: File | string | null,
  ctx: FilingContext,
) {
  const final = finalFilingSchema.safeParse(values);
  if (!final.success) return reviewFiling(input, values, ctx, { errors: fieldErrors(final.error), status: 400 });
  const limited = hitRateLimits(
    [
      { name: "filingPerIp", key: clientAddress(ctx.loadContext) },
      { name: "filingPerEmail", key: input.email },
    ],
    ctx.at,
  );
  if (!limited.ok)
    return reviewFiling(input, values, ctx, {
      errors: { form: "errors.tooManyAttempts" },
      status: 429,
      headers: { "Retry-After": String(limited.retryAfterSeconds) },
    });
  try {
    const outcome = await submitFiling(input, photo, {
      locale: ctx.locale,
      now: ctx.at,
      consentVersion: CONSENT_VERSION,
    });
    if (!outcome.ok) return reviewFiling(input, values, ctx, { errors: outcome.errors, status: 400 });
    return answerFiling(
      {
        stage: "done",
        errors: {},
        done: { replayed: outcome.result.replayed, filed: outcome.result.requests, email: input.email },
      },
      values,
    );
  } catch (err) {
    if (err instanceof ServiceError && err.status === 400)
      return answerFiling({ stage: "edit", errors: err.fields }, values, 400);
    throw err;
  }
}
