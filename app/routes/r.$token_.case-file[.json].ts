import type { LoaderFunctionArgs } from "@remix-run/node";
import { toHttpError } from "~/server/core/http.server";
import { detectLocale } from "~/server/core/locale.server";
import { buildCaseFile } from "~/server/resident/case-file.server";
import { now } from "~/server/core/runtime.server";

/** The resident's case file as JSON (for a complaint, counsel, or their own records). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  try {
    const file = await buildCaseFile(request, params.token ?? "", { now: now(), locale: detectLocale(request) });
    return new Response(JSON.stringify(file, null, 2), {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="${file.reference}-case-file.json"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (err) {
    toHttpError(err);
  }
}
