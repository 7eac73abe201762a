import type { ActionFunctionArgs } from "@remix-run/node";
import { apiError } from "~/server/api/api-answers.server";
import { reportBlockedCollectionForApi } from "~/server/api/api-blocked-collections.server";
import { authenticateApi } from "~/server/api/api-keys.server";
import { now } from "~/server/core/runtime.server";

/** POST /api/v1/requests/:reference/blocked-collections — a later crawl kept the deleted face out. */
export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return apiError(405, "method_not_allowed", "Use POST");
  try {
    const at = now();
    const principal = authenticateApi(request, at);
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      return apiError(400, "invalid_json", "The body must be JSON");
    }
    return reportBlockedCollectionForApi(principal, params.ref ?? "", body, at);
  } catch (err) {
    if (err instanceof Response) return err;
    throw err;
  }
}

export async function loader() {
  return apiError(405, "method_not_allowed", "Use POST");
}
