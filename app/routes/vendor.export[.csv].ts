import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireVendorStaff } from "~/server/security/staff-sessions.server";
import { forVendor } from "~/server/vendor/vendor-access.server";
import { queueFilterSchema } from "~/server/core/page-filters.server";

/** The vendor's open queue (with the page's filters) as CSV: references and dates, no identity. */
export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireVendorStaff(request);
  const f = queueFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return new Response(forVendor(staff).exportQueueCsv({ ...f, reference: f.q || undefined }), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="open-requests.csv"',
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
