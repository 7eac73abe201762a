import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiError } from "~/server/api/api-answers.server";
import { deleteFileForApi, downloadFileForApi } from "~/server/api/api-files.server";
import { authenticateApi } from "~/server/api/api-keys.server";
import { ServiceError } from "~/server/core/errors.server";
import { now } from "~/server/core/runtime.server";

function fileId(raw: string | undefined): number | null {
  return raw && /^\d{1,12}$/.test(raw) && Number(raw) > 0 ? Number(raw) : null;
}

/** GET /api/v1/requests/:reference/files/:id — the file (audited); 404 for anything not this vendor's. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  try {
    const principal = authenticateApi(request, now());
    const id = fileId(params.id);
    if (id === null) return apiError(404, "not_found", "Not found");
    return downloadFileForApi(principal, params.ref ?? "", id, now());
  } catch (err) {
    if (err instanceof Response) return err;
    if (err instanceof ServiceError) return apiError(err.status, err.code, err.message);
    throw err;
  }
}

/** DELETE /api/v1/requests/:reference/files/:id — only while the access request is unanswered. */
export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "DELETE") return apiError(405, "method_not_allowed", "Use GET or DELETE");
  try {
    const principal = authenticateApi(request, now());
    const id = fileId(params.id);
    if (id === null) return apiError(404, "not_found", "Not found");
    return deleteFileForApi(principal, params.ref ?? "", id, now());
  } catch (err) {
    if (err instanceof Response) return err;
    if (err instanceof ServiceError) return apiError(err.status, err.code, err.message);
    throw err;
  }
}
