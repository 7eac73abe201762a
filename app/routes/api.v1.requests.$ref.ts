import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiError } from "~/server/api/api-answers.server";
import { authenticateApi } from "~/server/api/api-keys.server";
import { detailForApi } from "~/server/api/api-requests.server";
import { ServiceError } from "~/server/core/errors.server";
import { now } from "~/server/core/runtime.server";

/** GET /api/v1/requests/:reference — another vendor's request is 404, as in the workspace. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  try {
    const principal = authenticateApi(request, now());
    return Response.json(detailForApi(principal, params.ref ?? "", now()), {
      headers: { "Cache-Control": "no-store" },
    });
  } catch (err) {
    if (err instanceof Response) return err;
    if (err instanceof ServiceError) return apiError(err.status, err.code, err.message);
    throw err;
  }
}
