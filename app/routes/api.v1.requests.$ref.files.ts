import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiError } from "~/server/api/api-answers.server";
import { listFilesForApi, uploadForApi } from "~/server/api/api-files.server";
import { authenticateApi } from "~/server/api/api-keys.server";
import { ServiceError } from "~/server/core/errors.server";
import { now } from "~/server/core/runtime.server";

/** GET /api/v1/requests/:reference/files — another vendor's request is 404 (audited), as everywhere. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  try {
    const principal = authenticateApi(request, now());
    return Response.json(listFilesForApi(principal, params.ref ?? "", now()), {
      headers: { "Cache-Control": "no-store" },
    });
  } catch (err) {
    if (err instanceof Response) return err;
    if (err instanceof ServiceError) return apiError(err.status, err.code, err.message);
    throw err;
  }
}

/** POST /api/v1/requests/:reference/files — raw body + filename, or one multipart part "file". */
export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return apiError(405, "method_not_allowed", "Use POST");
  try {
    // The key is checked before a byte of the body is read.
    const principal = authenticateApi(request, now());
    return await uploadForApi(principal, params.ref ?? "", request, {
      now: now(),
      idempotencyKey: request.headers.get("Idempotency-Key"),
    });
  } catch (err) {
    if (err instanceof Response) return err;
    if (err instanceof ServiceError) return apiError(err.status, err.code, err.message);
    throw err;
  }
}
