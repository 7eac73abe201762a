import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireVendorStaff } from "~/server/security/staff-sessions.server";
import { toHttpError } from "~/server/core/http.server";
import { responseFileHeaders } from "~/server/vendor/response-file-store.server";
import { now } from "~/server/core/runtime.server";
import { forVendor } from "~/server/vendor/vendor-access.server";

/** A file attached to the answer, for the staff of that request's vendor only; every download is audited. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireVendorStaff(request);
  const id = Number(params.id);
  if (!/^\d{1,12}$/.test(params.id ?? "") || id <= 0) throw new Response("Not found", { status: 404 });
  try {
    const { meta, bytes } = forVendor(staff).downloadResponseFile(params.ref ?? "", id, now());
    return new Response(new Uint8Array(bytes), { headers: responseFileHeaders(meta) });
  } catch (err) {
    toHttpError(err);
  }
}
