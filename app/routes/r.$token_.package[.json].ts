import type { LoaderFunctionArgs } from "@remix-run/node";
import { toHttpError } from "~/server/core/http.server";
import { getResidentPackage } from "~/server/resident/resident-answer.server";

/** The vendor's response package (or deletion certificate) as JSON, for the resident only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  try {
    const pkg = await getResidentPackage(request, params.token ?? "");
    if (!pkg) throw new Response("Not found", { status: 404 });
    return new Response(JSON.stringify(pkg, null, 2), {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="${pkg.reference}-${pkg.kind}.json"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (err) {
    if (err instanceof Response) throw err;
    toHttpError(err);
  }
}
