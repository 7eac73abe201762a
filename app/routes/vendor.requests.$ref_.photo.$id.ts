import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireVendorStaff } from "~/server/auth.server";
import { toHttpError } from "~/server/http.server";
import { now } from "~/server/runtime.server";
import { forVendor } from "~/server/vendor-access.server";

/** The reference photo, for the vendor staff of that open request only; each view is audited. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireVendorStaff(request);
  const id = Number(params.id);
  if (!Number.isInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  try {
    const jpeg = forVendor(staff).viewPhoto(params.ref ?? "", id, now());
    return new Response(new Uint8Array(jpeg), {
      headers: {
        "Content-Type": "image/jpeg",
        "Content-Disposition": `inline; filename="${encodeURIComponent(params.ref ?? "photo")}-reference-photo.jpg"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox; default-src 'none'",
        "Referrer-Policy": "no-referrer",
      },
    });
  } catch (err) {
    toHttpError(err);
  }
}
