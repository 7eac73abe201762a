import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";
import { describeJurisdictions, REQUEST_TYPES } from "~/domain/deadlines";
import { fieldErrors, filingSchema } from "~/domain/schemas";
import { detectLocale } from "~/server/core/locale.server";
import { now } from "~/server/core/runtime.server";
import { newIdempotencyKey } from "~/server/resident/file-request.server";
import {
  answerFiling,
  fileReviewedRequests,
  readFilingStep,
  reviewFiling,
  type FilingAnswer,
} from "~/server/resident/filing-steps.server";
import { listVendorChoices } from "~/server/resident/vendor-directory.server";
import { Done } from "./done";
import { EditForm } from "./edit-form";
import { Review } from "./review";

export const meta: MetaFunction = () => [{ title: "File a request · Déposer une demande" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = detectLocale(request);
  const jurisdictions = describeJurisdictions(locale);
  // `?vendor=slug` (from the directory) preselects companies; unknown slugs are ignored.
  const preselected = new URL(request.url).searchParams.getAll("vendor");
  return {
    vendors: listVendorChoices(),
    jurisdictions,
    types: REQUEST_TYPES,
    idempotencyKey: newIdempotencyKey(),
    preselected,
  };
}

/**
 * Two steps, both plain form posts (no JavaScript needed): `step=review` validates and shows
 * what will be sent, the law and the expected deadline; `step=submit` (multipart, with the
 * consent and the optional photo) files. Field names are stable: vendor, jurisdiction, type,
 * fullName, email, photo, urls, consent.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const locale = detectLocale(request);
  const { step, values, photo } = await readFilingStep(request);
  if (step === "edit") return answerFiling({ stage: "edit", errors: {} }, values);
  const base = filingSchema.safeParse(values);
  if (!base.success) return answerFiling({ stage: "edit", errors: fieldErrors(base.error) }, values, 400);
  const ctx = { locale, at: now(), loadContext: context };
  if (step === "review") return reviewFiling(base.data, values, ctx);
  return fileReviewedRequests(base.data, values, photo, ctx);
}

export default function NewRequest() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FilingAnswer | undefined;
  const { i18n } = useTranslation();
  const locale = i18n.language === "fr-CA" ? "fr-CA" : "en";
  if (result?.stage === "done" && result.done) return <Done done={result.done} locale={locale} />;
  if (result?.stage === "review" && result.review)
    return <Review review={result.review} values={result.values} errors={result.errors} locale={locale} />;
  return <EditForm data={data} values={result?.values ?? {}} errors={result?.errors} hasResult={Boolean(result)} />;
}
