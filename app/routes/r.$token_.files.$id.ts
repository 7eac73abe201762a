import type { LoaderFunctionArgs } from "@remix-run/node";
import { toHttpError } from "~/server/core/http.server";
import { openResidentResponseFile } from "~/server/resident/resident-answer.server";
import { responseFileHeaders } from "~/server/vendor/response-file-store.server";
import { now } from "~/server/core/runtime.server";

/** A file of the company's answer, for the resident holding this request's link (cookie); audited. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = Number(params.id);
  if (!/^\d{1,12}$/.test(params.id ?? "") || id <= 0) throw new Response("Not found", { status: 404 });
  try {
    const { meta, bytes } = await openResidentResponseFile(request, params.token ?? "", id, { now: now() });
    return new Response(new Uint8Array(bytes), { headers: responseFileHeaders(meta) });
  } catch (err) {
    toHttpError(err);
  }
}
