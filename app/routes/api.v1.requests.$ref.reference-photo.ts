import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiError } from "~/server/api/api-answers.server";
import { authenticateApi } from "~/server/api/api-keys.server";
import { downloadReferencePhotoForApi } from "~/server/api/api-photos.server";
import { ServiceError } from "~/server/core/errors.server";
import { now } from "~/server/core/runtime.server";

/** GET /api/v1/requests/:reference/reference-photo — the resident's photo (scope reference_photos:read, audited). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  try {
    const at = now();
    return downloadReferencePhotoForApi(authenticateApi(request, at), params.ref ?? "", at);
  } catch (err) {
    if (err instanceof Response) return err;
    if (err instanceof ServiceError) return apiError(err.status, err.code, err.message);
    throw err;
  }
}
