import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRecentReauth, requireVendorStaffSession } from "~/server/security/staff-sessions.server";
import { toHttpError } from "~/server/core/http.server";
import { now } from "~/server/core/runtime.server";
import { forVendor } from "~/server/vendor/vendor-access.server";

/**
 * The reference photo, for the vendor staff of that open request only; each view is audited.
 * Every view is a download of a face (the link opens the image itself), so every view needs a
 * step-up re-authentication (password + code) from the last 5 minutes; without one the staff
 * member goes to /reauth and comes back here.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user: staff, session } = await requireVendorStaffSession(request);
  const id = Number(params.id);
  if (!Number.isInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  requireRecentReauth(request, session, now());
  try {
    const jpeg = forVendor(staff).viewPhoto(params.ref ?? "", id, now());
    return new Response(new Uint8Array(jpeg), {
      headers: {
        "Content-Type": "image/jpeg",
        "Content-Disposition": `inline; filename="${encodeURIComponent(params.ref ?? "photo")}-reference-photo.jpg"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox; default-src 'none'; frame-ancestors 'none'",
        "Referrer-Policy": "no-referrer",
      },
    });
  } catch (err) {
    toHttpError(err);
  }
}
